import { useState, type DragEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isKinerjaError } from '../../../shared/contract/errors';
import type { Locale, WorkspaceInfo } from '../../../shared/contract/schemas';
import { errorMessage, useClient } from '../api/client-context';
import { hasNativeDialogs } from '../api/transport';
import { ErrorNotice, Field } from '../components/common';
import { BrandMark } from '../components/icons';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { forgetWorkspace, recentWorkspaces } from '../lib/recent';

const locales: Locale[] = ['id-ID', 'en-US'];

/** Shown when no workspace is open: create a new workspace file or open an existing one. */
export function StartScreen({ onOpened }: { onOpened: (info: WorkspaceInfo) => void }) {
  const client = useClient();
  const { t, i18n } = useTranslation();
  const [createPath, setCreatePath] = useState('');
  const [company, setCompany] = useState('');
  const [locale, setLocale] = useState<Locale>(i18n.language === 'en' ? 'en-US' : 'id-ID');
  const [openPath, setOpenPath] = useState('');
  const [busy, setBusy] = useState<'create' | 'open' | 'demo' | null>(null);
  const [recent, setRecent] = useState(recentWorkspaces);
  const [demoError, setDemoError] = useState<string | null>(null);
  const [createError, setCreateError] = useState<string | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  /** A damaged file that would not open, and the newest automatic backup of it. */
  const [rescue, setRescue] = useState<{ path: string; backup: string; date: string } | null>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy('create');
    setCreateError(null);
    try {
      onOpened(
        await client.workspace.create({ path: createPath.trim(), name: company.trim() || undefined, locale }),
      );
    } catch (e) {
      setCreateError(errorMessage(e));
      setBusy(null);
    }
  }

  async function open(event: FormEvent | null, file = openPath.trim()) {
    event?.preventDefault();
    setBusy('open');
    setOpenError(null);
    setRescue(null);
    try {
      onOpened(await client.workspace.open({ path: file }));
    } catch (e) {
      setOpenError(`${errorMessage(e)}`);
      const p = isKinerjaError(e) && e.detail?.code === 'workspace_damaged' ? e.detail.params : null;
      if (p) setRescue({ path: String(p.path), backup: String(p.backup), date: String(p.date) });
      setBusy(null);
    }
  }

  /** Puts the offered backup in place of the damaged file (kept in the backups folder) and opens it. */
  async function restoreBackup() {
    if (!rescue) return;
    if (!window.confirm(t('start.restoreConfirm', rescue))) return;
    setBusy('open');
    try {
      const restored = await client.workspace.restore({ backupPath: rescue.backup, path: rescue.path });
      onOpened(restored.workspace);
    } catch (e) {
      setOpenError(errorMessage(e));
      setRescue(null);
      setBusy(null);
    }
  }

  // The desktop app has native dialogs; browser mode keeps typed paths (read from the home folder).
  const dialogs = hasNativeDialogs();

  async function chooseNew() {
    const picked = await client.files.saveAs({
      purpose: 'workspace',
      defaultName: `${company.trim() || 'Kinerja'}.kinerja`,
    });
    if (picked) setCreatePath(picked.path);
  }

  async function chooseExisting() {
    const picked = await client.files.pick({ purpose: 'workspace' });
    if (picked) {
      setOpenPath(picked.path);
      await open(null, picked.path);
    }
  }

  /** A .kinerja file dropped on the start screen opens, where the host can tell its path. */
  function drop(event: DragEvent<HTMLElement>) {
    const file = [...event.dataTransfer.files].find((f) => f.name.toLowerCase().endsWith('.kinerja'));
    if (!file) return;
    event.preventDefault();
    const dropped = window.kinerja?.pathForFile?.(file) ?? '';
    if (dropped) void open(null, dropped);
    else setOpenError(t('start.dropNeedsPath', { name: file.name }));
  }

  async function demo() {
    setBusy('demo');
    setDemoError(null);
    try {
      // A new file in the home folder (or beside the app's working folder): never an existing one.
      const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
      onOpened(await client.workspace.createDemo({ path: `~/Kinerja Demo ${stamp}.kinerja` }));
    } catch (e) {
      setDemoError(errorMessage(e));
      setBusy(null);
    }
  }

  return (
    <div className="start" onDragOver={(e) => e.preventDefault()} onDrop={drop}>
      <header className="start-header">
        <div className="brand brand-dark">
          <BrandMark />
          <span className="brand-name">Kinerja</span>
        </div>
        <LanguageSwitch />
      </header>
      <main className="start-main">
        <h1>{t('start.title')}</h1>
        <p className="start-intro">{t('start.intro')}</p>
        {recent.length > 0 ? (
          <section className="card start-recent" aria-labelledby="start-recent">
            <h2 id="start-recent" className="card-title">
              {t('start.recentTitle')}
            </h2>
            <ul className="recent-list">
              {recent.map((r) => (
                <li key={r.path}>
                  <button
                    type="button"
                    className="recent-open"
                    disabled={busy !== null}
                    onClick={() => void open(null, r.path)}
                  >
                    <strong>{r.name}</strong>
                    <span className="path">{r.path}</span>
                  </button>
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    aria-label={t('start.forget', { name: r.name })}
                    onClick={() => {
                      forgetWorkspace(r.path);
                      setRecent(recentWorkspaces());
                    }}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ) : (
          <section className="card start-demo" aria-labelledby="start-demo">
            <h2 id="start-demo" className="card-title">
              {t('start.demoTitle')}
            </h2>
            <p className="card-hint">{t('start.demoHint')}</p>
            <button type="button" className="button" disabled={busy !== null} onClick={() => void demo()}>
              {busy === 'demo' ? t('start.demoCreating') : t('start.demo')}
            </button>
            {demoError ? <ErrorNotice title={t('start.createFailed')} message={demoError} /> : null}
          </section>
        )}
        <div className="start-cards">
          <form className="card form" onSubmit={(e) => void create(e)} aria-labelledby="start-create">
            <h2 id="start-create" className="card-title">
              {t('start.createTitle')}
            </h2>
            <Field label={t('start.file')} hint={t('start.createHint')}>
              {(control) => (
                <input
                  {...control}
                  type="text"
                  required
                  spellCheck={false}
                  value={createPath}
                  placeholder={t('start.pathPlaceholder')}
                  onChange={(e) => setCreatePath(e.target.value)}
                />
              )}
            </Field>
            {dialogs ? (
              <button type="button" className="button button-secondary" onClick={() => void chooseNew()}>
                {t('start.chooseNew')}
              </button>
            ) : null}
            <Field label={t('start.company')}>
              {(control) => (
                <input
                  {...control}
                  type="text"
                  maxLength={200}
                  value={company}
                  onChange={(e) => setCompany(e.target.value)}
                />
              )}
            </Field>
            <Field label={t('start.locale')}>
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
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy !== null || !createPath.trim()}>
                {busy === 'create' ? t('start.creating') : t('start.create')}
              </button>
            </div>
            {createError ? <ErrorNotice title={t('start.createFailed')} message={createError} /> : null}
          </form>

          <form className="card form" onSubmit={(e) => void open(e)} aria-labelledby="start-open">
            <h2 id="start-open" className="card-title">
              {t('start.openTitle')}
            </h2>
            <Field label={t('start.file')} hint={t('start.openHint')}>
              {(control) => (
                <input
                  {...control}
                  type="text"
                  required
                  spellCheck={false}
                  value={openPath}
                  placeholder={t('start.pathPlaceholder')}
                  onChange={(e) => setOpenPath(e.target.value)}
                />
              )}
            </Field>
            {dialogs ? (
              <>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => void chooseExisting()}
                >
                  {t('start.chooseExisting')}
                </button>
                <p className="field-hint">{t('start.dropHint')}</p>
              </>
            ) : null}
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy !== null || !openPath.trim()}>
                {busy === 'open' ? t('start.opening') : t('start.open')}
              </button>
            </div>
            {openError ? <ErrorNotice title={t('start.openFailed')} message={openError} /> : null}
            {rescue ? (
              <button
                type="button"
                className="button"
                disabled={busy !== null}
                onClick={() => void restoreBackup()}
              >
                {t('start.restoreBackup', { date: rescue.date })}
              </button>
            ) : null}
          </form>
        </div>
      </main>
    </div>
  );
}
