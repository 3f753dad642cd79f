import type { KpiUnit } from '../contract/schemas.js';

/** What a formatter needs from the workspace settings. */
export interface FormatSettings {
  locale: string;
  currency: string;
}

/** Shown wherever a KPI has no value: no data is not the same as zero. */
export const NO_VALUE = '—';

// Intl puts no-break and narrow no-break spaces into some formats (`Rp 1.234`, `2 min`). Plain
// spaces keep the output identical in the app, the CLI, CSV files and tests; the UI keeps values
// from wrapping with CSS instead.
function plainSpaces(text: string): string {
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    // 'negative' never shows a sign on zero, so a tiny negative rounding to 0 does not print "-0".
    formatter = new Intl.NumberFormat(locale, { signDisplay: 'negative', ...options });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * The language of the words inside formatted values ("hari"/"days", "jt"/"M", "mnt"/"min").
 * Digits, separators and the currency symbol always follow the workspace locale; the words
 * follow the UI language where one is set, so an English screen on an Indonesian workspace
 * reads `Rp 1,5B` and `36,4 days` rather than `Rp 1,5 M` (miliar, misread as million) and
 * `36,4 hari`. The CLI sets none and keeps the workspace's words.
 */
let unitWordsLocale: string | null = null;

export function setUnitWordsLocale(locale: string | null): void {
  unitWordsLocale = locale;
}

/** Formats with the workspace locale's digits and symbols and the UI language's words. */
function formatWithWords(value: number, locale: string, options: Intl.NumberFormatOptions): string {
  const words = unitWordsLocale;
  if (!words || words === locale) return plainSpaces(numberFormat(locale, options).format(value));
  const probe = numberFormat(locale, { ...options, notation: 'standard' }).formatToParts(1234567.5);
  const symbol = (type: Intl.NumberFormatPartTypes, fallback: string) =>
    probe.find((p) => p.type === type)?.value ?? fallback;
  const decimal = symbol('decimal', '.');
  const group = symbol('group', ',');
  const currency = symbol('currency', '');
  const parts = numberFormat(words, options).formatToParts(value);
  return plainSpaces(
    parts
      .map((p) =>
        p.type === 'decimal'
          ? decimal
          : p.type === 'group'
            ? group
            : p.type === 'currency' && currency
              ? currency
              : p.value,
      )
      .join(''),
  );
}

export interface NumberFormatOptions {
  minimumFractionDigits?: number;
  maximumFractionDigits?: number;
}

/** `1.234.567,89` (id-ID) or `1,234,567.89` (en-US); at most two decimals unless asked. */
export function formatNumber(value: number, locale: string, options: NumberFormatOptions = {}): string {
  const maximumFractionDigits = options.maximumFractionDigits ?? 2;
  const minimumFractionDigits = Math.min(options.minimumFractionDigits ?? 0, maximumFractionDigits);
  return plainSpaces(numberFormat(locale, { minimumFractionDigits, maximumFractionDigits }).format(value));
}

/**
 * Currencies whose minor unit nobody writes any more: Rupiah prices and reports never show
 * sen (ISO 4217 still lists two decimals for IDR), so amounts are rounded to whole units.
 */
const WHOLE_UNIT_CURRENCIES = new Set(['IDR', 'JPY', 'KRW', 'VND', 'CLP', 'ISK', 'HUF', 'UGX', 'PYG']);

/**
 * `Rp 1.234.567` for IDR in id-ID. Rupiah shows whole rupiah; in other currencies whole
 * amounts show no decimals (tiles and tables stay readable) and an amount with cents shows two.
 */
export function formatMoney(value: number, currency: string, locale: string): string {
  const digits =
    WHOLE_UNIT_CURRENCIES.has(currency.toUpperCase()) || Number.isInteger(Math.round(value * 100) / 100)
      ? 0
      : 2;
  return plainSpaces(
    numberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay: 'symbol',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value),
  );
}

/** The value is a fraction: 0.25 → `25%`. */
export function formatPercent(fraction: number, locale: string, maximumFractionDigits = 1): string {
  return plainSpaces(numberFormat(locale, { style: 'percent', maximumFractionDigits }).format(fraction));
}

/** A multiple such as ROMI: 1.5 → `1,5×` (id-ID). */
export function formatRatio(value: number, locale: string): string {
  return `${formatNumber(value, locale)}×`;
}

function unit(locale: string, name: string, value: number, display: 'short' | 'long'): string {
  return formatWithWords(value, locale, {
    style: 'unit',
    unit: name,
    unitDisplay: display,
    maximumFractionDigits: 1,
  });
}

/** Seconds as hours, minutes and seconds: 125 → `2 min 5 sec` (en-US), `2 mnt 5 dtk` (id-ID). */
export function formatDuration(seconds: number, locale: string): string {
  const total = Math.round(Math.abs(seconds));
  const parts: string[] = [];
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h) parts.push(unit(locale, 'hour', h, 'short'));
  if (m) parts.push(unit(locale, 'minute', m, 'short'));
  if (s || parts.length === 0) parts.push(unit(locale, 'second', s, 'short'));
  return (seconds < 0 && total > 0 ? '-' : '') + parts.join(' ');
}

/** A number of days: `12,5 hari` (id-ID), `12.5 days` (en-US). */
export function formatDays(days: number, locale: string): string {
  return unit(locale, 'day', days, 'long');
}

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `2026-03` → `Mar 2026`; `2026-05` → `Mei 2026` (id-ID) or `May 2026` (en-US). */
export function formatMonth(period: string, locale: string, style: 'short' | 'long' = 'short'): string {
  const match = monthPattern.exec(period);
  if (!match) return period;
  const date = Date.UTC(Number(match[1]), Number(match[2]) - 1, 1);
  return new Intl.DateTimeFormat(locale, { month: style, year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** Month names January..December in the given language, for pickers. */
export function monthNames(locale: string, style: 'short' | 'long' = 'long'): string[] {
  const format = new Intl.DateTimeFormat(locale, { month: style, timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, i) => format.format(Date.UTC(2000, i, 1)));
}

export interface KpiFormatOptions {
  /** Short forms for chart axes: `Rp 1,2 jt`, `1.2M`. */
  compact?: boolean;
}

/** A KPI value in its unit and the workspace's locale and currency; `—` when there is no value. */
export function formatKpiValue(
  value: number | null | undefined,
  kpiUnit: KpiUnit,
  settings: FormatSettings,
  options: KpiFormatOptions = {},
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  const { locale, currency } = settings;
  if (options.compact) {
    if (kpiUnit === 'money') {
      return formatWithWords(value, locale, {
        style: 'currency',
        currency,
        notation: 'compact',
        maximumFractionDigits: 1,
      });
    }
    if (kpiUnit === 'count') {
      return formatWithWords(value, locale, { notation: 'compact', maximumFractionDigits: 1 });
    }
  }
  switch (kpiUnit) {
    case 'money':
      return formatMoney(value, currency, locale);
    case 'count':
      return formatNumber(value, locale);
    case 'percent':
      return formatPercent(value, locale, options.compact ? 0 : 1);
    case 'ratio':
      return formatRatio(value, locale);
    case 'seconds':
      return formatDuration(value, locale);
    case 'days':
      return formatDays(value, locale);
  }
}

/**
 * A calendar date as the workspace writes dates: `15/07/2026` in Indonesia (dd/mm/yyyy, as
 * typed there), `07/15/2026` in the US. Takes `2026-07-15` or a full ISO timestamp (its local day).
 */
export function formatDate(iso: string, locale: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00`) : new Date(iso);
  return new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
}
