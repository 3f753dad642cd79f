import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../workspace-file.js';
import { latestSchemaVersion, migrations } from './index.js';

describe('migration 4: tracked KPIs', () => {
  it('keeps each KPI setting and leaves every KPI tracked as before', () => {
    const db = new Database(':memory:');
    for (const m of migrations.filter((m) => m.version <= 3)) m.up(db);
    db.pragma('user_version = 3');
    db.exec("INSERT INTO kpi_settings (kpi, manual_wins, manual_rollup) VALUES ('revenue', 1, 'last')");

    migrate(db, 3);

    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(db.prepare('SELECT kpi, manual_wins, manual_rollup, tracked FROM kpi_settings').all()).toEqual([
      { kpi: 'revenue', manual_wins: 1, manual_rollup: 'last', tracked: null },
    ]);
    // Only 0 and 1 are a choice.
    expect(() => db.prepare("UPDATE kpi_settings SET tracked = 2 WHERE kpi = 'revenue'").run()).toThrow(
      /CHECK/,
    );
  });
});
