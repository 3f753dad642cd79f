import { describe, expect, it } from 'vitest';
import { basisPointsOf, parsePercentInput, percentText } from './percent-input';

describe('parsePercentInput', () => {
  it('reads a decimal comma and a decimal point alike', () => {
    expect(parsePercentInput('12,5')).toEqual({ ok: true, value: 0.125 });
    expect(parsePercentInput('12.5')).toEqual({ ok: true, value: 0.125 });
    expect(parsePercentInput(' 40 % ')).toEqual({ ok: true, value: 0.4 });
    expect(parsePercentInput('33,33')).toEqual({ ok: true, value: 0.3333 });
  });

  it('refuses empty text, words, signs and more than two decimals', () => {
    expect(parsePercentInput('  ')).toEqual({ ok: false, error: 'empty' });
    for (const text of ['empat puluh', '-5', '12,345', '1.000,5', '40%%']) {
      expect(parsePercentInput(text), text).toEqual({ ok: false, error: 'invalid' });
    }
  });

  it('adds thirds typed to two decimals up to exactly 100%', () => {
    const sum = ['33,33', '33,33', '33,34']
      .map((t) => parsePercentInput(t))
      .reduce((s, r) => s + (r.ok ? basisPointsOf(r.value) : 0), 0);
    expect(sum).toBe(10000);
  });
});

describe('percentText', () => {
  it('writes a fraction back as the percent a user types, in the workspace locale', () => {
    expect(percentText(0.125, 'id-ID')).toBe('12,5');
    expect(percentText(0.125, 'en-US')).toBe('12.5');
    expect(percentText(1.2, 'id-ID')).toBe('120');
  });
});
