import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { createDispatch } from '../dispatch.js';
import { importFile } from '../import/pipeline.js';
import { Session } from '../session.js';
import { computeKpis } from './engine.js';
import { planMonthlyTargets, setMonthlyTargets, splitExactly } from './target-plans.js';

const tempDir = useTempDir();
let session: Session | undefined;
afterEach(() => session?.close());

/** 2025: one won deal of 100 per month, and a second one of 300 in December (the busy month). */
async function workspace() {
  const dir = tempDir();
  session = new Session();
  const ws = session.create(path.join(dir, 'w.kinerja'), { name: 'PT Uji' });
  const rows = ['external_id,owner,status,amount,created_at,closed_at'];
  for (let m = 1; m <= 12; m++) {
    const mm = String(m).padStart(2, '0');
    rows.push(`D${m},Ani,won,100,2025-${mm}-01,2025-${mm}-10`);
    rows.push(`L${m},Ani,lost,0,2025-${mm}-01,2025-${mm}-11`);
  }
  rows.push('X12,Ani,won,300,2025-12-01,2025-12-15');
  fs.writeFileSync(path.join(dir, 'deals.csv'), rows.join('\n'));
  await importFile(ws.db, ws.settings, path.join(dir, 'deals.csv'), { kind: 'deals' });
  return { ws, session };
}

describe('splitting a total into twelve months', () => {
  it('adds up to exactly the total, in whole steps, the remainder to the earliest months', () => {
    expect(splitExactly(100, Array(12).fill(1), 1)).toEqual([9, 9, 9, 9, 8, 8, 8, 8, 8, 8, 8, 8]);
    const cents = splitExactly(1000.01, Array(12).fill(1), 0.01);
    expect(cents[0]).toBe(83.34);
    expect(Math.round(cents.reduce((a, b) => a + b, 0) * 100)).toBe(100001);
  });

  it('never loses or adds a step, whatever the total and the shares', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 12, maxLength: 12 }),
        (total, shares) => {
          const parts = splitExactly(total, shares, 1);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
        },
      ),
    );
  });
});

describe('monthly target plans', () => {
  it('spreads a year evenly, a total in twelfths and a rate the same each month', async () => {
    const { ws } = await workspace();
    const revenue = planMonthlyTargets(ws.db, ws.settings, {
      kpi: 'revenue',
      year: 2026,
      method: 'even',
      value: 1_000_000,
    });
    expect(revenue.reduce((a, m) => a + m.value, 0)).toBe(1_000_000);
    expect(revenue.map((m) => m.value).slice(0, 5)).toEqual([83_334, 83_334, 83_334, 83_334, 83_333]);
    const winRate = planMonthlyTargets(ws.db, ws.settings, {
      kpi: 'win_rate',
      year: 2026,
      method: 'even',
      value: 0.4,
    });
    expect(new Set(winRate.map((m) => m.value))).toEqual(new Set([0.4]));
  });

  it("spreads a total as last year's months were spread", async () => {
    const { ws } = await workspace();
    const plan = planMonthlyTargets(ws.db, ws.settings, {
      kpi: 'revenue',
      year: 2026,
      method: 'seasonal',
      value: 1500,
    });
    // 2025 earned 100 a month and 400 in December: December carries 400/1500 of the year.
    expect(plan.map((m) => m.lastYear)).toEqual([...Array(11).fill(100), 400]);
    expect(plan.map((m) => m.value)).toEqual([...Array(11).fill(100), 400]);
  });

  it('adds the growth asked for to each month of last year', async () => {
    const { ws } = await workspace();
    const plan = planMonthlyTargets(ws.db, ws.settings, {
      kpi: 'win_rate',
      year: 2026,
      method: 'lastYear',
      growth: 0.1,
    });
    // Half the deals were won each month (two of three in December).
    expect(plan[0]).toEqual({ period: '2026-01', value: 0.55, lastYear: 0.5, basePeriod: '2025-01' });
    expect(plan[11]!.value).toBe(Math.round((2 / 3) * 1.1 * 10000) / 10000);
  });

  it('plans next year before this year is over, from the same month two years back where needed', async () => {
    const { ws } = await workspace();
    // 2026 has no data at all: every month of the 2027 plan comes from 2025.
    const plan = planMonthlyTargets(ws.db, ws.settings, {
      kpi: 'revenue',
      year: 2027,
      method: 'seasonal',
      value: 1500,
    });
    expect(plan.map((m) => m.basePeriod)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`),
    );
    expect(plan.reduce((a, m) => a + m.value, 0)).toBe(1500);
  });

  it.each([
    [
      { kpi: 'win_rate', method: 'seasonal', value: 0.3 },
      /win_rate is a rate or an average: it has no total to spread/,
    ],
    [
      { kpi: 'revenue', method: 'seasonal', value: 100, year: 2025 },
      /needs each month of 2024 \(or 2023\) with data; 2024-01, .* have none/,
    ],
    [
      { kpi: 'leads', method: 'lastYear', growth: 0.1 },
      /needs each month of 2025 \(or 2024\); 2025-01, .* have no value/,
    ],
    [{ kpi: 'revenue', method: 'even' }, /needs the year's target/],
  ] as const)('refuses %j with what is missing', async (input, message) => {
    const { ws } = await workspace();
    expect(() => planMonthlyTargets(ws.db, ws.settings, { year: 2026, ...input })).toThrow(message);
  });

  it('saves a plan all or nothing, each month with its revision and reason', async () => {
    const { ws } = await workspace();
    const plan = planMonthlyTargets(ws.db, ws.settings, {
      kpi: 'revenue',
      year: 2026,
      method: 'even',
      value: 1200,
    });
    const bad = [...plan.map(({ period, value }) => ({ period, value })), { period: '2026-13', value: 1 }];
    expect(() =>
      setMonthlyTargets(ws.db, ws.settings, { kpi: 'revenue', values: bad, reason: 'Rencana' }),
    ).toThrow(/2026-13/);
    expect(ws.db.prepare('SELECT COUNT(*) FROM targets').pluck().get()).toBe(0);

    setMonthlyTargets(ws.db, ws.settings, {
      kpi: 'revenue',
      values: plan.map(({ period, value }) => ({ period, value })),
      reason: 'Rencana 2026',
    });
    const [year] = computeKpis(ws.db, ws.settings, { kpis: ['revenue'], period: '2026' });
    expect(year).toMatchObject({ target: 1200, targetOrigin: 'months_sum' });
    expect(
      ws.db.prepare("SELECT COUNT(*) FROM target_revisions WHERE reason = 'Rencana 2026'").pluck().get(),
    ).toBe(12);
  });

  it('two plans saved at the same moment through the app both land', async () => {
    const { session: s } = await workspace();
    const dispatch = createDispatch({ session: s });
    const months = (value: number) =>
      Array.from({ length: 12 }, (_, i) => ({ period: `2026-${String(i + 1).padStart(2, '0')}`, value }));
    const replies = await Promise.all([
      dispatch('targets/setMany', { kpi: 'revenue', values: months(100), reason: 'a' }),
      dispatch('targets/setMany', { kpi: 'deals_won', values: months(2), reason: 'b' }),
    ]);
    expect(replies).toEqual([
      { ok: true, value: { saved: 12 } },
      { ok: true, value: { saved: 12 } },
    ]);
    const rows = computeKpis(s.require().db, s.require().settings, {
      kpis: ['revenue', 'deals_won'],
      period: '2026',
    });
    expect(rows.map((r) => r.target)).toEqual([1200, 24]);
  });
});
