import { dayFromYmd, daysInMonth, type Day } from '../../../shared/kpi/periods.js';
import { parseMoneyE4, parseStatus, type Parsed } from './values.js';

/**
 * Reading the values of messy real-world exports (design handbook §4, §8): numbers whose decimal
 * mark depends on the exporting locale, money, durations, dates in any day/month order, date-range
 * title lines and deal status words.
 *
 * Every column is judged as a whole first (`inferDecimalMark`, `inferDateOrder`) because a single
 * cell such as `2,146` or `03/04/2025` cannot say what it means; the cell parsers then take the
 * column's decision, or `null` when none was made, in which case only values that settle their
 * own meaning are accepted. A wrong guess would silently corrupt KPI values, so an undecidable
 * value is an error that tells the user which option settles it.
 *
 * Failures carry the text that follows "expected" in the import's message. No parser throws on
 * any input, and every cell longer than a real value could be is refused before any pattern runs.
 */

// ---------------------------------------------------------------------------------------------
// Shared

const fail = (expected: string): { ok: false; expected: string } => ({ ok: false, expected });

/** Far longer than any real number or date cell; refusing early keeps pathological cells cheap. */
const MAX_VALUE_LENGTH = 256;

const tooLong = (text: string): boolean =>
  text.length > MAX_VALUE_LENGTH && text.trim().length > MAX_VALUE_LENGTH;

/**
 * Cells that mean "no value" in the exports users bring: Google Ads writes ` --`, GA writes
 * `(not set)`, spreadsheets `#N/A`, people `-`, `—` or `N/A`. `NA` is included because it is what
 * pandas-style tools write for a missing number.
 */
const nullTokens = new Set(['', '-', '--', '—', '–', 'n/a', 'na', '#n/a', '(not set)']);

const isNullToken = (t: string): boolean => nullTokens.has(t.toLowerCase());

// ---------------------------------------------------------------------------------------------
// Numbers

export type DecimalMark = ',' | '.';

export type NumberCell =
  | {
      ok: true;
      value: number | null;
      /** The text ended in `%`: the value is in percent units and a rate is value / 100. */
      percent: boolean;
      /** ISO code (or the bare symbol when it names several currencies, `$`, `¥`) if one was written. */
      currency: string | null;
    }
  | { ok: false; expected: string };

export interface DecimalMarkInference {
  mark: DecimalMark | null;
  /** A short example for the import summary, or why no mark could be chosen. */
  evidence: string | null;
  /** Some value means different numbers depending on the mark, and nothing settled it. */
  ambiguous: boolean;
  /** Values that each settle the mark disagree (e.g. `1.234,5` and `1,234.5` in one column). */
  conflict: boolean;
}

interface Digits {
  int: string;
  frac: string;
  exp: number;
}

interface PeeledNumber {
  negative: boolean;
  percent: boolean;
  currency: string | null;
  body: string;
  /** `Rp 15.000,-` writes the decimal mark with a dash for "no cents", which settles the mark. */
  forcedMark: DecimalMark | null;
}

type Peeled = { kind: 'value'; value: PeeledNumber } | { kind: 'null'; percent: boolean } | { kind: 'bad' };

const currencyPrefix = /^(?:rp\.?|idr|us\$|usd|eur|inr|rs\.?|gbp|sgd|s\$|myr|rm|aud|a\$|jpy|[$€£₹¥])/i;
const currencySuffix = /(?:rp|idr|usd|eur|inr|gbp|sgd|myr|aud|jpy|[$€£₹¥])$/i;

function currencyCode(written: string): string {
  const w = written.toLowerCase().replace(/\.$/, '');
  const codes: Record<string, string> = {
    rp: 'IDR',
    us$: 'USD',
    '€': 'EUR',
    '£': 'GBP',
    '₹': 'INR',
    rs: 'INR',
    s$: 'SGD',
    rm: 'MYR',
    a$: 'AUD',
  };
  return codes[w] ?? (/^[a-z]{3}$/.test(w) ? w.toUpperCase() : written);
}

const isMinus = (c: string | undefined): boolean => c === '-' || c === '\u2212';

/**
 * Strips what surrounds the digits: signs, accounting parentheses, currency before or after,
 * `%`, and the Indonesian `,-`. One sign at most, so `-(5)` or `+-5` are refused rather than
 * guessed at.
 */
function peel(text: string): Peeled {
  let s = text.trim();
  if (isNullToken(s)) return { kind: 'null', percent: false };
  let negative = false;
  let signed = false;
  let currency: string | null = null;
  let percent = false;
  let forcedMark: DecimalMark | null = null;

  for (;;) {
    const c = s[0];
    if (c === '(' && s.endsWith(')') && !signed) {
      negative = signed = true;
      s = s.slice(1, -1).trim();
    } else if ((c === '+' || isMinus(c)) && !signed) {
      negative = isMinus(c);
      signed = true;
      s = s.slice(1).trim();
    } else if (currency === null && currencyPrefix.test(s)) {
      const m = currencyPrefix.exec(s)!;
      currency = currencyCode(m[0]);
      s = s.slice(m[0].length).trim();
    } else break;
  }
  for (;;) {
    if (s.endsWith('%') && !percent && currency === null) {
      percent = true;
      s = s.slice(0, -1).trim();
    } else if ((s.endsWith(',-') || s.endsWith('.-')) && forcedMark === null && !percent) {
      forcedMark = s.endsWith(',-') ? ',' : '.';
      s = s.slice(0, -2);
    } else if (currency === null && !percent && currencySuffix.test(s)) {
      const m = currencySuffix.exec(s)!;
      currency = currencyCode(m[0]);
      s = s.slice(0, -m[0].length).trim();
    } else break;
  }
  if (!/^[\d.,]/.test(s)) return { kind: 'bad' };
  return { kind: 'value', value: { negative, percent, currency, body: s, forcedMark } };
}

const digitsOnly = /^\d+$/;

/**
 * Removes grouping separators from an integer part, accepting only well-formed groups so a
 * misread (a decimal taken for grouping) is refused instead of silently multiplied by 1000.
 * Indian lakh grouping (`12,34,567`) is accepted too: INR exports use it.
 */
function ungroup(s: string, mark: DecimalMark): string | null {
  const seps = new Set(s.replace(/\d/g, ''));
  if (seps.size !== 1) return null;
  const g = [...seps][0]!;
  if (g !== ' ' && g !== "'" && g !== (mark === '.' ? ',' : '.')) return null;
  const groups = s.split(g);
  const rest = groups.slice(1);
  const western = /^[1-9]\d{0,2}$/.test(groups[0]!) && rest.every((x) => /^\d{3}$/.test(x));
  const indian =
    g === ',' &&
    groups.length >= 3 &&
    /^[1-9]\d?$/.test(groups[0]!) &&
    rest.slice(0, -1).every((x) => /^\d{2}$/.test(x)) &&
    /^\d{3}$/.test(rest[rest.length - 1]!);
  return western || indian ? groups.join('') : null;
}

/** The digits of a number body (no sign, currency or `%`) read with the given decimal mark. */
function readBody(body: string, mark: DecimalMark): Digits | null {
  let b = body.replace(/\s/g, ' ').replace(/[’ʼ]/g, "'");
  let exp = 0;
  const e = /[eE]([+-]?\d{1,3})$/.exec(b);
  if (e) {
    exp = Number(e[1]);
    b = b.slice(0, e.index);
  }
  const at = b.indexOf(mark);
  if (at !== b.lastIndexOf(mark)) return null;
  let int = at < 0 ? b : b.slice(0, at);
  const frac = at < 0 ? '' : b.slice(at + 1);
  if (at >= 0 && !digitsOnly.test(frac)) return null;
  if (int === '' && frac === '') return null;
  if (int !== '' && !digitsOnly.test(int)) {
    // Excel never groups digits in scientific notation.
    if (e) return null;
    const plain = ungroup(int, mark);
    if (plain === null) return null;
    int = plain;
  }
  return { int, frac, exp };
}

/** The value as plain decimal digits split at the point, with the exponent applied exactly. */
function shift(d: Digits): { int: string; frac: string } {
  const all = d.int + d.frac;
  const point = d.int.length + d.exp;
  if (point <= 0) return { int: '0', frac: '0'.repeat(-point) + all };
  if (point >= all.length) return { int: all + '0'.repeat(point - all.length), frac: '' };
  return { int: all.slice(0, point), frac: all.slice(point) };
}

/** Shortest exact decimal text, used to compare readings and to show them to the user. */
function canonical(d: Digits, negative = false): string {
  const { int, frac } = shift(d);
  const i = int.replace(/^0+(?=\d)/, '');
  const f = frac.replace(/0+$/, '');
  const zero = /^0*$/.test(i + f);
  return `${negative && !zero ? '-' : ''}${i}${f ? `.${f}` : ''}`;
}

type Reading =
  | { kind: 'none' }
  | { kind: 'same' }
  | { kind: 'only'; mark: DecimalMark }
  | { kind: 'depends'; dot: string; comma: string };

function readWith(p: PeeledNumber, mark: DecimalMark): Digits | null {
  return p.forcedMark !== null && p.forcedMark !== mark ? null : readBody(p.body, mark);
}

/**
 * Both readings of a value whose mark is unknown. An amount written with a currency is never
 * taken to have three decimals (none of the currencies recognised has them), so `Rp 250.000`
 * and `IDR 250,000` both settle themselves as 250000; an explicit mark is still taken literally.
 */
function readBoth(p: PeeledNumber): { dot: Digits | null; comma: Digits | null } {
  const plausible = (d: Digits | null): Digits | null =>
    d && p.currency !== null && d.frac.length === 3 && d.exp === 0 ? null : d;
  return { dot: plausible(readWith(p, '.')), comma: plausible(readWith(p, ',')) };
}

function readingOf(text: string): Reading {
  if (tooLong(text)) return { kind: 'none' };
  const p = peel(text);
  if (p.kind !== 'value') return { kind: 'none' };
  const { dot, comma } = readBoth(p.value);
  if (dot && comma) {
    const a = canonical(dot);
    const b = canonical(comma);
    return a === b ? { kind: 'same' } : { kind: 'depends', dot: a, comma: b };
  }
  if (dot) return { kind: 'only', mark: '.' };
  if (comma) return { kind: 'only', mark: ',' };
  return { kind: 'none' };
}

const hasMark = (text: string, mark: DecimalMark): string => `"${text.trim()}" has '${mark}' as decimal mark`;

/**
 * Decides a column's decimal mark from its values. A value settles the mark when only one
 * reading of it is a well-formed number (`12,5`, `1.234.567`, `0,5`, `1.234,56`); `2,146` reads
 * well both ways and settles nothing. Integers need no mark at all.
 */
export function inferDecimalMark(samples: string[]): DecimalMarkInference {
  const first: Partial<Record<DecimalMark, string>> = {};
  let depends: { text: string; dot: string; comma: string } | undefined;
  for (const text of samples) {
    const r = readingOf(text);
    if (r.kind === 'only') first[r.mark] ??= text;
    else if (r.kind === 'depends') depends ??= { text, dot: r.dot, comma: r.comma };
  }
  const ambiguous = depends !== undefined;
  const comma = first[','];
  const dot = first['.'];
  if (comma !== undefined && dot !== undefined) {
    return {
      mark: null,
      evidence: `${hasMark(comma, ',')} but "${dot.trim()}" has '.'`,
      ambiguous,
      conflict: true,
    };
  }
  if (comma !== undefined)
    return { mark: ',', evidence: hasMark(comma, ','), ambiguous: false, conflict: false };
  if (dot !== undefined) return { mark: '.', evidence: hasMark(dot, '.'), ambiguous: false, conflict: false };
  if (depends) {
    return {
      mark: null,
      evidence: `"${depends.text.trim()}" could be ${depends.dot} or ${depends.comma} and no value in the column settles the decimal mark`,
      ambiguous: true,
      conflict: false,
    };
  }
  return { mark: null, evidence: null, ambiguous: false, conflict: false };
}

/**
 * The decimal mark of a column of counts (sessions, clicks, followers…). A count is whole, so a
 * value that reads as a whole number one way and a fraction the other (`2,146`: 2146 or 2.146)
 * settles the mark: the other character is a thousands separator. Values that settle the mark
 * by themselves still decide first; a column whose values would need different marks to be
 * whole is left undecided.
 */
export function inferCountMark(samples: string[]): DecimalMarkInference {
  const own = inferDecimalMark(samples);
  if (own.mark !== null || own.conflict) return own;
  let decided: { mark: DecimalMark; text: string } | undefined;
  for (const text of samples) {
    const r = readingOf(text);
    if (r.kind !== 'depends') continue;
    const wholeWithDot = !r.dot.includes('.');
    const wholeWithComma = !r.comma.includes('.');
    // `1,000` is whole either way (1000 or 1) and settles nothing.
    if (wholeWithDot === wholeWithComma) continue;
    const mark: DecimalMark = wholeWithDot ? '.' : ',';
    if (decided && decided.mark !== mark) return own;
    decided ??= { mark, text };
  }
  if (!decided) return own;
  const separator = decided.mark === '.' ? ',' : '.';
  return {
    mark: decided.mark,
    evidence: `'${separator}' as thousands separator: a count is whole ("${decided.text.trim()}")`,
    ambiguous: false,
    conflict: false,
  };
}

/** True when the mark is unknown and at least one value means different numbers under each. */
export function isNumberAmbiguous(samples: string[], mark: DecimalMark | null): boolean {
  return mark === null && samples.some((s) => readingOf(s).kind === 'depends');
}

/**
 * A file-wide decision from the per-column ones, for columns that settle nothing alone: in a
 * Dutch UA export the session counts (`2.546`) are undecidable but the rates (`"99,88%"`) beside
 * them are not. Columns that disagree leave the file undecided. Pass only the columns mapped to
 * numeric fields: text columns such as UA's browser versions (`8.0`) look like numbers too.
 */
export function combineDecimalMarks(columns: DecimalMarkInference[]): DecimalMarkInference {
  const ambiguous = columns.some((c) => c.ambiguous);
  const conflicting = columns.find((c) => c.conflict);
  if (conflicting) return { ...conflicting, ambiguous };
  const byMark = new Map<DecimalMark, DecimalMarkInference>();
  for (const c of columns) if (c.mark !== null && !byMark.has(c.mark)) byMark.set(c.mark, c);
  const comma = byMark.get(',');
  const dot = byMark.get('.');
  if (comma && dot) {
    return { mark: null, evidence: `${comma.evidence} but ${dot.evidence}`, ambiguous, conflict: true };
  }
  const decided = comma ?? dot;
  if (decided) return { ...decided, ambiguous: false };
  return {
    mark: null,
    evidence: columns.find((c) => c.ambiguous)?.evidence ?? null,
    ambiguous,
    conflict: false,
  };
}

function numberExpected(mark: DecimalMark | null): string {
  if (mark === ',') return "a number with ',' as decimal mark, such as 1.234.567,89, Rp 1.234.567 or 45,3%";
  if (mark === '.') return "a number with '.' as decimal mark, such as 1,234,567.89, $1,234.50 or 45.3%";
  return 'a number such as 1.234.567,89, 1,234,567.89, Rp 1.234.567 or 45,3%';
}

type DigitsCell =
  | { ok: true; kind: 'null'; percent: boolean }
  | { ok: true; kind: 'value'; number: PeeledNumber; digits: Digits }
  | { ok: false; expected: string };

const bound = /^(?:[<>]=?|[≤≥])\s*/;

function readCell(text: string, mark: DecimalMark | null): DigitsCell {
  if (tooLong(text)) return fail(numberExpected(mark));
  const t = text.trim();
  const b = bound.exec(t);
  if (b) {
    // Google Ads' `< 10%` / `> 90%` state a bound, not a measurement; treating them as 10 or 90
    // would invent data, so they import as "no value", like ` --`.
    const rest = peel(t.slice(b[0].length));
    if (rest.kind !== 'value') return fail(numberExpected(mark));
    const readable =
      mark === null ? readingOf(t.slice(b[0].length)).kind !== 'none' : readWith(rest.value, mark);
    return readable ? { ok: true, kind: 'null', percent: rest.value.percent } : fail(numberExpected(mark));
  }
  const p = peel(t);
  if (p.kind === 'null') return { ok: true, kind: 'null', percent: p.percent };
  if (p.kind === 'bad') return fail(numberExpected(mark));
  if (mark !== null) {
    const d = readWith(p.value, mark);
    return d ? { ok: true, kind: 'value', number: p.value, digits: d } : fail(numberExpected(mark));
  }
  const { dot, comma } = readBoth(p.value);
  if (dot && comma && canonical(dot) !== canonical(comma)) {
    const [a, b] = [canonical(dot, p.value.negative), canonical(comma, p.value.negative)];
    return fail(
      `a number whose decimal mark is known ("${t}" could be ${a} or ${b}); set --decimal , or --decimal .`,
    );
  }
  const d = dot ?? comma;
  return d ? { ok: true, kind: 'value', number: p.value, digits: d } : fail(numberExpected(null));
}

/**
 * One number cell. `mark` is the column's decimal mark, or null when undecided: then values that
 * settle themselves are read and values that could mean two numbers are refused.
 */
export function parseNumberCell(text: string, mark: DecimalMark | null): NumberCell {
  const r = readCell(text, mark);
  if (!r.ok) return r;
  if (r.kind === 'null') return { ok: true, value: null, percent: r.percent, currency: null };
  const value = Number(canonical(r.digits, r.number.negative));
  if (!Number.isFinite(value)) return fail('a finite number');
  return { ok: true, value: value === 0 ? 0 : value, percent: r.number.percent, currency: r.number.currency };
}

/**
 * Money as integer ten-thousandths, computed from the written digits so no float ever touches
 * the amount; more than 4 decimal places is refused (see parseMoneyE4).
 */
export function parseMoneyCell(text: string, mark: DecimalMark | null): Parsed<number | bigint | null> {
  const r = readCell(text, mark);
  if (!r.ok) return r;
  if (r.kind === 'null')
    return r.percent ? fail('an amount of money, not a percentage') : { ok: true, value: null };
  if (r.number.percent) return fail('an amount of money, not a percentage');
  const { int, frac } = shift(r.digits);
  return parseMoneyE4(`${r.number.negative ? '-' : ''}${int}.${frac}`);
}

const durationExpected = 'a duration such as 00:01:06, 1:06 or 66 (seconds)';

const clock = /^(?:(\d{1,6}):([0-5]?\d):|(\d{1,6}):)([0-5]\d)(?:[.,](\d{1,9}))?$/;
const unitDuration =
  /^(?:(\d{1,6})\s*(?:h|hrs?|hours?|jam)\s*)?(?:(\d{1,6})\s*(?:m|mins?|minutes?|menit)\s*)?(?:(\d{1,6}(?:[.,]\d{1,9})?)\s*(?:s|secs?|seconds?|detik))?$/i;

/**
 * A duration in seconds: `hh:mm:ss` (UA), `m:ss` (Clarity), `1h 2m 3s` / `2 menit 5 detik`, or a
 * plain number of seconds (GA4) read with the column's decimal mark.
 */
export function parseDurationCell(text: string, mark: DecimalMark | null = null): Parsed<number | null> {
  if (tooLong(text)) return fail(durationExpected);
  const t = text.trim();
  if (isNullToken(t)) return { ok: true, value: null };
  const c = clock.exec(t);
  if (c) {
    const hours = Number(c[1] ?? 0);
    const minutes = Number(c[2] ?? c[3]);
    const fraction = c[5] ? Number(`0.${c[5]}`) : 0;
    return { ok: true, value: hours * 3600 + minutes * 60 + Number(c[4]) + fraction };
  }
  const u = unitDuration.exec(t);
  if (u && (u[1] ?? u[2] ?? u[3]) !== undefined) {
    const seconds = Number((u[3] ?? '0').replace(',', '.'));
    return { ok: true, value: Number(u[1] ?? 0) * 3600 + Number(u[2] ?? 0) * 60 + seconds };
  }
  const n = parseNumberCell(t, mark);
  if (!n.ok) return n.expected.startsWith('a number whose') ? n : fail(durationExpected);
  if (n.percent || n.currency !== null) return fail(durationExpected);
  if (n.value !== null && n.value < 0) return fail('a duration that is not negative');
  return { ok: true, value: n.value };
}

// ---------------------------------------------------------------------------------------------
// Dates

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

// ---------------------------------------------------------------------------------------------
// Status words

export type StatusWord = 'open' | 'won' | 'lost';

const statusKey = (word: string): string =>
  word
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

/**
 * Deal status (handbook §8): won / closed won / menang / berhasil, lost / closed lost / kalah /
 * gagal, anything else open. `--won`/`--lost` words are compared after the same folding as the
 * cell, so `--won Deal_Won` matches `deal won`.
 */
export function parseStatusWord(text: string, extra: { won?: string[]; lost?: string[] } = {}): StatusWord {
  return parseStatus(text, { won: extra.won?.map(statusKey), lost: extra.lost?.map(statusKey) });
}
