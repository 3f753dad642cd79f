import { formatNumber } from './format.js';

export type ParseNumberError = 'empty' | 'invalid' | 'separators' | 'percent';

export type ParseNumberResult =
  | { ok: true; value: number }
  | {
      ok: false;
      error: ParseNumberError;
      /** An English message for the CLI and logs; the app shows its own translation of `error`. */
      message: string;
      /** A correctly written example in the locale, for messages. */
      example: string;
    };

export interface ParseNumberOptions {
  /**
   * The text is in percentage points (`25` or `25%`) and the result is the fraction (0.25),
   * which is how rates are stored.
   */
  percent?: boolean;
}

export interface NumberSymbols {
  group: string;
  decimal: string;
}

/** The thousands separator and decimal mark of a locale: `.` and `,` for id-ID. */
export function numberSymbols(locale: string): NumberSymbols {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  return { group: group.replace(/[\u00a0\u202f]/g, ' '), decimal };
}

const currencyCodes = new Set<string>(
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : ['IDR', 'USD'],
);

// Symbols Intl prints in front of amounts for the supported locales, plus ones people type.
const currencyPrefix = /^(rp\.?|us\$|\$|€|£|¥|[a-z]{3}(?![a-z]))\s*/i;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function failure(error: ParseNumberError, locale: string, detail: string): ParseNumberResult {
  const example = formatNumber(1234567.89, locale);
  const { group, decimal } = numberSymbols(locale);
  const messages: Record<ParseNumberError, string> = {
    empty: 'Enter a number',
    invalid: `${detail}: enter a number such as ${example}`,
    separators: `${detail}: in ${locale} "${group}" separates thousands and "${decimal}" marks decimals, as in ${example}`,
    percent: `${detail}: a percent sign is not expected here`,
  };
  return { ok: false, error, message: messages[error], example };
}

/** Moves the decimal point two places left in a plain decimal string, so 12.3% is exactly 0.123. */
function shiftTwoLeft(integer: string, fraction: string): string {
  const padded = integer.padStart(3, '0');
  return `${padded.slice(0, -2)}.${padded.slice(-2)}${fraction}`;
}

/**
 * Strictly parses a number the way a user types it in the workspace locale: `1.234.567,89`
 * and `Rp 1.234.567` in id-ID, `1,234,567.89` and `$1,234,567.89` in en-US. Thousands
 * separators are optional but, when used, must sit every three digits; anything else (another
 * locale's separators, letters, two decimal marks) is an error instead of a silently wrong value.
 */
export function parseLocaleNumber(
  text: string,
  locale: string,
  options: ParseNumberOptions = {},
): ParseNumberResult {
  let s = text.replace(/[\u00a0\u202f]/g, ' ').trim();
  const original = s;
  if (s === '') return failure('empty', locale, '');
  const quoted = `"${original}"`;

  let negative = false;
  const takeSign = () => {
    const m = /^([-−+])\s*/.exec(s);
    if (!m) return false;
    negative = m[1] !== '+';
    s = s.slice(m[0].length);
    return true;
  };
  // Accounting notation: (1.234) is a negative amount.
  const parenthesised = /^\((.*)\)$/.exec(s);
  if (parenthesised) {
    negative = true;
    s = parenthesised[1]!.trim();
  }
  const signed = !parenthesised && takeSign();
  const currency = currencyPrefix.exec(s);
  if (currency) {
    const code = currency[1]!;
    if (/^[a-z]{3}$/i.test(code) && !currencyCodes.has(code.toUpperCase())) {
      return failure('invalid', locale, quoted);
    }
    s = s.slice(currency[0].length);
    if (!signed && !parenthesised) takeSign();
  }

  const percentSign = /\s*%$/.exec(s);
  if (percentSign) {
    if (!options.percent || currency) return failure('percent', locale, quoted);
    s = s.slice(0, percentSign.index);
  }

  const { group, decimal } = numberSymbols(locale);
  const g = escape(group);
  const d = escape(decimal);
  const pattern = new RegExp(`^(?:(\\d+|[1-9]\\d{0,2}(?:${g}\\d{3})+)(?:${d}(\\d+))?|${d}(\\d+))$`);
  const match = pattern.exec(s);
  if (!match) {
    // Only digits and separators, just not in this locale's places: say which mark does what.
    const kind = /^[\d.,' ]+$/.test(s) && /\d/.test(s) ? 'separators' : 'invalid';
    return failure(kind, locale, quoted);
  }
  const integer = (match[1] ?? '0').split(group).join('');
  const fraction = match[2] ?? match[3] ?? '';
  const plain = options.percent ? shiftTwoLeft(integer, fraction) : `${integer}.${fraction || '0'}`;
  const magnitude = Number(plain);
  if (!Number.isFinite(magnitude)) return failure('invalid', locale, quoted);
  return { ok: true, value: negative && magnitude !== 0 ? -magnitude : magnitude };
}
