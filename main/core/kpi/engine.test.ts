import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { workspaceWith } from '../../../test/helpers/workspace.js';
import type { Workspace } from '../workspace.js';
import { defineCustomKpi } from './custom.js';
import { setKpiSettings } from './kpi-settings.js';
import { computeKpis, type KpiQuery, type KpiRow } from './engine.js';
import { setTarget, targetRevisions } from './targets.js';

const tempDir = useTempDir();

// A small company whose every KPI below was worked out by hand.
const deals = `external_id,title,owner,team,account,source,campaign,status,amount,currency,created_at,closed_at
D1,A,Budi Santoso,Jakarta,PT A,Google Ads,Promo Ramadan,won,1000000.50,IDR,2026-01-05,2026-01-20
D2,B,Budi Santoso,Jakarta,PT B,Referral,,lost,500000,IDR,2026-01-10,2026-01-25
D3,C,Sari Dewi,Surabaya,PT A,Meta Ads,Promo Ramadan,won,2000000,IDR,2026-02-01,2026-02-11
D4,D,Sari Dewi,Surabaya,,Meta Ads,,menang,3000000,IDR,2026-02-03,2026-03-05
D5,E,Budi Santoso,Jakarta,PT C,Google Ads,,open,700000,IDR,2026-03-01,
D6,F,Sari Dewi,Surabaya,PT D,Referral,,kalah,100000,IDR,2026-02-01,2026-03-10
`;
const spend = `date,date_from,date_to,source,campaign,kind,amount
2026-01-15,,,Google Ads,Promo Ramadan,marketing,300000
,2026-01-01,2026-03-31,Meta Ads,Promo Ramadan,marketing,900000
2026-02-10,,,Sales Event,,sales,150000
`;
const leads = `external_id,created_at,owner,source,campaign,status,mql_at,sql_at,converted_at,deal_external_id
L1,2026-01-02,Budi Santoso,Google Ads,Promo Ramadan,,2026-01-03,2026-01-04,,D1
L2,2026-01-05,Budi Santoso,Referral,,,,,,
L3,2026-01-28,Sari Dewi,Meta Ads,,,2026-02-02,,2026-02-20,
L4,2026-02-14,Sari Dewi,Meta Ads,,,,,,D6
`;
const web = `date_from,date_to,source,sessions,users,bounce_rate,avg_session_duration_s
2026-01-01,2026-01-31,Organic,3100,2000,40%,60
2026-02-01,2026-02-28,Organic,1400,1000,0.5,30
`;
const social = `date,platform,impressions,reach,engagements,conversions
2026-01-10,Instagram,1000,800,50,2
2026-01-11,Instagram,3000,2000,90,1
2026-01-11,TikTok,500,400,100,0
`;

let ws: Workspace;
beforeEach(async () => {
  ws = await workspaceWith(tempDir(), { deals, spend, leads, web, social });
});
afterEach(() => ws.close());

const run = (q: KpiQuery) => computeKpis(ws.db, ws.settings, q);
function value(kpi: string, period: string, scope?: KpiQuery['scope']): number | null {
  const rows = run({ kpis: [kpi], period, scope });
  expect(rows).toHaveLength(1);
  return rows[0]!.value;
}
const byScope = (rows: KpiRow[]) =>
  Object.fromEntries(rows.map((r) => [Object.values(r.scope)[0] ?? '(none)', r.value]));

describe('sales KPIs from deals', () => {
  it('revenue, deals won, win rate, average deal size and cycle per month', () => {
    expect(value('revenue', '2026-01')).toBe(1000000.5);
    expect(value('revenue', '2026-02')).toBe(2000000);
    expect(value('revenue', '2026-03')).toBe(3000000);
    expect(value('deals_won', '2026-03')).toBe(1);
    expect(value('win_rate', '2026-01')).toBe(0.5);
    expect(value('win_rate', '2026-02')).toBe(1);
    expect(value('sales_cycle_days', '2026-01')).toBe(15);
    expect(value('sales_cycle_days', '2026-03')).toBe(30);
  });

  it('recomputes ratios over a quarter from summed parts instead of averaging months', () => {
    expect(value('revenue', '2026-Q1')).toBe(6000000.5);
    expect(value('deals_won', '2026-Q1')).toBe(3);
    // 3 won of 5 closed; the mean of the monthly rates would be 0.667.
    expect(value('win_rate', '2026-Q1')).toBe(0.6);
    expect(value('avg_deal_size', '2026-Q1')).toBeCloseTo(6000000.5 / 3, 6);
    expect(value('sales_cycle_days', '2026-Q1')).toBeCloseTo(55 / 3, 9);
  });

  it('has no value (not 0) where nothing closed', () => {
    for (const kpi of [
      'revenue',
      'deals_won',
      'win_rate',
      'avg_deal_size',
      'sales_cycle_days',
      'new_customers',
    ]) {
      expect(value(kpi, '2026-04')).toBeNull();
    }
  });

  it('counts an account once, in the month of its first win; deals without account count each', () => {
    expect(value('new_customers', '2026-01')).toBe(1);
    expect(value('new_customers', '2026-02')).toBe(0);
    expect(value('new_customers', '2026-03')).toBe(1);
    expect(value('new_customers', '2026-Q1')).toBe(2);
  });

  it('splits by owner and team, with ratios per scope', () => {
    const rows = run({ kpis: ['revenue', 'win_rate'], period: '2026-Q1', by: 'owner' });
    expect(byScope(rows.filter((r) => r.kpi === 'revenue'))).toEqual({
      'Budi Santoso': 1000000.5,
      'Sari Dewi': 5000000,
    });
    const rates = byScope(rows.filter((r) => r.kpi === 'win_rate'));
    expect(rates['Budi Santoso']).toBe(0.5);
    expect(rates['Sari Dewi']).toBeCloseTo(2 / 3, 12);
    expect(value('revenue', '2026-Q1', { dim: 'team', name: 'Surabaya' })).toBe(5000000);
  });

  it('splits a quarter by month with each month labelled', () => {
    const rows = run({ kpis: ['revenue'], period: '2026-Q1', grain: 'month' });
    expect(rows.map((r) => [r.period, r.value])).toEqual([
      ['2026-01', 1000000.5],
      ['2026-02', 2000000],
      ['2026-03', 3000000],
    ]);
  });
});

describe('marketing KPIs', () => {
  it('spreads a range spend row evenly over its days, exactly', () => {
    expect(value('marketing_spend', '2026-01')).toBe(610000); // 300,000 + 31 days × 10,000
    expect(value('marketing_spend', '2026-02')).toBe(280000);
    expect(value('marketing_spend', '2026-Q1')).toBe(1200000);
    expect(value('sales_spend', '2026-02')).toBe(150000);
    expect(value('sales_spend', '2026-01')).toBeNull();
    const jan = run({ kpis: ['marketing_spend'], period: '2026-01' })[0]!;
    expect(jan.allocated).toBe(true);
  });

  it('CAC is total spend over new customers, recomputed per period', () => {
    expect(value('cac', '2026-01')).toBe(610000);
    expect(value('cac', '2026-02')).toBeNull(); // no new customer
    expect(value('cac', '2026-Q1')).toBe(675000); // (1,200,000 + 150,000) / 2
  });

  it('ROMI attributes revenue of marketing channels only', () => {
    // Marketing channels are the sources with marketing spend: Google Ads and Meta Ads.
    expect(value('romi', '2026-Q1')).toBeCloseTo((6000000.5 - 1200000) / 1200000, 12);
    expect(value('romi', '2026-01')).toBeCloseTo((1000000.5 - 610000) / 610000, 12);
    // Per campaign: that campaign's revenue (D1 + D3) and spend.
    expect(value('romi', '2026-Q1', { dim: 'campaign', name: 'Promo Ramadan' })).toBeCloseTo(
      (3000000.5 - 1200000) / 1200000,
      12,
    );
    // Spend has no owner, so ROMI by owner has no value rather than a wrong one.
    expect(value('romi', '2026-Q1', { dim: 'owner', name: 'Budi Santoso' })).toBeNull();
  });

  it('leads, MQL, MQL rate and conversion as cohort measures', () => {
    expect(value('leads', '2026-01')).toBe(3);
    expect(value('mql', '2026-01')).toBe(1);
    expect(value('mql', '2026-02')).toBe(1);
    expect(value('mql_rate', '2026-01')).toBeCloseTo(2 / 3, 12);
    expect(value('lead_conversion_rate', '2026-01')).toBeCloseTo(2 / 3, 12); // L1 via won D1, L3 by date
    expect(value('lead_conversion_rate', '2026-02')).toBe(0); // L4's deal was lost
    expect(value('lead_conversion_rate', '2026-Q1')).toBe(0.5);
    expect(value('leads', '2026-03')).toBeNull();
  });

  it('web sessions, weighted bounce rate and duration', () => {
    expect(value('web_sessions', '2026-01')).toBeCloseTo(3100, 9);
    expect(value('bounce_rate', '2026-01')).toBeCloseTo(0.4, 12);
    expect(value('bounce_rate', '2026-Q1')).toBeCloseTo((1240 + 700) / 4500, 12);
    expect(value('avg_session_duration', '2026-Q1')).toBeCloseTo((186000 + 42000) / 4500, 9);
    expect(value('web_sessions', '2026-01-10')).toBeCloseTo(100, 9);
  });

  it('social engagement rate by platform and in an ISO week', () => {
    expect(value('social_engagement_rate', '2026-01')).toBeCloseTo(240 / 4500, 12);
    const rows = run({ kpis: ['social_engagement_rate'], period: '2026-01', by: 'platform' });
    expect(byScope(rows)).toEqual({ Instagram: 140 / 4000, TikTok: 0.2 });
    expect(value('social_impressions', '2026-W02')).toBe(4500);
    expect(value('social_reach', '2026-01')).toBe(3200);
  });
});

describe('targets', () => {
  it('achievement and status per month, and a quarter target summed from its months', () => {
    for (const [period, v] of [
      ['2026-01', 1000000],
      ['2026-02', 2500000],
      ['2026-03', 3000000],
    ] as const) {
      setTarget(ws.db, ws.settings, { kpi: 'revenue', period, value: v });
    }
    const months = run({ kpis: ['revenue'], period: '2026-Q1', grain: 'month' });
    expect(months.map((r) => r.status)).toEqual(['green', 'red', 'green']);
    expect(months[1]!.achievement).toBe(0.8);
    const q = run({ kpis: ['revenue', 'target_achievement'], period: '2026-Q1' });
    expect(q[0]).toMatchObject({ target: 6500000, targetOrigin: 'months_sum', status: 'amber' });
    expect(q[0]!.achievement).toBeCloseTo(6000000.5 / 6500000, 12);
    expect(q[1]!.value).toBeCloseTo(6000000.5 / 6500000, 12);
  });

  it('lower-is-better and in-band targets', () => {
    setTarget(ws.db, ws.settings, { kpi: 'sales_cycle_days', period: '2026-Q1', value: 20 });
    const cycle = run({ kpis: ['sales_cycle_days'], period: '2026-Q1' })[0]!;
    expect(cycle.achievement).toBeCloseTo(20 / (55 / 3), 12);
    expect(cycle.status).toBe('green');
    setTarget(ws.db, ws.settings, { kpi: 'cac', period: '2026-Q1', value: 600000 });
    expect(run({ kpis: ['cac'], period: '2026-Q1' })[0]!.achievement).toBeCloseTo(600000 / 675000, 12);
    // Bounce rate kept between 30% and 42%: January's 40% is inside, Q1's 43.1% just above.
    setTarget(ws.db, ws.settings, { kpi: 'bounce_rate', period: '2026-01', bandLow: 0.3, bandHigh: 0.42 });
    expect(run({ kpis: ['bounce_rate'], period: '2026-01' })[0]).toMatchObject({
      achievement: 1,
      status: 'green',
    });
    setTarget(ws.db, ws.settings, { kpi: 'bounce_rate', period: '2026-Q1', bandLow: 0.3, bandHigh: 0.42 });
    const q1 = run({ kpis: ['bounce_rate'], period: '2026-Q1' })[0]!;
    expect(q1.achievement).toBeCloseTo(0.42 / ((1240 + 700) / 4500), 12);
    expect(q1.status).toBe('amber');
  });

  it('keeps every revision with its reason', () => {
    setTarget(ws.db, ws.settings, { kpi: 'revenue', period: '2026-02', value: 2500000 });
    setTarget(ws.db, ws.settings, {
      kpi: 'revenue',
      period: '2026-02',
      value: 2000000,
      reason: 'Lebaran shifted',
    });
    expect(
      targetRevisions(ws.db, 'revenue', '2026-02').map((r) => [r.oldValue, r.newValue, r.reason]),
    ).toEqual([
      [null, 2500000, null],
      [2500000, 2000000, 'Lebaran shifted'],
    ]);
    expect(run({ kpis: ['revenue'], period: '2026-02' })[0]!.status).toBe('green');
  });

  it('grey without a target or without a value', () => {
    expect(run({ kpis: ['revenue'], period: '2026-Q1' })[0]!.status).toBe('grey');
    setTarget(ws.db, ws.settings, { kpi: 'revenue', period: '2026-04', value: 1 });
    expect(run({ kpis: ['revenue'], period: '2026-04' })[0]!.status).toBe('grey');
  });
});

describe('manual values and custom KPIs', () => {
  it('a manual value fills a period without facts and says so', () => {
    ws.db
      .prepare(
        "INSERT INTO kpi_values (kpi, period, value, updated_at) VALUES ('revenue', '2026-04', 5000000, 'now')",
      )
      .run();
    const row = run({ kpis: ['revenue'], period: '2026-04' })[0]!;
    expect(row).toMatchObject({ value: 5000000, origin: 'manual' });
    expect(run({ kpis: ['revenue'], period: '2026-01' })[0]!.origin).toBe('computed');
  });

  it('a custom formula is evaluated on the rolled-up parts of the period', () => {
    defineCustomKpi(ws.db, {
      code: 'revenue_per_lead',
      name: { id: 'Pendapatan per lead', en: 'Revenue per lead' },
      formula: 'revenue / leads',
      unit: 'money',
      direction: 'higher',
    });
    expect(value('revenue_per_lead', '2026-Q1')).toBeCloseTo(6000000.5 / 4, 9);
    expect(value('revenue_per_lead', '2026-03')).toBeNull(); // no leads in March
  });

  it('rejects a formula naming an unknown KPI, with its position', () => {
    expect(() =>
      defineCustomKpi(ws.db, {
        code: 'x',
        name: { id: 'x', en: 'x' },
        formula: 'revenue / leeds',
        unit: 'ratio',
        direction: 'higher',
      }),
    ).toThrow(/position 11/);
  });
});

describe('typed values meeting computed ones over several months', () => {
  const type = (kpi: string, period: string, value: number, scopeKey = '') =>
    ws.db
      .prepare(
        "INSERT INTO kpi_values (kpi, period, scope_key, value, updated_at) VALUES (?, ?, ?, ?, 'now')",
      )
      .run(kpi, period, scopeKey, value);
  const row = (q: KpiQuery) => {
    const rows = run(q);
    expect(rows).toHaveLength(1);
    return rows[0]!;
  };

  it('a quarter adds the typed month to the computed ones, where the typed value wins', () => {
    // One deal won in each month of Q1; March is typed over as 50.
    type('deals_won', '2026-03', 50);
    expect(value('deals_won', '2026-Q1')).toBe(3); // the computed value wins by default
    setKpiSettings(ws.db, 'deals_won', { manualWins: true });
    expect(value('deals_won', '2026-03')).toBe(50);
    const quarter = row({ kpis: ['deals_won'], period: '2026-Q1', explain: true });
    expect(quarter).toMatchObject({ value: 1 + 1 + 50, origin: 'computed', includesTyped: true });
    expect(quarter.parts).toBeNull(); // the records alone do not add up to it
    // Quarter by month and quarter as a whole agree.
    const months = run({ kpis: ['deals_won'], period: '2026-Q1', grain: 'month' }).map((r) => r.value);
    expect(months).toEqual([1, 1, 50]);
  });

  it('a quarter typed in every month is the typed values alone', () => {
    setKpiSettings(ws.db, 'deals_won', { manualWins: true });
    for (const m of ['2026-01', '2026-02', '2026-03']) type('deals_won', m, 10);
    expect(row({ kpis: ['deals_won'], period: '2026-Q1' })).toMatchObject({ value: 30, origin: 'manual' });
  });

  it("a person's typed value counts in their team's and the company's totals", () => {
    // Budi (Jakarta) won nothing in February; his typed 5 fills it.
    type('deals_won', '2026-02', 5, 'owner=Budi Santoso');
    expect(value('deals_won', '2026-02', { dim: 'owner', name: 'Budi Santoso' })).toBe(5);
    expect(value('deals_won', '2026-02')).toBe(1 + 5);
    expect(value('deals_won', '2026-02', { dim: 'team', name: 'Jakarta' })).toBe(5);
    expect(value('deals_won', '2026-02', { dim: 'team', name: 'Surabaya' })).toBe(1);
    expect(
      byScope(
        run({ kpis: ['deals_won'], period: '2026-02', by: 'owner', scope: { dim: 'team', name: 'Jakarta' } }),
      ),
    ).toEqual({
      'Budi Santoso': 5,
    });
    expect(value('deals_won', '2026-Q1', { dim: 'owner', name: 'Budi Santoso' })).toBe(1 + 5);
    expect(value('deals_won', '2026-Q1')).toBe(3 + 5);
    // The people of a team add up to the team, and the teams to the company.
    const people = run({ kpis: ['deals_won'], period: '2026-Q1', by: 'owner' });
    const teams = run({ kpis: ['deals_won'], period: '2026-Q1', by: 'team' });
    const sum = (rows: KpiRow[]) => rows.reduce((a, r) => a + (r.value ?? 0), 0);
    expect(sum(people)).toBe(8);
    expect(sum(teams)).toBe(8);
  });

  it('a team whose only numbers are its people’s typed values has its own row by team', () => {
    const team = ws.db.prepare("INSERT INTO teams (name) VALUES ('Pemasaran') RETURNING id").pluck().get();
    ws.db.prepare("INSERT INTO people (name, team_id) VALUES ('Fajar Nugroho', ?)").run(team);
    type('revenue', '2026-01', 5000000, 'owner=Fajar Nugroho');
    const teams = byScope(run({ kpis: ['revenue'], period: '2026-01', by: 'team' }));
    expect(teams).toMatchObject({ Pemasaran: 5000000 });
    const total = Object.values(teams).reduce((a: number, v) => a + (v ?? 0), 0);
    expect(total).toBe(value('revenue', '2026-01'));
  });

  it("a person's typed value replaces what was computed for them only where it wins", () => {
    type('deals_won', '2026-01', 4, 'owner=Budi Santoso'); // Budi won 1 in January
    expect(value('deals_won', '2026-01')).toBe(1);
    setKpiSettings(ws.db, 'deals_won', { manualWins: true });
    expect(value('deals_won', '2026-01')).toBe(4);
    expect(value('deals_won', '2026-01', { dim: 'team', name: 'Jakarta' })).toBe(4);
    // A typed company value still wins over everything below it.
    type('deals_won', '2026-01', 9);
    expect(value('deals_won', '2026-01')).toBe(9);
  });

  it('a typed rate does not enter a total: rates are recomputed from their parts', () => {
    type('win_rate', '2026-01', 0.9, 'owner=Budi Santoso');
    setKpiSettings(ws.db, 'win_rate', { manualWins: true });
    expect(value('win_rate', '2026-01', { dim: 'owner', name: 'Budi Santoso' })).toBe(0.9);
    expect(value('win_rate', '2026-01')).toBe(0.5); // D1 won, D2 lost
  });
});

describe('rows of one dimension inside a scope of another', () => {
  it('each seller inside one team: a deal counts for its own team, or its seller’s when it names none', async () => {
    // Budi sells for Jakarta, but one of his deals is booked for Surabaya; one names no team.
    const ws2 = await workspaceWith(tempDir(), {
      deals: `external_id,owner,team,status,amount,closed_at
A1,Budi Santoso,Jakarta,won,100,2026-01-05
A2,Budi Santoso,Surabaya,won,40,2026-01-06
A3,Budi Santoso,,lost,0,2026-01-07
A4,Sari Dewi,Surabaya,won,70,2026-01-08
A5,Sari Dewi,Surabaya,lost,0,2026-01-09
`,
    });
    try {
      const rows = (team: string, kpi: string) =>
        byScope(
          computeKpis(ws2.db, ws2.settings, {
            kpis: [kpi],
            period: '2026-01',
            by: 'owner',
            scope: { dim: 'team', name: team },
          }),
        );
      expect(rows('Jakarta', 'revenue')).toEqual({ 'Budi Santoso': 100 });
      expect(rows('Surabaya', 'revenue')).toEqual({ 'Budi Santoso': 40, 'Sari Dewi': 70 });
      // Ratios from each row's own parts: Budi in Jakarta won A1 and lost A3.
      expect(rows('Jakarta', 'win_rate')).toEqual({ 'Budi Santoso': 0.5 });
      expect(rows('Surabaya', 'win_rate')).toEqual({ 'Budi Santoso': 1, 'Sari Dewi': 0.5 });
      const team = (name: string) =>
        computeKpis(ws2.db, ws2.settings, {
          kpis: ['revenue'],
          period: '2026-01',
          scope: { dim: 'team', name },
        })[0]!.value;
      expect(team('Jakarta')).toBe(100);
      expect(team('Surabaya')).toBe(110);
    } finally {
      ws2.close();
    }
  });

  it('a split no record carries is refused with the reason', () => {
    expect(() =>
      run({ kpis: ['revenue'], period: '2026-01', by: 'platform', scope: { dim: 'team', name: 'Jakarta' } }),
    ).toThrow(
      /Cannot split by platform inside one team: no records carry both.*platform: social; team: deals and leads/,
    );
  });
});

describe('a custom range that is exactly a month', () => {
  it('has that month’s target, typed value and status, under the label asked', () => {
    ws.db
      .prepare(
        "INSERT INTO kpi_values (kpi, period, scope_key, value, updated_at) VALUES ('leads', '2026-04', '', 7, 'now')",
      )
      .run();
    setTarget(ws.db, ws.settings, { kpi: 'revenue', period: '2026-01', value: 2000000 });
    const range = run({ kpis: ['revenue', 'leads'], period: '2026-01-01..2026-01-31' });
    expect(range.map((r) => [r.period, r.value, r.target])).toEqual([
      ['2026-01-01..2026-01-31', 1000000.5, 2000000],
      ['2026-01-01..2026-01-31', 3, null],
    ]);
    expect(value('leads', '2026-04-01..2026-04-30')).toBe(7);
    // A target set on such a range is the month's target.
    setTarget(ws.db, ws.settings, { kpi: 'revenue', period: '2026-02-01..2026-02-28', value: 4000000 });
    expect(run({ kpis: ['revenue'], period: '2026-02' })[0]!.target).toBe(4000000);
  });

  it('a target of zero is met by any count, and target achievement has the status of its revenue target', () => {
    setTarget(ws.db, ws.settings, { kpi: 'leads', period: '2026-01', value: 0 });
    expect(run({ kpis: ['leads'], period: '2026-01' })[0]!.status).toBe('green');
    setTarget(ws.db, ws.settings, { kpi: 'revenue', period: '2026-01', value: 2000000 });
    const row = run({ kpis: ['target_achievement'], period: '2026-01' })[0]!;
    expect(row.value).toBeCloseTo(0.5, 6);
    expect(row.status).toBe('red');
  });
});
