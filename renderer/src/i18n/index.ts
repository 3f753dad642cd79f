import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../../shared/contract/schemas';
import { builtInKpis } from '../../../shared/kpi/catalog';
import { formatMonth } from '../../../shared/format';
import { setErrorTranslator } from '../api/error-text';
import en from './en.json';
import id from './id.json';

export const resources = { id: { translation: id }, en: { translation: en } } as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

export type Language = 'id' | 'en';
export const languages: readonly Language[] = ['id', 'en'];

/** localStorage key of the UI language the user picked on this computer. */
export const LANGUAGE_KEY = 'kinerja.language';

export function isLanguage(value: unknown): value is Language {
  return value === 'id' || value === 'en';
}

export function storedLanguage(): Language | null {
  try {
    const value = window.localStorage.getItem(LANGUAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

export function storeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // Private windows may refuse storage; the choice then lasts for this session only.
  }
}

export function languageOfLocale(locale: Locale | string): Language {
  return locale.toLowerCase().startsWith('en') ? 'en' : 'id';
}

/** The Intl locale for words shown in the UI language, such as month names. */
export function uiLocale(language: string): Locale {
  return language === 'en' ? 'en-US' : 'id-ID';
}

export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'id',
    // Resources are bundled, so initialising synchronously avoids a frame of untranslated keys.
    initAsync: false,
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
    showSupportNotice: false,
  });
  // Errors from the core are said in this instance's language (the English text is the fallback).
  setErrorTranslator((detail) => {
    const key = `errors.${detail.code}`;
    if (!instance.exists(key)) return null;
    const lang = isLanguage(instance.language) ? instance.language : 'id';
    const params: Record<string, string | number> = { ...detail.params };
    const kpi = builtInKpis.find((k) => k.code === params.kpi);
    if (kpi) params.kpi = kpi.name[lang];
    if (typeof params.period === 'string' && /^\d{4}-\d{2}$/.test(params.period)) {
      params.period = formatMonth(params.period, uiLocale(lang), 'long');
    }
    // A question's grain (question_too_large), said as "by day" / "per hari".
    if (typeof params.grain === 'string' && instance.exists(`errors.grain_${params.grain}`))
      params.grain = instance.t(`errors.grain_${params.grain}` as 'app.loading');
    if (typeof params.dim === 'string')
      params.dim = instance.t(`scope.dims.${params.dim}` as 'scope.label').toLowerCase();
    return instance.t(key as 'app.loading', params);
  });
  return instance;
}
