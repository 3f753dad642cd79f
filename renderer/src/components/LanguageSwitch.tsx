import { useTranslation } from 'react-i18next';
import { languages, storeLanguage, type Language } from '../i18n';

/** ID/EN toggle; the choice is remembered on this computer and wins over the workspace's locale. */
export function LanguageSwitch({ variant = 'compact' }: { variant?: 'compact' | 'full' }) {
  const { t, i18n } = useTranslation();
  const choose = (language: Language) => {
    storeLanguage(language);
    void i18n.changeLanguage(language);
  };
  return (
    <div className={`segmented segmented-${variant}`} role="group" aria-label={t('language.label')}>
      {languages.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          aria-pressed={i18n.language === language}
          title={variant === 'compact' ? t(`language.${language}`) : undefined}
          onClick={() => choose(language)}
        >
          {variant === 'compact' ? language.toUpperCase() : t(`language.${language}`)}
        </button>
      ))}
    </div>
  );
}
