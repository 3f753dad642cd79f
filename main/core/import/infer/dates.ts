import { dayFromYmd, daysInMonth, type Day } from '../../../../shared/kpi/periods.js';
import type { Parsed } from '../values.js';
import { fail, isNullToken, tooLong } from './cells.js';

/**
 * Dates in any day/month order, Excel serials and date-range title lines. A column's order is
 * inferred from all its cells first (`inferDateOrder`), because a single cell such as
 * `03/04/2025` cannot say what it means.
 */

export type DateOrder = 'YMD' | 'DMY' | 'MDY';

export interface DateOrderInference {
  order: DateOrder | null;
  /** A short example for the import summary, or why no order could be chosen. */
  evidence: string | null;
  /** The column cannot be read without the user's `--date-format`. */
  ambiguous: boolean;
  /** Values that each settle the order disagree (`13/01/2025` and `01/13/2025`). */
  conflict: boolean;
}

export interface DateRange {
  from: Day;
  /** Inclusive. */
  to: Day;
}

const monthNames: Record<string, number> = {};
(
  [
    ['january', 'jan', 'januari'],
    ['february', 'feb', 'februari', 'peb', 'pebruari'],
    ['march', 'mar', 'maret'],
    ['april', 'apr'],
    ['may', 'mei'],
    ['june', 'jun', 'juni'],
    ['july', 'jul', 'juli'],
    ['august', 'aug', 'agustus', 'agu', 'agt', 'ags', 'agus'],
    ['september', 'sep', 'sept'],
    ['october', 'oct', 'oktober', 'okt'],
    ['november', 'nov', 'nop', 'nopember'],
    ['december', 'dec', 'desember', 'des'],
  ] as const
).forEach((names, i) => {
  for (const n of names) monthNames[n] = i + 1;
});

const weekdayNames = new Set([
  ...['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
  ...['mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun'],
  ...['senin', 'selasa', 'rabu', 'kamis', 'jumat', "jum'at", 'sabtu', 'minggu', 'ahad'],
  ...['sen', 'sel', 'rab', 'kam', 'jum', 'sab', 'min'],
]);

const englishMonths = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Times are ignored (dates are calendar dates, never shifted by a zone) but must look like times. */
const time = String.raw`(?:,?(?:T|\s+)\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,9})?(?:\s*[ap]\.?m\.?)?(?:\s*(?:z|utc|gmt|wib|wita|wit|[+-]\d{2}(?::?\d{2})?))?)?`;
const yearFirst = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${time}$`, 'i');
const compactDate = /^(\d{4})(\d{2})(\d{2})$/;
const serialText = /^(\d{1,7})(?:[.,]\d{1,12})?$/;
const numericDate = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})${time}$`, 'i');
const monthFirst = new RegExp(
  String.raw`^(?:([\p{L}']+)\.?,?\s+)?(\p{L}+)\.?[\s/-]*(\d{1,2})(?:st|nd|rd|th)?,?[\s/-]+(\d{4}|\d{2})${time}$`,
  'iu',
);
const dayFirst = new RegExp(
  String.raw`^(?:([\p{L}']+)\.?,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s/.-]*(\p{L}+)\.?,?[\s/-]+(\d{4}|\d{2})${time}$`,
  'iu',
);

/** Two-digit years as spreadsheets read them: 00–69 → 2000s, 70–99 → 1900s. */
function fullYear(text: string): number {
  const y = Number(text);
  if (text.length !== 2) return y;
  return y < 70 ? 2000 + y : 1900 + y;
}

function calendarProblem(year: number, month: number, day: number): string | null {
  if (year < 1 || year > 9999) return `there is no year ${year}`;
  if (month < 1 || month > 12) return `there is no month ${month}`;
  if (day < 1 || day > daysInMonth(year, month))
    return `there is no day ${day} in ${englishMonths[month - 1]} ${year}`;
  return null;
}

const isRealDate = (y: number, m: number, d: number): boolean => calendarProblem(y, m, d) === null;

function dayOf(y: number, m: number, d: number, orderWords?: string): Parsed<Day> {
  const problem = calendarProblem(y, m, d);
  if (problem) return fail(`a real calendar date${orderWords ? ` in ${orderWords} order` : ''} (${problem})`);
  return { ok: true, value: dayFromYmd(y, m, d) };
}

const orderWords: Record<DateOrder, string> = {
  YMD: 'year-month-day',
  DMY: 'day/month/year',
  MDY: 'month/day/year',
};

const dateExpected =
  'a date such as 2025-01-31, 31/01/2025, 31 Januari 2025 or an Excel serial number such as 45688';

/** Excel serial dates given as text are taken from 1927 to 2173; beyond that a number is far likelier something else. */
const SERIAL_TEXT_MIN = 10000;
const SERIAL_TEXT_MAX = 100000;

const excelEpoch1900 = dayFromYmd(1899, 12, 30);
const excelEpoch1904 = dayFromYmd(1904, 1, 1);

/**
 * Excel serial → day. In the 1900 system Excel counts a 29 February 1900 that never was (a bug
 * kept from Lotus 1-2-3): serial 60 names that day and throws, and serials below it are one day
 * later than their count suggests. Fractions are times of day and are ignored.
 */
export function excelSerialToDay(serial: number, system: 1900 | 1904 = 1900): Day {
  if (!Number.isFinite(serial))
    throw new RangeError(`Invalid Excel serial ${serial}: expected a finite number`);
  const whole = Math.floor(serial);
  if (system === 1904) {
    if (whole < 0 || whole > 2957003)
      throw new RangeError(`Invalid Excel 1904 serial ${serial}: expected 0 to 2957003`);
    return excelEpoch1904 + whole;
  }
  if (whole < 1 || whole > 2958465)
    throw new RangeError(`Invalid Excel serial ${serial}: expected 1 to 2958465`);
  if (whole === 60) throw new RangeError('Excel serial 60 is 29 February 1900, a day that did not exist');
  return whole < 60 ? excelEpoch1900 + whole + 1 : excelEpoch1900 + whole;
}

function monthNumber(word: string): number | undefined {
  return monthNames[word.toLowerCase()];
}

function isWeekday(word: string | undefined): boolean {
  return word === undefined || weekdayNames.has(word.toLowerCase());
}

/** `a/b/year` with the day and month positions taken from the order, or from the value itself. */
function dayMonth(a: number, b: number, year: number, order: DateOrder | null, text: string): Parsed<Day> {
  if (order === 'DMY') return dayOf(year, b, a, orderWords.DMY);
  if (order === 'MDY') return dayOf(year, a, b, orderWords.MDY);
  const dmy = isRealDate(year, b, a);
  const mdy = isRealDate(year, a, b);
  if (dmy && mdy && a !== b) {
    return fail(
      `a date whose day/month order is known ("${text}" could be ${a} ${englishMonths[b - 1]} ${year} or ${b} ${englishMonths[a - 1]} ${year}); set --date-format DD/MM/YYYY or MM/DD/YYYY`,
    );
  }
  if (dmy) return dayOf(year, b, a);
  if (mdy) return dayOf(year, a, b);
  // Neither reading is a real date; explain it the way Indonesian users write dates unless only
  // month-first could have been meant.
  return a <= 12 && b > 12 ? dayOf(year, a, b) : dayOf(year, b, a);
}

/**
 * One date cell. `order` is the column's day/month order or null when undecided; year-first,
 * compact, month-name and serial dates carry their own order and are read under any setting.
 */
export function parseDateCell(text: string, order: DateOrder | null): Parsed<Day | null> {
  if (tooLong(text)) return fail(dateExpected);
  const t = text.trim();
  if (isNullToken(t)) return { ok: true, value: null };

  const iso = yearFirst.exec(t);
  if (iso) return dayOf(Number(iso[1]), Number(iso[3]), Number(iso[4]));

  const compact = compactDate.exec(t);
  if (compact) return dayOf(Number(compact[1]), Number(compact[2]), Number(compact[3]));

  const serial = serialText.exec(t);
  if (serial) {
    const n = Number(serial[1]);
    if (n < SERIAL_TEXT_MIN || n > SERIAL_TEXT_MAX) {
      return fail(
        `a date; a plain number is read as an Excel serial only from ${SERIAL_TEXT_MIN} to ${SERIAL_TEXT_MAX}`,
      );
    }
    return { ok: true, value: excelSerialToDay(n) };
  }

  const num = numericDate.exec(t);
  if (num) {
    const [a, b, c] = [num[1]!, num[3]!, num[4]!];
    // `--date-format YY-MM-DD`: with year-first declared, all-two-digit dates are read year first.
    if (order === 'YMD' && a.length === 2 && c.length === 2) {
      return dayOf(fullYear(a), Number(b), Number(c), orderWords.YMD);
    }
    return dayMonth(Number(a), Number(b), fullYear(c), order === 'YMD' ? null : order, t);
  }

  const mf = monthFirst.exec(t);
  if (mf && isWeekday(mf[1]) && monthNumber(mf[2]!) !== undefined) {
    return dayOf(fullYear(mf[4]!), monthNumber(mf[2]!)!, Number(mf[3]));
  }
  const df = dayFirst.exec(t);
  if (df && isWeekday(df[1]) && monthNumber(df[3]!) !== undefined) {
    return dayOf(fullYear(df[4]!), monthNumber(df[3]!)!, Number(df[2]));
  }
  return fail(dateExpected);
}

type DateReading = 'none' | 'YMD' | 'DMY' | 'MDY' | 'depends';

function dateReadingOf(text: string): DateReading {
  if (tooLong(text)) return 'none';
  const t = text.trim();
  const iso = yearFirst.exec(t);
  if (iso) return isRealDate(Number(iso[1]), Number(iso[3]), Number(iso[4])) ? 'YMD' : 'none';
  const compact = compactDate.exec(t);
  if (compact) return isRealDate(Number(compact[1]), Number(compact[2]), Number(compact[3])) ? 'YMD' : 'none';
  const num = numericDate.exec(t);
  if (!num) return 'none';
  const [a, b, year] = [Number(num[1]), Number(num[3]), fullYear(num[4]!)];
  const dmy = isRealDate(year, b, a);
  const mdy = isRealDate(year, a, b);
  if (dmy && mdy) return a === b ? 'none' : 'depends';
  return dmy ? 'DMY' : mdy ? 'MDY' : 'none';
}

/**
 * Decides a column's date order from its values: year-first dates say YMD; in `a/b/year` a part
 * that cannot be a month settles which is the day. Year-first values never conflict with the
 * others because they read the same under every order.
 */
export function inferDateOrder(samples: string[]): DateOrderInference {
  const first: Partial<Record<DateReading, string>> = {};
  for (const s of samples) {
    const r = dateReadingOf(s);
    if (r !== 'none') first[r] ??= s.trim();
  }
  const { DMY: dmy, MDY: mdy, YMD: ymd, depends } = first;
  if (dmy !== undefined && mdy !== undefined) {
    return {
      order: null,
      evidence: `"${dmy}" can only be day/month/year but "${mdy}" can only be month/day/year`,
      ambiguous: true,
      conflict: true,
    };
  }
  if (dmy !== undefined)
    return {
      order: 'DMY',
      evidence: `"${dmy}" can only be day/month/year`,
      ambiguous: false,
      conflict: false,
    };
  if (mdy !== undefined)
    return {
      order: 'MDY',
      evidence: `"${mdy}" can only be month/day/year`,
      ambiguous: false,
      conflict: false,
    };
  if (depends !== undefined) {
    return {
      order: null,
      evidence: `"${depends}" could be day/month/year or month/day/year and no value in the column settles it`,
      ambiguous: true,
      conflict: false,
    };
  }
  if (ymd !== undefined)
    return { order: 'YMD', evidence: `"${ymd}" is year-month-day`, ambiguous: false, conflict: false };
  return { order: null, evidence: null, ambiguous: false, conflict: false };
}

/**
 * `--date-format` text → order: `DD/MM/YYYY`, `MM-DD-YY`, `D.MM.YYYY`, `YYYY-MM-DD`, and the
 * Indonesian `HH/BB/TTTT` (hari/bulan/tahun). Null when the text names no supported order.
 */
export function dateOrderFromFormat(format: string): DateOrder | null {
  let f = format.trim().toUpperCase();
  if (!/[DMY]/.test(f)) f = f.replace(/H/g, 'D').replace(/B/g, 'M').replace(/T/g, 'Y');
  const letters = f.replace(/[^DMY]/g, '').replace(/(.)\1+/g, '$1');
  return letters === 'YMD' || letters === 'DMY' || letters === 'MDY' ? letters : null;
}

const rangeSeparators = [
  /\s*\.\.\s*/,
  /\s+(?:-|–|—|to|until|s\.?\/d\.?|sampai|hingga)\s+/i,
  /\s*[–—]\s*/,
  /\s*-\s*(?=\d{8}$)/,
];

const monthWordIn = (text: string): string | undefined =>
  text.split(/[^\p{L}]+/u).find((w) => w !== '' && monthNumber(w) !== undefined);

/** `July 8 - 31, 2025`: the end borrows the start's month. */
function completeRight(left: string, right: string, order: DateOrder): Day | null {
  const month = monthWordIn(left);
  if (!month) return null;
  for (const c of [`${month} ${right}`, right.replace(/^(\d{1,2})\b/, `$1 ${month}`)]) {
    const to = parseDateCell(c, order);
    if (to.ok && to.value !== null) return to.value;
  }
  return null;
}

/** `8 - 31 Juli 2025`, `July 8 - August 3, 2025`, `Dec 28 - Jan 3, 2026`: the start borrows from the end. */
function completeLeft(left: string, right: string, order: DateOrder, to: Day): Day | null {
  const year = /(\d{4})(?!.*\d{4})/.exec(right)?.[1];
  if (!year) return null;
  const month = monthWordIn(right);
  for (const y of [Number(year), Number(year) - 1]) {
    const candidates = [`${left} ${y}`, `${left}, ${y}`];
    if (month) candidates.push(`${month} ${left}, ${y}`, `${left} ${month} ${y}`);
    for (const c of candidates) {
      const from = parseDateCell(c, order);
      if (from.ok && from.value !== null && from.value <= to) return from.value;
    }
  }
  return null;
}

function rangeOf(left: string, right: string, order: DateOrder | null): DateRange | null {
  if (left === '' || right === '') return null;
  const inferred = inferDateOrder([left, right]);
  if (inferred.conflict) return null;
  // Date-range title lines come from US-built tools (Clarity, Google Ads) that write the month
  // first, so that is the reading when neither end nor the caller settles it.
  const use = inferred.order === 'DMY' || inferred.order === 'MDY' ? inferred.order : (order ?? 'MDY');
  const parsedTo = parseDateCell(right, use);
  const to = parsedTo.ok && parsedTo.value !== null ? parsedTo.value : completeRight(left, right, use);
  if (to === null) return null;
  const from = parseDateCell(left, use);
  if (from.ok && from.value !== null) return from.value <= to ? { from: from.value, to } : null;
  const completed = completeLeft(left, right, use, to);
  return completed === null ? null : { from: completed, to };
}

/**
 * The date range of an export's title line: Google Ads `July 8, 2025 - July 31, 2025` (also
 * `July 8 - 31, 2025`), Clarity `02/01/2025 12:00 AM - 08/04/2025 11:59 PM`, UA
 * `# 20140101-20140131`, `2025-01-01..2025-01-31`, `1 Juli 2025 s/d 31 Juli 2025`. Null when the
 * text is no range (`All time`) or ends before it starts.
 */
export function parseDateRangeText(text: string, order: DateOrder | null = null): DateRange | null {
  if (tooLong(text)) return null;
  const t = text
    .trim()
    .replace(/^"([^"]*)"$/, '$1')
    .replace(/^#\s*/, '')
    .replace(/^\p{L}[\p{L} ]*:\s+/u, '')
    .trim();
  for (const separator of rangeSeparators) {
    const parts = t.split(separator);
    if (parts.length !== 2) continue;
    const range = rangeOf(parts[0]!.trim(), parts[1]!.trim(), order);
    if (range) return range;
  }
  return null;
}
