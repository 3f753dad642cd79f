import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  KpiDefinition,
  MissingRule,
  Perspective,
  Scorecard,
  ScorecardAssignment,
  ScopeDim,
  WorkspaceInfo,
} from '../../../shared/contract/schemas';
import { formatPercent } from '../../../shared/format';
import { errorMessage, useClient } from '../api/client-context';
import { isLanguage } from '../i18n';
import { basisPointsOf, parsePercentInput, percentText } from '../lib/percent-input';
import { useLoad } from '../lib/use-load';
import { perspectives } from './AppraisalSheet';
import { ErrorNotice, Loading } from './common';

interface DraftLine {
  /** Stable across edits, so React keeps each row's inputs (and focus) in place. */
  key: number;
  kpi: string;
  weight: string;
  perspective: Perspective | '';
}

interface Draft {
  id: number | null;
  name: string;
  cap: string;
  missingRule: MissingRule;
  lines: DraftLine[];
  assignedTo: ScorecardAssignment[];
}

let nextKey = 1;
const newLine = (): DraftLine => ({ key: nextKey++, kpi: '', weight: '', perspective: '' });

function draftOf(card: Scorecard | null, locale: string): Draft {
  if (!card) {
    return {
      id: null,
      name: '',
      cap: '120',
      missingRule: 'redistribute',
      lines: [newLine()],
      assignedTo: [],
    };
  }
  return {
    id: card.id,
    name: card.name,
    cap: percentText(card.cap, locale),
    missingRule: card.missingRule,
    lines: card.lines.map((l) => ({
      key: nextKey++,
      kpi: l.kpi,
      weight: percentText(l.weight, locale),
      perspective: l.perspective ?? '',
    })),
    assignedTo: card.assignedTo,
  };
}

/** The scorecards of the workspace, and an editor for one of them or a new one. */
export function ScorecardsPanel({
  catalog,
  names,
  workspace,
}: {
  catalog: KpiDefinition[];
  names: Record<ScopeDim, string[]>;
  workspace: WorkspaceInfo;
}) {
  const client = useClient();
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  const { locale } = workspace.settings;
  const [reload, setReload] = useState(0);
  // The card being edited: its id, 'new', or none.
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(
    () => client.scorecards.list({}),
    // reload re-reads after a save or a delete
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, reload],
  );
  const state = useLoad(load);
  if (state.status === 'error') return <ErrorNotice message={state.error} />;
  const cards = state.status === 'ready' ? state.value : state.previous;
  if (!cards) return <Loading />;
  const nameOf = (code: string) => catalog.find((k) => k.code === code)?.name[language] ?? code;
  const open = (which: number | 'new') => {
    setMessage(null);
    setEditing(which);
  };
  const current = typeof editing === 'number' ? (cards.find((c) => c.id === editing) ?? null) : null;

  return (
    <div className="scorecards">
      <section className="card" aria-labelledby="scorecards-title">
        <div className="section-header">
          <h2 id="scorecards-title" className="card-title">
            {t('appraisals.scorecards.title')}
          </h2>
          <button type="button" className="button" onClick={() => open('new')}>
            {t('appraisals.scorecards.new')}
          </button>
        </div>
        <p className="card-hint">{t('appraisals.scorecards.hint')}</p>
        {message ? (
          <p className="notice notice-success" role="status">
            {message}
          </p>
        ) : null}
        {cards.length === 0 ? (
          <p className="muted">{t('appraisals.scorecards.empty')}</p>
        ) : (
          <div className="table-scroll">
            <table className="board scorecard-list" aria-labelledby="scorecards-title">
              <thead>
                <tr>
                  <th scope="col">{t('appraisals.scorecards.name')}</th>
                  <th scope="col">{t('appraisals.scorecards.kpis')}</th>
                  <th scope="col">{t('appraisals.scorecards.assignedTo')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('appraisals.scorecards.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {cards.map((c) => (
                  <tr key={c.id} aria-current={editing === c.id || undefined}>
                    <th scope="row">{c.name}</th>
                    <td className="wrap">
                      {c.lines
                        .map((l) => `${nameOf(l.kpi)} ${formatPercent(l.weight, locale, 2)}`)
                        .join(' · ')}
                    </td>
                    <td className="wrap">
                      {c.assignedTo.length === 0
                        ? t('appraisals.scorecards.nobody')
                        : c.assignedTo.map((a) => a.name).join(', ')}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        aria-label={t('appraisals.scorecards.edit', { name: c.name })}
                        onClick={() => open(c.id)}
                      >
                        {t('appraisals.scorecards.editShort')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {editing !== null && (editing === 'new' || current) ? (
        <ScorecardEditor
          key={editing}
          card={current}
          cards={cards}
          catalog={catalog}
          names={names}
          locale={locale}
          onSaved={(card) => {
            setMessage(t('appraisals.scorecards.saved', { name: card.name }));
            setEditing(card.id);
            setReload((n) => n + 1);
          }}
          onDeleted={(name) => {
            setMessage(t('appraisals.scorecards.deleted', { name }));
            setEditing(null);
            setReload((n) => n + 1);
          }}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
}

type Problem = { message: string; line?: number; field?: 'name' | 'cap' | 'kpi' | 'weight' };

function ScorecardEditor({
  card,
  cards,
  catalog,
  names,
  locale,
  onSaved,
  onDeleted,
  onClose,
}: {
  card: Scorecard | null;
  cards: Scorecard[];
  catalog: KpiDefinition[];
  names: Record<ScopeDim, string[]>;
  locale: string;
  onSaved: (card: Scorecard) => void;
  onDeleted: (name: string) => void;
  onClose: () => void;
}) {
  const client = useClient();
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  const nameId = useId();
  const capId = useId();
  const ruleName = useId();
  const totalId = useId();
  const [draft, setDraft] = useState(() => draftOf(card, locale));
  const [problems, setProblems] = useState<Problem[]>([]);
  const [failure, setFailure] = useState<{ title: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    titleRef.current?.focus();
  }, []);
  const nameOf = (code: string) => catalog.find((k) => k.code === code)?.name[language] ?? code;
  const pct = (fraction: number) => formatPercent(fraction, locale, 2);

  const update = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const updateLine = (key: number, change: Partial<DraftLine>) =>
    setDraft((d) => ({ ...d, lines: d.lines.map((l) => (l.key === key ? { ...l, ...change } : l)) }));

  // The live check: every weight that reads as a number counts towards the total.
  const weights = draft.lines.map((l) => parsePercentInput(l.weight));
  const totalBasisPoints = weights.reduce((s, w) => s + (w.ok ? basisPointsOf(w.value) : 0), 0);
  const totalOk = totalBasisPoints === 10000 && weights.every((w) => w.ok);
  const byPerspective = [...perspectives, null]
    .map((p) => ({
      perspective: p,
      basisPoints: draft.lines.reduce((s, l, i) => {
        const w = weights[i]!;
        return (l.perspective || null) === p && w.ok ? s + basisPointsOf(w.value) : s;
      }, 0),
    }))
    .filter((x) => x.basisPoints > 0);

  function validate(): Problem[] {
    const found: Problem[] = [];
    if (!draft.name.trim()) found.push({ field: 'name', message: t('appraisals.scorecards.errors.name') });
    const cap = parsePercentInput(draft.cap);
    if (!cap.ok || cap.value < 1 || cap.value > 3)
      found.push({ field: 'cap', message: t('appraisals.scorecards.errors.cap') });
    if (draft.lines.length === 0) found.push({ message: t('appraisals.scorecards.errors.noLines') });
    const seen = new Set<string>();
    draft.lines.forEach((l, i) => {
      const line = i + 1;
      if (!l.kpi)
        found.push({ line, field: 'kpi', message: t('appraisals.scorecards.errors.kpi', { line }) });
      else if (seen.has(l.kpi))
        found.push({
          line,
          field: 'kpi',
          message: t('appraisals.scorecards.errors.duplicate', { line, kpi: nameOf(l.kpi) }),
        });
      seen.add(l.kpi);
      const w = weights[i]!;
      if (!w.ok)
        found.push({ line, field: 'weight', message: t('appraisals.scorecards.errors.weight', { line }) });
      else if (w.value <= 0 || w.value > 1)
        found.push({
          line,
          field: 'weight',
          message: t('appraisals.scorecards.errors.weightRange', { line }),
        });
    });
    if (found.length === 0 && !totalOk)
      found.push({
        message: t('appraisals.scorecards.errors.total', { total: pct(totalBasisPoints / 10000) }),
      });
    return found;
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const found = validate();
    setProblems(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const saved = await client.scorecards.save({
        id: draft.id,
        name: draft.name.trim(),
        cap: (parsePercentInput(draft.cap) as { value: number }).value,
        missingRule: draft.missingRule,
        lines: draft.lines.map((l, i) => ({
          kpi: l.kpi,
          weight: (weights[i] as { value: number }).value,
          perspective: l.perspective || null,
        })),
        assignedTo: draft.assignedTo,
      });
      onSaved(saved);
    } catch (err) {
      setFailure({ title: t('appraisals.scorecards.notSaved'), message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (draft.id === null || !card) return;
    if (!window.confirm(t('appraisals.scorecards.deleteConfirm', { name: card.name }))) return;
    setBusy(true);
    setFailure(null);
    try {
      await client.scorecards.delete({ id: draft.id });
      onDeleted(card.name);
    } catch (err) {
      setFailure({ title: t('appraisals.scorecards.notDeleted'), message: errorMessage(err) });
      setBusy(false);
    }
  }

  const problemOf = (line: number, field: Problem['field']) =>
    problems.find((p) => p.line === line && p.field === field);
  const fieldProblem = (field: Problem['field']) =>
    problems.find((p) => p.line === undefined && p.field === field);

  return (
    <section
      className="card scorecard-editor"
      aria-labelledby="scorecard-editor-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <h2 id="scorecard-editor-title" className="card-title" ref={titleRef} tabIndex={-1}>
        {card ? t('appraisals.scorecards.editorTitle', { name: card.name }) : t('appraisals.scorecards.new')}
      </h2>
      <form className="form" onSubmit={save} noValidate>
        <div className="field-row scorecard-basics">
          <div className="field">
            <label className="field-label" htmlFor={nameId}>
              {t('appraisals.scorecards.name')}
            </label>
            <input
              id={nameId}
              type="text"
              maxLength={200}
              value={draft.name}
              aria-invalid={fieldProblem('name') ? true : undefined}
              onChange={(e) => update({ name: e.target.value })}
            />
          </div>
          <div className="field">
            <label className="field-label" htmlFor={capId}>
              {t('appraisals.scorecards.cap')}
            </label>
            <input
              id={capId}
              type="text"
              inputMode="decimal"
              value={draft.cap}
              aria-invalid={fieldProblem('cap') ? true : undefined}
              aria-describedby={`${capId}-hint`}
              onChange={(e) => update({ cap: e.target.value })}
            />
            <span id={`${capId}-hint`} className="field-hint">
              {t('appraisals.scorecards.capHint')}
            </span>
          </div>
        </div>
        <fieldset className="rule-choice">
          <legend className="field-label">{t('appraisals.scorecards.missingRule')}</legend>
          {(['redistribute', 'zero'] as const).map((rule) => (
            <label key={rule} className="radio">
              <input
                type="radio"
                name={ruleName}
                value={rule}
                checked={draft.missingRule === rule}
                onChange={() => update({ missingRule: rule })}
              />
              <span>
                <strong>{t(`appraisals.scorecards.rule.${rule}`)}</strong>
                <span className="field-hint">{t(`appraisals.scorecards.rule.${rule}Hint`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset className="scorecard-lines">
          <legend className="field-label">{t('appraisals.scorecards.lines')}</legend>
          <table className="lines-table">
            <thead>
              <tr>
                <th scope="col">{t('appraisals.scorecards.kpi')}</th>
                <th scope="col">{t('appraisals.scorecards.weight')}</th>
                <th scope="col">{t('appraisals.scorecards.perspective')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('appraisals.scorecards.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.lines.map((l, i) => {
                const line = i + 1;
                return (
                  <tr key={l.key}>
                    <td>
                      <select
                        aria-label={t('appraisals.scorecards.kpiOf', { line })}
                        value={l.kpi}
                        aria-invalid={problemOf(line, 'kpi') ? true : undefined}
                        onChange={(e) => updateLine(l.key, { kpi: e.target.value })}
                      >
                        <option value="">{t('appraisals.scorecards.chooseKpi')}</option>
                        {catalog.map((k) => (
                          <option key={k.code} value={k.code}>
                            {k.name[language]}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="weight-cell">
                      <input
                        type="text"
                        inputMode="decimal"
                        aria-label={t('appraisals.scorecards.weightOf', { line })}
                        aria-describedby={totalId}
                        aria-invalid={problemOf(line, 'weight') ? true : undefined}
                        value={l.weight}
                        onChange={(e) => updateLine(l.key, { weight: e.target.value })}
                      />
                      <span aria-hidden="true">%</span>
                    </td>
                    <td>
                      <select
                        aria-label={t('appraisals.scorecards.perspectiveOf', { line })}
                        value={l.perspective}
                        onChange={(e) =>
                          updateLine(l.key, { perspective: e.target.value as Perspective | '' })
                        }
                      >
                        <option value="">{t('appraisals.perspectives.none')}</option>
                        {perspectives.map((p) => (
                          <option key={p} value={p}>
                            {t(`appraisals.perspectives.${p}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        aria-label={t('appraisals.scorecards.removeLine', {
                          line,
                          kpi: l.kpi ? nameOf(l.kpi) : '',
                        })}
                        onClick={() => update({ lines: draft.lines.filter((x) => x.key !== l.key) })}
                      >
                        <span aria-hidden="true">×</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="lines-footer">
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => update({ lines: [...draft.lines, newLine()] })}
            >
              {t('appraisals.scorecards.addLine')}
            </button>
            <p
              id={totalId}
              className={`weight-total ${totalOk ? 'is-ok' : 'is-off'}`}
              role="status"
              data-testid="weight-total"
            >
              {totalOk
                ? t('appraisals.scorecards.totalOk')
                : t('appraisals.scorecards.totalOff', { total: pct(totalBasisPoints / 10000) })}
            </p>
          </div>
          {byPerspective.length > 0 ? (
            <p className="field-hint">
              {t('appraisals.scorecards.byPerspective', {
                list: byPerspective
                  .map(
                    (x) =>
                      `${t(`appraisals.perspectives.${x.perspective ?? 'none'}`)} ${pct(x.basisPoints / 10000)}`,
                  )
                  .join(' · '),
              })}
            </p>
          ) : null}
        </fieldset>
        <Assignments
          assigned={draft.assignedTo}
          cards={cards}
          cardId={draft.id}
          names={names}
          onChange={(assignedTo) => update({ assignedTo })}
        />
        {problems.length > 0 ? (
          <div className="notice notice-error" role="alert">
            <strong>{t('appraisals.scorecards.notSaved')}</strong>
            <ul className="problem-list">
              {problems.map((p) => (
                <li key={p.message}>{p.message}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {failure ? <ErrorNotice title={failure.title} message={failure.message} /> : null}
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {t('appraisals.scorecards.save')}
          </button>
          <button type="button" className="button button-secondary" onClick={onClose}>
            {t('appraisals.scorecards.close')}
          </button>
          {card ? (
            <button
              type="button"
              className="button button-secondary button-danger"
              disabled={busy}
              onClick={() => void remove()}
            >
              {t('appraisals.scorecards.delete')}
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}

/** The teams and people a scorecard applies to; one taken from another scorecard says so. */
function Assignments({
  assigned,
  cards,
  cardId,
  names,
  onChange,
}: {
  assigned: ScorecardAssignment[];
  cards: Scorecard[];
  cardId: number | null;
  names: Record<ScopeDim, string[]>;
  onChange: (assigned: ScorecardAssignment[]) => void;
}) {
  const { t } = useTranslation();
  const dimId = useId();
  const whoId = useId();
  const [dim, setDim] = useState<'team' | 'owner'>(names.team.length > 0 ? 'team' : 'owner');
  const free = names[dim].filter((n) => !assigned.some((a) => a.dim === dim && a.name === n));
  const [who, setWho] = useState('');
  const chosen = free.includes(who) ? who : (free[0] ?? '');
  const elsewhere = (a: ScorecardAssignment) =>
    cards.find((c) => c.id !== cardId && c.assignedTo.some((x) => x.dim === a.dim && x.name === a.name));

  return (
    <fieldset className="assignments">
      <legend className="field-label">{t('appraisals.scorecards.assign')}</legend>
      <p className="field-hint">{t('appraisals.scorecards.assignHint')}</p>
      {assigned.length === 0 ? (
        <p className="muted">{t('appraisals.scorecards.nobody')}</p>
      ) : (
        <ul className="chips">
          {assigned.map((a) => {
            const other = elsewhere(a);
            return (
              <li key={`${a.dim}=${a.name}`} className="chip">
                <span>
                  <span className="muted">{t(`scope.dims.${a.dim}`)}:</span> {a.name}
                  {other ? (
                    <span className="muted">
                      {' '}
                      ({t('appraisals.scorecards.movesFrom', { scorecard: other.name })})
                    </span>
                  ) : null}
                </span>
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={t('appraisals.scorecards.unassign', { name: a.name })}
                  onClick={() => onChange(assigned.filter((x) => x !== a))}
                >
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="assign-row">
        <label className="visually-hidden" htmlFor={dimId}>
          {t('appraisals.scorecards.assignDim')}
        </label>
        <select id={dimId} value={dim} onChange={(e) => setDim(e.target.value as 'team' | 'owner')}>
          <option value="team">{t('scope.dims.team')}</option>
          <option value="owner">{t('scope.dims.owner')}</option>
        </select>
        <label className="visually-hidden" htmlFor={whoId}>
          {t(`scope.dims.${dim}`)}
        </label>
        <select
          id={whoId}
          value={chosen}
          disabled={free.length === 0}
          onChange={(e) => setWho(e.target.value)}
        >
          {free.length === 0 ? <option value="">{t('appraisals.scorecards.noneLeft')}</option> : null}
          {free.map((n) => {
            const other = elsewhere({ dim, name: n });
            return (
              <option key={n} value={n}>
                {other ? t('appraisals.scorecards.nameWithCard', { name: n, scorecard: other.name }) : n}
              </option>
            );
          })}
        </select>
        <button
          type="button"
          className="button button-secondary"
          disabled={!chosen}
          onClick={() => onChange([...assigned, { dim, name: chosen }])}
        >
          {t('appraisals.scorecards.add')}
        </button>
      </div>
    </fieldset>
  );
}
