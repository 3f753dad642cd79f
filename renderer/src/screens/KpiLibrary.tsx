import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, useClient } from '../api/client-context';
import { ErrorNotice, Loading, PageHeader } from '../components/common';
import { isLanguage } from '../i18n';
import { useLoad } from '../lib/use-load';

type Settings = { tracked: boolean; manualWins: boolean };

/**
 * Every KPI with its definition in the UI language, and the workspace's choices for it: tracked
 * (shown on the dashboard) and whether values typed by hand win over computed ones.
 */
export function KpiLibrary() {
  const client = useClient();
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  const load = useCallback(
    () => Promise.all([client.kpi.catalog({}), client.kpi.settingsList({})]),
    [client],
  );
  const state = useLoad(load);
  const [changed, setChanged] = useState<Record<string, Settings>>({});
  const [error, setError] = useState<string | null>(null);

  async function change(kpi: string, patch: Partial<Settings>) {
    setError(null);
    try {
      const next = await client.kpi.settings({ kpi, ...patch });
      setChanged((c) => ({ ...c, [kpi]: next }));
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <>
      <PageHeader title={t('kpiLibrary.title')} subtitle={t('kpiLibrary.subtitle')} />
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorNotice message={state.error} /> : null}
      {error ? <ErrorNotice title={t('kpiLibrary.notSaved')} message={error} /> : null}
      {state.status === 'ready' ? (
        <ul className="kpi-list">
          {state.value[0].map((kpi) => {
            const settings = changed[kpi.code] ?? state.value[1].find((x) => x.kpi === kpi.code);
            const name = kpi.name[language];
            return (
              <li
                key={kpi.code}
                className={`card kpi-card ${settings?.tracked === false ? 'is-untracked' : ''}`}
              >
                <div className="kpi-card-header">
                  <h2>{name}</h2>
                  <code title={t('kpiLibrary.code')}>{kpi.code}</code>
                </div>
                <p className="kpi-definition">{kpi.definition[language]}</p>
                <dl className="kpi-facts">
                  <div>
                    <dt>{t('kpiLibrary.unit')}</dt>
                    <dd>{t(`units.${kpi.unit}`)}</dd>
                  </div>
                  <div>
                    <dt>{t('kpiLibrary.direction')}</dt>
                    <dd>{t(`direction.${kpi.direction}`)}</dd>
                  </div>
                </dl>
                {settings ? (
                  <div className="kpi-choices">
                    <label>
                      <input
                        type="checkbox"
                        checked={settings.tracked}
                        onChange={(e) => void change(kpi.code, { tracked: e.target.checked })}
                      />{' '}
                      {t('kpiLibrary.tracked')}
                    </label>
                    <label>
                      <input
                        type="checkbox"
                        checked={settings.manualWins}
                        onChange={(e) => void change(kpi.code, { manualWins: e.target.checked })}
                      />{' '}
                      {t('kpiLibrary.manualWins')}
                    </label>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </>
  );
}
