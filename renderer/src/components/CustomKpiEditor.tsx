import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiDefinition, KpiDirection, KpiUnit } from '../../../shared/contract/schemas';
import { formatKpiValue, type FormatSettings } from '../../../shared/format';
import { builtInKpiCodes } from '../../../shared/kpi/catalog';
import {
  checkFormulaReferences,
  findFormulaCycle,
  FormulaError,
  parseFormula,
  type FormulaNode,
} from '../../../shared/kpi/formula';
import { errorMessage, useClient } from '../api/client-context';
import { isLanguage } from '../i18n';
import { formulaProblemText } from '../lib/formula-problem';
import { ErrorNotice } from './common';
import { usePeriodName } from './ViewPickers';

const CODE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
const FUNCTIONS = [
  { name: 'min', usage: 'min(a, b, …)' },
  { name: 'max', usage: 'max(a, b, …)' },
  { name: 'abs', usage: 'abs(x)' },
  { name: 'if_null', usage: 'if_null(x, fallback)' },
] as const;
const UNITS: readonly KpiUnit[] = ['money', 'count', 'percent', 'ratio', 'seconds', 'days'];
const DIRECTIONS: readonly KpiDirection[] = ['higher', 'lower', 'band'];
/** Typing pauses this long before the core is asked for a preview. */
const PREVIEW_DELAY_MS = 300;

interface Draft {
  code: string;
  nameId: string;
  nameEn: string;
  formula: string;
  unit: KpiUnit;
  direction: KpiDirection;
}

type FormulaCheck =
  | { ok: true; node: FormulaNode }
  | { ok: false; problem: string; position: number | null }
  | { ok: false; loop: string[]; position: null };

/**
 * Parses and checks the formula the way saving does (shared/kpi/formula, run here in the
 * browser): syntax, KPI codes that exist, and no loop through other custom KPIs.
 */
function checkFormula(text: string, catalog: KpiDefinition[], ownCode: string | null): FormulaCheck {
  let node: FormulaNode;
  const known = new Set(catalog.map((k) => k.code));
  try {
    node = parseFormula(text);
    checkFormulaReferences(node, (code) => known.has(code) || code === ownCode);
  } catch (e) {
    if (e instanceof FormulaError) return { ok: false, problem: e.problem, position: e.position };
    throw e;
  }
  if (ownCode !== null) {
    const formulas: Record<string, FormulaNode> = {};
    for (const k of catalog) {
      if (k.formula === undefined || k.code === ownCode) continue;
      try {
        formulas[k.code] = parseFormula(k.formula);
      } catch {
        // A saved formula that no longer parses cannot be part of a loop.
      }
    }
    formulas[ownCode] = node;
    const loop = findFormulaCycle(formulas, (code) => builtInKpiCodes.has(code));
    if (loop) return { ok: false, loop, position: null };
  }
  return { ok: true, node };
}

/** The line of the formula holding `position` (1-based), cut to a window around it. */
function markerOf(text: string, position: number): { line: string; column: number } {
  const index = Math.min(Math.max(position - 1, 0), text.length);
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const lineEnd = text.indexOf('\n', index);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).replace(/[\t\r]/g, ' ');
  const column = index - lineStart;
  // Long formulas scroll sideways in the marker; start close enough for the caret to show.
  const from = Math.max(0, column - 40);
  return { line: (from > 0 ? '…' : '') + line.slice(from), column: column - from + (from > 0 ? 1 : 0) };
}

/**
 * A label, a control, what is wrong with it (announced politely, since it changes while typing)
 * and a hint.
 */
function EditorField({
  label,
  hint,
  message,
  invalid,
  children,
  className,
}: {
  label: string;
  hint?: ReactNode;
  message?: ReactNode;
  invalid: boolean;
  className?: string;
  children: (control: { id: string; 'aria-describedby': string; 'aria-invalid'?: true }) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={`field ${className ?? ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children({
        id,
        'aria-describedby': hint ? `${id}-hint ${id}-message` : `${id}-message`,
        'aria-invalid': invalid ? true : undefined,
      })}
      <span id={`${id}-message`} className={invalid ? 'field-error' : 'field-ok'} aria-live="polite">
        {message}
      </span>
      {hint ? (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

type Preview =
  | { status: 'waiting' }
  | { status: 'loading' }
  | { status: 'ready'; period: string; value: number | null }
  | { status: 'error'; message: string };

/**
 * Writes or rewrites a custom KPI: a code, its names in both languages, a formula over other
 * KPI codes checked on every keystroke (the problem in the UI language, and where it is), and
 * the value the KPI would have for the latest month with data, worked out by the core.
 */
export function CustomKpiEditor({
  catalog,
  editing,
  previewMonth,
  settings,
  onSaved,
  onCancel,
}: {
  catalog: KpiDefinition[];
  /** The saved custom KPI being changed; null for a new one. */
  editing: KpiDefinition | null;
  /** `YYYY-MM` of the latest month with data; null when the workspace has none. */
  previewMonth: string | null;
  settings: FormatSettings;
  onSaved: (kpi: { code: string; name: { id: string; en: string } }) => void;
  onCancel: () => void;
}) {
  const client = useClient();
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  const periodName = usePeriodName();
  const titleId = useId();
  const formulaRef = useRef<HTMLTextAreaElement>(null);
  const firstFieldRef = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState<Draft>(() => ({
    code: editing?.code ?? '',
    nameId: editing?.name.id ?? '',
    nameEn: editing?.name.en ?? '',
    formula: editing?.formula ?? '',
    unit: editing?.unit ?? 'count',
    direction: editing?.direction ?? 'higher',
  }));
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  useEffect(() => firstFieldRef.current?.focus(), []);

  const change = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  // The code: live, as soon as something is typed.
  const code = draft.code.trim();
  const takenBy = catalog.find((k) => k.code === code && k.code !== editing?.code);
  let codeProblem: string | null = null;
  if (editing === null) {
    if (code === '') codeProblem = submitted ? t('kpiLibrary.editor.codeInvalid') : null;
    else if (!CODE_PATTERN.test(code)) codeProblem = t('kpiLibrary.editor.codeInvalid');
    else if (builtInKpiCodes.has(code)) codeProblem = t('kpiLibrary.editor.codeBuiltIn', { code });
    else if (FUNCTIONS.some((f) => f.name === code))
      codeProblem = t('kpiLibrary.editor.codeFunction', { code });
    else if (takenBy) codeProblem = t('kpiLibrary.editor.codeTaken', { code, name: takenBy.name[language] });
  }
  const codeUsable = codeProblem === null && CODE_PATTERN.test(code);

  const formulaCheck = useMemo(
    () =>
      draft.formula.trim() === '' ? null : checkFormula(draft.formula, catalog, codeUsable ? code : null),
    [draft.formula, catalog, codeUsable, code],
  );
  const formulaValid = formulaCheck?.ok === true;
  const formulaCheckShown: FormulaCheck | null =
    formulaCheck ?? (submitted ? { ok: false, problem: 'the formula is empty', position: null } : null);

  // A code no KPI has, for previewing before the code is written: the value does not depend on it.
  const previewCode = useMemo(() => {
    if (codeUsable) return code;
    let candidate = 'draft_kpi';
    for (let i = 2; catalog.some((k) => k.code === candidate); i++) candidate = `draft_kpi_${i}`;
    return candidate;
  }, [codeUsable, code, catalog]);

  // An answer belongs to the question it answers: typing on shows "working it out", never a
  // value for a formula that is no longer there.
  const previewKey =
    formulaValid && previewMonth !== null ? `${previewCode}|${previewMonth}|${draft.formula}` : null;
  const [answer, setAnswer] = useState<{ key: string; preview: Preview } | null>(null);
  const preview: Preview =
    previewKey === null
      ? { status: 'waiting' }
      : answer?.key === previewKey
        ? answer.preview
        : { status: 'loading' };

  useEffect(() => {
    if (previewKey === null || previewMonth === null) return;
    let live = true;
    const timer = window.setTimeout(() => {
      client.kpi
        .previewCustom({
          code: previewCode,
          name: { id: previewCode, en: previewCode },
          formula: draft.formula,
          unit: draft.unit,
          direction: draft.direction,
          period: previewMonth,
        })
        .then(
          (value) => live && setAnswer({ key: previewKey, preview: { status: 'ready', ...value } }),
          (e: unknown) =>
            live && setAnswer({ key: previewKey, preview: { status: 'error', message: errorMessage(e) } }),
        );
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
    // The unit and direction change how the value reads, not the value: no new question for them.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, previewKey]);

  const nameIdMissing = submitted && draft.nameId.trim() === '';
  const nameEnMissing = submitted && draft.nameEn.trim() === '';

  async function save(e: FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    setSaveError(null);
    if (!codeUsable || !formulaValid || draft.nameId.trim() === '' || draft.nameEn.trim() === '') return;
    const kpi = { code, name: { id: draft.nameId.trim(), en: draft.nameEn.trim() } };
    setSaving(true);
    try {
      await client.kpi.defineCustom({
        ...kpi,
        formula: draft.formula.trim(),
        unit: draft.unit,
        direction: draft.direction,
      });
      onSaved(kpi);
    } catch (err) {
      setSaveError(errorMessage(err));
      setSaving(false);
    }
  }

  /** Puts a code into the formula where the cursor is, with spaces around it where needed. */
  function insert(text: string) {
    const area = formulaRef.current;
    const value = draft.formula;
    const start = area?.selectionStart ?? value.length;
    const end = area?.selectionEnd ?? value.length;
    const before = value.slice(0, start);
    const after = value.slice(end);
    const lead = before === '' || /[\s(]$/.test(before) ? '' : ' ';
    const trail = after === '' || /^[\s),]/.test(after) ? '' : ' ';
    const next = `${before}${lead}${text}${trail}${after}`;
    change('formula', next);
    const caret = before.length + lead.length + text.length;
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(caret, caret);
    });
  }

  let formulaMessage: ReactNode = null;
  let marker: ReactNode = null;
  if (formulaCheckShown && !formulaCheckShown.ok) {
    if ('loop' in formulaCheckShown) {
      formulaMessage = t('kpiLibrary.editor.formulaLoop', { path: formulaCheckShown.loop.join(' → ') });
    } else {
      const problem = formulaProblemText(formulaCheckShown.problem, t);
      formulaMessage =
        formulaCheckShown.position === null
          ? problem
          : t('kpiLibrary.editor.formulaError', { problem, position: formulaCheckShown.position });
      if (formulaCheckShown.position !== null && draft.formula !== '') {
        const { line, column } = markerOf(draft.formula, formulaCheckShown.position);
        marker = (
          <div className="formula-marker" aria-hidden="true" data-testid="formula-marker">
            <span className="formula-marker-line">
              {line.slice(0, column)}
              <mark>{line.slice(column, column + 1) || ' '}</mark>
              {line.slice(column + 1)}
            </span>
            <span className="formula-marker-caret">{`${' '.repeat(column)}^`}</span>
          </div>
        );
      }
    }
  } else if (formulaValid) {
    formulaMessage = t('kpiLibrary.editor.formulaValid');
  }

  const title = editing
    ? t('kpiLibrary.editor.editTitle', { name: editing.name[language] })
    : t('kpiLibrary.editor.newTitle');

  return (
    <section className="card custom-kpi-editor" aria-labelledby={titleId}>
      <h2 id={titleId} className="card-title">
        {title}
      </h2>
      <p className="card-hint">{t('kpiLibrary.editor.intro')}</p>
      <form className="form custom-kpi-form" onSubmit={(e) => void save(e)} noValidate>
        <div className="custom-kpi-columns">
          <div className="custom-kpi-main">
            <div className="custom-kpi-basics">
              <EditorField
                label={t('kpiLibrary.editor.code')}
                hint={editing ? t('kpiLibrary.editor.codeFixed') : t('kpiLibrary.editor.codeHint')}
                message={codeProblem}
                invalid={codeProblem !== null}
              >
                {(control) => (
                  <input
                    {...control}
                    ref={editing ? undefined : firstFieldRef}
                    type="text"
                    className="code-input"
                    value={draft.code}
                    readOnly={editing !== null}
                    autoComplete="off"
                    spellCheck={false}
                    maxLength={64}
                    onChange={(e) => change('code', e.target.value)}
                  />
                )}
              </EditorField>
              <EditorField label={t('kpiLibrary.unit')} invalid={false}>
                {(control) => (
                  <select
                    {...control}
                    value={draft.unit}
                    onChange={(e) => change('unit', e.target.value as KpiUnit)}
                  >
                    {UNITS.map((u) => (
                      <option key={u} value={u}>
                        {t(`units.${u}`)}
                      </option>
                    ))}
                  </select>
                )}
              </EditorField>
              <EditorField label={t('kpiLibrary.direction')} invalid={false}>
                {(control) => (
                  <select
                    {...control}
                    value={draft.direction}
                    onChange={(e) => change('direction', e.target.value as KpiDirection)}
                  >
                    {DIRECTIONS.map((d) => (
                      <option key={d} value={d}>
                        {t(`direction.${d}`)}
                      </option>
                    ))}
                  </select>
                )}
              </EditorField>
            </div>
            <div className="field-row">
              <EditorField
                label={t('kpiLibrary.editor.nameId')}
                message={nameIdMissing ? t('kpiLibrary.editor.nameMissing') : null}
                invalid={nameIdMissing}
              >
                {(control) => (
                  <input
                    {...control}
                    ref={editing ? firstFieldRef : undefined}
                    type="text"
                    lang="id"
                    value={draft.nameId}
                    maxLength={200}
                    onChange={(e) => change('nameId', e.target.value)}
                  />
                )}
              </EditorField>
              <EditorField
                label={t('kpiLibrary.editor.nameEn')}
                message={nameEnMissing ? t('kpiLibrary.editor.nameMissing') : null}
                invalid={nameEnMissing}
              >
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    lang="en"
                    value={draft.nameEn}
                    maxLength={200}
                    onChange={(e) => change('nameEn', e.target.value)}
                  />
                )}
              </EditorField>
            </div>
            <EditorField
              label={t('kpiLibrary.editor.formula')}
              hint={t('kpiLibrary.editor.formulaHint')}
              message={formulaMessage}
              invalid={formulaCheckShown !== null && !formulaCheckShown.ok}
              className="formula-field"
            >
              {(control) => (
                <>
                  <textarea
                    {...control}
                    ref={formulaRef}
                    className="formula-input"
                    rows={3}
                    value={draft.formula}
                    maxLength={1000}
                    spellCheck={false}
                    autoComplete="off"
                    onChange={(e) => change('formula', e.target.value)}
                  />
                  {marker}
                </>
              )}
            </EditorField>
            <FormulaPreview
              preview={preview}
              previewMonth={previewMonth}
              periodName={periodName}
              format={(value) => formatKpiValue(value, draft.unit, settings)}
            />
            {saveError ? <ErrorNotice title={t('kpiLibrary.editor.notSaved')} message={saveError} /> : null}
            {/* Before the help, so that with the help stacked below on a narrow window Save stays near. */}
            <div className="form-actions">
              <button type="submit" className="button" disabled={saving}>
                {saving ? t('kpiLibrary.editor.saving') : t('kpiLibrary.editor.save')}
              </button>
              <button type="button" className="button button-secondary" onClick={onCancel}>
                {t('kpiLibrary.editor.cancel')}
              </button>
            </div>
          </div>
          <FormulaHelp catalog={catalog} ownCode={editing?.code ?? null} onInsert={insert} />
        </div>
      </form>
    </section>
  );
}

function FormulaPreview({
  preview,
  previewMonth,
  periodName,
  format,
}: {
  preview: Preview;
  previewMonth: string | null;
  periodName: (label: string) => string;
  format: (value: number | null) => string;
}) {
  const { t } = useTranslation();
  let body: ReactNode;
  if (previewMonth === null) body = <span className="muted">{t('kpiLibrary.editor.previewNoData')}</span>;
  else if (preview.status === 'waiting')
    body = <span className="muted">{t('kpiLibrary.editor.previewWaiting')}</span>;
  else if (preview.status === 'loading')
    body = <span className="muted">{t('kpiLibrary.editor.previewLoading')}</span>;
  else if (preview.status === 'error')
    body = (
      <span className="formula-preview-error">
        {t('kpiLibrary.editor.previewFailed')} <span className="notice-detail">{preview.message}</span>
      </span>
    );
  else
    body = (
      <>
        <strong className="formula-preview-value" data-testid="formula-preview-value">
          {format(preview.value)}
        </strong>
        {preview.value === null ? <span className="muted"> {t('kpiLibrary.editor.previewNone')}</span> : null}
      </>
    );
  return (
    <div className="formula-preview" aria-live="polite">
      <span className="formula-preview-label">
        {t('kpiLibrary.editor.preview', { period: previewMonth ? periodName(previewMonth) : '—' })}
      </span>
      <span className="formula-preview-body">{body}</span>
    </div>
  );
}

/** The functions and every KPI code a formula may use; a click on a code types it in. */
function FormulaHelp({
  catalog,
  ownCode,
  onInsert,
}: {
  catalog: KpiDefinition[];
  ownCode: string | null;
  onInsert: (text: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  const headingId = useId();
  return (
    <aside className="formula-help" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('kpiLibrary.editor.help')}</h3>
      <h4>{t('kpiLibrary.editor.helpFunctions')}</h4>
      <dl className="formula-functions">
        {FUNCTIONS.map((f) => (
          <div key={f.name}>
            <dt>
              <code>{f.usage}</code>
            </dt>
            <dd>{t(`kpiLibrary.editor.functions.${f.name}`)}</dd>
          </div>
        ))}
      </dl>
      <h4>{t('kpiLibrary.editor.helpCodes')}</h4>
      <p className="field-hint" id={`${headingId}-insert`}>
        {t('kpiLibrary.editor.helpInsert')}
      </p>
      <ul className="formula-codes">
        {catalog
          .filter((k) => k.code !== ownCode)
          .map((k) => (
            <li key={k.code}>
              <button
                type="button"
                className="formula-code"
                aria-describedby={`${headingId}-insert`}
                onClick={() => onInsert(k.code)}
              >
                <code>{k.code}</code> <span>{k.name[language]}</span>
              </button>
            </li>
          ))}
      </ul>
    </aside>
  );
}
