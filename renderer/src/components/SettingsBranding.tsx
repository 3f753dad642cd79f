import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Logo, LOGO_MAX_CHARS, type WorkspaceInfo } from '../../../shared/contract/schemas';
import { errorMessage, useClient } from '../api/client-context';
import { ErrorNotice, Field } from './common';

/** Base64 grows a file by a third: the largest logo file that fits the setting. */
const LOGO_MAX_BYTES = Math.floor((LOGO_MAX_CHARS * 3) / 4) - 100;

/**
 * The client's colour and logo on every PDF (appraisals, review packs), so a consultant brands
 * each client's reports. Stored in the workspace, so they travel with its file.
 */
export function SettingsBranding({
  workspace,
  onChange,
}: {
  workspace: WorkspaceInfo;
  onChange: (info: WorkspaceInfo) => void;
}) {
  const client = useClient();
  const { t } = useTranslation();
  const [accent, setAccent] = useState(workspace.settings.accentColor);
  const [logo, setLogo] = useState<string | null>(workspace.settings.logo);
  const [logoError, setLogoError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function pickLogo(event: ChangeEvent<HTMLInputElement>) {
    setSaved(false);
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > LOGO_MAX_BYTES) {
      setLogoError(
        t('settingsBranding.logoTooLarge', { name: file.name, kb: Math.round(LOGO_MAX_BYTES / 1024) }),
      );
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      if (!Logo.safeParse(url).success) {
        setLogoError(t('settingsBranding.logoType', { name: file.name }));
        return;
      }
      setLogoError(null);
      setLogo(url);
    };
    reader.onerror = () => setLogoError(t('settingsBranding.logoUnreadable', { name: file.name }));
    reader.readAsDataURL(file);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setSaved(false);
    setError(null);
    try {
      onChange(await client.settings.update({ accentColor: accent, logo }));
      setSaved(true);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="card form" onSubmit={(e) => void save(e)} noValidate aria-labelledby="settings-branding">
      <h2 id="settings-branding" className="card-title">
        {t('settingsBranding.title')}
      </h2>
      <p className="card-hint">{t('settingsBranding.hint')}</p>
      <Field label={t('settingsBranding.accent')}>
        {(control) => (
          <span className="color-field">
            <input {...control} type="color" value={accent} onChange={(e) => setAccent(e.target.value)} />
            <code>{accent}</code>
          </span>
        )}
      </Field>
      <Field label={t('settingsBranding.logo')} hint={t('settingsBranding.logoHint')} error={logoError}>
        {(control) => (
          // The browser's own file button speaks the browser's language; this one speaks the app's.
          <span className="file-pick">
            <input {...control} type="file" accept="image/png,image/jpeg,image/svg+xml" onChange={pickLogo} />
            <span className="button button-secondary" aria-hidden="true">
              {logo ? t('settingsBranding.changeLogo') : t('settingsBranding.chooseLogo')}
            </span>
          </span>
        )}
      </Field>
      {logo ? (
        <div className="logo-preview">
          <img src={logo} alt={t('settingsBranding.logoPreview')} />
          <button type="button" className="button button-secondary" onClick={() => setLogo(null)}>
            {t('settingsBranding.removeLogo')}
          </button>
        </div>
      ) : null}
      <div className="brand-sample" style={{ borderColor: accent }}>
        <span style={{ color: accent }}>{workspace.settings.name}</span>
        <span>{t('settingsBranding.sample')}</span>
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={saving}>
          {saving ? t('settings.saving') : t('settingsBranding.save')}
        </button>
      </div>
      {saved ? (
        <p className="notice notice-success" role="status">
          {t('settingsBranding.saved')}
        </p>
      ) : null}
      {error ? <ErrorNotice title={t('settings.saveFailed')} message={error} /> : null}
    </form>
  );
}
