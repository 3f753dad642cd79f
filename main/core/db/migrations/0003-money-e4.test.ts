import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { defaultRatingBands, type WorkspaceSettings } from '../../../../shared/contract/schemas.js';
import { dayFromIso } from '../../../../shared/kpi/periods.js';
import { importFile } from '../../import/pipeline.js';
import { undoImport } from '../../import/undo.js';
import { computeKpis } from '../../kpi/engine.js';
import { rebuildAllRollups } from '../../kpi/rollups.js';
import { migrate } from '../workspace-file.js';
import { latestSchemaVersion, migrations } from './index.js';

const settings: WorkspaceSettings = {
  name: 'PT Uji',
  locale: 'id-ID',
  currency: 'IDR',
  fiscalYearStartMonth: 1,
  weekStart: 'monday',
  amberAt: 0.9,
  ratingBands: defaultRatingBands,
  accentColor: '#1d4ed8',
  logo: null,
  backupKeepDaily: 7,
};
const d = dayFromIso;

/**
 * A workspace as version 2 left it: money in whole cents (`amount_minor`), rollups with cents
 * and float counts, and an import batch that updated a deal (its prior values in cents).
 */
function versionTwoWorkspace(): Database.Database {
  const db = new Database(':memory:');
  for (const m of migrations.filter((m) => m.version <= 2)) m.up(db);
  db.pragma('user_version = 2');
  db.exec(`
    INSERT INTO sources (id, name) VALUES (1, 'Google Ads');
    INSERT INTO import_batches (id, kind, created_at) VALUES (1, 'deals', 'then'), (2, 'deals', 'later'),
      (3, 'spend', 'then'), (4, 'web', 'then');
  `);
  const deal = db.prepare(
    `INSERT INTO deals (external_id, status, amount_minor, closed_day, source_id, import_batch_id)
     VALUES (?, ?, ?, ?, 1, ?)`,
  );
  deal.run('D1', 'won', 123_456_789, d('2026-01-20'), 2); // Rp 1.234.567,89, updated by batch 2
  deal.run('D2', 'won', 1_000, d('2026-02-11'), 1);
  deal.run('D3', 'lost', null, d('2026-02-12'), 1);
  db.prepare("INSERT INTO import_changes VALUES (2, 'deals', 1, ?)").run(
    JSON.stringify({
      external_id: 'D1',
      status: 'won',
      amount_minor: 99_999,
      closed_day: d('2026-01-20'),
      source_id: 1,
      import_batch_id: 1,
    }),
  );
  db.prepare(
    `INSERT INTO spend (external_id, day_from, day_to, source_id, kind, amount_minor, import_batch_id)
     VALUES ('S1', ?, ?, 1, 'marketing', 100000, 3)`,
  ).run(d('2026-01-01'), d('2026-01-03'));
  db.prepare(
    `INSERT INTO web (external_id, day_from, day_to, source_id, sessions, users, bounces, import_batch_id)
     VALUES ('W1', ?, ?, 1, 10, 7, 4.53, 4)`,
  ).run(d('2026-03-01'), d('2026-03-07'));
  // Version 2's rollups: cents and float shares per day.
  db.exec(`
    INSERT INTO r_deals VALUES ('all', ${d('2026-01-20')}, 0, 1, 1, 123456789, 0, 0, 1),
      ('all', ${d('2026-02-11')}, 0, 1, 1, 1000, 0, 0, 1), ('all', ${d('2026-02-12')}, 0, 1, 0, 0, 0, 0, 0);
    INSERT INTO r_spend VALUES ('all', ${d('2026-01-01')}, 0, 1, 1, 0, 33334, 0);
    INSERT INTO r_web VALUES ('all', ${d('2026-03-01')}, 0, 1, 1.4285714285714286, 1, 0.6471428571428571, 0);
  `);
  return db;
}

const kpi = (db: Database.Database, code: string, period: string) =>
  computeKpis(db, settings, { kpis: [code], period })[0]!.value;

describe('migration 0003 money and spread counts in ten-thousandths', () => {
  it('a version-2 workspace with cents keeps the same money values, now in ten-thousandths', () => {
    const db = versionTwoWorkspace();
    migrate(db, 2);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(db.prepare('SELECT external_id, amount_e4 FROM deals ORDER BY id').all()).toEqual([
      { external_id: 'D1', amount_e4: 12_345_678_900 },
      { external_id: 'D2', amount_e4: 100_000 },
      { external_id: 'D3', amount_e4: null },
    ]);
    expect(db.prepare('SELECT amount_e4 FROM spend').pluck().get()).toBe(10_000_000);
    expect(kpi(db, 'revenue', '2026-01')).toBe(1_234_567.89);
    expect(kpi(db, 'revenue', '2026-Q1')).toBe(1_234_577.89);
    expect(kpi(db, 'marketing_spend', '2026-01')).toBe(1000);
    expect(kpi(db, 'marketing_spend', '2026-01-01')).toBe(333.3334);
    expect(kpi(db, 'web_sessions', '2026-03')).toBe(10);
    expect(kpi(db, 'bounce_rate', '2026-03')).toBe(0.453);
    expect(kpi(db, 'web_users', '2026-03-01..2026-03-03')).toBe(3);
  });

  it('leaves rollups equal to a rebuild from the facts by the current code', () => {
    const db = versionTwoWorkspace();
    migrate(db, 2);
    // The fixture's version-2 deal rollups hold the company rows only.
    const tables = ['r_deals', 'r_spend', 'r_web', 'r_social'];
    const read = () =>
      tables.map((t) =>
        db
          .prepare(`SELECT * FROM ${t} WHERE dim = 'all' OR '${t}' <> 'r_deals' ORDER BY dim, day, key_id`)
          .all(),
      );
    const migrated = read();
    rebuildAllRollups(db);
    expect(migrated).toEqual(read());
    expect(migrated[2]).toHaveLength(2 * 7); // web: 'all' and 'source', seven days each
  });

  it('undo after the migration restores the amount a batch replaced, in the new unit', () => {
    const db = versionTwoWorkspace();
    migrate(db, 2);
    undoImport(db, 2);
    expect(db.prepare("SELECT amount_e4 FROM deals WHERE external_id = 'D1'").pluck().get()).toBe(9_999_900);
    expect(kpi(db, 'revenue', '2026-01')).toBe(999.99);
  });

  it('a file without ids imported before the migration is recognised when imported again', async () => {
    const db = versionTwoWorkspace();
    // Version 2 named such a row by a hash of its fields, the amount in whole cents.
    const legacy = JSON.stringify({
      external_id: null,
      day_from: d('2026-04-01'),
      day_to: d('2026-04-01'),
      source: 'Google Ads',
      campaign: null,
      kind: 'marketing',
      amount_minor: 150_025,
    });
    const id = `#${crypto.createHash('sha1').update(legacy).digest('hex').slice(0, 20)}-1`;
    db.prepare(
      `INSERT INTO spend (external_id, day_from, day_to, source_id, kind, amount_minor, import_batch_id)
       VALUES (?, ?, ?, 1, 'marketing', 150025, 3)`,
    ).run(id, d('2026-04-01'), d('2026-04-01'));
    migrate(db, 2);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-0003-'));
    try {
      const file = path.join(dir, 'spend.csv');
      fs.writeFileSync(file, 'date,source,kind,amount\n2026-04-01,Google Ads,marketing,1500.25\n');
      const summary = await importFile(db, settings, file, { kind: 'spend' });
      expect(summary).toMatchObject({ inserted: 0, unchanged: 1 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
