import path from 'node:path';
import fs from 'node:fs';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { workspaceWith } from '../../../test/helpers/workspace.js';
import { dayFromIso, isoFromDay } from '../../../shared/kpi/periods.js';
import { importCanonicalRows } from '../import/import-file.js';
import { Workspace } from '../workspace.js';
import { demoKinds } from '../demo/generate.js';
import { kpiHandlers } from '../handlers/kpi.js';
import type { Session } from '../session.js';
import { dimsByTable, drilldown, drilldownSql } from './drilldown.js';
import { computeKpis, SQL, scopeDims } from './engine.js';
import { FUNNEL_SQL, LEAD_QUALITY_SQL, leadFunnel, leadQualityBySource } from './funnel.js';
import { factKinds, rebuildAllRollups, rebuildRollups } from './rollups.js';

const tempDir = useTempDir();

const deals = `external_id,owner,team,account,source,campaign,status,amount,created_at,closed_at
D1,Budi Santoso,Jakarta,PT A,Google Ads,Promo,won,1000,2026-01-05,2026-01-20
D2,Budi Santoso,Jakarta,PT B,Referral,,lost,500,2026-01-10,2026-01-25
D3,,,,,,won,700,2026-01-11,2026-01-26
`;
const leads = `external_id,created_at,owner,source,campaign,mql_at,sql_at,converted_at,deal_external_id,quality
L1,2026-01-02,Budi Santoso,Google Ads,Promo,2026-01-03,2026-01-04,,D1,bagus
L2,2026-01-05,Budi Santoso,Google Ads,,2026-01-06,,,,buruk
L3,2026-01-06,Budi Santoso,Referral,,,,,,
`;

describe('drill-down and funnel', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspaceWith(tempDir(), { deals, leads });
  });
  afterEach(() => ws.close());

  it('lists the records behind a value, paged, with names and ISO dates', () => {
    const page = drilldown(ws.db, ws.settings, { kpi: 'revenue', period: '2026-01', pageSize: 1 });
    expect(page.total).toBe(2);
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({
      external_id: 'D1',
      owner: 'Budi Santoso',
      amount: 1000,
      closed_day: '2026-01-20',
    });
    const second = drilldown(ws.db, ws.settings, { kpi: 'revenue', period: '2026-01', pageSize: 1, page: 2 });
    expect(second.rows[0]).toMatchObject({ external_id: 'D3', owner: null });
    // The records add up to the value shown.
    const all = drilldown(ws.db, ws.settings, { kpi: 'revenue', period: '2026-01' }).rows;
    const value = computeKpis(ws.db, ws.settings, { kpis: ['revenue'], period: '2026-01' })[0]!.value;
    expect(all.reduce((s, r) => s + (r.amount as number), 0)).toBe(value);
  });

  it('lists spend rows over a range with their first and last day as dates', async () => {
    const dir = tempDir();
    const withSpend = await workspaceWith(dir, {
      spend: 'date_from,date_to,source,kind,amount\n2026-01-01,2026-01-31,Google Ads,marketing,3100\n',
    });
    try {
      const page = drilldown(withSpend.db, withSpend.settings, { kpi: 'marketing_spend', period: '2026-01' });
      expect(page.rows[0]).toMatchObject({ day_from: '2026-01-01', day_to: '2026-01-31', amount: 3100 });
    } finally {
      withSpend.close();
    }
  });

  it('sorts the records by a column either way, empty cells last, and refuses a column it does not have', () => {
    const byAmount = (descending: boolean) =>
      drilldown(ws.db, ws.settings, {
        kpi: 'win_rate',
        period: '2026-01',
        sort: { column: 'amount', descending },
      }).rows.map((r) => r.external_id);
    expect(byAmount(true)).toEqual(['D1', 'D3', 'D2']);
    expect(byAmount(false)).toEqual(['D2', 'D3', 'D1']);
    const byOwner = drilldown(ws.db, ws.settings, {
      kpi: 'win_rate',
      period: '2026-01',
      sort: { column: 'owner' },
    });
    expect(byOwner.rows.map((r) => r.external_id)).toEqual(['D1', 'D2', 'D3']);
    expect(() =>
      drilldown(ws.db, ws.settings, {
        kpi: 'win_rate',
        period: '2026-01',
        sort: { column: 'amount; DROP TABLE deals' },
      }),
    ).toThrow(/cannot be sorted by .*columns: external_id/);
  });

  it('explains a computed value by the same parts it comes from', () => {
    const [winRate, revenue] = computeKpis(ws.db, ws.settings, {
      kpis: ['win_rate', 'revenue'],
      period: '2026-01',
      explain: true,
    });
    expect(winRate!.parts).toEqual({
      shape: 'ratio',
      parts: [
        { measure: 'won_deals', value: 2, unit: 'count' },
        { measure: 'closed_deals', value: 3, unit: 'count' },
      ],
    });
    expect(winRate!.value).toBe(2 / 3);
    expect(revenue!.parts?.parts[0]).toEqual({ measure: 'won_amount', value: 1700, unit: 'money' });
    // Without explain the rows carry no parts.
    expect(computeKpis(ws.db, ws.settings, { kpis: ['win_rate'], period: '2026-01' })[0]).not.toHaveProperty(
      'parts',
    );
  });

  it('exports every record behind a value, in the order shown, read from the home-relative path asked', async () => {
    const dir = tempDir();
    const session = { require: () => ws } as unknown as Session;
    const { file } = await kpiHandlers['export/drilldown'](
      {
        kpi: 'win_rate',
        period: '2026-01',
        sort: { column: 'amount', descending: true },
        format: 'csv',
        path: 'drill.csv',
      },
      { session, baseDir: dir },
    );
    expect(file).toBe(path.join(dir, 'drill.csv'));
    const lines = fs
      .readFileSync(file, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toMatch(/^external_id,title,owner,team/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['D1', 'D3', 'D2']);
  });

  it('drills into one scope, including records without an owner', () => {
    expect(
      drilldown(ws.db, ws.settings, {
        kpi: 'win_rate',
        period: '2026-01',
        scope: { dim: 'owner', name: 'Budi Santoso' },
      }).total,
    ).toBe(2);
    expect(
      drilldown(ws.db, ws.settings, {
        kpi: 'win_rate',
        period: '2026-01',
        scope: { dim: 'owner', name: null },
      }).total,
    ).toBe(1);
  });

  it('the funnel counts the cohort of leads at every stage with stage rates', () => {
    const rows = leadFunnel(ws.db, ws.settings, '2026-01', 'source');
    expect(rows[0]).toEqual({
      name: 'Google Ads',
      leads: 2,
      mql: 2,
      sql: 1,
      won: 1,
      leadToMql: 1,
      mqlToSql: 0.5,
      sqlToWon: 1,
      leadToWon: 0.5,
    });
    expect(rows[1]).toMatchObject({ name: 'Referral', leads: 1, mql: 0, mqlToSql: null });
  });

  it('summarises sales feedback on lead quality per source', () => {
    expect(leadQualityBySource(ws.db, ws.settings, '2026-01')).toEqual([
      {
        source: 'Google Ads',
        total: 2,
        ratings: { bagus: { count: 1, share: 0.5 }, buruk: { count: 1, share: 0.5 } },
      },
    ]);
  });

  it('re-importing the same file changes nothing', async () => {
    const { importFile } = await import('../import/pipeline.js');
    const fs = await import('node:fs');
    const file = `${tempDir()}/deals.csv`;
    fs.writeFileSync(file, deals);
    const before = computeKpis(ws.db, ws.settings, { period: '2026-01' });
    const again = await importFile(ws.db, ws.settings, file, { kind: 'deals' });
    expect(again).toMatchObject({ read: 3, inserted: 0, updated: 0, unchanged: 3 });
    expect(computeKpis(ws.db, ws.settings, { period: '2026-01' })).toEqual(before);
  });
});

describe('query plans', () => {
  // Fact and rollup tables, by name or by the aliases the queries give them (t, l, x).
  const bigTables = /^SCAN (t|l|x|deals|leads|spend|web|social|r_deals|r_leads|r_spend|r_web|r_social)\b/;
  let ws: Workspace;
  beforeEach(async () => {
    ws = await workspaceWith(tempDir(), { deals, leads });
    ws.db.exec(
      'CREATE TEMP TABLE IF NOT EXISTS cal (day INTEGER PRIMARY KEY); CREATE TEMP TABLE IF NOT EXISTS fine (x)',
    );
  });
  afterEach(() => ws.close());

  function plan(sql: string): string[] {
    return (
      ws.db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all({ from: 0, to: 1, dim: 'all', key: 1, keys: '[]', limit: 1, offset: 0 }) as {
        detail: string;
      }[]
    ).map((r) => r.detail);
  }
  function expectIndexed(name: string, sql: string) {
    const lines = plan(sql);
    const scans = lines.filter((l) => bigTables.test(l));
    expect(scans, `${name} scans a whole table:\n${lines.join('\n')}`).toEqual([]);
  }

  it('the check itself flags a query that reads a whole fact table', () => {
    expect(() => expectIndexed('unindexed', 'SELECT * FROM deals t WHERE t.title = 1')).toThrow(
      /scans a whole table/,
    );
    expect(() => expectIndexed('unindexed', 'SELECT sum(amount_e4) FROM deals')).toThrow(
      /scans a whole table/,
    );
  });

  it('every dashboard query reads rollups through their primary key', () => {
    for (const kind of factKinds) {
      expect(plan(SQL.rollup(kind)).join('\n')).toMatch(
        new RegExp(`SEARCH r_${kind} USING PRIMARY KEY \\(dim=\\? AND day>\\? AND day<\\?\\)`),
      );
      expectIndexed(`rollupOneKey ${kind}`, SQL.rollupOneKey(kind));
    }
    expect(plan(SQL.attributed).join('\n')).toMatch(
      /SEARCH r_deals USING PRIMARY KEY \(dim=\? AND day>\? AND day<\?\)/,
    );
    for (const kind of ['spend', 'web', 'social'] as const) {
      expectIndexed(`straddles ${kind}`, SQL.straddles(kind));
    }
  });

  it('drill-down, funnel and lead-quality queries use the date indexes', () => {
    for (const kpi of [
      'revenue',
      'win_rate',
      'leads',
      'mql',
      'marketing_spend',
      'web_sessions',
      'social_reach',
    ]) {
      const table = drilldown(ws.db, ws.settings, { kpi, period: '2026-01' }).kind;
      for (const dim of [undefined, ...scopeDims]) {
        if (dim && !dimsByTable[table]!.includes(dim)) {
          expect(() => drilldownSql(kpi, dim)).toThrow(/have no/);
          continue;
        }
        const sql = drilldownSql(kpi, dim);
        expectIndexed(`drilldown ${kpi} ${dim}`, sql.count);
        expectIndexed(`drilldown page ${kpi} ${dim}`, sql.page);
      }
    }
    expectIndexed('funnel source', FUNNEL_SQL('source'));
    expectIndexed('funnel campaign', FUNNEL_SQL('campaign'));
    expectIndexed('lead quality', LEAD_QUALITY_SQL);
  });
});

describe('rollups maintained by writes', () => {
  it('incremental refreshes after several batches equal a full rebuild (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 20, max: 120 }),
        async (seed, size) => {
          const ws = Workspace.create(`${tempDir()}/p.kinerja`, {});
          try {
            const o = { seed, from: dayFromIso('2025-01-01'), to: dayFromIso('2025-06-30'), deals: size };
            // Write each kind in two overlapping batches, the second re-sending and changing rows.
            for (const [kind, gen] of Object.entries(demoKinds)) {
              const rows = [...gen(o)];
              const half = Math.floor(rows.length / 2);
              importCanonicalRows(
                ws.db,
                kind as keyof typeof demoKinds,
                `${kind} a`,
                rows.slice(0, half + 5),
              );
              const changed = rows
                .slice(half)
                .map((r, i) =>
                  i % 3 === 0 && r.amount ? { ...r, amount: String(Number(r.amount) + 1) } : r,
                );
              importCanonicalRows(ws.db, kind as keyof typeof demoKinds, `${kind} b`, changed);
            }
            const snapshot = () =>
              Object.fromEntries(
                factKinds.map((k) => [
                  k,
                  ws.db.prepare(`SELECT * FROM r_${k} ORDER BY dim, day, key_id`).all(),
                ]),
              );
            const incremental = snapshot();
            rebuildAllRollups(ws.db);
            expect(snapshot()).toEqual(incremental);
          } finally {
            ws.close();
          }
        },
      ),
      { numRuns: 6 },
    );
  });

  it('rebuilding one day range leaves other days alone', async () => {
    const ws = await workspaceWith(tempDir(), { deals });
    const before = ws.db.prepare('SELECT * FROM r_deals ORDER BY dim, day, key_id').all();
    rebuildRollups(ws.db, 'deals', { from: dayFromIso('2026-01-20'), to: dayFromIso('2026-01-20') });
    expect(ws.db.prepare('SELECT * FROM r_deals ORDER BY dim, day, key_id').all()).toEqual(before);
    expect(isoFromDay(dayFromIso('2026-01-20'))).toBe('2026-01-20');
    ws.close();
  });
});
