import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  defaultRatingBands,
  RatingBands,
  type RatingBand,
  type WorkspaceInfo,
} from '../../../shared/contract/schemas';
import { errorMessage, useClient } from '../api/client-context';
import { parsePercentInput, percentText } from '../lib/percent-input';
import { ErrorNotice, Field } from './common';

/**
 * When a KPI turns amber, and which score earns which rating. Both are the workspace's choice
 * (DESIGN §6) and every screen, the CLI and the PDFs read them from the workspace.
 */
export function SettingsScoring({
  workspace,
  onChange,
}: {
  workspace: WorkspaceInfo;
  onChange: (info: WorkspaceInfo) => void;
}) {
  const client = useClient();
  const { t } = useTranslation();
  const { locale } = workspace.settings;
  const [amberText, setAmberText] = useState(percentText(workspace.settings.amberAt, locale));
  const [bandTexts, setBandTexts] = useState(() =>
    workspace.settings.ratingBands.map((b) => percentText(b.min, locale)),
  );
  const [ratings, setRatings] = useState(() => workspace.settings.ratingBands.map((b) => b.rating));
  const [amberError, setAmberError] = useState<string | null>(null);
  const [bandsError, setBandsError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setError(null);
    const amber = parsePercentInput(amberText);
    const amberOk = amber.ok && amber.value < 1;
    setAmberError(amberOk ? null : t('settingsScoring.amberInvalid'));
    // The lowest band always starts at 0%: every score has a rating.
    const mins = bandTexts.map((text, i) =>
      i === bandTexts.length - 1 ? { ok: true as const, value: 0 } : parsePercentInput(text),
    );
    const bands: RatingBand[] = mins.map((m, i) => ({ rating: ratings[i]!, min: m.ok ? m.value : NaN }));
    const bandsOk = mins.every((m) => m.ok) && RatingBands.safeParse(bands).success;
    setBandsError(bandsOk ? null : t('settingsScoring.bandsInvalid'));
    if (!amberOk || !bandsOk || !amber.ok) return;
    setSaving(true);
    try {
      onChange(await client.settings.update({ amberAt: amber.value, ratingBands: bands }));
      setSaved(true);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="card form" onSubmit={(e) => void save(e)} noValidate aria-labelledby="settings-scoring">
      <h2 id="settings-scoring" className="card-title">
        {t('settingsScoring.title')}
      </h2>
      <p className="card-hint">{t('settingsScoring.hint')}</p>
      <Field label={t('settingsScoring.amber')} hint={t('settingsScoring.amberHint')} error={amberError}>
        {(control) => (
          <span className="input-suffix">
            <input
              {...control}
              type="text"
              inputMode="decimal"
              value={amberText}
              onChange={(e) => setAmberText(e.target.value)}
            />
            <span aria-hidden="true">%</span>
          </span>
        )}
      </Field>
      <fieldset className="rating-bands" aria-describedby={bandsError ? 'rating-bands-error' : undefined}>
        <legend className="field-label">{t('settingsScoring.bands')}</legend>
        {ratings.map((rating, i) => {
          const last = i === ratings.length - 1;
          return (
            <label key={rating} className="rating-band">
              <span>{t('settingsScoring.bandLabel', { rating })}</span>
              <span className="input-suffix">
                <input
                  type="text"
                  inputMode="decimal"
                  value={last ? '0' : bandTexts[i]}
                  disabled={last}
                  aria-label={t('settingsScoring.bandInput', { rating })}
                  onChange={(e) =>
                    setBandTexts((texts) => texts.map((x, j) => (j === i ? e.target.value : x)))
                  }
                />
                <span aria-hidden="true">%</span>
              </span>
            </label>
          );
        })}
        {bandsError ? (
          <span id="rating-bands-error" className="field-error" role="alert">
            {bandsError}
          </span>
        ) : null}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button" disabled={saving}>
          {saving ? t('settings.saving') : t('settingsScoring.save')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => {
            setAmberText(percentText(0.9, locale));
            setBandTexts(defaultRatingBands.map((b) => percentText(b.min, locale)));
            setRatings(defaultRatingBands.map((b) => b.rating));
          }}
        >
          {t('settingsScoring.defaults')}
        </button>
      </div>
      {saved ? (
        <p className="notice notice-success" role="status">
          {t('settingsScoring.saved')}
        </p>
      ) : null}
      {error ? <ErrorNotice title={t('settings.saveFailed')} message={error} /> : null}
    </form>
  );
}
