import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { workspaceWith } from '../../../test/helpers/workspace.js';
import type { Workspace } from '../workspace.js';
import { computeKpis } from '../kpi/engine.js';
import { importFile } from './pipeline.js';
import { importHistory, undoImport } from './undo.js';

const tempDir = useTempDir();
let ws: Workspace | undefined;
afterEach(() => ws?.close());

/** Every table's full contents: the workspace state a user could observe. */
function dump(w: Workspace) {
  const tables = [
    'deals',
    'leads',
    'spend',
    'web',
    'social',
    'kpi_values',
    'people',
    'teams',
    'sources',
    'campaigns',
    'platforms',
  ];
  const rollups = ['r_deals', 'r_leads', 'r_spend', 'r_web', 'r_social'];
  return Object.fromEntries(
    [...tables, ...rollups].map((t) => [
      t,
      w.db
        .prepare(`SELECT * FROM ${t}`)
        .all()
        .map((r) => JSON.stringify(r))
        .sort(),
    ]),
  );
}

const first = `external_id,owner,team,source,status,amount,created_at,closed_at
D1,Budi,Jakarta,Google Ads,won,100,2026-01-02,2026-01-10
D2,Sari,,Referral,lost,50,2026-01-03,2026-01-12
`;
const second = `external_id,owner,team,source,status,amount,created_at,closed_at
D2,Sari,Surabaya,Referral,won,75,2026-01-03,2026-02-01
D3,Agus,Surabaya,Pameran,won,300,2026-02-01,2026-02-20
`;

async function importText(w: Workspace, text: string, kind: 'deals' | 'kpi_values' = 'deals') {
  const file = `${tempDir()}/${kind}.csv`;
  fs.writeFileSync(file, text);
  return importFile(w.db, w.settings, file, { kind });
}

describe('undo-import', () => {
  it('restores exactly the state before the batch: rows, names, team links and KPI values', async () => {
    ws = await workspaceWith(tempDir(), { deals: first });
    const before = dump(ws);
    const revenueBefore = computeKpis(ws.db, ws.settings, {
      kpis: ['revenue', 'win_rate'],
      period: '2026-Q1',
    });
    const batch = await importText(ws, second);
    expect(batch).toMatchObject({ inserted: 1, updated: 1 });
    expect(computeKpis(ws.db, ws.settings, { kpis: ['revenue'], period: '2026-Q1' })[0]!.value).toBe(475);
    expect(undoImport(ws.db, batch.batchId!)).toEqual({ batchId: batch.batchId, removed: 1, restored: 1 });
    expect(dump(ws)).toEqual(before);
    expect(computeKpis(ws.db, ws.settings, { kpis: ['revenue', 'win_rate'], period: '2026-Q1' })).toEqual(
      revenueBefore,
    );
    expect(importHistory(ws.db)[0]!.undoneAt).not.toBeNull();
  });

  it('undoing the first batch leaves an empty workspace', async () => {
    ws = await workspaceWith(tempDir(), {});
    const empty = dump(ws);
    const batch = await importText(ws, first);
    undoImport(ws.db, batch.batchId!);
    expect(dump(ws)).toEqual(empty);
  });

  it('refuses to undo a batch whose rows a later batch changed, naming the batch to undo first', async () => {
    ws = await workspaceWith(tempDir(), {});
    const a = await importText(ws, first);
    const b = await importText(ws, second);
    expect(() => undoImport(ws!.db, a.batchId!)).toThrow(new RegExp(`undo batch ${b.batchId} first`));
    undoImport(ws.db, b.batchId!);
    undoImport(ws.db, a.batchId!);
    expect(ws.db.prepare('SELECT count(*) FROM deals').pluck().get()).toBe(0);
  });

  it('refuses an unknown batch and a second undo', async () => {
    ws = await workspaceWith(tempDir(), {});
    expect(() => undoImport(ws!.db, 99)).toThrow(/no import batch 99/);
    const a = await importText(ws, first);
    undoImport(ws.db, a.batchId!);
    expect(() => undoImport(ws!.db, a.batchId!)).toThrow(/already undone/);
  });

  it('undoes manual KPI values too', async () => {
    ws = await workspaceWith(tempDir(), {});
    await importText(ws, 'kpi,period,value\nleads,2026-01,10\n', 'kpi_values');
    const b = await importText(ws, 'kpi,period,value\nleads,2026-01,12\nleads,2026-02,7\n', 'kpi_values');
    undoImport(ws.db, b.batchId!);
    expect(ws.db.prepare('SELECT period, value FROM kpi_values').all()).toEqual([
      { period: '2026-01', value: 10 },
    ]);
  });

  it('a first import builds the indexes undo and the dashboards rely on; a refused one keeps them', async () => {
    ws = await workspaceWith(tempDir(), {});
    const indexes = () =>
      ws!.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all();
    const before = indexes();
    await expect(importText(ws, `${first}D9,Budi,,,won,not money,2026-01-02,2026-01-10\n`)).rejects.toThrow(
      /nothing was imported/,
    );
    expect(indexes()).toEqual(before);
    const batch = await importText(ws, first);
    expect(indexes()).toEqual(before);
    const plan = ws.db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM deals WHERE import_batch_id = ?')
      .all(batch.batchId) as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toMatch(/USING (COVERING )?INDEX deals_batch/);
  });
});
