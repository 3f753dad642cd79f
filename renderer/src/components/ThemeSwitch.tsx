import { useTranslation } from 'react-i18next';
import { chooseTheme, themeChoices, useThemeChoice } from '../lib/theme';

/** System / light / dark; remembered on this computer, like the language. */
export function ThemeSwitch() {
  const { t } = useTranslation();
  const choice = useThemeChoice();
  return (
    <div className="segmented segmented-full" role="group" aria-label={t('settings.themeTitle')}>
      {themeChoices.map((c) => (
        <button key={c} type="button" aria-pressed={choice === c} onClick={() => chooseTheme(c)}>
          {t(`settings.themes.${c}`)}
        </button>
      ))}
    </div>
  );
}
