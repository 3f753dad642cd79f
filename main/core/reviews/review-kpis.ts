import type Database from 'better-sqlite3';
import type { ReviewKpi, WorkspaceSettings } from '../../../shared/contract/schemas.js';
import { parsePeriod, previousPeriod, type Day, type Period } from '../../../shared/kpi/periods.js';
import { paceWhileRunning } from '../kpi/detail.js';
import { computeKpis, kpiLibrary, periodSettings, type KpiRow, type ScopeDim } from '../kpi/engine.js';
import { listKpiSettings } from '../kpi/kpi-settings.js';

/** What closing a review stores of each KPI: every value the review showed. */
export type FrozenKpi = Omit<ReviewKpi, 'frozen' | 'changedSinceReview' | 'current'>;

type Scope = { dim: ScopeDim; name: string } | null;

/** How many periods a KPI's trend shows, the review period included. */
export const TREND_LENGTH = 6;

/** The tracked KPIs (those the dashboard shows), in catalog order. */
export function trackedKpis(db: Database.Database): string[] {
  return listKpiSettings(db)
    .filter((s) => s.tracked)
    .map((s) => s.kpi);
}

/** The review period and the periods of the same grain before it, oldest first. */
function trendPeriods(period: Period, settings: WorkspaceSettings): Period[] {
  const periods = [period];
  while (periods.length < TREND_LENGTH)
    periods.unshift(previousPeriod(periods[0]!, periodSettings(settings)));
  return periods;
}

function rowsOf(
  db: Database.Database,
  settings: WorkspaceSettings,
  kpis: string[],
  period: string,
  scope: Scope,
): Map<string, KpiRow> {
  // An empty list would make the engine compute every KPI of the library.
  if (kpis.length === 0) return new Map();
  const rows = computeKpis(db, settings, { kpis, period, ...(scope ? { scope } : {}) });
  return new Map(rows.map((r) => [r.kpi, r]));
}

/**
 * The tracked KPIs of a scope for a period as a review walks them: the value against its target,
 * the trend of the last periods and, while the period runs, the pace the dashboard shows.
 */
export function liveReviewKpis(
  db: Database.Database,
  settings: WorkspaceSettings,
  periodLabel: string,
  scope: Scope,
  today: Day,
): FrozenKpi[] {
  const kpis = trackedKpis(db);
  if (kpis.length === 0) return [];
  const period = parsePeriod(periodLabel, periodSettings(settings));
  const periods = trendPeriods(period, settings);
  const byPeriod = periods.map((p) => rowsOf(db, settings, kpis, p.label, scope));
  const shown = byPeriod[byPeriod.length - 1]!;
  const library = kpiLibrary(db);
  return kpis.map((kpi): FrozenKpi => {
    const row = shown.get(kpi)!;
    return {
      kpi,
      value: row.value,
      target: row.target,
      achievement: row.achievement,
      status: row.status,
      origin: row.origin,
      targetOrigin: row.targetOrigin,
      allocated: row.allocated,
      trend: periods.map((p, i) => ({ period: p.label, value: byPeriod[i]!.get(kpi)?.value ?? null })),
      pace: paceWhileRunning(row, period, today, library.get(kpi)?.rollup === 'sum'),
    };
  });
}

/** Values differ by float noise only when they agree to 9 significant digits. */
function sameNumber(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * A closed review's KPIs: the frozen values, each compared with what today's data gives for the
 * same period and scope. History is not rewritten; a difference is flagged with today's beside it.
 */
export function frozenReviewKpis(
  db: Database.Database,
  settings: WorkspaceSettings,
  frozen: FrozenKpi[],
  periodLabel: string,
  scope: Scope,
): ReviewKpi[] {
  const library = kpiLibrary(db);
  // A custom KPI removed since the review has no value today.
  const live = rowsOf(
    db,
    settings,
    frozen.map((k) => k.kpi).filter((kpi) => library.has(kpi)),
    periodLabel,
    scope,
  );
  return frozen.map((k): ReviewKpi => {
    const row = live.get(k.kpi);
    const current = {
      value: row?.value ?? null,
      target: row?.target ?? null,
      achievement: row?.achievement ?? null,
      status: row?.status ?? 'grey',
    };
    const changed =
      !sameNumber(k.value, current.value) ||
      !sameNumber(k.target, current.target) ||
      !sameNumber(k.achievement, current.achievement) ||
      k.status !== current.status;
    return { ...k, frozen: true, changedSinceReview: changed, ...(changed ? { current } : {}) };
  });
}
