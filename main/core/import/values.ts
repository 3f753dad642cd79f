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

/**
 * Money as integer minor units (hundredths), computed from the digits so 0.1 + 0.2 never
 * drifts; a third decimal is rounded half away from zero.
 */
export function parseMoneyMinor(text: string): Parsed<number> {
  const t = text.trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(t);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return fail('an amount such as 1234567.89');
  const sign = m[1] === '-' ? -1 : 1;
  const frac = (m[3] ?? '').padEnd(3, '0');
  let minor = Number(m[2] || '0') * 100 + Number(frac.slice(0, 2));
  if (Number(frac[2]) >= 5) minor += 1;
  if (!Number.isSafeInteger(minor)) return fail('an amount below 90 trillion');
  return ok(sign * minor);
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

const wonWords = new Set(['won', 'closed won', 'closedwon', 'menang', 'berhasil']);
const lostWords = new Set(['lost', 'closed lost', 'closedlost', 'kalah', 'gagal']);

/** Deal status words (design handbook §8); anything unrecognised is an open deal. */
export function parseStatus(
  text: string,
  extra: { won?: string[]; lost?: string[] } = {},
): 'open' | 'won' | 'lost' {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
  if (wonWords.has(t) || extra.won?.some((w) => w.trim().toLowerCase() === t)) return 'won';
  if (lostWords.has(t) || extra.lost?.some((w) => w.trim().toLowerCase() === t)) return 'lost';
  return 'open';
}
