import type Database from 'better-sqlite3';
import type { WorkspaceSettings } from '../../../shared/contract/schemas.js';
import { pace, type Pace } from '../../../shared/kpi/achievement.js';
import {
  elapsedFraction,
  isoFromDay,
  parsePeriod,
  previousPeriod,
  remainingDays,
  samePeriodLastYear,
  type Day,
  type Period,
} from '../../../shared/kpi/periods.js';
import { computeKpis, dimTable, kpiLibrary, periodSettings, type KpiRow, type ScopeDim } from './engine.js';

export interface KpiDetail extends KpiRow {
  previous: { period: string; value: number | null };
  lastYear: { period: string; value: number | null };
  /** Only while the period is running (today inside it). */
  pace: Pace | null;
  /** For the sales cycle: the median beside the mean. */
  median: number | null;
}

function rangeLabel(p: Period): string {
  return p.partial ? `${isoFromDay(p.from)}..${isoFromDay(p.to)}` : p.label;
}

/**
 * Pace (DESIGN §6) while the period is running (today inside it), null before and after: the
 * one rule behind the dashboard's pace and a review's.
 */
export function paceWhileRunning(
  row: Pick<KpiRow, 'value' | 'target'>,
  period: Period,
  today: Day,
  isSum: boolean,
): Pace | null {
  if (today < period.from || today > period.to) return null;
  return pace(row.value, row.target, elapsedFraction(period, today), remainingDays(period, today), isSum);
}

/**
 * One KPI value with everything a review needs beside it: the previous period, the same
 * period last year, and for a running period the pace, projection and what is needed per
 * remaining day.
 */
export function kpiDetail(
  db: Database.Database,
  settings: WorkspaceSettings,
  q: { kpi: string; period: string; scope?: { dim: ScopeDim; name: string }; today: Day },
): KpiDetail {
  const ps = periodSettings(settings);
  const period = parsePeriod(q.period, ps);
  const one = (p: string) => computeKpis(db, settings, { kpis: [q.kpi], period: p, scope: q.scope })[0]!;
  const row = one(q.period);
  const prev = rangeLabel(previousPeriod(period, ps));
  const last = rangeLabel(samePeriodLastYear(period, ps));
  const isSum = kpiLibrary(db).get(q.kpi)?.rollup === 'sum';
  return {
    ...row,
    previous: { period: prev, value: one(prev).value },
    lastYear: { period: last, value: one(last).value },
    pace: paceWhileRunning(row, period, q.today, isSum),
    median: q.kpi === 'sales_cycle_days' ? medianCycle(db, period, q.scope) : null,
  };
}

function medianCycle(
  db: Database.Database,
  p: Period,
  scope?: { dim: ScopeDim; name: string },
): number | null {
  const column =
    scope?.dim === 'team'
      ? 'coalesce(d.team_id, (SELECT team_id FROM people WHERE id = d.owner_id))'
      : `d.${scope?.dim}_id`;
  const filter = scope ? `AND ${column} = (SELECT id FROM ${dimTable[scope.dim]} WHERE name = @name)` : '';
  if (scope?.dim === 'platform') return null;
  const days = db
    .prepare(
      `SELECT d.closed_day - d.created_day FROM deals d
       WHERE d.status = 'won' AND d.closed_day BETWEEN @from AND @to AND d.created_day IS NOT NULL ${filter}
       ORDER BY 1`,
    )
    .pluck()
    .all({ from: p.from, to: p.to, name: scope?.name }) as number[];
  if (days.length === 0) return null;
  const mid = days.length >> 1;
  return days.length % 2 ? days[mid]! : (days[mid - 1]! + days[mid]!) / 2;
}
