import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../workspace-file.js';
import { latestSchemaVersion, migrations } from './index.js';

describe('migration 6: reviews', () => {
  it('keeps target history and lets a revision name the review it was made in', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    for (const m of migrations.filter((m) => m.version <= 5)) m.up(db);
    db.pragma('user_version = 5');
    db.exec(`
      INSERT INTO targets (id, kpi, scope_key, period, value, updated_at) VALUES (1, 'revenue', '', '2026-03', 100, 'x');
      INSERT INTO target_revisions (target_id, old_value, new_value, reason, changed_at) VALUES (1, NULL, 100, 'plan', 'x');
    `);

    migrate(db, 5);

    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(db.prepare('SELECT reason, review_id FROM target_revisions').all()).toEqual([
      { reason: 'plan', review_id: null },
    ]);
    // A closed review always carries its frozen values.
    expect(() =>
      db.exec(
        "INSERT INTO reviews (period, title, status, created_at, closed_at) VALUES ('2026-Q1', 'Q1', 'closed', 'x', 'y')",
      ),
    ).toThrow(/CHECK/);
    db.exec("INSERT INTO reviews (id, period, title, created_at) VALUES (7, '2026-Q1', 'Q1', 'x')");
    db.exec(
      "INSERT INTO action_items (review_id, scope_key, text, created_at, updated_at) VALUES (7, '', 'Call Budi', 'x', 'x')",
    );
    expect(() => db.exec("UPDATE action_items SET status = 'maybe'")).toThrow(/CHECK/);
  });
});
