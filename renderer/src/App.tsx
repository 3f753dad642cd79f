import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkspaceInfo } from '../../shared/contract/schemas';
import { useClient } from './api/client-context';
import { ErrorNotice, Loading } from './components/common';
import { BrandMark, ScreenIcon } from './components/icons';
import { LanguageSwitch } from './components/LanguageSwitch';
import { languageOfLocale, storedLanguage } from './i18n';
import { setFiscalYearStart } from './lib/periods';
import { hrefOf, screens, useScreen, type Screen } from './lib/route';
import { rememberWorkspace } from './lib/recent';
import { useLoad } from './lib/use-load';
import { Appraisals } from './screens/Appraisals';
import { Dashboard } from './screens/Dashboard';
import { DataEntry } from './screens/DataEntry';
import { ImportWizard } from './screens/ImportWizard';
import { KpiLibrary } from './screens/KpiLibrary';
import { Reviews } from './screens/Reviews';
import { Settings } from './screens/Settings';
import { StartScreen } from './screens/StartScreen';
import { Targets } from './screens/Targets';

export function App() {
  // Remounting on retry gives the first call a clean slate.
  const [attempt, setAttempt] = useState(0);
  return <Root key={attempt} onRetry={() => setAttempt((n) => n + 1)} />;
}

function Root({ onRetry }: { onRetry: () => void }) {
  const client = useClient();
  const { i18n } = useTranslation();
  const loadCurrent = useCallback(() => client.workspace.current({}), [client]);
  const current = useLoad(loadCurrent);
  // Once the user creates, opens, edits or closes a workspace, their result replaces the first answer.
  const [changed, setChanged] = useState<{ info: WorkspaceInfo | null } | null>(null);
  const workspace = changed ? changed.info : current.status === 'ready' ? current.value : undefined;
  const locale = workspace?.settings.locale;
  const title = workspace?.settings.name;
  // Before any screen works out a period: fiscal years start where this workspace says.
  setFiscalYearStart(workspace?.settings.fiscalYearStartMonth ?? 1);

  useEffect(() => {
    // The workspace's locale decides the language until the user picks one on this computer.
    if (locale && !storedLanguage()) void i18n.changeLanguage(languageOfLocale(locale));
  }, [locale, i18n]);

  useEffect(() => {
    document.title = title ? `${title} · Kinerja` : 'Kinerja';
  }, [title]);

  const openPath = workspace?.path;
  useEffect(() => {
    // The start screen offers the workspaces opened on this computer.
    if (openPath && title) rememberWorkspace(openPath, title);
  }, [openPath, title]);

  if (workspace === undefined) {
    if (current.status === 'error') {
      return (
        <div className="boot">
          <ErrorNotice message={current.error} onRetry={onRetry} />
        </div>
      );
    }
    return (
      <div className="boot">
        <Loading />
      </div>
    );
  }
  if (workspace === null) return <StartScreen onOpened={(info) => setChanged({ info })} />;
  return (
    <Shell
      workspace={workspace}
      onChange={(info) => setChanged({ info })}
      onClosed={() => {
        window.location.hash = '';
        setChanged({ info: null });
      }}
    />
  );
}

function Shell({
  workspace,
  onChange,
  onClosed,
}: {
  workspace: WorkspaceInfo;
  onChange: (info: WorkspaceInfo) => void;
  onClosed: () => void;
}) {
  const { t } = useTranslation();
  const screen = useScreen();
  return (
    <div className="app">
      <aside className="sidebar">
        <div className="brand">
          <BrandMark />
          <span className="brand-name">Kinerja</span>
        </div>
        <div className="workspace-badge" title={workspace.path}>
          <span className="workspace-label">{t('workspace.current')}</span>
          <span className="workspace-name">{workspace.settings.name}</span>
          {/* The file is always in view: a consultant with a workspace per client must know which is open. */}
          <span className="workspace-path" data-testid="workspace-path">
            {/* Shown right to left so a long path loses its start, not the file name; the marks keep slashes in place. */}
            {`\u200e${workspace.path}\u200e`}
          </span>
        </div>
        <nav aria-label={t('nav.label')}>
          <ul className="nav">
            {screens.map((s) => (
              <li key={s}>
                <a href={hrefOf(s)} aria-current={s === screen ? 'page' : undefined}>
                  <ScreenIcon screen={s} />
                  <span>{t(`nav.${s}`)}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-footer">
          <LanguageSwitch />
        </div>
      </aside>
      <main className="content">
        {workspace.readOnly ? (
          <p className="notice notice-warning" role="status">
            {t('workspace.readOnly', { path: workspace.path })}
          </p>
        ) : null}
        <ScreenView screen={screen} workspace={workspace} onChange={onChange} onClosed={onClosed} />
      </main>
    </div>
  );
}

function ScreenView({
  screen,
  workspace,
  onChange,
  onClosed,
}: {
  screen: Screen;
  workspace: WorkspaceInfo;
  onChange: (info: WorkspaceInfo) => void;
  onClosed: () => void;
}) {
  switch (screen) {
    case 'dashboard':
      return <Dashboard workspace={workspace} />;
    case 'data-entry':
      return <DataEntry workspace={workspace} />;
    case 'kpi-library':
      return <KpiLibrary workspace={workspace} />;
    case 'settings':
      return <Settings workspace={workspace} onChange={onChange} onClosed={onClosed} />;
    case 'targets':
      return <Targets workspace={workspace} />;
    case 'appraisals':
      return <Appraisals workspace={workspace} />;
    case 'reviews':
      return <Reviews workspace={workspace} />;
    case 'import':
      return <ImportWizard workspace={workspace} />;
  }
}
