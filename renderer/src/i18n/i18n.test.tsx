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
