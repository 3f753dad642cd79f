import { FIRST_YEAR_IN_USE as FIRST_YEAR, LAST_YEAR_IN_USE as LAST_YEAR } from '../../../shared/kpi/periods';

// Period labels as the engine reads them (design handbook §3): `2025-03` a month, `2025-Q1` a
// quarter, `2025` a year, `2025-01-01..2025-02-15` a custom range. The pickers move between
// them here; every number for a period still comes from the engine.

export type PeriodGrain = 'month' | 'quarter' | 'year' | 'fiscal' | 'range';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const YEAR = /^(\d{4})$/;
const RANGE = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;
/** A fiscal year as the engine names it: FY2026 starts in the workspace's fiscal start month of 2026. */
const FISCAL = /^FY(\d{4})$/;

/**
 * The workspace's fiscal-year start month (1 = January), set when a workspace opens: the
 * pickers offer fiscal years only where they differ from calendar years.
 */
let fiscalStartMonth = 1;
export function setFiscalYearStart(month: number): void {
  fiscalStartMonth = month >= 1 && month <= 12 ? month : 1;
}
export const hasFiscalYears = (): boolean => fiscalStartMonth !== 1;

export { FIRST_YEAR, LAST_YEAR };

const yearOk = (label: string) => {
  const y = Number(label.slice(0, 4));
  return y >= FIRST_YEAR && y <= LAST_YEAR;
};
const dayOk = (iso: string) => {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === iso && yearOk(iso);
};

/** The grain of a label, or null when it is not a period a picker can show (2025-13, 0000…). */
export function grainOf(label: string): PeriodGrain | null {
  if (MONTH.test(label)) return yearOk(label) ? 'month' : null;
  if (QUARTER.test(label)) return yearOk(label) ? 'quarter' : null;
  if (YEAR.test(label)) return yearOk(label) ? 'year' : null;
  if (FISCAL.test(label)) return yearOk(label.slice(2)) ? 'fiscal' : null;
  const m = RANGE.exec(label);
  if (m && dayOk(m[1]!) && dayOk(m[2]!) && m[1]! <= m[2]!) return 'range';
  return null;
}

/** How many months a period touches: a chart of months is drawn only when it stays readable. */
export function monthsTouched(label: string): number {
  const { from, to } = periodBounds(label);
  return (
    (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
    Number(to.slice(5, 7)) -
    Number(from.slice(5, 7)) +
    1
  );
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const monthLabel = (index: number) => `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
const dayMs = 86_400_000;
const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** The first and last day of a period, as ISO dates. */
export function periodBounds(label: string): { from: string; to: string } {
  let m = MONTH.exec(label);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return { from: `${m[1]}-${m[2]}-01`, to: isoOf(Date.UTC(y, mo, 0)) };
  }
  m = QUARTER.exec(label);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return { from: `${m[1]}-${pad(q * 3 - 2)}-01`, to: isoOf(Date.UTC(y, q * 3, 0)) };
  }
  m = YEAR.exec(label);
  if (m) return { from: `${m[1]}-01-01`, to: `${m[1]}-12-31` };
  m = FISCAL.exec(label);
  if (m) {
    const y = Number(m[1]);
    const start = fiscalStartMonth;
    // It ends the day before the same month a year later.
    return { from: `${m[1]}-${pad(start)}-01`, to: isoOf(Date.UTC(y + 1, start - 1, 0)) };
  }
  m = RANGE.exec(label);
  if (m) return { from: m[1]!, to: m[2]! };
  throw new Error(`not a period: ${label}`);
}

/** The period `by` steps later (or earlier, when negative) at the same grain. */
export function shiftPeriod(label: string, by: number): string {
  let m = MONTH.exec(label);
  if (m) return monthLabel(Number(m[1]) * 12 + Number(m[2]) - 1 + by);
  m = QUARTER.exec(label);
  if (m) {
    const index = Number(m[1]) * 4 + Number(m[2]) - 1 + by;
    return `${pad(Math.floor(index / 4), 4)}-Q${(index % 4) + 1}`;
  }
  m = YEAR.exec(label);
  if (m) return pad(Number(m[1]) + by, 4);
  m = FISCAL.exec(label);
  if (m) return `FY${pad(Number(m[1]) + by, 4)}`;
  const { from, to } = periodBounds(label);
  // A custom range moves by its own length, so "the previous 45 days" stays 45 days.
  const length = (msOf(to) - msOf(from)) / dayMs + 1;
  return `${isoOf(msOf(from) + by * length * dayMs)}..${isoOf(msOf(to) + by * length * dayMs)}`;
}

/** The same period a year earlier: March 2025 → March 2024, 2025-Q1 → 2024-Q1. */
export function sameLastYear(label: string): string {
  switch (grainOf(label)) {
    case 'month':
      return shiftPeriod(label, -12);
    case 'quarter':
      return shiftPeriod(label, -4);
    case 'year':
    case 'fiscal':
      return shiftPeriod(label, -1);
    default: {
      const { from, to } = periodBounds(label);
      const back = (iso: string) =>
        `${pad(Number(iso.slice(0, 4)) - 1, 4)}${iso.slice(4)}`.replace('-02-29', '-02-28');
      return `${back(from)}..${back(to)}`;
    }
  }
}

/** The period of a grain that holds a day. */
export function periodOf(grain: Exclude<PeriodGrain, 'range'>, iso: string): string {
  const y = iso.slice(0, 4);
  const mo = Number(iso.slice(5, 7));
  if (grain === 'month') return iso.slice(0, 7);
  if (grain === 'quarter') return `${y}-Q${Math.ceil(mo / 3)}`;
  if (grain === 'fiscal') return `FY${pad(mo >= fiscalStartMonth ? Number(y) : Number(y) - 1, 4)}`;
  return y;
}

/** Every period of a grain from the one holding `first` to the one holding `last`, newest first. */
export function periodsBetween(grain: Exclude<PeriodGrain, 'range'>, first: string, last: string): string[] {
  const out: string[] = [];
  const start = periodOf(grain, first);
  // A guard against a range of centuries: 1990–2100 is the most any period list needs.
  for (let p = periodOf(grain, last); out.length < 1400; p = shiftPeriod(p, -1)) {
    out.push(p);
    if (p === start) break;
  }
  return out;
}

/** Whether today falls inside the period: then it is running, with pace and projection. */
export function isRunning(label: string, todayIso: string): boolean {
  const { from, to } = periodBounds(label);
  return from <= todayIso && todayIso <= to;
}

/** Days of a period up to and including `todayIso` (for a running period). */
export function daysElapsed(label: string, todayIso: string): number {
  return Math.round((msOf(todayIso) - msOf(periodBounds(label).from)) / dayMs) + 1;
}

/**
 * The first `days` days of a period, as a range; the period itself when it is that short. A
 * running period is compared with the same stretch of the one before, not with all of it.
 */
export function firstDaysOf(label: string, days: number): string {
  const { from, to } = periodBounds(label);
  const end = isoOf(Math.min(msOf(to), msOf(from) + (days - 1) * dayMs));
  return end === to ? label : `${from}..${end}`;
}

export function localTodayIso(now = new Date()): string {
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * A custom range that covers exactly one month, quarter or year is that period: it gets the
 * period's own target and comparisons (the engine sets targets on named periods).
 */
export function normalisePeriod(label: string): string {
  if (grainOf(label) !== 'range') return label;
  const { from, to } = periodBounds(label);
  for (const grain of ['month', 'quarter', 'year'] as const) {
    const p = periodOf(grain, from);
    const b = periodBounds(p);
    if (b.from === from && b.to === to) return p;
  }
  return label;
}
