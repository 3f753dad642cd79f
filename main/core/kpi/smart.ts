import type Database from 'better-sqlite3';
import type { SmartCheck, WorkspaceSettings } from '../../../shared/contract/schemas.js';
import { periodContaining, ymdFromDay, type Day } from '../../../shared/kpi/periods.js';
import { listScorecards } from '../scoring/scorecards.js';
import { computeKpis, kpiLibrary, periodSettings } from './engine.js';
import { listKpiSettings } from './kpi-settings.js';

/** Months counted from year 0, so "a year earlier" is 12 less and ranges need no carrying. */
type MonthIndex = number;

const pad2 = (n: number) => String(n).padStart(2, '0');
const monthLabel = (index: MonthIndex) => `${Math.floor(index / 12)}-${pad2((index % 12) + 1)}`;
const monthIndexOfLabel = (label: string): MonthIndex => {
  const [y, m] = label.split('-').map(Number) as [number, number];
  return y * 12 + m - 1;
};
const monthIndexOfDay = (day: Day): MonthIndex => {
  const { year, month } = ymdFromDay(day);
  return year * 12 + month - 1;
};
/** `2025-11-01..2026-10-31`: whole months, so a split by month gives each month's own label. */
const monthRange = (first: MonthIndex, last: MonthIndex) => {
  const end = new Date(Date.UTC(Math.floor(last / 12), (last % 12) + 1, 0)).toISOString().slice(0, 10);
  return `${monthLabel(first)}-01..${end}`;
};

interface TargetRow {
  kpi: string;
  scope_key: string;
  period: string;
  value: number | null;
  band_low: number | null;
  band_high: number | null;
}

/**
 * Whether each tracked KPI is SMART (in catalog order), judged on `today`:
 * - specific: a target for a person or team, or a scorecard assigned to someone, holds it;
 * - measurable: it has a value, computed or typed for any scope, in one of the last three
 *   complete months;
 * - achievable: the change the company's monthly target needs over the same month a year
 *   earlier is no more than the best such change in the twelve months before (the running
 *   month's target first, else the latest month with one); unknown without that history;
 * - relevant: a scorecard gives it a balanced-scorecard perspective;
 * - time-bound: the company has a target for the running month, quarter or year.
 */
export function smartChecks(db: Database.Database, settings: WorkspaceSettings, today: Day): SmartCheck[] {
  const library = kpiLibrary(db);
  const tracked = listKpiSettings(db)
    .filter((s) => s.tracked)
    .map((s) => s.kpi)
    .filter((code) => library.has(code));
  if (tracked.length === 0) return [];

  const targets = db
    .prepare('SELECT kpi, scope_key, period, value, band_low, band_high FROM targets ORDER BY period')
    .all() as TargetRow[];
  const scorecards = listScorecards(db);
  const running = monthIndexOfDay(today);
  // A month is complete once its last day is behind us; the running month never is.
  const lastComplete = running - 1;

  const measurable = measurableMonths(db, settings, tracked, lastComplete);
  const achievable = achievability(db, settings, tracked, targets, library, lastComplete, running);
  const timeBound = runningPeriods(settings, today);

  return tracked.map((kpi) => {
    const own = targets.filter((t) => t.kpi === kpi);
    const targetScopes = distinctScopes(own.map((t) => t.scope_key));
    const onCards = scorecards.filter((c) => c.lines.some((l) => l.kpi === kpi));
    const assigned = onCards
      .filter((c) => c.assignedTo.length > 0)
      .map((c) => ({ name: c.name, assignedTo: c.assignedTo }));
    const perspectives = onCards.flatMap((c) => {
      const perspective = c.lines.find((l) => l.kpi === kpi)?.perspective ?? null;
      return perspective === null ? [] : [{ scorecard: c.name, perspective }];
    });
    const companyPeriods = new Set(own.filter((t) => t.scope_key === '').map((t) => t.period));
    const withTarget = timeBound.labels.filter((label) => companyPeriods.has(label));
    const withValue = measurable.withValue.get(kpi) ?? [];
    return {
      kpi,
      specific: { met: targetScopes.length > 0 || assigned.length > 0, targetScopes, scorecards: assigned },
      measurable: { met: withValue.length > 0, months: measurable.months, withValue },
      achievable: achievable.get(kpi)!,
      relevant: {
        met: perspectives.length > 0,
        perspectives,
        withoutPerspective: onCards
          .filter((c) => !perspectives.some((p) => p.scorecard === c.name))
          .map((c) => c.name),
      },
      timeBound: {
        met: withTarget.length > 0,
        month: timeBound.month,
        quarter: timeBound.quarter,
        year: timeBound.year,
        withTarget,
      },
    };
  });
}

/** People and teams with a target for the KPI, each once, people first. */
function distinctScopes(scopeKeys: string[]): SmartCheck['specific']['targetScopes'] {
  const seen = new Map<string, { dim: 'owner' | 'team'; name: string }>();
  for (const key of scopeKeys) {
    const at = key.indexOf('=');
    const dim = key.slice(0, at);
    if (dim !== 'owner' && dim !== 'team') continue;
    seen.set(key, { dim, name: key.slice(at + 1) });
  }
  return [...seen.values()].sort((a, b) =>
    a.dim === b.dim ? a.name.localeCompare(b.name) : a.dim === 'owner' ? -1 : 1,
  );
}

/** The last three complete months, and per KPI those with a value for the company or any scope. */
function measurableMonths(
  db: Database.Database,
  settings: WorkspaceSettings,
  kpis: string[],
  lastComplete: MonthIndex,
): { months: string[]; withValue: Map<string, string[]> } {
  const months = [lastComplete - 2, lastComplete - 1, lastComplete].map(monthLabel);
  const found = new Map<string, Set<string>>(kpis.map((k) => [k, new Set()]));
  const rows = computeKpis(db, settings, {
    kpis,
    period: monthRange(lastComplete - 2, lastComplete),
    grain: 'month',
  });
  for (const r of rows) if (r.value !== null) found.get(r.kpi)?.add(r.period);
  // A value typed for one person only never reaches the company's figure, yet it is measured.
  const typed = db
    .prepare('SELECT DISTINCT kpi, period FROM kpi_values WHERE period IN (?, ?, ?)')
    .all(...months) as { kpi: string; period: string }[];
  for (const t of typed) found.get(t.kpi)?.add(t.period);
  return {
    months,
    withValue: new Map([...found].map(([kpi, set]) => [kpi, months.filter((m) => set.has(m))])),
  };
}

type Achievable = SmartCheck['achievable'];

function achievability(
  db: Database.Database,
  settings: WorkspaceSettings,
  kpis: string[],
  targets: TargetRow[],
  library: ReturnType<typeof kpiLibrary>,
  lastComplete: MonthIndex,
  running: MonthIndex,
): Map<string, Achievable> {
  const out = new Map<string, Achievable>();
  const unknown = (kpi: string, reason: NonNullable<Achievable['reason']>, extra: Partial<Achievable> = {}) =>
    out.set(kpi, {
      met: null,
      reason,
      direction: library.get(kpi)!.direction,
      month: null,
      lastYearMonth: null,
      target: null,
      lastYear: null,
      needed: null,
      best: null,
      bestMonth: null,
      ...extra,
    });

  // The month judged: the running month's company target, else the latest month that has one.
  const chosen = new Map<string, TargetRow>();
  for (const kpi of kpis) {
    const months = targets.filter(
      (t) => t.kpi === kpi && t.scope_key === '' && /^\d{4}-\d{2}$/.test(t.period),
    );
    const pick = months.find((t) => monthIndexOfLabel(t.period) === running) ?? months.at(-1);
    if (!pick) unknown(kpi, 'no_target');
    else if (library.get(kpi)!.direction === 'band' || pick.band_low !== null || pick.band_high !== null)
      unknown(kpi, 'band', { month: pick.period });
    else chosen.set(kpi, pick);
  }

  // One question per judged month: its year-earlier month and the 24 months behind the changes.
  const byMonth = new Map<string, string[]>();
  for (const [kpi, t] of chosen) byMonth.set(t.period, [...(byMonth.get(t.period) ?? []), kpi]);
  for (const [month, group] of byMonth) {
    const m = monthIndexOfLabel(month);
    const first = m - 24;
    // Only complete months count: a running month's part would look like a collapse.
    const last = Math.min(m - 1, lastComplete);
    const values = new Map<string, number | null>();
    if (first <= last) {
      for (const r of computeKpis(db, settings, {
        kpis: group,
        period: monthRange(first, last),
        grain: 'month',
      }))
        values.set(`${r.kpi}|${r.period}`, r.value);
    }
    const valueOf = (kpi: string, index: MonthIndex) => values.get(`${kpi}|${monthLabel(index)}`) ?? null;
    for (const kpi of group) {
      const target = chosen.get(kpi)!.value!;
      const direction = library.get(kpi)!.direction;
      const lastYear = valueOf(kpi, m - 12);
      const facts = { month, lastYearMonth: monthLabel(m - 12), target, lastYear };
      // A change is only a change from something: a year-earlier value of 0 or below has none.
      if (lastYear === null || lastYear <= 0) {
        unknown(kpi, 'no_last_year', facts);
        continue;
      }
      let best: { change: number; month: string } | null = null;
      for (let x = m - 12; x < m; x++) {
        const now = valueOf(kpi, x);
        const before = valueOf(kpi, x - 12);
        if (now === null || before === null || before <= 0) continue;
        const change = now / before - 1;
        const better = best === null || (direction === 'lower' ? change < best.change : change > best.change);
        if (better) best = { change, month: monthLabel(x) };
      }
      if (best === null) {
        unknown(kpi, 'no_history', facts);
        continue;
      }
      const needed = target / lastYear - 1;
      out.set(kpi, {
        met: direction === 'lower' ? needed >= best.change : needed <= best.change,
        reason: null,
        direction,
        ...facts,
        needed,
        best: best.change,
        bestMonth: best.month,
      });
    }
  }
  return out;
}

/**
 * The running month, quarter and year as targets name them (fiscal where the workspace's year
 * does not start in January), and every label a company target for them may carry.
 */
function runningPeriods(settings: WorkspaceSettings, today: Day) {
  const ps = periodSettings(settings);
  const fiscal = settings.fiscalYearStartMonth !== 1;
  const month = periodContaining(today, 'month', ps).label;
  const quarter = periodContaining(today, 'quarter', ps, fiscal).label;
  const year = periodContaining(today, 'year', ps, fiscal).label;
  const labels = new Set([month, quarter, year]);
  for (const grain of ['quarter', 'year'] as const) {
    labels.add(periodContaining(today, grain, ps, false).label);
    labels.add(periodContaining(today, grain, ps, true).label);
  }
  return { month, quarter, year, labels: [...labels] };
}
