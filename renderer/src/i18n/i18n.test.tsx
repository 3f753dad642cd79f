import { KinerjaError } from '../../../shared/contract/errors';
import { errorMessage } from '../api/client-context';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import id from './id.json';
import { createI18n, languageOfLocale } from './index';

function flatten(tree: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'object' && value !== null) Object.assign(out, flatten(value, `${prefix}${key}.`));
    else out[prefix + key] = String(value);
  }
  return out;
}

describe('translations', () => {
  const idKeys = flatten(id);
  const enKeys = flatten(en);

  it('have the same keys in Indonesian and English, so no label falls back to the other language', () => {
    expect(Object.keys(idKeys).sort()).toEqual(Object.keys(enKeys).sort());
  });

  it('have no empty texts', () => {
    for (const [key, text] of [...Object.entries(idKeys), ...Object.entries(enKeys)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(enKeys)) {
      expect(placeholders(idKeys[key] ?? ''), key).toEqual(placeholders(enKeys[key] ?? ''));
    }
  });

  it('fill placeholders without HTML escaping, since React escapes', () => {
    const i18n = createI18n('en');
    expect(i18n.t('dataEntry.reads', { value: 'R&D <1>' })).toBe('Reads as R&D <1>');
  });

  it('pick the language of a workspace locale', () => {
    expect(languageOfLocale('en-US')).toBe('en');
    expect(languageOfLocale('id-ID')).toBe('id');
  });
});

describe("the core's errors in the UI language", () => {
  const rate = new KinerjaError(
    'invalid_request',
    "win_rate 2026-03: value '1.5'; expected a rate between 0% and 100% (0.45 for 45%)",
    { code: 'value_rate', params: { kpi: 'win_rate', period: '2026-03', value: '1.5' } },
  );

  it('says a coded error in Indonesian, with KPI and month names in Indonesian', () => {
    createI18n('id');
    expect(errorMessage(rate)).toBe('Tingkat Kemenangan, Maret 2026: rasio berada antara 0% dan 100%.');
    const scope = new KinerjaError('invalid_request', "Unknown owner 'Budi Santos'", {
      code: 'unknown_scope',
      params: { dim: 'owner', name: 'Budi Santos', suggestions: 'Budi Santoso', count: 8 },
    });
    expect(errorMessage(scope)).toBe(
      "Tidak ada orang bernama 'Budi Santos' di ruang kerja ini. Mungkin maksud Anda Budi Santoso?",
    );
  });

  it('and in English; an error without a code keeps the core’s own words', () => {
    createI18n('en');
    expect(errorMessage(rate)).toBe('Win rate, March 2026: a rate is between 0% and 100%.');
    expect(errorMessage(new KinerjaError('conflict', 'Something only the core can say'))).toBe(
      'Something only the core can say',
    );
  });

  it('says how large a refused question was, with numbers and the grain in the UI language', () => {
    const tooLarge = new KinerjaError('invalid_request', 'This question asks for…', {
      code: 'question_too_large',
      params: { periods: 3652059, grain: 'day', scopes: 1, kpis: 12, cells: 43824708, limit: 200000 },
    });
    createI18n('id');
    expect(errorMessage(tooLarge)).toBe(
      'Pertanyaan ini meminta 3.652.059 periode (per hari) × 1 cakupan × 12 KPI = 43.824.708 nilai; ' +
        'batasnya 200.000. Pilih jenis periode yang lebih panjang, rentang yang lebih pendek, lebih sedikit KPI, atau satu cakupan.',
    );
    createI18n('en');
    expect(errorMessage(tooLarge)).toMatch(
      /^This question asks for 3,652,059 periods \(by day\) × 1 scope\(s\) × 12 KPI\(s\) = 43,824,708 values; the limit is 200,000\./,
    );
  });
});
