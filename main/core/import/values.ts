import { dayFromIso, type Day } from '../../../shared/kpi/periods.js';

/**
 * Cell parsers for canonical files: plain numbers and ISO dates. Each returns a value or a
 * short "expected …" text the import turns into a message naming file, row and column.
 * (Locale-aware parsing of messy exports builds on these.)
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (expected: string): Parsed<never> => ({ ok: false, expected });

const plainNumber = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseNumber(text: string): Parsed<number> {
  const t = text.trim();
  if (!plainNumber.test(t)) return fail('a number such as 1234.5');
  const n = Number(t);
  return Number.isFinite(n) ? ok(n) : fail('a finite number');
}

/** The largest amount SQLite's 64-bit integers hold in ten-thousandths. */
const MAX_E4 = 9_223_372_036_854_775_807n;
/** Decimal places kept of every amount. */
export const MONEY_DECIMALS = 4;

/**
 * Money as integer ten-thousandths of the currency unit (design handbook §4), computed from the
 * digits so 0.1 + 0.2 never drifts and 22.3680 stays 22.3680. Ad platforms write more places
 * (Meta: 2236.71510474); those are rounded half to even at the fourth, the way a spreadsheet's
 * sum of the column shown to the cent agrees, and the import summary says so. A plain number
 * when it is a safe integer, a BigInt past 2^53 (about 900 billion currency units).
 */
export function parseMoneyE4(text: string): Parsed<number | bigint> {
  const t = text.trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(t);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return fail('an amount such as 1234567.89');
  const digits = (m[3] ?? '').replace(/0+$/, '');
  const frac = digits.slice(0, MONEY_DECIMALS).padEnd(MONEY_DECIMALS, '0');
  let abs = BigInt(m[2] || '0') * 10_000n + BigInt(frac);
  const rest = digits.slice(MONEY_DECIMALS);
  if (rest !== '') {
    // Half to even: above half rounds up, exactly half rounds to an even last digit.
    const half = rest[0]! > '5' || (rest[0] === '5' && (rest.length > 1 || abs % 2n === 1n));
    if (half) abs += 1n;
  }
  if (abs > MAX_E4) return fail('an amount below 922 trillion');
  const e4 = m[1] === '-' ? -abs : abs;
  return ok(e4 >= -9_007_199_254_740_991n && e4 <= 9_007_199_254_740_991n ? Number(e4) : e4);
}

/**
 * A spreadsheet's numeric cell as money: a binary float has no exact decimal, so it is read at
 * the 15 significant digits spreadsheets show and sum (22.368000000000002 is 22.368).
 */
export function moneyE4FromNumber(n: number): Parsed<number | bigint> {
  if (!Number.isFinite(n)) return fail('a finite amount');
  return parseMoneyE4(plainDecimal(n.toPrecision(15)));
}

/** `1.50000000000000e-7` → `0.000000150000000000000`: exponent notation as plain digits. */
function plainDecimal(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const digits = m[2]! + (m[3] ?? '');
  const point = m[2]!.length + Number(m[4]);
  if (point <= 0) return `${m[1]}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${m[1]}${digits}${'0'.repeat(point - digits.length)}`;
  return `${m[1]}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A fraction (0.453) or a percentage (45.3%). */
export function parseRate(text: string): Parsed<number> {
  const t = text.trim();
  if (t.endsWith('%')) {
    const n = parseNumber(t.slice(0, -1));
    return n.ok ? ok(n.value / 100) : fail('a rate such as 0.453 or 45.3%');
  }
  const n = parseNumber(t);
  return n.ok ? n : fail('a rate such as 0.453 or 45.3%');
}

/** ISO date, with any time part ignored (dates are calendar dates). */
export function parseIsoDay(text: string): Parsed<Day> {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text.trim());
  if (!m) return fail('a date such as 2026-03-15');
  try {
    return ok(dayFromIso(m[1]!));
  } catch {
    return fail('a real calendar date such as 2026-03-15');
  }
}
