import type { Migration } from './index.js';

/**
 * Which KPIs a workspace tracks: the dashboard shows those. NULL means "as shipped" (tracked),
 * so every existing workspace keeps showing what it showed; 0 hides a KPI, 1 shows it.
 */
export const m0004_kpi_tracked: Migration = {
  version: 4,
  name: 'tracked KPIs',
  up(db) {
    db.exec('ALTER TABLE kpi_settings ADD COLUMN tracked INTEGER CHECK (tracked IN (0, 1))');
  },
};
