import { useCallback, useEffect, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../../shared/contract/api';
import { KinerjaError } from '../../../shared/contract/errors';
import type { ImportSummary, WorkspaceInfo } from '../../../shared/contract/schemas';
import { formatNumber } from '../../../shared/format';
import { errorMessage, useClient } from '../api/client-context';
import { isDesktop, uploadFile } from '../api/transport';
import { ErrorNotice, Field, Loading, PageHeader } from '../components/common';
import { isLanguage, uiLocale } from '../i18n';
import { useLoad } from '../lib/use-load';

type Detection = ResponseOf<'import/detect'>;
type Preview = ResponseOf<'import/preview'>;
type Kind = ImportSummary['kind'];
type Upload = typeof uploadFile;

const kinds: Kind[] = ['deals', 'leads', 'spend', 'web', 'social', 'kpi_values'];
const dateFormats = ['DD/MM/YYYY', 'MM/DD/YYYY', 'YYYY-MM-DD'] as const;

/** What the user decided on the mapping step; every choice becomes an import option. */
interface Choices {
  /** Field → the header chosen for it ('' = none). */
  map: Record<string, string>;
  decimal: '' | ',' | '.';
  dateFormat: '' | (typeof dateFormats)[number];
  won: string;
  lost: string;
  skipInvalid: boolean;
}

/** An import's counts, formatted in the UI language. */
type Counts = Record<'read' | 'inserted' | 'updated' | 'unchanged' | 'rejected', string>;

/** Values a whole file may be given for a field it lacks, per kind. */
const constantChoices: Partial<Record<Kind, Record<string, string[]>>> = {
  deals: { status: ['won', 'lost', 'open'] },
  spend: { kind: ['marketing', 'sales'] },
};

const noChoices: Choices = { map: {}, decimal: '', dateFormat: '', won: '', lost: '', skipInvalid: false };

const words = (text: string) =>
  text
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);

/** The import options for the calls: only what differs from what was detected is sent. */
function optionsOf(kind: Kind, detection: Detection, choices: Choices, preset: string | null) {
  const map = Object.entries(choices.map)
    .filter(
      ([field, header]) => header && !header.startsWith('=') && detection.mapping[field]?.[0] !== header,
    )
    .map(([field, header]) => `${header}=${field}`);
  // "Every row is …" for a field the file lacks, such as the status of an orders export.
  const set = Object.entries(choices.map)
    .filter(([, header]) => header.startsWith('='))
    .map(([field, value]) => `${field}${value}`);
  return {
    kind,
    ...(preset ? { preset } : {}),
    ...(map.length ? { map } : {}),
    ...(set.length ? { set } : {}),
    ...(choices.decimal ? { decimal: choices.decimal } : {}),
    ...(choices.dateFormat ? { dateFormat: choices.dateFormat } : {}),
    ...(words(choices.won).length ? { won: words(choices.won) } : {}),
    ...(words(choices.lost).length ? { lost: words(choices.lost) } : {}),
    ...(choices.skipInvalid ? { skipInvalid: true } : {}),
  };
}

/**
 * The import wizard: choose or drop a file → check how it is read and mapped (with each
 * inferred format and its examples, correctable) → a dry run listing every problem by row and
 * column → the import itself, with progress and cancel → the batch history with undo.
 * Every step calls the same API as the CLI.
 */
export function ImportWizard({
  workspace,
  upload = uploadFile,
}: {
  workspace: WorkspaceInfo;
  upload?: Upload;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const desktop = isDesktop();
  const dateTime = new Intl.DateTimeFormat(uiLocale(isLanguage(i18n.language) ? i18n.language : 'id'), {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const [file, setFile] = useState<{ path: string; name: string } | null>(null);
  const [kind, setKind] = useState<Kind | ''>('');
  const [detection, setDetection] = useState<Detection | null>(null);
  const [choices, setChoices] = useState<Choices>(noChoices);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [busy, setBusy] = useState<null | 'upload' | 'detect' | 'check' | 'import'>(null);
  const [progress, setProgress] = useState<{ bytesRead: number; totalBytes: number; rows: number } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);
  const [typedPath, setTypedPath] = useState('');
  const [dragging, setDragging] = useState(false);
  const [historyVersion, setHistoryVersion] = useState(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const errorBox = useRef<HTMLDivElement>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // A message appears at the top while the user looks at the buttons below: bring it into view.
  useEffect(() => {
    if (error || notice) errorBox.current?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
  }, [error, notice]);
  // Counts in the workspace's number format, as every other number in the app.
  const count = (n: number) => formatNumber(n, workspace.settings.locale);
  const countsOf = (c: Partial<ImportSummary>): Counts => ({
    read: count(c.read ?? 0),
    inserted: count(c.inserted ?? 0),
    updated: count(c.updated ?? 0),
    unchanged: count(c.unchanged ?? 0),
    rejected: count(c.rejected ?? 0),
  });
  const effectiveKind = (kind || detection?.suggestedKind || '') as Kind | '';

  const loadHistory = useCallback(() => client.import.history({}), [client, historyVersion]); // eslint-disable-line react-hooks/exhaustive-deps
  const history = useLoad(loadHistory);

  async function detect(next: { path: string; name: string }, nextKind: Kind | '') {
    setBusy('detect');
    setError(null);
    setPreview(null);
    setSummary(null);
    try {
      const d = await client.import.detect({ path: next.path, ...(nextKind ? { kind: nextKind } : {}) });
      setFile(next);
      setDetection(d);
      setChoices({
        ...noChoices,
        map: Object.fromEntries(
          Object.entries(d.mapping).map(([field, headers]) => [field, headers[0] ?? '']),
        ),
      });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  async function takeFile(chosen: File) {
    setBusy('upload');
    setError(null);
    const reply = await upload(chosen);
    setBusy(null);
    if (!reply.ok) return setError(reply.error.message);
    await detect({ path: reply.value.path, name: reply.value.name }, kind);
  }

  async function pickFile() {
    try {
      const picked = await client.files.pick({ purpose: 'import' });
      if (picked) await detect({ path: picked.path, name: baseName(picked.path) }, kind);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files[0];
    if (!dropped) return;
    // The desktop app reads the dropped file where it is; browser mode uploads it.
    const droppedPath = desktop ? (window.kinerja?.pathForFile?.(dropped) ?? '') : '';
    if (droppedPath) void detect({ path: droppedPath, name: dropped.name }, kind);
    else if (!desktop) void takeFile(dropped);
  }

  const options = () =>
    detection && effectiveKind
      ? optionsOf(effectiveKind, detection, choices, detection.suggestedPreset)
      : null;

  async function check() {
    const o = options();
    if (!file || !o) return;
    setBusy('check');
    setError(null);
    try {
      // Rows with problems are counted (and listed) rather than stopping the check at the first.
      setPreview(await client.import.preview({ path: file.path, rows: 10, ...o, skipInvalid: true }));
    } catch (e) {
      setPreview(null);
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  async function run() {
    const o = options();
    if (!file || !o) return;
    setBusy('import');
    setError(null);
    setNotice(null);
    setProgress({ bytesRead: 0, totalBytes: 0, rows: 0 });
    const timer = setInterval(() => {
      void client.import.progress({}).then(
        (p) => p && setProgress(p),
        () => undefined,
      );
    }, 250);
    try {
      setSummary(await client.import.file({ path: file.path, ...o }));
      setPreview(null);
      setHistoryVersion((v) => v + 1);
    } catch (e) {
      if (e instanceof KinerjaError && e.kind === 'cancelled') setNotice(t('import.cancelled'));
      else setError(errorMessage(e));
    } finally {
      clearInterval(timer);
      setProgress(null);
      setBusy(null);
    }
  }

  async function undo(batchId: number, rows: number) {
    // One click would remove a whole batch (hundreds of thousands of rows): ask first.
    if (!window.confirm(t('import.undoConfirm', { batch: batchId, rows: count(rows) }))) return;
    setError(null);
    try {
      await client.import.undo({ batchId });
      setHistoryVersion((v) => v + 1);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  function startOver() {
    setFile(null);
    setDetection(null);
    setPreview(null);
    setSummary(null);
    setChoices(noChoices);
    setError(null);
  }

  const step = summary ? 4 : preview ? 3 : detection ? 2 : 1;
  const canImport = preview && (preview.rejected === 0 || choices.skipInvalid);

  return (
    <div className="import-wizard">
      <PageHeader title={t('import.title')} subtitle={t('import.subtitle')} />
      <ol className="steps" aria-label={t('import.stepsLabel')}>
        {(['choose', 'map', 'check', 'done'] as const).map((s, i) => (
          <li
            key={s}
            aria-current={step === i + 1 ? 'step' : undefined}
            className={step > i + 1 ? 'done' : ''}
          >
            <span className="step-number">{i + 1}</span> {t(`import.step.${s}`)}
          </li>
        ))}
      </ol>

      <div ref={errorBox}>
        {error ? <ErrorNotice message={error} title={t('import.failed')} /> : null}
        {notice ? (
          <p className="notice" role="status">
            {notice}
          </p>
        ) : null}
      </div>

      <section className="card" aria-labelledby="import-file-title">
        <h2 id="import-file-title" className="card-title">
          {t('import.fileTitle')}
        </h2>
        <div className="form-columns">
          <div className="form-column">
            <Field label={t('import.kind')} hint={t('import.kindHint')}>
              {(control) => (
                <select
                  {...control}
                  value={kind}
                  onChange={(e) => {
                    const next = e.target.value as Kind | '';
                    setKind(next);
                    if (file) void detect(file, next);
                  }}
                >
                  <option value="">{t('import.kindAuto')}</option>
                  {kinds.map((k) => (
                    <option key={k} value={k}>
                      {t(`import.kinds.${k}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <div className="form-column">
            <div
              className={`drop-zone${dragging ? ' drop-zone-active' : ''}`}
              onDragOver={(e) => {
                e.preventDefault();
                setDragging(true);
              }}
              onDragLeave={() => setDragging(false)}
              onDrop={onDrop}
            >
              <p>{file ? t('import.chosen', { name: file.name }) : t('import.drop')}</p>
              {desktop ? (
                <button type="button" className="button button-secondary" onClick={() => void pickFile()}>
                  {t('import.choose')}
                </button>
              ) : (
                <>
                  <input
                    ref={fileInput}
                    type="file"
                    className="visually-hidden"
                    accept=".csv,.tsv,.txt,.xlsx,.xls"
                    aria-label={t('import.choose')}
                    onChange={(e) => {
                      const chosen = e.target.files?.[0];
                      if (chosen) void takeFile(chosen);
                      e.target.value = '';
                    }}
                  />
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => fileInput.current?.click()}
                    disabled={busy !== null}
                  >
                    {t('import.choose')}
                  </button>
                </>
              )}
            </div>
            {desktop ? (
              <form
                className="field-row"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (typedPath.trim())
                    void detect({ path: typedPath.trim(), name: baseName(typedPath) }, kind);
                }}
              >
                <Field label={t('import.path')}>
                  {(control) => (
                    <input
                      {...control}
                      type="text"
                      value={typedPath}
                      onChange={(e) => setTypedPath(e.target.value)}
                    />
                  )}
                </Field>
              </form>
            ) : null}
          </div>
        </div>
        {busy === 'upload' || busy === 'detect' ? <Loading /> : null}
      </section>

      {detection && !summary ? (
        <MappingStep
          detection={detection}
          kind={effectiveKind}
          choices={choices}
          onChange={(c) => {
            setChoices(c);
            setPreview(null);
          }}
        />
      ) : null}

      {detection && !summary ? (
        <div className="form-actions wizard-actions">
          <button
            type="button"
            className="button"
            disabled={busy !== null || !effectiveKind}
            onClick={() => void check()}
          >
            {busy === 'check' ? t('import.checking') : t('import.check')}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={startOver}
            disabled={busy !== null}
          >
            {t('import.startOver')}
          </button>
        </div>
      ) : null}

      {preview && !summary && preview.warnings.length ? (
        <section className="card" aria-labelledby="import-warnings-title">
          <h2 id="import-warnings-title" className="card-title">
            {t('import.warningsTitle')}
          </h2>
          <ImportWarningList warnings={preview.warnings} />
        </section>
      ) : null}

      {preview && !summary ? (
        <CheckStep
          preview={preview}
          counts={countsOf(preview)}
          skipInvalid={choices.skipInvalid}
          onSkipInvalid={(skipInvalid) => setChoices({ ...choices, skipInvalid })}
        />
      ) : null}

      {preview && !summary ? (
        <div className="form-actions wizard-actions">
          <button
            type="button"
            className="button"
            disabled={!canImport || busy !== null}
            onClick={() => void run()}
          >
            {t('import.run', {
              count: preview.read - preview.rejected,
              rows: count(preview.read - preview.rejected),
            })}
          </button>
          {busy === 'import' ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => void client.import.cancel({})}
            >
              {t('import.cancel')}
            </button>
          ) : null}
        </div>
      ) : null}

      {progress ? (
        <div className="card" role="status" aria-live="polite">
          <progress
            className="import-progress"
            max={progress.totalBytes || 1}
            value={progress.bytesRead}
            aria-label={t('import.progressLabel')}
          />
          <p className="muted">{t('import.progress', { rows: count(progress.rows) })}</p>
        </div>
      ) : null}

      {summary ? (
        <section className="card" aria-labelledby="import-done-title">
          <h2 id="import-done-title" className="card-title">
            {t('import.doneTitle', { batch: summary.batchId })}
          </h2>
          <p role="status">{t('import.counts', countsOf(summary))}</p>
          {summary.rejectsFile ? (
            <p className="muted">{t('import.rejects', { file: summary.rejectsFile })}</p>
          ) : null}
          <ImportWarningList warnings={summary.warnings} />
          <div className="form-actions">
            <button type="button" className="button button-secondary" onClick={startOver}>
              {t('import.another')}
            </button>
          </div>
        </section>
      ) : null}

      <section className="card" aria-labelledby="import-history-title">
        <h2 id="import-history-title" className="card-title">
          {t('import.historyTitle')}
        </h2>
        {history.status === 'loading' ? <Loading /> : null}
        {history.status === 'error' ? <ErrorNotice message={history.error} /> : null}
        {history.status === 'ready' && history.value.length === 0 ? (
          <p className="muted">{t('import.historyEmpty')}</p>
        ) : null}
        {history.status === 'ready' && history.value.length > 0 ? (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('import.batch')}</th>
                  <th scope="col">{t('import.fileColumn')}</th>
                  <th scope="col">{t('import.kind')}</th>
                  <th scope="col">{t('import.when')}</th>
                  <th scope="col">{t('import.result')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('import.undo')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {history.value.map((b) => (
                  <tr key={b.id}>
                    <td className="num">{b.id}</td>
                    <td>{b.fileName}</td>
                    <td>{t(`import.kinds.${b.kind}`, { defaultValue: b.kind })}</td>
                    <td className="nowrap muted">{dateTime.format(new Date(b.createdAt))}</td>
                    <td>
                      {b.undoneAt
                        ? t('import.undone')
                        : t('import.countsShort', countsOf(b.summary as Partial<ImportSummary>))}
                    </td>
                    <td>
                      {b.undoneAt ? null : (
                        <button
                          type="button"
                          className="button button-small button-secondary"
                          aria-label={t('import.undoLabel', { batch: b.id })}
                          onClick={() =>
                            void undo(
                              b.id,
                              Number((b.summary as Partial<ImportSummary>).inserted ?? 0) +
                                Number((b.summary as Partial<ImportSummary>).updated ?? 0),
                            )
                          }
                        >
                          {t('import.undo')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

/** How the file is read: which column feeds which field, and how numbers and dates are read. */
function MappingStep({
  detection,
  kind,
  choices,
  onChange,
}: {
  detection: Detection;
  kind: Kind | '';
  choices: Choices;
  onChange: (c: Choices) => void;
}) {
  const { t } = useTranslation();
  const typeOf = (field: string) => detection.fields.find((x) => x.name === field)?.type;
  const mapped = Object.entries(choices.map).filter(([, header]) => header && !header.startsWith('='));
  // The choices follow the columns the user mapped, not only those recognised on their own.
  const hasDates = mapped.some(([field]) => typeOf(field) === 'date');
  const hasNumbers = mapped.some(([field]) => !['date', 'text', undefined].includes(typeOf(field)));
  const examplesOf = (header: string) => {
    const i = detection.headers.indexOf(header);
    return detection.sample
      .map((row) => row[i] ?? '')
      .filter((v) => v.trim() !== '')
      .slice(0, 3);
  };
  return (
    <section className="card" aria-labelledby="import-map-title">
      <h2 id="import-map-title" className="card-title">
        {t('import.mapTitle')}
      </h2>
      <p className="card-hint">
        {t('import.readAs', { readAs: detection.readAs })}
        {detection.suggestedPreset ? ` · ${t('import.preset', { preset: detection.suggestedPreset })}` : ''}
      </p>
      {!kind ? <p className="notice">{t('import.chooseKind')}</p> : null}
      {detection.fields.length > 0 ? (
        <div className="table-wrap">
          <table className="table mapping-table">
            <thead>
              <tr>
                <th scope="col">{t('import.field')}</th>
                <th scope="col">{t('import.column')}</th>
                <th scope="col">{t('import.examples')}</th>
                <th scope="col">{t('import.reading')}</th>
              </tr>
            </thead>
            <tbody>
              {detection.fields.map(({ name }) => {
                const format = detection.formats.find((f) => f.field === name);
                const constant = detection.constants[name];
                const chosen = choices.map[name] ?? '';
                const examples =
                  format && chosen === format.column
                    ? format.examples
                    : chosen && !chosen.startsWith('=')
                      ? examplesOf(chosen)
                      : [];
                return (
                  <tr key={name} className={format?.needsChoice ? 'needs-choice' : undefined}>
                    <th scope="row" className="field-name">
                      {t(`import.fields.${name}`, { defaultValue: name })}
                      <code>{name}</code>
                    </th>
                    <td>
                      {constant !== undefined && !choices.map[name] ? (
                        <span className="muted">{t('import.constant', { value: constant })}</span>
                      ) : (
                        <select
                          aria-label={t('import.columnFor', { field: name })}
                          value={choices.map[name] ?? ''}
                          onChange={(e) =>
                            onChange({ ...choices, map: { ...choices.map, [name]: e.target.value } })
                          }
                        >
                          <option value="">{t('import.noColumn')}</option>
                          {(constantChoices[kind || 'deals']?.[name] ?? []).map((v) => (
                            <option key={v} value={`=${v}`}>
                              {t('import.everyRow', { value: t(`import.values.${v as 'won'}`) })}
                            </option>
                          ))}
                          {detection.headers.map((h) => (
                            <option key={h} value={h}>
                              {h}
                            </option>
                          ))}
                        </select>
                      )}
                    </td>
                    <td className="examples">{examples.join(' · ')}</td>
                    <td>
                      {format?.needsChoice && chosen === format.column ? (
                        <strong>{t('import.needsChoice')}</strong>
                      ) : chosen === format?.column ? (
                        (format?.reading ?? '')
                      ) : (
                        ''
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="field-row wizard-formats">
        {hasNumbers ? (
          <Field label={t('import.decimal')}>
            {(control) => (
              <select
                {...control}
                value={choices.decimal}
                onChange={(e) => onChange({ ...choices, decimal: e.target.value as Choices['decimal'] })}
              >
                <option value="">{t('import.auto')}</option>
                <option value=",">{t('import.decimalComma')}</option>
                <option value=".">{t('import.decimalPoint')}</option>
              </select>
            )}
          </Field>
        ) : null}
        {hasDates ? (
          <Field label={t('import.dateFormat')}>
            {(control) => (
              <select
                {...control}
                value={choices.dateFormat}
                onChange={(e) =>
                  onChange({ ...choices, dateFormat: e.target.value as Choices['dateFormat'] })
                }
              >
                <option value="">{t('import.auto')}</option>
                {dateFormats.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {kind === 'deals' ? (
          <>
            <Field label={t('import.won')} hint={t('import.wordsHint')}>
              {(control) => (
                <input
                  {...control}
                  type="text"
                  value={choices.won}
                  onChange={(e) => onChange({ ...choices, won: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('import.lost')}>
              {(control) => (
                <input
                  {...control}
                  type="text"
                  value={choices.lost}
                  onChange={(e) => onChange({ ...choices, lost: e.target.value })}
                />
              )}
            </Field>
          </>
        ) : null}
      </div>
      {detection.sample.length > 0 ? (
        <RowsTable
          summary={t('import.sample', { count: detection.sample.length })}
          headers={detection.headers}
          rows={detection.sample}
        />
      ) : null}
    </section>
  );
}

/** The dry run: what would be imported, and every problem with its row, column and value. */
function CheckStep({
  preview,
  counts,
  skipInvalid,
  onSkipInvalid,
}: {
  preview: Preview;
  counts: Counts;
  skipInvalid: boolean;
  onSkipInvalid: (v: boolean) => void;
}) {
  const { t } = useTranslation();
  const fields = preview.preview[0] ? Object.keys(preview.preview[0]) : [];
  return (
    <section className="card" aria-labelledby="import-check-title">
      <h2 id="import-check-title" className="card-title">
        {t('import.checkTitle')}
      </h2>
      <p role="status">{t('import.wouldImport', counts)}</p>
      {preview.skippedLines || preview.skippedTotals ? (
        <p className="muted">
          {t('import.skipped', { lines: preview.skippedLines, totals: preview.skippedTotals })}
        </p>
      ) : null}
      <ul className="formats">
        {preview.formats
          .filter((f) => f.format)
          .map((f) => (
            <li key={`${f.column}/${f.field}`}>
              <strong>{f.column}</strong> → <code>{f.field}</code>: {f.format}
            </li>
          ))}
      </ul>
      {preview.problems.length > 0 ? (
        <>
          <h3 className="problems-title">
            {t('import.problems', { count: preview.rejected, listed: preview.problems.length })}
          </h3>
          <div className="table-wrap">
            <table className="table problems-table">
              <thead>
                <tr>
                  <th scope="col">{t('import.row')}</th>
                  <th scope="col">{t('import.column')}</th>
                  <th scope="col">{t('import.value')}</th>
                  <th scope="col">{t('import.expected')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.problems.map((p, i) => (
                  <tr key={i}>
                    <td className="num">{p.row}</td>
                    <td>{p.column}</td>
                    <td>
                      <code>{p.value === '' ? t('import.emptyValue') : p.value}</code>
                    </td>
                    <td>{p.expected}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={skipInvalid} onChange={(e) => onSkipInvalid(e.target.checked)} />{' '}
            {t('import.skipInvalid')}
          </label>
        </>
      ) : null}
      {fields.length > 0 ? (
        <RowsTable
          open
          summary={t('import.previewRows', { count: preview.preview.length })}
          headers={fields.map((f) => (
            <code key={f}>{f}</code>
          ))}
          rows={preview.preview.map((row) => fields.map((f) => row[f] ?? ''))}
        />
      ) : null}
    </section>
  );
}

/** What was imported as written but deserves a look: each with its rows and column. */
function ImportWarningList({ warnings }: { warnings: ImportSummary['warnings'] }) {
  const { t } = useTranslation();
  if (!warnings.length) return null;
  return (
    <ul className="import-warnings" aria-label={t('import.warningsTitle')}>
      {warnings.map((w) => (
        <li key={`${w.code}-${w.column ?? ''}-${w.positions.join(',')}`}>
          {t(`import.warning.${w.code}`, {
            count: w.count,
            rows: w.rows.join(', '),
            more: w.count > w.rows.length ? t('import.warningMore', { count: w.count - w.rows.length }) : '',
            column: w.column ?? '',
            positions: w.positions.join(' & '),
            first: w.positions[0] ?? '',
          })}
        </li>
      ))}
    </ul>
  );
}

/** A few rows of a file, folded away under a summary line. */
function RowsTable({
  summary,
  headers,
  rows,
  open = false,
}: {
  summary: string;
  headers: ReactNode[];
  rows: string[][];
  open?: boolean;
}) {
  return (
    <details className="sample" open={open}>
      <summary>{summary}</summary>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              {headers.map((h, i) => (
                <th key={i} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={r}>
                {row.map((c, i) => (
                  <td key={i}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
