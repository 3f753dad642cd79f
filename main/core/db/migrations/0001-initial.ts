import type { Migration } from './index.js';

/** Settings and manual KPI values: the foundation the vertical slice needs. */
export const m0001_initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      -- One manually entered value per KPI, period and scope. The scope key is '' for the
      -- whole company and 'owner=Budi Santoso' style text for narrower scopes.
      CREATE TABLE kpi_values (
        kpi        TEXT NOT NULL,
        period     TEXT NOT NULL,
        scope_key  TEXT NOT NULL DEFAULT '',
        value      REAL NOT NULL,
        note       TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (kpi, period, scope_key)
      ) STRICT;
    `);
  },
};
