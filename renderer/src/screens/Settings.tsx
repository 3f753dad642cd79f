import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale, WeekStart, WorkspaceInfo } from '../../../shared/contract/schemas';
import { weekStarts } from '../../../shared/kpi/periods';
import { monthNames } from '../../../shared/format';
import { errorMessage, useClient } from '../api/client-context';
import { ErrorNotice, Field, PageHeader } from '../components/common';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { SettingsBranding } from '../components/SettingsBranding';
import { SettingsScoring } from '../components/SettingsScoring';
import { ThemeSwitch } from '../components/ThemeSwitch';
import { uiLocale } from '../i18n';

const commonCurrencies = ['IDR', 'USD', 'SGD', 'MYR', 'AUD', 'EUR', 'GBP', 'JPY', 'CNY', 'THB', 'PHP', 'VND'];
const locales: Locale[] = ['id-ID', 'en-US'];
const keepChoices = [3, 7, 14, 30, 90];

export function Settings({
  workspace,
  onChange,
  onClosed,
}: {
  workspace: WorkspaceInfo;
  onChange: (info: WorkspaceInfo) => void;
  onClosed: () => void;
}) {
  const client = useClient();
  const { t, i18n } = useTranslation();
  const words = uiLocale(i18n.language);
  const [name, setName] = useState(workspace.settings.name);
  const [locale, setLocale] = useState<Locale>(workspace.settings.locale);
  const [currency, setCurrency] = useState(workspace.settings.currency);
  const [fiscalStart, setFiscalStart] = useState(workspace.settings.fiscalYearStartMonth);
  const [keepDaily, setKeepDaily] = useState(workspace.settings.backupKeepDaily);
  const [weekStart, setWeekStart] = useState<WeekStart>(workspace.settings.weekStart);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);
  const [closeError, setCloseError] = useState<string | null>(null);

  const currencyNames = new Intl.DisplayNames(words, { type: 'currency' });
  const currencies = commonCurrencies.includes(currency) ? commonCurrencies : [currency, ...commonCurrencies];

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    if (!name.trim()) {
      setNameError(t('settings.nameRequired'));
      return;
    }
    setNameError(null);
    setSaving(true);
    setError(null);
    try {
      const info = await client.settings.update({
        name: name.trim(),
        locale,
        currency,
        fiscalYearStartMonth: fiscalStart,
        backupKeepDaily: keepDaily,
        weekStart,
      });
      onChange(info);
      setSaved(true);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  async function close() {
    setClosing(true);
    setCloseError(null);
    try {
      await client.workspace.close({});
      onClosed();
    } catch (e) {
      setCloseError(errorMessage(e));
      setClosing(false);
    }
  }

  return (
    <>
      <PageHeader title={t('settings.title')} />
      <div className="settings-layout">
        <div className="settings-side">
          <form
            className="card form"
            onSubmit={(e) => void save(e)}
            noValidate
            aria-labelledby="settings-workspace"
          >
            <h2 id="settings-workspace" className="card-title">
              {t('settings.workspaceTitle')}
            </h2>
            <p className="card-hint">{t('settings.workspaceHint')}</p>
            <Field label={t('settings.name')} error={nameError}>
              {(control) => (
                <input
                  {...control}
                  type="text"
                  value={name}
                  maxLength={200}
                  onChange={(e) => setName(e.target.value)}
                />
              )}
            </Field>
            <Field label={t('settings.locale')}>
              {(control) => (
                <select {...control} value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
                  {locales.map((l) => (
                    <option key={l} value={l}>
                      {t(`locales.${l}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div className="field-row">
              <Field label={t('settings.currency')}>
                {(control) => (
                  <select {...control} value={currency} onChange={(e) => setCurrency(e.target.value)}>
                    {currencies.map((c) => (
                      <option key={c} value={c}>
                        {c} — {currencyNames.of(c) ?? c}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('settings.fiscalStart')}>
                {(control) => (
                  <select
                    {...control}
                    value={fiscalStart}
                    onChange={(e) => setFiscalStart(Number(e.target.value))}
                  >
                    {monthNames(words).map((label, i) => (
                      <option key={label} value={i + 1}>
                        {label}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <Field label={t('settings.weekStart')} hint={t('settings.weekStartHint')}>
              {(control) => (
                <select
                  {...control}
                  value={weekStart}
                  onChange={(e) => setWeekStart(e.target.value as WeekStart)}
                >
                  {weekStarts.map((day) => (
                    <option key={day} value={day}>
                      {t(`settings.weekStarts.${day}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('settings.backupKeepDaily')} hint={t('settings.backupKeepDailyHint')}>
              {(control) => (
                <select {...control} value={keepDaily} onChange={(e) => setKeepDaily(Number(e.target.value))}>
                  {(keepChoices.includes(keepDaily)
                    ? keepChoices
                    : [...keepChoices, keepDaily].sort((a, b) => a - b)
                  ).map((n) => (
                    <option key={n} value={n}>
                      {t('settings.backupDays', { count: n })}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div className="form-actions">
              <button type="submit" className="button" disabled={saving}>
                {saving ? t('settings.saving') : t('settings.save')}
              </button>
            </div>
            {saved ? (
              <p className="notice notice-success" role="status">
                {t('settings.saved')}
              </p>
            ) : null}
            {error ? <ErrorNotice title={t('settings.saveFailed')} message={error} /> : null}
          </form>
          <SettingsScoring workspace={workspace} onChange={onChange} />
          <SettingsBranding workspace={workspace} onChange={onChange} />
        </div>

        <div className="settings-side">
          <section className="card" aria-labelledby="settings-language">
            <h2 id="settings-language" className="card-title">
              {t('settings.languageTitle')}
            </h2>
            <p className="card-hint">{t('settings.languageHint')}</p>
            <LanguageSwitch variant="full" />
          </section>

          <section className="card" aria-labelledby="settings-theme">
            <h2 id="settings-theme" className="card-title">
              {t('settings.themeTitle')}
            </h2>
            <p className="card-hint">{t('settings.themeHint')}</p>
            <ThemeSwitch />
          </section>

          <section className="card" aria-labelledby="settings-file">
            <h2 id="settings-file" className="card-title">
              {t('settings.fileTitle')}
            </h2>
            <p className="path" title={workspace.path}>
              {workspace.path}
            </p>
            <p className="card-hint">{t('settings.closeHint')}</p>
            <button
              type="button"
              className="button button-secondary"
              disabled={closing}
              onClick={() => void close()}
            >
              {closing ? t('settings.closing') : t('settings.close')}
            </button>
            {closeError ? <ErrorNotice title={t('settings.closeFailed')} message={closeError} /> : null}
          </section>
        </div>
      </div>
    </>
  );
}
