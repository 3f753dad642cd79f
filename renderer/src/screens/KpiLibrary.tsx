import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../api/client-context';
import { ErrorNotice, Loading, PageHeader } from '../components/common';
import { isLanguage } from '../i18n';
import { useLoad } from '../lib/use-load';

export function KpiLibrary() {
  const client = useClient();
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  const load = useCallback(() => client.kpi.catalog({}), [client]);
  const catalog = useLoad(load);

  return (
    <>
      <PageHeader title={t('kpiLibrary.title')} subtitle={t('kpiLibrary.subtitle')} />
      {catalog.status === 'loading' ? <Loading /> : null}
      {catalog.status === 'error' ? <ErrorNotice message={catalog.error} /> : null}
      {catalog.status === 'ready' ? (
        <ul className="kpi-list">
          {catalog.value.map((kpi) => (
            <li key={kpi.code} className="card kpi-card">
              <div className="kpi-card-header">
                <h2>{kpi.name[language]}</h2>
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
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
