import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { builtInKpis } from '../../../shared/kpi/catalog.js';
import { dayFromIso } from '../../../shared/kpi/periods.js';
import { importCanonicalRows } from '../import/import-file.js';
import { Workspace } from '../workspace.js';
import { demoKinds } from '../demo/generate.js';
import { computeKpis, type KpiRow } from './engine.js';

const tempDir = useTempDir();

const sumKpis = builtInKpis.filter((k) => k.rollup === 'sum').map((k) => k.code);
// For each ratio: the sum-KPIs whose ratio it is, when both are in the catalog.
const ratioOfSums: Record<string, [string, string]> = { avg_deal_size: ['revenue', 'deals_won'] };

function demoWorkspace(seed: number, deals: number): Workspace {
  const ws = Workspace.create(`${tempDir()}/p${seed}.kinerja`, {});
  const o = { seed, from: dayFromIso('2025-01-01'), to: dayFromIso('2025-12-31'), deals };
  for (const [kind, gen] of Object.entries(demoKinds)) {
    importCanonicalRows(ws.db, kind as keyof typeof demoKinds, kind, gen(o));
  }
  return ws;
}

const close = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

const value = (rows: KpiRow[], kpi: string, period?: string) =>
  rows.find((r) => r.kpi === kpi && (period === undefined || r.period === period))?.value ?? null;

describe('engine properties over random companies', () => {
  it('a year of a sum-KPI is the sum of its months, and of its ISO-week pieces', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 30, max: 200 }), (seed, deals) => {
        const ws = demoWorkspace(seed, deals);
        try {
          const year = computeKpis(ws.db, ws.settings, { kpis: sumKpis, period: '2025' });
          const months = computeKpis(ws.db, ws.settings, { kpis: sumKpis, period: '2025', grain: 'month' });
          const weeks = computeKpis(ws.db, ws.settings, { kpis: sumKpis, period: '2025', grain: 'week' });
          for (const kpi of sumKpis) {
            const total = value(year, kpi);
            for (const parts of [months, weeks]) {
              const vs = parts.filter((r) => r.kpi === kpi).map((r) => r.value);
              const sum = vs.every((v) => v === null) ? null : vs.reduce<number>((a, v) => a + (v ?? 0), 0);
              expect(close(total, sum), `${kpi}: ${total} vs ${sum}`).toBe(true);
            }
          }
        } finally {
          ws.close();
        }
      }),
      { numRuns: 4 },
    );
  });

  it('sum-KPIs over all owners (and over all sources) equal the company value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.constantFrom('2025-Q1', '2025-Q3', '2025', '2025-W20'),
        (seed, period) => {
          const ws = demoWorkspace(seed, 80);
          try {
            const company = computeKpis(ws.db, ws.settings, { kpis: sumKpis, period });
            for (const by of ['owner', 'team', 'source', 'campaign'] as const) {
              const rows = computeKpis(ws.db, ws.settings, { kpis: sumKpis, period, by });
              for (const kpi of ['revenue', 'deals_won', 'leads', 'mql', 'new_customers']) {
                const vs = rows.filter((r) => r.kpi === kpi).map((r) => r.value);
                const sum = vs.every((v) => v === null) ? null : vs.reduce<number>((a, v) => a + (v ?? 0), 0);
                expect(close(value(company, kpi), sum), `${kpi} by ${by}`).toBe(true);
              }
            }
          } finally {
            ws.close();
          }
        },
      ),
      { numRuns: 4 },
    );
  });

  it('a ratio over a quarter is Σ numerators ÷ Σ denominators of its months, not their mean', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e6 }),
        fc.constantFrom('2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'),
        (seed, quarter) => {
          const ws = demoWorkspace(seed, 120);
          try {
            const q = computeKpis(ws.db, ws.settings, { period: quarter });
            const months = computeKpis(ws.db, ws.settings, { period: quarter, grain: 'month' });
            const monthly = (kpi: string) => months.filter((r) => r.kpi === kpi).map((r) => r.value ?? 0);
            const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
            for (const [ratio, [num, den]] of Object.entries(ratioOfSums)) {
              expect(close(value(q, ratio), sum(monthly(num)) / sum(monthly(den)))).toBe(true);
            }
            // CAC = Σ spend ÷ Σ new customers; ROMI and the web and social ratios alike.
            const spend = sum(monthly('marketing_spend')) + sum(monthly('sales_spend'));
            expect(close(value(q, 'cac'), spend / sum(monthly('new_customers')))).toBe(true);
            const sessions = sum(monthly('web_sessions'));
            const durations = sum(
              months
                .filter((r) => r.kpi === 'avg_session_duration')
                .map((r, i) => (r.value ?? 0) * monthly('web_sessions')[i]!),
            );
            expect(close(value(q, 'avg_session_duration'), durations / sessions)).toBe(true);
            const impressions = monthly('social_impressions');
            const engagements = sum(
              months
                .filter((r) => r.kpi === 'social_engagement_rate')
                .map((r, i) => (r.value ?? 0) * impressions[i]!),
            );
            expect(close(value(q, 'social_engagement_rate'), engagements / sum(impressions))).toBe(true);
          } finally {
            ws.close();
          }
        },
      ),
      { numRuns: 4 },
    );
  });
});
