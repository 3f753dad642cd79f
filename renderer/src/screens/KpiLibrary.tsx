import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiDefinition, WorkspaceInfo } from '../../../shared/contract/schemas';
import type { FormatSettings } from '../../../shared/format';
import { errorMessage, useClient } from '../api/client-context';
import { ErrorNotice, Loading, PageHeader } from '../components/common';
import { CustomKpiEditor } from '../components/CustomKpiEditor';
import { SmartRow } from '../components/SmartRow';
import { isLanguage } from '../i18n';
import { useLoad } from '../lib/use-load';

type Settings = { tracked: boolean; manualWins: boolean };

/** The editor's state: closed, writing a new KPI, or changing a saved custom one. */
type Editing = { kpi: KpiDefinition | null } | null;

/**
 * Every KPI with its definition in the UI language, and the workspace's choices for it: tracked
 * (shown on the dashboard) and whether values typed by hand win over computed ones. Custom KPIs
 * are written and changed here, and each tracked KPI shows whether it is SMART.
 */
export function KpiLibrary({ workspace }: { workspace: WorkspaceInfo }) {
  const client = useClient();
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  const format: FormatSettings = { locale: workspace.settings.locale, currency: workspace.settings.currency };
  const [version, setVersion] = useState(0);
  const [smartVersion, setSmartVersion] = useState(0);
  const load = useCallback(
    () => Promise.all([client.kpi.catalog({}), client.kpi.settingsList({}), client.data.range({})]),
    // version re-reads after a custom KPI is saved
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, version],
  );
  const loadSmart = useCallback(
    () => client.kpi.smart({}),
    // smartVersion re-checks after a save or a change of what is tracked
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, smartVersion],
  );
  const state = useLoad(load);
  const smart = useLoad(loadSmart);
  const [changed, setChanged] = useState<Record<string, Settings>>({});
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);

  async function change(kpi: string, patch: Partial<Settings>) {
    setError(null);
    try {
      const next = await client.kpi.settings({ kpi, ...patch });
      setChanged((c) => ({ ...c, [kpi]: next }));
      if (patch.tracked !== undefined) setSmartVersion((v) => v + 1);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  function openEditor(kpi: KpiDefinition | null) {
    setSaved(null);
    setEditing({ kpi });
  }

  function closeEditor() {
    setEditing(null);
    requestAnimationFrame(() => newButton.current?.focus());
  }

  const data =
    state.status === 'ready' ? state.value : state.status === 'loading' ? state.previous : undefined;
  const [catalog, settingsList, range] = data ?? [[], [], { first: null, last: null }];
  const smartChecks =
    smart.status === 'ready' ? smart.value : smart.status === 'loading' ? smart.previous : undefined;

  return (
    <>
      <PageHeader title={t('kpiLibrary.title')} subtitle={t('kpiLibrary.subtitle')}>
        <button
          ref={newButton}
          type="button"
          className="button"
          disabled={!data || editing !== null}
          onClick={() => openEditor(null)}
        >
          {t('kpiLibrary.newKpi')}
        </button>
      </PageHeader>
      {state.status === 'loading' && !data ? <Loading /> : null}
      {state.status === 'error' ? <ErrorNotice message={state.error} /> : null}
      {error ? <ErrorNotice title={t('kpiLibrary.notSaved')} message={error} /> : null}
      {saved ? (
        <p className="notice notice-success kpi-saved" role="status">
          {saved}
        </p>
      ) : null}
      {editing && data ? (
        <CustomKpiEditor
          key={editing.kpi?.code ?? 'new'}
          catalog={catalog}
          editing={editing.kpi}
          previewMonth={range.last ? range.last.slice(0, 7) : null}
          settings={format}
          onCancel={closeEditor}
          onSaved={(kpi) => {
            setSaved(t('kpiLibrary.saved', { name: kpi.name[language] }));
            setVersion((v) => v + 1);
            setSmartVersion((v) => v + 1);
            closeEditor();
          }}
        />
      ) : null}
      {smart.status === 'error' ? <ErrorNotice title={t('smart.failed')} message={smart.error} /> : null}
      {data ? (
        <ul className="kpi-list">
          {catalog.map((kpi) => {
            const settings = changed[kpi.code] ?? settingsList.find((x) => x.kpi === kpi.code);
            const name = kpi.name[language];
            const isCustom = kpi.formula !== undefined;
            const check =
              settings?.tracked === false ? undefined : smartChecks?.find((c) => c.kpi === kpi.code);
            return (
              <li
                key={kpi.code}
                className={`card kpi-card ${settings?.tracked === false ? 'is-untracked' : ''}`}
              >
                <div className="kpi-card-header">
                  <h2>{name}</h2>
                  <span className="kpi-card-tags">
                    {isCustom ? <span className="kpi-custom-tag">{t('kpiLibrary.custom')}</span> : null}
                    <code title={t('kpiLibrary.code')}>{kpi.code}</code>
                  </span>
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
                {check ? <SmartRow check={check} unit={kpi.unit} settings={format} /> : null}
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
                {isCustom ? (
                  <div className="kpi-card-actions">
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-label={t('kpiLibrary.editLabel', { name })}
                      disabled={editing !== null}
                      onClick={() => openEditor(kpi)}
                    >
                      {t('kpiLibrary.edit')}
                    </button>
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
