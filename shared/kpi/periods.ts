/**
 * Calendar periods (design handbook §4–§6, §8): parsing the period texts users and the CLI
 * write, splitting a period into finer or coarser grains, comparison periods and pace.
 *
 * Every date is a calendar date held as an integer day number, so there is no time zone to
 * shift a date across midnight and every comparison is exact integer arithmetic.
 */

/** Days since 1970-01-01 (day 0); negative before it. */
export type Day = number;

export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** The day a workspace's weeks start on; Monday is ISO 8601. */
export type WeekStart = 'monday' | 'sunday' | 'saturday';
export const weekStarts: readonly WeekStart[] = ['monday', 'sunday', 'saturday'];

export interface PeriodSettings {
  /** 1–12; 1 makes the fiscal year the calendar year. */
  fiscalYearStartMonth: number;
  /**
   * Monday (the default) gives ISO weeks. A Sunday or Saturday week keeps the ISO label of the
   * week whose Monday it holds and starts one or two days before that Monday: with Sunday,
   * `2026-W06` is 2026-02-01..2026-02-07.
   */
  weekStart?: WeekStart;
}

export interface Period {
  /** Canonical text of the whole period (`2026-W09`, `FY2026-Q1`, `2026-01-01..2026-03-31`). */
  label: string;
  grain: Grain | 'range';
  /** True only for `FY…` years and quarters; other grains do not depend on the fiscal calendar. */
  fiscal: boolean;
  from: Day;
  /** Inclusive. */
  to: Day;
  /** Set when from/to were clipped to a parent period, so they no longer match the label. */
  partial?: boolean;
}

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

export interface IsoWeek {
  /** The ISO week-numbering year, which differs from the calendar year around 1 January. */
  year: number;
  week: number;
}

/**
 * The years targets, typed values and the period pickers accept: a year 0 or 9999 is a typo, and
 * a target or value there could never be listed or met.
 */
export const FIRST_YEAR_IN_USE = 1990;
export const LAST_YEAR_IN_USE = 2100;

export const periodForms =
  '2026-03-15, 2026-W09, 2026-03, 2026-Q1, 2026, FY2026, FY2026-Q1 or 2026-01-01..2026-03-31';

/** Text a user gave, as an error message may echo it: its start, never megabytes of it. */
export function shortText(input: string, max = 80): string {
  return input.length > max ? `${input.slice(0, max)}…` : input;
}

export class PeriodError extends Error {
  readonly input: string;
  /** What exactly is wrong when the text has a period's shape but names no real period. */
  readonly reason: string | undefined;
  constructor(input: string, reason?: string) {
    // A pasted paragraph is no period: the message shows its start, not megabytes of it.
    super(`'${shortText(input)}' is not a period: expected ${periodForms}${reason ? ` (${reason})` : ''}`);
    this.name = 'PeriodError';
    this.input = input;
    this.reason = reason;
  }
}

// ---------------------------------------------------------------------------------------------
// Day numbers

const floorDiv = (a: number, b: number): number => Math.floor(a / b);
const mod = (a: number, b: number): number => ((a % b) + b) % b;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function ymdProblem(year: number, month: number, day: number): string | undefined {
  if (!Number.isSafeInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) {
    return 'year, month and day must be whole numbers';
  }
  if (month < 1 || month > 12) return `there is no month ${pad2(month)}`;
  const last = daysInMonth(year, month);
  if (day < 1 || day > last)
    return `there is no day ${pad2(day)} in ${pad4(year)}-${pad2(month)}, it has ${last} days`;
  return undefined;
}

/**
 * Proleptic Gregorian date → day number. The year is counted from 1 March so the leap day
 * falls at the end and month lengths follow a fixed 153-day pattern (H. Hinnant's
 * days_from_civil); 400-year eras keep it exact for negative years too.
 */
export function dayFromYmd(year: number, month: number, day: number): Day {
  const problem = ymdProblem(year, month, day);
  if (problem) throw new RangeError(`Invalid date ${year}-${month}-${day}: ${problem}`);
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = floorDiv(153 * (month > 2 ? month - 3 : month + 9) + 2, 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Inverse of {@link dayFromYmd} (H. Hinnant's civil_from_days). */
export function ymdFromDay(day: Day): Ymd {
  assertDay(day);
  const z = day + 719468;
  const era = floorDiv(z, 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = floorDiv(
    dayOfEra - floorDiv(dayOfEra, 1460) + floorDiv(dayOfEra, 36524) - floorDiv(dayOfEra, 146096),
    365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100));
  const mp = floorDiv(5 * dayOfYear + 2, 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - floorDiv(153 * mp + 2, 5) + 1,
  };
}

function assertDay(day: Day): void {
  if (!Number.isSafeInteger(day)) throw new RangeError(`Invalid day number ${day}: expected a whole number`);
}

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2026-03-15` → day number; anything but a real date in exactly that form throws. */
export function dayFromIso(text: string): Day {
  const match = isoDatePattern.exec(text);
  if (!match) throw new Error(`Invalid date '${text}': expected YYYY-MM-DD such as 2026-03-15`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const problem = ymdProblem(year, month, day);
  if (problem) throw new Error(`Invalid date '${text}': ${problem}`);
  return dayFromYmd(year, month, day);
}

/**
 * The user's calendar date, in the computer's own time zone: in Jakarta (UTC+7) the day starts at
 * 00:00 WIB, not at 07:00 when UTC's date changes, so the running period and its pace follow
 * the wall calendar.
 */
export function todayDay(now: Date = new Date()): Day {
  return dayFromYmd(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

export function isoFromDay(day: Day): string {
  const { year, month, day: d } = ymdFromDay(day);
  return `${pad4(year)}-${pad2(month)}-${pad2(d)}`;
}

/** 1 = Monday … 7 = Sunday (ISO 8601). Day 0 was a Thursday. */
export function weekdayOfDay(day: Day): number {
  assertDay(day);
  return mod(day + 3, 7) + 1;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Labels must parse back, and the period grammar only has four-digit years. */
function pad4(year: number): string {
  if (!Number.isInteger(year) || year < 0 || year > 9999) {
    throw new RangeError(`Year ${year} is outside 0000–9999 and cannot be written as a period`);
  }
  return String(year).padStart(4, '0');
}

// ---------------------------------------------------------------------------------------------
// ISO weeks

/** Monday of week 1, which is the week holding 4 January (equivalently the first Thursday). */
function isoWeekOneMonday(isoYear: number): Day {
  const jan4 = dayFromYmd(isoYear, 1, 4);
  return jan4 - (weekdayOfDay(jan4) - 1);
}

export function isoWeeksInYear(isoYear: number): 52 | 53 {
  return (isoWeekOneMonday(isoYear + 1) - isoWeekOneMonday(isoYear)) / 7 === 53 ? 53 : 52;
}

export function isoWeekOfDay(day: Day): IsoWeek {
  // A week belongs to the year its Thursday falls in.
  const thursday = day - weekdayOfDay(day) + 4;
  const year = ymdFromDay(thursday).year;
  return { year, week: floorDiv(thursday - dayFromYmd(year, 1, 1), 7) + 1 };
}

/** Days a workspace's week starts before the ISO week's Monday. */
function weekShift(settings: PeriodSettings): number {
  const start = settings.weekStart ?? 'monday';
  const shift = weekStarts.indexOf(start);
  if (shift < 0)
    throw new RangeError(`Invalid week start '${String(start)}': expected ${weekStarts.join(', ')}`);
  return shift;
}

/** The week (by ISO label) that holds `day` when weeks start `shift` days before Monday. */
function weekOfDay(day: Day, shift: number): IsoWeek {
  return isoWeekOfDay(day + shift);
}

function weekPeriod(isoYear: number, week: number, shift: number): Period {
  const from = isoWeekOneMonday(isoYear) + (week - 1) * 7 - shift;
  return { label: `${pad4(isoYear)}-W${pad2(week)}`, grain: 'week', fiscal: false, from, to: from + 6 };
}

// ---------------------------------------------------------------------------------------------
// Months, quarters and years, calendar or fiscal

/** Months counted from year 0, so quarter and fiscal arithmetic needs no carrying. */
type MonthIndex = number;

const monthIndexOf = (year: number, month: number): MonthIndex => year * 12 + month - 1;
const firstDayOfMonthIndex = (index: MonthIndex): Day =>
  dayFromYmd(floorDiv(index, 12), mod(index, 12) + 1, 1);

function monthSpan(label: string, grain: Grain, fiscal: boolean, first: MonthIndex, count: number): Period {
  return {
    label,
    grain,
    fiscal,
    from: firstDayOfMonthIndex(first),
    to: firstDayOfMonthIndex(first + count) - 1,
  };
}

function startMonth(settings: PeriodSettings): number {
  const m = settings.fiscalYearStartMonth;
  if (!Number.isInteger(m) || m < 1 || m > 12) {
    throw new RangeError(`Invalid fiscal year start month ${m}: expected a whole number from 1 to 12`);
  }
  return m;
}

/** A fiscal year is named after the calendar year it starts in. */
function yearStart(year: number, fiscal: boolean, settings: PeriodSettings): MonthIndex {
  return monthIndexOf(year, fiscal ? startMonth(settings) : 1);
}

function yearLabel(year: number, fiscal: boolean): string {
  return fiscal ? `FY${pad4(year)}` : pad4(year);
}

function monthPeriod(year: number, month: number): Period {
  return monthSpan(`${pad4(year)}-${pad2(month)}`, 'month', false, monthIndexOf(year, month), 1);
}

function quarterPeriod(year: number, quarter: number, fiscal: boolean, settings: PeriodSettings): Period {
  const label = `${yearLabel(year, fiscal)}-Q${quarter}`;
  return monthSpan(label, 'quarter', fiscal, yearStart(year, fiscal, settings) + (quarter - 1) * 3, 3);
}

function yearPeriod(year: number, fiscal: boolean, settings: PeriodSettings): Period {
  return monthSpan(yearLabel(year, fiscal), 'year', fiscal, yearStart(year, fiscal, settings), 12);
}

function dayPeriod(day: Day): Period {
  return { label: isoFromDay(day), grain: 'day', fiscal: false, from: day, to: day };
}

function rangePeriod(from: Day, to: Day): Period {
  return { label: `${isoFromDay(from)}..${isoFromDay(to)}`, grain: 'range', fiscal: false, from, to };
}

/** The (possibly fiscal) year a month belongs to, and the month's 0-based place in that year. */
function yearAndOffset(index: MonthIndex, fiscal: boolean, settings: PeriodSettings): [number, number] {
  const shifted = index - (fiscal ? startMonth(settings) - 1 : 0);
  return [floorDiv(shifted, 12), mod(shifted, 12)];
}

// ---------------------------------------------------------------------------------------------
// Parsing

const patterns = {
  day: /^(\d{4})-(\d{2})-(\d{2})$/,
  week: /^(\d{4})-W(\d{2})$/i,
  month: /^(\d{4})-(\d{2})$/,
  quarter: /^(FY)?(\d{4})-Q(\d)$/i,
  year: /^(FY)?(\d{4})$/i,
  range: /^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$/,
};

/** Parses a period as written in §8 (plus `FY…` forms). Whitespace around it is ignored. */
export function parsePeriod(text: string, settings: PeriodSettings): Period {
  startMonth(settings);
  weekShift(settings);
  const input = text.trim();
  let m: RegExpExecArray | null;

  if ((m = patterns.day.exec(input))) {
    return dayPeriod(dayOrFail(input, m[0]));
  }
  if ((m = patterns.week.exec(input))) {
    const [year, week] = [Number(m[1]), Number(m[2])];
    const weeks = isoWeeksInYear(year);
    if (week < 1 || week > weeks) {
      throw new PeriodError(
        input,
        `there is no week ${pad2(week)} in ${pad4(year)}, it has ${weeks} ISO weeks`,
      );
    }
    return weekPeriod(year, week, weekShift(settings));
  }
  if ((m = patterns.month.exec(input))) {
    const [year, month] = [Number(m[1]), Number(m[2])];
    if (month < 1 || month > 12) throw new PeriodError(input, `there is no month ${pad2(month)}`);
    return monthPeriod(year, month);
  }
  if ((m = patterns.quarter.exec(input))) {
    const quarter = Number(m[3]);
    if (quarter < 1 || quarter > 4) throw new PeriodError(input, `there is no quarter ${quarter}`);
    return quarterPeriod(Number(m[2]), quarter, m[1] !== undefined, settings);
  }
  if ((m = patterns.year.exec(input))) {
    return yearPeriod(Number(m[2]), m[1] !== undefined, settings);
  }
  if ((m = patterns.range.exec(input))) {
    const from = dayOrFail(input, m[1] ?? '');
    const to = dayOrFail(input, m[2] ?? '');
    if (from > to) throw new PeriodError(input, 'the range ends before it starts');
    return rangePeriod(from, to);
  }
  throw new PeriodError(input);
}

/**
 * A custom range that is exactly a month, a quarter or a year (calendar, or fiscal where the
 * workspace's year starts later) is that period: its targets and typed values are the month's.
 * Anything else is returned as it is.
 */
export function canonicalPeriod(p: Period, settings: PeriodSettings): Period {
  if (p.grain !== 'range') return p;
  const fiscal = startMonth(settings) !== 1;
  for (const grain of ['month', 'quarter', 'year'] as const) {
    for (const inFiscal of fiscal && grain !== 'month' ? [false, true] : [false]) {
      const whole = periodContaining(p.from, grain, settings, inFiscal);
      if (whole.from === p.from && whole.to === p.to) return whole;
    }
  }
  return p;
}

function dayOrFail(input: string, iso: string): Day {
  const match = isoDatePattern.exec(iso);
  const problem = match && ymdProblem(Number(match[1]), Number(match[2]), Number(match[3]));
  if (!match || problem) throw new PeriodError(input, problem || `${iso} is not a date`);
  return dayFromIso(iso);
}

// ---------------------------------------------------------------------------------------------
// Navigating periods

/**
 * The period of `grain` holding `day`. `fiscal` only changes quarters and years; weeks start on
 * the workspace's week start and carry ISO labels, so around 1 January they may carry the
 * neighbouring year's label.
 */
export function periodContaining(day: Day, grain: Grain, settings: PeriodSettings, fiscal = false): Period {
  startMonth(settings);
  switch (grain) {
    case 'day':
      return dayPeriod(day);
    case 'week': {
      const shift = weekShift(settings);
      const { year, week } = weekOfDay(day, shift);
      return weekPeriod(year, week, shift);
    }
    case 'month': {
      const { year, month } = ymdFromDay(day);
      return monthPeriod(year, month);
    }
    case 'quarter': {
      const { year, month } = ymdFromDay(day);
      const [fy, offset] = yearAndOffset(monthIndexOf(year, month), fiscal, settings);
      return quarterPeriod(fy, floorDiv(offset, 3) + 1, fiscal, settings);
    }
    case 'year': {
      const { year, month } = ymdFromDay(day);
      const [fy] = yearAndOffset(monthIndexOf(year, month), fiscal, settings);
      return yearPeriod(fy, fiscal, settings);
    }
  }
}

/**
 * The periods of `grain` overlapping `period`, in order, clipped to it. A coarser grain gives
 * the enclosing period(s) clipped. Quarters and years follow the parent's fiscal-ness unless
 * `fiscal` says otherwise (e.g. a fiscal year split into calendar quarters).
 */
export function splitPeriod(
  period: Period,
  grain: Grain,
  settings: PeriodSettings,
  fiscal: boolean = period.fiscal,
): Period[] {
  const pieces: Period[] = [];
  let day = period.from;
  while (day <= period.to) {
    const whole = periodContaining(day, grain, settings, fiscal);
    // Without this the loop would never advance (and exhaust memory) if a period were miscomputed.
    if (whole.from > day || whole.to < day) {
      throw new Error(`Internal error: ${whole.label} does not contain ${isoFromDay(day)}`);
    }
    const from = Math.max(whole.from, period.from);
    const to = Math.min(whole.to, period.to);
    pieces.push(from === whole.from && to === whole.to ? whole : { ...whole, from, to, partial: true });
    day = whole.to + 1;
  }
  return pieces;
}

/**
 * How many periods {@link splitPeriod} gives for the same arguments, counted by arithmetic: a
 * question can be sized (and refused) before a single period is built.
 */
export function countPeriods(
  period: Period,
  grain: Grain,
  settings: PeriodSettings,
  fiscal: boolean = period.fiscal,
): number {
  switch (grain) {
    case 'day':
      return period.to - period.from + 1;
    case 'week': {
      // Weeks start `shift` days before the ISO Monday (Sunday or Saturday weeks).
      const shift = weekShift(settings);
      const start = (day: Day) => day + shift - (weekdayOfDay(day + shift) - 1);
      return (start(period.to) - start(period.from)) / 7 + 1;
    }
    default: {
      const size = grain === 'month' ? 1 : grain === 'quarter' ? 3 : 12;
      // Months counted from the (fiscal) year's first month, so quarters and years are whole blocks.
      const shift = grain !== 'month' && fiscal ? startMonth(settings) - 1 : 0;
      const block = (day: Day) => {
        const { year, month } = ymdFromDay(day);
        return floorDiv(monthIndexOf(year, month) - shift, size);
      };
      return block(period.to) - block(period.from) + 1;
    }
  }
}

/**
 * Clipped pieces are compared as the whole period their label names: "the month before" a
 * half-month piece is the whole previous month.
 */
function wholePeriod(period: Period, settings: PeriodSettings): Period {
  if (period.grain === 'range') return period;
  return periodContaining(period.from, period.grain, settings, period.fiscal);
}

/** The period of the same grain just before; for a range, the range of equal length ending the day before. */
export function previousPeriod(period: Period, settings: PeriodSettings): Period {
  if (period.grain === 'range') return rangePeriod(2 * period.from - period.to - 1, period.from - 1);
  const whole = wholePeriod(period, settings);
  return periodContaining(whole.from - 1, period.grain, settings, period.fiscal);
}

/** Same month and day one year earlier; 29 February becomes 28 February. */
function sameDayLastYear(day: Day): Day {
  const { year, month, day: d } = ymdFromDay(day);
  return dayFromYmd(year - 1, month, Math.min(d, daysInMonth(year - 1, month)));
}

/**
 * The same period one year earlier. Weeks keep their ISO week number (week 53 becomes 52 when
 * the previous ISO year has none), so a week is compared with the same season's week and
 * weekdays line up.
 */
export function samePeriodLastYear(period: Period, settings: PeriodSettings): Period {
  switch (period.grain) {
    case 'range':
      return rangePeriod(sameDayLastYear(period.from), sameDayLastYear(period.to));
    case 'week': {
      const shift = weekShift(settings);
      const { year, week } = weekOfDay(period.from, shift);
      return weekPeriod(year - 1, Math.min(week, isoWeeksInYear(year - 1)), shift);
    }
    default: {
      const whole = wholePeriod(period, settings);
      return periodContaining(sameDayLastYear(whole.from), period.grain, settings, period.fiscal);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Pace

export function daysIn(period: Period): number {
  return period.to - period.from + 1;
}

/** Share of the period gone by at the end of `today` (today counts as elapsed). */
export function elapsedFraction(period: Period, today: Day): number {
  if (today < period.from) return 0;
  if (today >= period.to) return 1;
  return (today - period.from + 1) / daysIn(period);
}

/** Days of the period still to come after `today`. */
export function remainingDays(period: Period, today: Day): number {
  if (today < period.from) return daysIn(period);
  if (today >= period.to) return 0;
  return period.to - today;
}

/** Days two inclusive ranges share; 0 when they are disjoint or either is empty. */
export function overlapDays(aFrom: Day, aTo: Day, bFrom: Day, bTo: Day): number {
  return Math.max(0, Math.min(aTo, bTo) - Math.max(aFrom, bFrom) + 1);
}
