import type Database from 'better-sqlite3';
import { shortText } from '../../../shared/kpi/periods.js';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type { WorkspaceSettings } from '../../../shared/contract/schemas.js';
import { computeKpis, kpiLibrary, type ScopeDim } from './engine.js';
import { setTarget } from './targets.js';

export type PlanMethod = 'even' | 'seasonal' | 'lastYear';

export interface PlanInput {
  kpi: string;
  year: number;
  scope?: { dim: ScopeDim; name: string } | null;
  method: PlanMethod;
  /** The year's target (a total for summed KPIs, the level for rates): 'even' and 'seasonal'. */
  value?: number | null;
  /** Change on last year's same month, as a fraction (0.1 = +10%): 'lastYear'. */
  growth?: number | null;
}

export interface PlannedMonth {
  period: string;
  value: number;
  /** The month the plan starts from ('seasonal', 'lastYear'): the same month a year earlier. */
  lastYear: number | null;
  /**
   * Which month that is: a year earlier, or two where the year before has no data for it yet
   * (planning next year in November, last December is still to come).
   */
  basePeriod: string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Splits a total into twelve parts in whole steps (1 for counts and whole amounts, 0.01
 * otherwise) that add up to exactly the total, as money is spread over days: each part its
 * share rounded down, and the steps left over go to the largest remainders, earliest first.
 */
export function splitExactly(total: number, shares: readonly number[], step: number): number[] {
  const units = Math.round(total / step);
  const sum = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (units * s) / sum);
  const parts = exact.map(Math.floor);
  let left = units - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, rest: x - Math.floor(x) }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  // Steps of 0.01 are kept as integers until here, so the parts carry no float noise.
  return parts.map((p) => (step === 1 ? p : Math.round(p) / Math.round(1 / step)));
}

/**
 * A year's monthly targets from one of three helpers (DESIGN §6 targets; issue: bulk helpers):
 * 'even' spreads the year's target over its months (a total in twelfths that add up exactly;
 * a rate the same each month); 'seasonal' spreads a total as last year's months were spread;
 * 'lastYear' takes each month of last year and adds the growth asked for. Nothing is saved:
 * the screen shows the plan, and setMonthlyTargets saves it in one go.
 */
export function planMonthlyTargets(
  db: Database.Database,
  settings: WorkspaceSettings,
  input: PlanInput,
): PlannedMonth[] {
  const def = kpiLibrary(db).get(input.kpi);
  if (!def) throw new KinerjaError('not_found', `Unknown KPI '${shortText(input.kpi)}'`);
  const summed = def.rollup === 'sum';
  const months = Array.from({ length: 12 }, (_, i) => `${input.year}-${pad(i + 1)}`);
  const scope = input.scope ?? undefined;
  const yearOf = (year: number) =>
    computeKpis(db, settings, {
      kpis: [input.kpi],
      period: String(year),
      grain: 'month',
      ...(scope ? { scope } : {}),
    }).map((r) => r.value);
  const oneBack = yearOf(input.year - 1);
  const twoBack = oneBack.some((v) => v == null) ? yearOf(input.year - 2) : oneBack;
  // Each month starts from the same month a year earlier, or two years earlier where that has
  // no data yet: a plan for next year made in November still has a December to start from.
  const basePeriod = months.map((m, i) =>
    oneBack[i] != null
      ? `${input.year - 1}${m.slice(4)}`
      : twoBack[i] != null
        ? `${input.year - 2}${m.slice(4)}`
        : null,
  );
  const lastYear = months.map((_, i) => oneBack[i] ?? twoBack[i] ?? null);
  const step = (v: number) => (def.unit === 'count' || Number.isInteger(v) ? 1 : 0.01);
  const needValue = () => {
    if (input.value == null || !Number.isFinite(input.value)) {
      throw new KinerjaError(
        'invalid_request',
        `A plan for ${input.kpi} ${input.year} needs the year's target`,
      );
    }
    return input.value;
  };
  let values: number[];
  switch (input.method) {
    case 'even': {
      const value = needValue();
      values = summed ? splitExactly(value, Array(12).fill(1), step(value)) : months.map(() => value);
      break;
    }
    case 'seasonal': {
      const value = needValue();
      if (!summed) {
        throw new KinerjaError(
          'invalid_request',
          `${input.kpi} is a rate or an average: it has no total to spread by season; use the same target each month`,
          { code: 'plan_not_a_total', params: { kpi: input.kpi } },
        );
      }
      const missing = months
        .filter((_, i) => lastYear[i] == null)
        .map((m) => `${input.year - 1}${m.slice(4)}`);
      const total = lastYear.reduce<number>((a, b) => a + (b ?? 0), 0);
      if (missing.length || !(total > 0)) {
        throw new KinerjaError(
          'invalid_request',
          `Spreading by season needs each month of ${input.year - 1} (or ${input.year - 2}) with data` +
            (missing.length ? `; ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} none` : ''),
          { code: 'plan_missing_months', params: { months: missing.join(', '), year: input.year - 1 } },
        );
      }
      values = splitExactly(value, lastYear as number[], step(value));
      break;
    }
    case 'lastYear': {
      const growth = input.growth ?? 0;
      if (!Number.isFinite(growth) || growth <= -1) {
        throw new KinerjaError('invalid_request', 'The change on last year must be above -100%');
      }
      const missing = months
        .filter((_, i) => lastYear[i] == null)
        .map((m) => `${input.year - 1}${m.slice(4)}`);
      if (missing.length) {
        throw new KinerjaError(
          'invalid_request',
          `Last year + ${Math.round(growth * 1000) / 10}% needs each month of ${input.year - 1} (or ${input.year - 2}); ` +
            `${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no value`,
          { code: 'plan_missing_months', params: { months: missing.join(', '), year: input.year - 1 } },
        );
      }
      values = lastYear.map((v) => {
        const raw = v! * (1 + growth);
        // Counts are whole; amounts to the cent; rates and averages to four decimals.
        if (def.unit === 'count') return Math.round(raw);
        if (def.unit === 'money') return Math.round(raw * 100) / 100;
        return Math.round(raw * 10000) / 10000;
      });
      break;
    }
  }
  return months.map((period, i) => ({
    period,
    value: values[i]!,
    lastYear: lastYear[i] ?? null,
    basePeriod: basePeriod[i] ?? null,
  }));
}

/**
 * Sets several targets of one KPI and scope at once, all or none: a helper's twelve months
 * land together or not at all, each with its revision and reason.
 */
export function setMonthlyTargets(
  db: Database.Database,
  settings: WorkspaceSettings,
  input: {
    kpi: string;
    scope?: { dim: ScopeDim; name: string } | null;
    values: { period: string; value: number }[];
    reason: string | null;
  },
): number {
  // The same month twice is a mistake in what was sent (which one is meant?), not a revision.
  const seen = new Set<string>();
  for (const v of input.values) {
    const month = v.period.trim();
    if (seen.has(month))
      throw new KinerjaError('invalid_request', `${shortText(month)} is given twice; give each month once`, {
        code: 'target_month_twice',
        params: { period: shortText(month) },
      });
    seen.add(month);
  }
  return db.transaction(() => {
    for (const v of input.values) {
      setTarget(db, settings, {
        kpi: input.kpi,
        period: v.period,
        scope: input.scope ?? null,
        value: v.value,
        reason: input.reason,
      });
    }
    return input.values.length;
  })();
}
