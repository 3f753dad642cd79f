import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ActionItem,
  ActionStatus,
  Review,
  ReviewKpi,
  ReviewNote,
  TargetAdjustment,
} from '../../../shared/contract/schemas';
import { numberSymbols, parseLocaleNumber } from '../../../shared/format/parse';
import { errorMessage, useClient } from '../api/client-context';
import { ErrorNotice } from './common';
import {
  ActionMeta,
  formatReviewValue,
  kpiName,
  useDateText,
  useTargetOrigin,
  type ReviewContext,
} from './ReviewParts';
import { usePeriodName, type ScopeChoice } from './ViewPickers';

const NOTE_FIELDS = ['happened', 'why', 'next'] as const;
type NoteField = (typeof NOTE_FIELDS)[number];
type NoteDraft = Record<NoteField, string>;

const draftOf = (note: ReviewNote | undefined): NoteDraft => ({
  happened: note?.happened ?? '',
  why: note?.why ?? '',
  next: note?.next ?? '',
});

/**
 * What happened, why and what next for one KPI. Saved when a field is left (and with the
 * button); the core trims, so a trailing space is not an unsaved change.
 */
export function NoteEditor({
  reviewId,
  kpi,
  note,
  closed,
  onSaved,
}: {
  reviewId: number;
  kpi: string;
  note: ReviewNote | undefined;
  closed: boolean;
  onSaved: (kpi: string, note: ReviewNote | null) => void;
}) {
  const client = useClient();
  const { t } = useTranslation();
  const baseId = useId();
  const [draft, setDraft] = useState<NoteDraft>(() => draftOf(note));
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | 'error'>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const saving = useRef(false);
  const saved = draftOf(note);
  const dirty = NOTE_FIELDS.some((f) => draft[f].trim() !== saved[f]);

  async function save() {
    if (closed || !dirty || saving.current) return;
    saving.current = true;
    setStatus('saving');
    setProblem(null);
    try {
      const result = await client.reviews.note({ reviewId, kpi, ...draft });
      const empty = NOTE_FIELDS.every((f) => result[f] === null);
      onSaved(kpi, empty ? null : result);
      setStatus('saved');
    } catch (e) {
      setProblem(errorMessage(e));
      setStatus('error');
    } finally {
      saving.current = false;
    }
  }

  const statusText =
    status === 'saving'
      ? t('reviews.notes.saving')
      : dirty
        ? t('reviews.notes.unsaved')
        : status === 'saved'
          ? t('reviews.notes.saved')
          : '';
  return (
    <section className="review-notes" aria-labelledby={`${baseId}-title`}>
      <h4 id={`${baseId}-title`} className="review-section-title">
        {t('reviews.notes.title')}
      </h4>
      {closed ? <p className="muted review-closed-hint">{t('reviews.notes.closed')}</p> : null}
      {NOTE_FIELDS.map((field) => (
        <div className="field" key={field}>
          <label className="field-label" htmlFor={`${baseId}-${field}`}>
            {t(`reviews.notes.${field}`)}
          </label>
          <textarea
            id={`${baseId}-${field}`}
            rows={2}
            maxLength={5000}
            value={draft[field]}
            disabled={closed}
            data-note={field}
            onChange={(e) => {
              const value = e.target.value;
              setDraft((d) => ({ ...d, [field]: value }));
              if (status === 'saved') setStatus('idle');
            }}
            onBlur={() => void save()}
          />
        </div>
      ))}
      {closed ? null : (
        <div className="review-note-actions">
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={!dirty || status === 'saving'}
            onClick={() => void save()}
          >
            {t('reviews.notes.save')}
          </button>
          <span className={`note-state ${status === 'saved' && !dirty ? 'is-saved' : ''}`} role="status">
            {statusText}
          </span>
        </div>
      )}
      {problem ? <ErrorNotice title={t('reviews.notes.failed')} message={problem} /> : null}
    </section>
  );
}

/** The words for a status: open, done, dropped. */
function useActionStatusText() {
  const { t } = useTranslation();
  return (status: ActionStatus) => t(`reviews.actions.statuses.${status}`);
}

/**
 * Action items with their owner, due date and status. Items carried from an earlier review say
 * where they were raised; a status can change even once the review is closed (that is how an
 * item is ticked off), and a closed review says what the status was at closing.
 */
export function ActionList({
  actions,
  context,
  scope,
  showKpi,
  onStatus,
}: {
  actions: ActionItem[];
  context: ReviewContext;
  scope: ScopeChoice;
  showKpi: boolean;
  onStatus: (action: ActionItem, status: ActionStatus) => Promise<void>;
}) {
  const { t } = useTranslation();
  const periodName = usePeriodName();
  const statusText = useActionStatusText();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  if (actions.length === 0) return <p className="muted">{t('reviews.actions.none')}</p>;
  return (
    <>
      <ul className="action-list">
        {actions.map((a) => (
          <li key={a.id} className={`action-item action-${a.status}`} data-action={a.id}>
            <div className="action-body">
              <p className="action-text">{a.text}</p>
              <ActionMeta action={a} />
              {showKpi && a.kpi ? (
                <span className="action-kpi muted">
                  {t('reviews.actions.kpi')}: {kpiName(context, a.kpi)}
                </span>
              ) : null}
              {a.carried ? (
                <p className="action-carried" data-testid="carried">
                  <span className="carried-mark">{t('reviews.actions.carried')}</span>{' '}
                  {t('reviews.actions.raisedIn')}{' '}
                  <a href={reviewLink(a.raisedIn.id, a.raisedIn.period, scope)}>
                    {periodName(a.raisedIn.period)} · {a.raisedIn.title}
                  </a>
                </p>
              ) : null}
              {a.statusAtClose && a.statusAtClose !== a.status ? (
                <p className="muted action-at-close">
                  {t('reviews.actions.atClose', { status: statusText(a.statusAtClose) })}
                </p>
              ) : null}
            </div>
            <select
              className={`action-status action-status-${a.status}`}
              aria-label={t('reviews.actions.statusOf', { text: a.text })}
              value={a.status}
              disabled={busy === a.id}
              onChange={(e) => {
                setBusy(a.id);
                setProblem(null);
                onStatus(a, e.target.value as ActionStatus)
                  .catch((err: unknown) => setProblem(errorMessage(err)))
                  .finally(() => setBusy(null));
              }}
            >
              {(['open', 'done', 'dropped'] as const).map((s) => (
                <option key={s} value={s}>
                  {statusText(s)}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
      {problem ? <ErrorNotice title={t('reviews.actions.updateFailed')} message={problem} /> : null}
    </>
  );
}

/** `#/reviews?…` for a review of the same scope. */
function reviewLink(id: number, period: string, scope: ScopeChoice): string {
  const params = new URLSearchParams({ period, review: String(id) });
  if (scope) params.set('scope', `${scope.dim}=${scope.name}`);
  return `#/reviews?${params.toString()}`;
}

/** Raises an action item in an open review, for one KPI or (in the overview) any or none. */
export function AddAction({
  reviewId,
  kpi,
  kpiChoices,
  people,
  context,
  onAdded,
}: {
  reviewId: number;
  /** The KPI the item is for; with `kpiChoices` the user picks one (or none). */
  kpi: string | null;
  kpiChoices?: string[];
  people: string[];
  context: ReviewContext;
  onAdded: (action: ActionItem) => void;
}) {
  const client = useClient();
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const [forKpi, setForKpi] = useState(kpi ?? '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const textRef = useRef<HTMLInputElement>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) {
      setProblem(t('reviews.actions.needText'));
      textRef.current?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const action = await client.reviews.addAction({
        reviewId,
        text: text.trim(),
        owner: owner.trim() || null,
        due: due || null,
        kpi: forKpi || null,
      });
      onAdded(action);
      setText('');
      setOwner('');
      setDue('');
      textRef.current?.focus();
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="action-add" onSubmit={(e) => void add(e)} aria-label={t('reviews.actions.addLabel')}>
      <div className="field action-add-text">
        <label className="field-label" htmlFor={`${id}-text`}>
          {t('reviews.actions.text')}
        </label>
        <input
          ref={textRef}
          id={`${id}-text`}
          type="text"
          value={text}
          maxLength={1000}
          aria-invalid={problem === t('reviews.actions.needText') ? true : undefined}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="action-add-row">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-owner`}>
            {t('reviews.actions.owner')}
          </label>
          <input
            id={`${id}-owner`}
            type="text"
            list={`${id}-people`}
            value={owner}
            maxLength={200}
            onChange={(e) => setOwner(e.target.value)}
          />
          <datalist id={`${id}-people`}>
            {people.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-due`}>
            {t('reviews.actions.due')}
          </label>
          <input id={`${id}-due`} type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        </div>
        {kpiChoices ? (
          <div className="field action-add-kpi">
            <label className="field-label" htmlFor={`${id}-kpi`}>
              {t('reviews.actions.kpi')}
            </label>
            <select id={`${id}-kpi`} value={forKpi} onChange={(e) => setForKpi(e.target.value)}>
              <option value="">{t('reviews.actions.general')}</option>
              {kpiChoices.map((code) => (
                <option key={code} value={code}>
                  {kpiName(context, code)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" className="button button-secondary" disabled={busy}>
          {t('reviews.actions.add')}
        </button>
      </div>
      {problem ? <ErrorNotice title={t('reviews.actions.addFailed')} message={problem} /> : null}
    </form>
  );
}

/** Target revisions made in this review: when, from what to what, and why. */
export function AdjustmentList({
  adjustments,
  context,
  showKpi,
}: {
  adjustments: TargetAdjustment[];
  context: ReviewContext;
  showKpi: boolean;
}) {
  const { t } = useTranslation();
  const periodName = usePeriodName();
  const dateText = useDateText();
  if (adjustments.length === 0) return <p className="muted">{t('reviews.adjust.none')}</p>;
  return (
    <ol className="revisions review-adjustments">
      {adjustments.map((a, i) => {
        const fmt = (v: number | null) => formatReviewValue(context, a.kpi, v);
        return (
          <li key={i}>
            <span className="muted">{dateText(a.changedAt)}</span>{' '}
            {showKpi ? <strong>{kpiName(context, a.kpi)}</strong> : null}
            {showKpi ? ` ${periodName(a.period)}: ` : `${periodName(a.period)}: `}
            {a.oldValue === null
              ? t('reviews.adjust.firstSet', { value: fmt(a.newValue) })
              : t('reviews.adjust.changed', { from: fmt(a.oldValue), to: fmt(a.newValue) })}
            {a.reason ? (
              <>
                {' '}
                — <q>{a.reason}</q>
              </>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

/** A new target for the KPI, for the review's period and scope, with the reason (required). */
export function AdjustTarget({
  reviewId,
  kpi,
  context,
  today,
  onAdjusted,
}: {
  reviewId: number;
  kpi: ReviewKpi;
  context: ReviewContext;
  today: string;
  onAdjusted: (review: Review) => void;
}) {
  const client = useClient();
  const { t } = useTranslation();
  const id = useId();
  const targetOrigin = useTargetOrigin();
  const definition = context.catalog.get(kpi.kpi);
  const percent = definition?.unit === 'percent';
  const band = definition?.direction === 'band';
  const { locale } = context.settings;
  const [value, setValue] = useState('');
  const [low, setLow] = useState('');
  const [high, setHigh] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const parse = (text: string): { ok: true; value: number | null } | { ok: false; message: string } => {
    if (!text.trim()) return { ok: true, value: null };
    const p = parseLocaleNumber(text, locale, { percent });
    if (p.ok) return { ok: true, value: p.value };
    const { group, decimal } = numberSymbols(locale);
    const example = percent ? '45' : new Intl.NumberFormat(locale).format(1234567.5);
    return { ok: false, message: t(`parse.${p.error}`, { example, group, decimal }) };
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    const parsed = band ? [parse(low), parse(high)] : [parse(value)];
    for (const p of parsed) if (!p.ok) return setProblem(p.message);
    const numbers = parsed.map((p) => (p as { value: number | null }).value);
    if (numbers.every((n) => n === null)) return setProblem(t('reviews.adjust.needValue'));
    if (!reason.trim()) return setProblem(t('reviews.adjust.needReason'));
    setBusy(true);
    setProblem(null);
    try {
      const review = await client.reviews.adjustTarget({
        reviewId,
        kpi: kpi.kpi,
        ...(band ? { bandLow: numbers[0], bandHigh: numbers[1] } : { value: numbers[0] }),
        reason: reason.trim(),
        today,
      });
      onAdjusted(review);
      setValue('');
      setLow('');
      setHigh('');
      setReason('');
      setDone(true);
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const origin = targetOrigin(kpi);
  return (
    <form className="adjust-form" onSubmit={(e) => void submit(e)} aria-label={t('reviews.adjust.title')}>
      <p className="adjust-current">
        {t('reviews.adjust.current', { value: formatReviewValue(context, kpi.kpi, kpi.target) })}
        {origin ? <span className="muted"> ({origin})</span> : null}
      </p>
      <div className="adjust-row">
        {band ? (
          <>
            <div className="field">
              <label className="field-label" htmlFor={`${id}-low`}>
                {t('reviews.adjust.low')}
              </label>
              <input
                id={`${id}-low`}
                type="text"
                inputMode="decimal"
                value={low}
                onChange={(e) => setLow(e.target.value)}
              />
            </div>
            <div className="field">
              <label className="field-label" htmlFor={`${id}-high`}>
                {t('reviews.adjust.high')}
              </label>
              <input
                id={`${id}-high`}
                type="text"
                inputMode="decimal"
                value={high}
                onChange={(e) => setHigh(e.target.value)}
              />
            </div>
          </>
        ) : (
          <div className="field">
            <label className="field-label" htmlFor={`${id}-value`}>
              {percent ? t('reviews.adjust.valuePercent') : t('reviews.adjust.value')}
            </label>
            <input
              id={`${id}-value`}
              type="text"
              inputMode="decimal"
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          </div>
        )}
        <div className="field adjust-reason">
          <label className="field-label" htmlFor={`${id}-reason`}>
            {t('reviews.adjust.reason')}
          </label>
          <input
            id={`${id}-reason`}
            type="text"
            value={reason}
            maxLength={2000}
            aria-required="true"
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <button type="submit" className="button button-secondary" disabled={busy}>
          {t('reviews.adjust.submit')}
        </button>
      </div>
      {problem ? <ErrorNotice title={t('reviews.adjust.failed')} message={problem} /> : null}
      {done ? (
        <p className="notice notice-success" role="status">
          {t('reviews.adjust.done')}
        </p>
      ) : null}
    </form>
  );
}
