import { afterEach, describe, expect, it } from 'vitest';
import {
  NO_VALUE,
  formatDays,
  formatDuration,
  formatKpiValue,
  formatMoney,
  formatMonth,
  formatNumber,
  formatPercent,
  monthNames,
  setUnitWordsLocale,
} from './format.js';

const id = { locale: 'id-ID', currency: 'IDR' };
const en = { locale: 'en-US', currency: 'USD' };

describe('formatMoney', () => {
  it('writes Rupiah the Indonesian way, without decimals for whole amounts', () => {
    expect(formatMoney(1234567, 'IDR', 'id-ID')).toBe('Rp 1.234.567');
    expect(formatMoney(0, 'IDR', 'id-ID')).toBe('Rp 0');
  });

  it('shows Rupiah without sen: Rp 34.912.190,48 reads as Rp 34.912.190', () => {
    expect(formatMoney(34912190.48, 'IDR', 'id-ID')).toBe('Rp 34.912.190');
    expect(formatMoney(1234.5, 'IDR', 'id-ID')).toBe('Rp 1.235');
    expect(formatMoney(1234.5, 'JPY', 'en-US')).toBe('¥1,235');
  });

  it('shows cents only when the amount has them', () => {
    expect(formatMoney(1234.5, 'EUR', 'id-ID')).toBe('€1.234,50');
    expect(formatMoney(1234567.89, 'USD', 'en-US')).toBe('$1,234,567.89');
    expect(formatMoney(1234567, 'USD', 'en-US')).toBe('$1,234,567');
  });

  it('puts the minus sign in front and never prints a negative zero', () => {
    expect(formatMoney(-1500000, 'IDR', 'id-ID')).toBe('-Rp 1.500.000');
    expect(formatMoney(-0, 'IDR', 'id-ID')).toBe('Rp 0');
    expect(formatMoney(-0.001, 'USD', 'en-US')).toBe('$0');
  });

  it('uses plain spaces so the text is the same in the app, the CLI and files', () => {
    expect(formatMoney(1000, 'IDR', 'en-US')).toBe('IDR 1,000');
    expect(formatMoney(1000, 'IDR', 'id-ID')).not.toMatch(/[\u00a0\u202f]/);
  });
});

describe('formatNumber and formatPercent', () => {
  it('groups thousands and marks decimals per locale', () => {
    expect(formatNumber(1234567.891, 'id-ID')).toBe('1.234.567,89');
    expect(formatNumber(1234567.891, 'en-US')).toBe('1,234,567.89');
    expect(formatNumber(42, 'id-ID')).toBe('42');
  });

  it('takes a fraction and shows a percentage', () => {
    expect(formatPercent(0.25, 'id-ID')).toBe('25%');
    expect(formatPercent(0.123, 'id-ID')).toBe('12,3%');
    expect(formatPercent(0.123, 'en-US')).toBe('12.3%');
  });
});

describe('formatDuration and formatDays', () => {
  it('splits seconds into hours, minutes and seconds', () => {
    expect(formatDuration(125, 'en-US')).toBe('2 min 5 sec');
    expect(formatDuration(125, 'id-ID')).toBe('2 mnt 5 dtk');
    expect(formatDuration(3600, 'en-US')).toBe('1 hr');
    expect(formatDuration(0, 'en-US')).toBe('0 sec');
    expect(formatDuration(45.6, 'en-US')).toBe('46 sec');
  });

  it('writes days with the word for days', () => {
    expect(formatDays(12.5, 'id-ID')).toBe('12,5 hari');
    expect(formatDays(1, 'en-US')).toBe('1 day');
  });
});

describe('formatMonth', () => {
  it('names the month in the locale', () => {
    expect(formatMonth('2026-03', 'id-ID')).toBe('Mar 2026');
    expect(formatMonth('2026-03', 'en-US')).toBe('Mar 2026');
    expect(formatMonth('2026-05', 'id-ID')).toBe('Mei 2026');
    expect(formatMonth('2026-05', 'en-US')).toBe('May 2026');
    expect(formatMonth('2026-08', 'id-ID', 'long')).toBe('Agustus 2026');
  });

  it('does not shift a month across time zones', () => {
    expect(formatMonth('2026-01', 'en-US')).toBe('Jan 2026');
    expect(formatMonth('2026-12', 'en-US')).toBe('Dec 2026');
  });

  it('leaves text that is not a month alone', () => {
    expect(formatMonth('2026-Q1', 'en-US')).toBe('2026-Q1');
  });

  it('lists the twelve month names', () => {
    expect(monthNames('id-ID')).toHaveLength(12);
    expect(monthNames('id-ID')[0]).toBe('Januari');
    expect(monthNames('en-US')[11]).toBe('December');
  });
});

describe('formatKpiValue', () => {
  it('shows a dash, not zero, when there is no value', () => {
    expect(formatKpiValue(null, 'money', id)).toBe(NO_VALUE);
    expect(formatKpiValue(undefined, 'count', id)).toBe('—');
    expect(formatKpiValue(Number.NaN, 'percent', id)).toBe('—');
    expect(formatKpiValue(0, 'count', id)).toBe('0');
  });

  it('formats each unit', () => {
    expect(formatKpiValue(1234567, 'money', id)).toBe('Rp 1.234.567');
    expect(formatKpiValue(1234567, 'money', en)).toBe('$1,234,567');
    expect(formatKpiValue(1500, 'count', id)).toBe('1.500');
    expect(formatKpiValue(0.253, 'percent', id)).toBe('25,3%');
    expect(formatKpiValue(1.5, 'ratio', id)).toBe('1,5×');
    expect(formatKpiValue(90, 'seconds', en)).toBe('1 min 30 sec');
    expect(formatKpiValue(30, 'days', en)).toBe('30 days');
  });

  it('has short forms for chart axes', () => {
    expect(formatKpiValue(1234567, 'money', id, { compact: true })).toBe('Rp 1,2 jt');
    expect(formatKpiValue(1234567, 'count', en, { compact: true })).toBe('1.2M');
    expect(formatKpiValue(0.25, 'percent', en, { compact: true })).toBe('25%');
  });
});

describe('unit words in the UI language, digits in the workspace locale', () => {
  afterEach(() => setUnitWordsLocale(null));
  const idr = { locale: 'id-ID', currency: 'IDR' };

  it('an English screen on an Indonesian workspace says days and B (billion), not hari and M (miliar)', () => {
    expect(formatKpiValue(36.4, 'days', idr)).toBe('36,4 hari');
    expect(formatKpiValue(1_500_000_000, 'money', idr, { compact: true })).toBe('Rp 1,5 M');
    setUnitWordsLocale('en-US');
    expect(formatKpiValue(36.4, 'days', idr)).toBe('36,4 days');
    expect(formatKpiValue(1_500_000_000, 'money', idr, { compact: true })).toBe('Rp 1,5B');
    expect(formatKpiValue(2_500_000, 'money', idr, { compact: true })).toBe('Rp 2,5M');
    expect(formatKpiValue(125, 'seconds', idr)).toBe('2 min 5 sec');
    expect(formatKpiValue(12_300, 'count', idr, { compact: true })).toBe('12,3K');
    // Values without words keep the workspace format exactly.
    expect(formatKpiValue(1_234_567, 'money', idr)).toBe('Rp 1.234.567');
    expect(formatKpiValue(0.453, 'percent', idr)).toBe('45,3%');
  });

  it('an Indonesian screen on a US workspace says hari and jt with US digits', () => {
    setUnitWordsLocale('id-ID');
    const usd = { locale: 'en-US', currency: 'USD' };
    expect(formatKpiValue(12.5, 'days', usd)).toBe('12.5 hari');
    expect(formatKpiValue(2_500_000, 'money', usd, { compact: true })).toBe('$2.5 jt');
  });
});
