import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../workspace-file.js';
import { m0001_initial } from './0001-initial.js';
import { migrations } from './index.js';

describe('migration 0001 initial', () => {
  it('creates settings and kpi_values on an empty database and sets user_version 1', () => {
    const db = new Database(':memory:');
    migrate(db, 0);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(1);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['settings', 'kpi_values']));
    // One manual value per KPI, period and scope: a second insert for the same key is refused.
    const insert = db.prepare(
      "INSERT INTO kpi_values (kpi, period, value, updated_at) VALUES ('revenue', '2026-03', ?, 'now')",
    );
    insert.run(1);
    expect(() => insert.run(2)).toThrow(/UNIQUE/);
  });

  it('rolls back completely when the step fails, leaving user_version at 0', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE kpi_values (x INTEGER)'); // a clash makes the migration fail half-way
    expect(() => migrate(db, 0)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    expect(tables).not.toContain('settings');
  });
});

describe('migration list', () => {
  it('is numbered 1, 2, 3… without gaps, starting with 0001', () => {
    expect(migrations[0]).toBe(m0001_initial);
    migrations.forEach((m, i) => expect(m.version).toBe(i + 1));
  });
});
