import { clipText } from '../../../../shared/format/brief.js';
import { parseMoneyE4, type Parsed } from '../values.js';
import { fail, isNullToken, tooLong } from './cells.js';

/**
 * Numbers whose decimal mark depends on the exporting locale, money, counts, rates and durations.
 * A column's decimal mark is inferred from all its cells first (`inferDecimalMark`), because a
 * single cell such as `2,146` cannot say what it means.
 */

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

const hasMark = (text: string, mark: DecimalMark): string =>
  `"${clipText(text.trim())}" has '${mark}' as decimal mark`;

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
    evidence: `'${separator}' as thousands separator: a count is whole ("${clipText(decided.text.trim())}")`,
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
