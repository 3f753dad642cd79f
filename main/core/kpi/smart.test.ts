import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SmartCheck } from '../../../shared/contract/schemas.js';
import { builtInKpis } from '../../../shared/kpi/catalog.js';
import { dayFromIso } from '../../../shared/kpi/periods.js';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { createDispatch } from '../dispatch.js';
import { valueHandlers } from '../handlers/values.js';
import { importFile } from '../import/pipeline.js';
import { saveScorecard } from '../scoring/scorecards.js';
import { Session } from '../session.js';
import type { Workspace } from '../workspace.js';
import { defineCustomKpi } from './custom.js';
import { setKpiSettings } from './kpi-settings.js';
import { smartChecks } from './smart.js';
import { setTarget } from './targets.js';

const tempDir = useTempDir();
let session: Session | undefined;
afterEach(() => session?.close());

const TODAY = dayFromIso('2026-03-15');

/**
 * One won deal by Ani (Tim A) on the 15th of every month from March 2024 to February 2026.
 * The first year: 100 each, 20 days from created to won. The second year: 110 and 18 days,
 * except July 2025 (121: +21% over July 2024, the best growth) and September 2025 (15 days:
 * −25% against September 2024, the best reduction).
 */
function dealsCsv(): string {
  const lines = ['external_id,owner,team,status,amount,created_at,closed_at'];
  for (let i = 0; i < 24; i++) {
    const year = 2024 + Math.floor((2 + i) / 12);
    const month = ((2 + i) % 12) + 1;
    const label = `${year}-${String(month).padStart(2, '0')}`;
    const secondYear = i >= 12;
    const amount = label === '2025-07' ? 121 : secondYear ? 110 : 100;
    const days = label === '2025-09' ? 15 : secondYear ? 18 : 20;
    const closed = new Date(Date.UTC(year, month - 1, 15));
    const created = new Date(closed.getTime() - days * 86_400_000);
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    lines.push(`D${i},Ani,Tim A,won,${amount},${iso(created)},${iso(closed)}`);
  }
  return lines.join('\n');
}

async function workspace(): Promise<Workspace> {
  const dir = tempDir();
  session = new Session();
  const ws = session.create(path.join(dir, 'w.kinerja'), { name: 'PT Uji' });
  fs.writeFileSync(path.join(dir, 'deals.csv'), dealsCsv());
  await importFile(ws.db, ws.settings, path.join(dir, 'deals.csv'), { kind: 'deals' });
  const target = (kpi: string, period: string, value: number, scope?: { dim: 'owner'; name: string }) =>
    setTarget(ws.db, ws.settings, { kpi, period, value, scope });
  // Needs 110 × 1.38: +38% over March 2025, where the best month grew 21%.
  target('revenue', '2026-03', 151.8);
  target('revenue', '2026-03', 200, { dim: 'owner', name: 'Ani' });
  // Needs +10% over March 2025's 110: within the best month's +21%.
  target('avg_deal_size', '2026-03', 121);
  // 12.6 days is 30% below March 2025's 18; the best month was 25% below its year-earlier month.
  target('sales_cycle_days', '2026-03', 12.6);
  // Only a month long past: the latest, judged against a year with nothing a year before it.
  target('deals_won', '2025-03', 1);
  target('leads', '2026-03', 50);
  target('win_rate', '2026', 0.5);
  setTarget(ws.db, ws.settings, { kpi: 'bounce_rate', period: '2026-03', bandLow: 0.3, bandHigh: 0.5 });
  saveScorecard(ws.db, {
    name: 'Sales',
    lines: [
      { kpi: 'revenue', weight: 0.5, perspective: 'financial' },
      { kpi: 'avg_deal_size', weight: 0.3, perspective: 'customer' },
      { kpi: 'sales_cycle_days', weight: 0.2, perspective: null },
    ],
    assignedTo: [{ dim: 'team', name: 'Tim A' }],
  });
  saveScorecard(ws.db, {
    name: 'Draft marketing',
    lines: [{ kpi: 'mql', weight: 1, perspective: 'customer' }],
  });
  // Typed for one person only: measured, though the company's figure never shows it.
  valueHandlers['values/set'](
    { kpi: 'mql', period: '2026-01', value: 12, scope: { owner: 'Ani' } },
    { session: session! },
  );
  return ws;
}

const checkOf = (checks: SmartCheck[], kpi: string) => {
  const found = checks.find((c) => c.kpi === kpi);
  if (!found) throw new Error(`no SMART check for ${kpi}`);
  return found;
};

describe('SMART check of the tracked KPIs', () => {
  it('covers every tracked KPI in catalog order, and no untracked one', async () => {
    const ws = await workspace();
    setKpiSettings(ws.db, 'web_users', { tracked: false });
    defineCustomKpi(ws.db, {
      code: 'revenue_per_deal',
      name: { id: 'Pendapatan per deal', en: 'Revenue per deal' },
      formula: 'revenue / deals_won',
      unit: 'money',
      direction: 'higher',
    });
    const checks = smartChecks(ws.db, ws.settings, TODAY);
    expect(checks.map((c) => c.kpi)).toEqual([
      ...builtInKpis.map((k) => k.code).filter((c) => c !== 'web_users'),
      'revenue_per_deal',
    ]);
    // A custom KPI is measured through its formula.
    expect(checkOf(checks, 'revenue_per_deal').measurable.met).toBe(true);
  });

  it('specific: a target for a person or team, or a scorecard assigned to someone', async () => {
    const ws = await workspace();
    const checks = smartChecks(ws.db, ws.settings, TODAY);
    expect(checkOf(checks, 'revenue').specific).toEqual({
      met: true,
      targetScopes: [{ dim: 'owner', name: 'Ani' }],
      scorecards: [{ name: 'Sales', assignedTo: [{ dim: 'team', name: 'Tim A' }] }],
    });
    expect(checkOf(checks, 'avg_deal_size').specific).toMatchObject({ met: true, targetScopes: [] });
    // A company target and a scorecard nobody is assigned do not say whose KPI it is.
    expect(checkOf(checks, 'leads').specific).toEqual({ met: false, targetScopes: [], scorecards: [] });
    expect(checkOf(checks, 'mql').specific).toEqual({ met: false, targetScopes: [], scorecards: [] });
  });

  it('measurable: a value, computed or typed, in one of the last three complete months', async () => {
    const ws = await workspace();
    const checks = smartChecks(ws.db, ws.settings, TODAY);
    expect(checkOf(checks, 'revenue').measurable).toEqual({
      met: true,
      months: ['2025-12', '2026-01', '2026-02'],
      withValue: ['2025-12', '2026-01', '2026-02'],
    });
    expect(checkOf(checks, 'mql').measurable).toMatchObject({ met: true, withValue: ['2026-01'] });
    expect(checkOf(checks, 'leads').measurable).toMatchObject({ met: false, withValue: [] });
    // A year later the deals are more than three months old: nothing measures revenue now.
    const later = smartChecks(ws.db, ws.settings, dayFromIso('2027-03-01'));
    expect(checkOf(later, 'revenue').measurable).toEqual({
      met: false,
      months: ['2026-12', '2027-01', '2027-02'],
      withValue: [],
    });
  });

  it('achievable: the growth a target needs against the best growth of the year before', async () => {
    const ws = await workspace();
    const checks = smartChecks(ws.db, ws.settings, TODAY);
    // Target 151.8 over March 2025's 110 = +38%; the best month, July 2025, grew 121/100 = +21%.
    const revenue = checkOf(checks, 'revenue').achievable;
    expect(revenue).toMatchObject({
      met: false,
      reason: null,
      direction: 'higher',
      month: '2026-03',
      lastYearMonth: '2025-03',
      target: 151.8,
      lastYear: 110,
      bestMonth: '2025-07',
    });
    expect(revenue.needed).toBeCloseTo(0.38, 10);
    expect(revenue.best).toBeCloseTo(0.21, 10);
    // 121 over 110 = +10%: no more than the best month did.
    const size = checkOf(checks, 'avg_deal_size').achievable;
    expect(size).toMatchObject({ met: true, lastYear: 110, bestMonth: '2025-07' });
    expect(size.needed).toBeCloseTo(0.1, 10);
    expect(size.best).toBeCloseTo(0.21, 10);
  });

  it('achievable for a KPI where lower is better compares reductions', async () => {
    const ws = await workspace();
    // 12.6 days against March 2025's 18 = −30%; the best reduction was September: 15 ÷ 20 = −25%.
    const cycle = checkOf(smartChecks(ws.db, ws.settings, TODAY), 'sales_cycle_days').achievable;
    expect(cycle).toMatchObject({ met: false, direction: 'lower', lastYear: 18, bestMonth: '2025-09' });
    expect(cycle.needed).toBeCloseTo(-0.3, 10);
    expect(cycle.best).toBeCloseTo(-0.25, 10);
    // 16.2 days = −10%: a smaller cut than September's.
    setTarget(ws.db, ws.settings, { kpi: 'sales_cycle_days', period: '2026-03', value: 16.2 });
    const easier = checkOf(smartChecks(ws.db, ws.settings, TODAY), 'sales_cycle_days').achievable;
    expect(easier.met).toBe(true);
    expect(easier.needed).toBeCloseTo(-0.1, 10);
  });

  it('achievable is unknown without a monthly target, a year-earlier value or history', async () => {
    const ws = await workspace();
    const checks = smartChecks(ws.db, ws.settings, TODAY);
    // Only a yearly target: no month to judge.
    expect(checkOf(checks, 'win_rate').achievable).toMatchObject({ met: null, reason: 'no_target' });
    expect(checkOf(checks, 'bounce_rate').achievable).toMatchObject({
      met: null,
      reason: 'band',
      month: '2026-03',
    });
    // No leads were ever recorded, so March 2025 has no value to grow from.
    expect(checkOf(checks, 'leads').achievable).toMatchObject({
      met: null,
      reason: 'no_last_year',
      month: '2026-03',
      lastYearMonth: '2025-03',
      target: 50,
      lastYear: null,
    });
    // The latest month with a target, March 2025, has March 2024 before it but nothing earlier.
    expect(checkOf(checks, 'deals_won').achievable).toMatchObject({
      met: null,
      reason: 'no_history',
      month: '2025-03',
      lastYearMonth: '2024-03',
      lastYear: 1,
    });
  });

  it('relevant: on a scorecard with a balanced-scorecard perspective', async () => {
    const ws = await workspace();
    const checks = smartChecks(ws.db, ws.settings, TODAY);
    expect(checkOf(checks, 'revenue').relevant).toEqual({
      met: true,
      perspectives: [{ scorecard: 'Sales', perspective: 'financial' }],
      withoutPerspective: [],
    });
    expect(checkOf(checks, 'sales_cycle_days').relevant).toEqual({
      met: false,
      perspectives: [],
      withoutPerspective: ['Sales'],
    });
    expect(checkOf(checks, 'leads').relevant).toEqual({
      met: false,
      perspectives: [],
      withoutPerspective: [],
    });
  });

  it('time-bound: a company target for the running month, quarter or year', async () => {
    const ws = await workspace();
    const checks = smartChecks(ws.db, ws.settings, TODAY);
    expect(checkOf(checks, 'revenue').timeBound).toEqual({
      met: true,
      month: '2026-03',
      quarter: '2026-Q1',
      year: '2026',
      withTarget: ['2026-03'],
    });
    expect(checkOf(checks, 'win_rate').timeBound).toMatchObject({ met: true, withTarget: ['2026'] });
    // A past month's target and a person's target leave the running period without one.
    expect(checkOf(checks, 'deals_won').timeBound).toMatchObject({ met: false, withTarget: [] });
    const april = smartChecks(ws.db, ws.settings, dayFromIso('2026-04-01'));
    expect(checkOf(april, 'revenue').timeBound).toMatchObject({
      met: false,
      month: '2026-04',
      quarter: '2026-Q2',
    });
  });

  it('kpi/smart answers through the contract for the day asked', async () => {
    await workspace();
    const dispatch = createDispatch({ session: session! });
    const reply = await dispatch('kpi/smart', { today: '2026-03-15' });
    expect(reply.ok).toBe(true);
    const checks = (reply as { value: SmartCheck[] }).value;
    expect(checkOf(checks, 'revenue').achievable.month).toBe('2026-03');
    expect((await dispatch('kpi/smart', { today: '2026-02-30' })).ok).toBe(false);
  });
});
