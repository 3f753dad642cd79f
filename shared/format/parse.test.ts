import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, formatNumber, formatPercent } from './format.js';
import { numberSymbols, parseLocaleNumber, type ParseNumberResult } from './parse.js';

const value = (r: ParseNumberResult) => (r.ok ? r.value : r.error);

describe('parseLocaleNumber in id-ID', () => {
  const parse = (text: string) => value(parseLocaleNumber(text, 'id-ID'));

  it('reads dots as thousands and the comma as the decimal mark', () => {
    expect(parse('1.234.567,89')).toBe(1234567.89);
    expect(parse('1.234.567')).toBe(1234567);
    expect(parse('1234567')).toBe(1234567);
    expect(parse('1234,5')).toBe(1234.5);
    expect(parse(',5')).toBe(0.5);
    expect(parse('  42  ')).toBe(42);
  });

  it('accepts Rupiah amounts as they are written', () => {
    expect(parse('Rp 1.234.567')).toBe(1234567);
    expect(parse('Rp1.234.567')).toBe(1234567);
    expect(parse('Rp. 1.500')).toBe(1500);
    expect(parse('IDR 1.500')).toBe(1500);
    expect(parse('rp 1.500')).toBe(1500);
  });

  it('reads negative numbers', () => {
    expect(parse('-1.500')).toBe(-1500);
    expect(parse('-Rp 1.500')).toBe(-1500);
    expect(parse('Rp -1.500')).toBe(-1500);
    expect(parse('(1.234)')).toBe(-1234);
    expect(parse('-0')).toBe(0);
    expect(Object.is(parse('-0'), -0)).toBe(false);
  });

  it('refuses thousands separators in the wrong places instead of guessing', () => {
    expect(parse('1.23')).toBe('separators');
    expect(parse('1234.56')).toBe('separators');
    expect(parse('1,234,567.89')).toBe('separators');
    expect(parse('1.234,56,7')).toBe('separators');
    expect(parse('0.123')).toBe('separators');
    expect(parse('1..234')).toBe('separators');
  });

  it('refuses text that is not a number', () => {
    expect(parse('abc')).toBe('invalid');
    expect(parse('12abc')).toBe('invalid');
    expect(parse('1e5')).toBe('invalid');
    expect(parse('ABC 100')).toBe('invalid');
    expect(parse('--5')).toBe('invalid');
    expect(parse('')).toBe('empty');
    expect(parse('   ')).toBe('empty');
  });

  it('explains the error with an example in the locale', () => {
    const r = parseLocaleNumber('1234.56', 'id-ID');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.example).toBe('1.234.567,89');
      expect(r.message).toContain('"." separates thousands');
      expect(r.message).toContain('"1234.56"');
    }
  });
});

describe('parseLocaleNumber in en-US', () => {
  const parse = (text: string) => value(parseLocaleNumber(text, 'en-US'));

  it('reads commas as thousands and the dot as the decimal mark', () => {
    expect(parse('1,234,567.89')).toBe(1234567.89);
    expect(parse('1.5')).toBe(1.5);
    expect(parse('$1,234')).toBe(1234);
    expect(parse('-$1,234.50')).toBe(-1234.5);
    expect(parse('US$ 20')).toBe(20);
  });

  it('refuses the Indonesian way of writing', () => {
    expect(parse('1.234.567')).toBe('separators');
    expect(parse('1,5')).toBe('separators');
  });
});

describe('parseLocaleNumber for percentages', () => {
  it('reads percentage points and returns the fraction', () => {
    expect(value(parseLocaleNumber('25', 'id-ID', { percent: true }))).toBe(0.25);
    expect(value(parseLocaleNumber('25%', 'id-ID', { percent: true }))).toBe(0.25);
    expect(value(parseLocaleNumber('12,3 %', 'id-ID', { percent: true }))).toBe(0.123);
    expect(value(parseLocaleNumber('0.5%', 'en-US', { percent: true }))).toBe(0.005);
    expect(value(parseLocaleNumber('1.250%', 'id-ID', { percent: true }))).toBe(12.5);
  });

  it('refuses a percent sign where a plain number is expected', () => {
    expect(value(parseLocaleNumber('25%', 'id-ID'))).toBe('percent');
    expect(value(parseLocaleNumber('Rp 25%', 'id-ID', { percent: true }))).toBe('percent');
  });
});

describe('numberSymbols', () => {
  it('knows the separators of each supported locale', () => {
    expect(numberSymbols('id-ID')).toEqual({ group: '.', decimal: ',' });
    expect(numberSymbols('en-US')).toEqual({ group: ',', decimal: '.' });
  });
});

describe('format → parse round trips', () => {
  const locales = fc.constantFrom('id-ID', 'en-US');
  // Values with at most two decimals, which is what the formatters show.
  const cents = fc.integer({ min: -1e13, max: 1e13 }).map((n) => n / 100);

  it('parses what formatNumber writes', () => {
    fc.assert(
      fc.property(cents, locales, (x, locale) => {
        const parsed = parseLocaleNumber(formatNumber(x, locale), locale);
        expect(parsed).toEqual({ ok: true, value: x === 0 ? 0 : x });
      }),
    );
  });

  it('parses what formatMoney writes', () => {
    fc.assert(
      fc.property(cents, locales, fc.constantFrom('IDR', 'USD'), (x, locale, currency) => {
        const parsed = parseLocaleNumber(formatMoney(x, currency, locale), locale);
        // Rupiah is shown in whole rupiah, so it reads back rounded to them: halves away from
        // zero, as Intl rounds (Math.round would take -0.5 up to 0).
        const shown = currency === 'IDR' ? Math.sign(x) * Math.round(Math.abs(x)) : x;
        expect(parsed).toEqual({ ok: true, value: shown === 0 ? 0 : shown });
      }),
    );
  });

  it('parses what formatPercent writes back into the same fraction', () => {
    const fractions = fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000);
    fc.assert(
      fc.property(fractions, locales, (x, locale) => {
        const parsed = parseLocaleNumber(formatPercent(x, locale), locale, { percent: true });
        expect(parsed).toEqual({ ok: true, value: x === 0 ? 0 : x });
      }),
    );
  });

  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string(), locales, fc.boolean(), (text, locale, percent) => {
        const parsed = parseLocaleNumber(text, locale, { percent });
        if (parsed.ok) expect(Number.isFinite(parsed.value)).toBe(true);
        else expect(parsed.message.length).toBeGreaterThan(0);
      }),
    );
  });

  it('never reads a number written for the other locale as a different value', () => {
    // Grouped integers from 1.000 up are ambiguous only when they look like a decimal in the other locale.
    const grouped = fc.integer({ min: 1000, max: 1e12 });
    fc.assert(
      fc.property(grouped, fc.integer({ min: 1, max: 99 }), (n, c) => {
        const x = n + c / 100;
        const written = formatNumber(x, 'en-US');
        const parsed = parseLocaleNumber(written, 'id-ID');
        expect(parsed.ok).toBe(false);
      }),
    );
  });
});
