import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { workspaceWith } from '../../../test/helpers/workspace.js';
import { dayFromIso } from '../../../shared/kpi/periods.js';
import type { Workspace } from '../workspace.js';
import { kpiDetail } from './detail.js';
import { computeKpis } from './engine.js';
import { setKpiSettings } from './kpi-settings.js';
import { setTarget } from './targets.js';

const tempDir = useTempDir();
let ws: Workspace | undefined;
afterEach(() => ws?.close());

const deals = `external_id,owner,status,amount,created_at,closed_at
A,Budi,won,100,2025-12-01,2025-12-29
B,Budi,won,200,2025-12-01,2026-01-02
C,Budi,lost,50,2025-12-01,2026-01-04
D,Budi,won,300,2026-03-01,2026-04-10
E,Budi,won,400,2026-03-01,2026-03-31
F,Budi,won,1000,2025-03-01,2025-04-15
`;

function values(rows: ReturnType<typeof computeKpis>) {
  return rows.map((r) => [r.period, r.value]);
}

describe('periods at every grain', () => {
  it('ISO weeks across a year end, clipped to the period asked for', async () => {
    ws = await workspaceWith(tempDir(), { deals });
    // 2025-12-29 (Mon) .. 2026-01-04 (Sun) is ISO week 2026-W01.
    expect(values(computeKpis(ws.db, ws.settings, { kpis: ['revenue'], period: '2026-W01' }))).toEqual([
      ['2026-W01', 300],
    ]);
    const weeks = computeKpis(ws.db, ws.settings, {
      kpis: ['revenue'],
      period: '2025-12-22..2026-01-11',
      grain: 'week',
    });
    expect(values(weeks)).toEqual([
      ['2025-W52', null],
      ['2026-W01', 300],
      ['2026-W02', null],
    ]);
    // The same week split by year: each side of New Year keeps its own deals.
    const years = computeKpis(ws.db, ws.settings, {
      kpis: ['revenue', 'win_rate'],
      period: '2026-W01',
      grain: 'year',
    });
    expect(years.filter((r) => r.kpi === 'revenue').map((r) => [r.period, r.value])).toEqual([
      ['2025', 100],
      ['2026', 200],
    ]);
    expect(years.find((r) => r.kpi === 'win_rate' && r.period === '2026')!.value).toBe(0.5);
  });

  it('weeks follow the workspace week start: a Sunday week holds Sunday 1 to Saturday 7 February 2026', async () => {
    const sundayToSaturday = `external_id,owner,status,amount,created_at,closed_at
S,Budi,won,100,2026-01-20,2026-02-01
T,Budi,won,20,2026-01-20,2026-02-07
`;
    const split = (w: Workspace) =>
      values(
        computeKpis(w.db, w.settings, { kpis: ['revenue'], period: '2026-01-26..2026-02-08', grain: 'week' }),
      );
    ws = await workspaceWith(tempDir(), { deals: sundayToSaturday });
    // Monday weeks (ISO): Sunday the 1st ends W05, Saturday the 7th is in W06.
    expect(split(ws)).toEqual([
      ['2026-W05', 100],
      ['2026-W06', 20],
    ]);
    ws.close();
    ws = await workspaceWith(tempDir(), { deals: sundayToSaturday }, { weekStart: 'sunday' });
    // Sunday weeks: 2026-W06 is 2026-02-01..2026-02-07, so both deals fall in it.
    expect(split(ws)).toEqual([
      ['2026-W05', null],
      ['2026-W06', 120],
      ['2026-W07', null],
    ]);
    expect(values(computeKpis(ws.db, ws.settings, { kpis: ['revenue'], period: '2026-W06' }))).toEqual([
      ['2026-W06', 120],
    ]);
  });

  it('fiscal years follow the workspace fiscal start month', async () => {
    ws = await workspaceWith(tempDir(), { deals }, { fiscalYearStartMonth: 4 });
    // FY2025 = 2025-04-01 .. 2026-03-31: F, A, B and E; D closes in April 2026 (FY2026).
    expect(values(computeKpis(ws.db, ws.settings, { kpis: ['revenue'], period: 'FY2025' }))).toEqual([
      ['FY2025', 1700],
    ]);
    const quarters = computeKpis(ws.db, ws.settings, {
      kpis: ['revenue'],
      period: 'FY2025',
      grain: 'quarter',
    });
    expect(values(quarters)).toEqual([
      ['FY2025-Q1', 1000],
      ['FY2025-Q2', null],
      ['FY2025-Q3', 100],
      ['FY2025-Q4', 600],
    ]);
    expect(values(computeKpis(ws.db, ws.settings, { kpis: ['revenue'], period: 'FY2026-Q1' }))).toEqual([
      ['FY2026-Q1', 300],
    ]);
  });

  it('days and custom ranges', async () => {
    ws = await workspaceWith(tempDir(), { deals });
    expect(values(computeKpis(ws.db, ws.settings, { kpis: ['deals_won'], period: '2026-03-31' }))).toEqual([
      ['2026-03-31', 1],
    ]);
    expect(
      values(computeKpis(ws.db, ws.settings, { kpis: ['revenue'], period: '2026-01-01..2026-04-10' })),
    ).toEqual([['2026-01-01..2026-04-10', 900]]);
  });

  it('refuses a period it cannot read, listing the accepted forms', async () => {
    ws = await workspaceWith(tempDir(), { deals });
    expect(() => computeKpis(ws!.db, ws!.settings, { period: '2026-13' })).toThrow(
      /expected 2026-03-15, 2026-W09/,
    );
  });
});

describe('comparisons and pace', () => {
  it('previous period, same period last year, and pace of a running month', async () => {
    ws = await workspaceWith(tempDir(), { deals });
    setTarget(ws.db, ws.settings, { kpi: 'revenue', period: '2026-04', value: 600 });
    const d = kpiDetail(ws.db, ws.settings, {
      kpi: 'revenue',
      period: '2026-04',
      today: dayFromIso('2026-04-10'),
    });
    expect(d.value).toBe(300);
    expect(d.previous).toEqual({ period: '2026-03', value: 400 });
    expect(d.lastYear).toEqual({ period: '2025-04', value: 1000 });
    // 10 of 30 days elapsed: expected 200 so far, projection 900, (600 − 300) / 20 per day.
    expect(d.pace!.elapsed).toBeCloseTo(1 / 3, 12);
    expect(d.pace!.expectedToDate).toBeCloseTo(200, 9);
    expect(d.pace!.projection).toBeCloseTo(900, 9);
    expect(d.pace!.neededPerRemainingDay).toBeCloseTo(15, 9);
    const past = kpiDetail(ws.db, ws.settings, {
      kpi: 'revenue',
      period: '2026-03',
      today: dayFromIso('2026-04-10'),
    });
    expect(past.pace).toBeNull();
  });

  it('the sales cycle shows its median beside the mean', async () => {
    ws = await workspaceWith(tempDir(), { deals });
    const d = kpiDetail(ws.db, ws.settings, {
      kpi: 'sales_cycle_days',
      period: '2026',
      today: dayFromIso('2026-12-31'),
    });
    // Won in 2026: B 32 days, E 30, D 40.
    expect(d.value).toBe(34);
    expect(d.median).toBe(32);
  });
});

describe('manual values roll up by their rule', () => {
  async function withManual() {
    ws = await workspaceWith(tempDir(), {
      kpi_values: `kpi,period,scope,value,note
leads,2026-01,,10,
leads,2026-02,,20,
leads,2026-03,,,
web_users,2026-01,,100,
web_users,2026-02,,300,
revenue,2026-03,owner=Budi,999,corrected by hand
`.replace('leads,2026-03,,,\n', ''),
      deals,
    });
    return ws;
  }

  it('sum by default for sum KPIs; average or last when set', async () => {
    const w = await withManual();
    const q = (kpi: string) => computeKpis(w.db, w.settings, { kpis: [kpi], period: '2026-Q1' })[0]!;
    expect(q('leads')).toMatchObject({ value: 30, origin: 'manual' });
    setKpiSettings(w.db, 'web_users', { manualRollup: 'average' });
    expect(q('web_users').value).toBe(200);
    setKpiSettings(w.db, 'web_users', { manualRollup: 'last' });
    expect(q('web_users').value).toBe(300);
  });

  it('computed values win unless the KPI says manual wins', async () => {
    const w = await withManual();
    const budi = () =>
      computeKpis(w.db, w.settings, {
        kpis: ['revenue'],
        period: '2026-03',
        scope: { dim: 'owner', name: 'Budi' },
      })[0]!;
    expect(budi()).toMatchObject({ value: 400, origin: 'computed' });
    setKpiSettings(w.db, 'revenue', { manualWins: true });
    expect(budi()).toMatchObject({ value: 999, origin: 'manual' });
  });
});

describe('teams follow their people, whatever the import order', () => {
  it('leads imported before the deals that name their owner’s team count for that team; undo takes it back', async () => {
    const { importFile } = await import('../import/pipeline.js');
    const { undoImport } = await import('../import/undo.js');
    const fs = await import('node:fs');
    const dir = tempDir();
    ws = await workspaceWith(dir, {
      leads: 'external_id,created_at,owner\nL1,2026-01-05,Budi\nL2,2026-01-06,Sari\n',
    });
    const jakarta = () =>
      computeKpis(ws!.db, ws!.settings, {
        kpis: ['leads', 'revenue'],
        period: '2026-01',
        scope: { dim: 'team', name: 'Jakarta' },
      }).map((r) => r.value);
    expect(jakarta()).toEqual([null, null]);
    fs.writeFileSync(
      `${dir}/d.csv`,
      'external_id,owner,team,status,amount,closed_at\nA,Budi,Jakarta,won,100,2026-01-10\nB,Budi,,won,50,2026-01-11\n',
    );
    const batch = await importFile(ws.db, ws.settings, `${dir}/d.csv`, { kind: 'deals' });
    // Deal B names no team: it is Budi's, so Jakarta's.
    expect(jakarta()).toEqual([1, 150]);
    undoImport(ws.db, batch.batchId!);
    expect(jakarta()).toEqual([null, null]);
  });
});
