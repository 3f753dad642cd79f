import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../workspace-file.js';
import { latestSchemaVersion, migrations } from './index.js';

describe('migration 5: scorecards and appraisals', () => {
  it('adds scorecards to a workspace of version 4 without touching its targets', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    for (const m of migrations.filter((m) => m.version <= 4)) m.up(db);
    db.pragma('user_version = 4');
    db.exec(
      "INSERT INTO targets (kpi, scope_key, period, value, updated_at) VALUES ('revenue', '', '2026-03', 100, 'x')",
    );

    migrate(db, 4);

    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(db.prepare('SELECT kpi, value FROM targets').all()).toEqual([{ kpi: 'revenue', value: 100 }]);
    db.exec("INSERT INTO scorecards (id, name, updated_at) VALUES (1, 'Sales', 'x')");
    expect(db.prepare('SELECT cap, missing_rule FROM scorecards').get()).toEqual({
      cap: 1.2,
      missing_rule: 'redistribute',
    });
    // A weight is a share of the whole; a cap below 100% would punish hitting the target.
    expect(() =>
      db.exec(
        "INSERT INTO scorecard_lines (scorecard_id, position, kpi, weight) VALUES (1, 0, 'revenue', 1.5)",
      ),
    ).toThrow(/CHECK/);
    expect(() => db.exec('UPDATE scorecards SET cap = 0.8')).toThrow(/CHECK/);
    // Deleting a scorecard takes its lines and assignments with it.
    db.exec("INSERT INTO scorecard_lines (scorecard_id, position, kpi, weight) VALUES (1, 0, 'revenue', 1)");
    db.exec("INSERT INTO scorecard_assignments (dim, name, scorecard_id) VALUES ('team', 'Tim Jakarta', 1)");
    db.exec('DELETE FROM scorecards WHERE id = 1');
    expect(db.prepare('SELECT COUNT(*) AS n FROM scorecard_lines').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM scorecard_assignments').get()).toEqual({ n: 0 });
  });
});
