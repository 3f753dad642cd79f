import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ActionItem,
  ActionStatus,
  KpiDefinition,
  Review,
  ReviewKpi,
  ReviewNote,
  WorkspaceInfo,
} from '../../../shared/contract/schemas';
import { formatKpiValue } from '../../../shared/format';
import { errorMessage, useClient } from '../api/client-context';
import { localTodayIso } from '../lib/periods';
import { setRouteParams, useRouteParam } from '../lib/route';
import { useLoad } from '../lib/use-load';
import { ErrorNotice, Loading } from './common';
import { PdfExport } from './PdfExport';
import { ActionList, AddAction, AdjustmentList, AdjustTarget, NoteEditor } from './ReviewForms';
import {
  ChangedMark,
  formatAchievement,
  KpiFigures,
  kpiName,
  PaceLine,
  ReviewTrend,
  sameNumber,
  StatusWord,
  useDateText,
  useReviewContext,
  useScopeName,
  type ReviewContext,
} from './ReviewParts';
import { ReviewPresenter } from './ReviewPresenter';
import { scopeToParam, usePeriodName, type ScopeChoice } from './ViewPickers';

/**
 * One review session: the agenda of tracked KPIs beside the KPI being discussed (or the
 * overview), with notes, action items and target adjustments; closing it, deleting it, its PDF
 * and the presenter view for a projector.
 */
export function ReviewSession({
  id,
  catalog,
  people,
  workspace,
  onLeave,
}: {
  id: number;
  catalog: KpiDefinition[];
  people: string[];
  workspace: WorkspaceInfo;
  /** Called before the session gives way to the list (back, or deleted). */
  onLeave: () => void;
}) {
  const client = useClient();
  const { t } = useTranslation();
  const periodName = usePeriodName();
  const scopeName = useScopeName();
  const dateText = useDateText();
  const context = useReviewContext(workspace, catalog);
  const [today] = useState(localTodayIso);
  const load = useCallback(() => client.reviews.get({ id, today }), [client, id, today]);
  const state = useLoad(load);
  // Edits made here replace the loaded review; the session is keyed by id, so they never leak.
  const [edited, setEdited] = useState<Review | null>(null);
  const kpiParam = useRouteParam('kpi');
  const [presenting, setPresenting] = useState(false);
  const [busy, setBusy] = useState<'close' | 'delete' | null>(null);
  const [problem, setProblem] = useState<{ title: string; message: string } | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const presentButton = useRef<HTMLButtonElement>(null);
  const wasPresenting = useRef(false);
  const loaded = state.status === 'ready';

  useEffect(() => {
    // Opening a review from the list or a link: reading starts at its title.
    if (loaded) headingRef.current?.focus();
  }, [loaded]);
  useEffect(() => {
    // Leaving the presenter returns focus to the button that opened it.
    if (wasPresenting.current && !presenting) presentButton.current?.focus();
    wasPresenting.current = presenting;
  }, [presenting]);

  const review = edited ?? (state.status === 'ready' ? state.value : undefined);
  const select = useCallback((kpi: string | null) => setRouteParams({ kpi }), []);

  if (state.status === 'error' && !review) {
    return (
      <>
        <BackLink scope={null} period={null} onLeave={onLeave} />
        <ErrorNotice title={t('reviews.session.notFound', { id })} message={state.error} />
      </>
    );
  }
  if (!review) return <Loading />;

  const update = (change: (r: Review) => Review) => setEdited((prev) => change(prev ?? review));
  const scope: ScopeChoice = review.scope;
  const closed = review.status === 'closed';
  const selectedIndex = review.kpis.findIndex((k) => k.kpi === kpiParam);
  const selected = selectedIndex >= 0 ? review.kpis[selectedIndex]! : null;
  const changedCount = review.kpis.filter((k) => k.changedSinceReview).length;
  const openActions = review.actions.filter((a) => a.status === 'open').length;
  // `review-2026-Q1.pdf`, with the team or person a review of one is for.
  const pdfName = `${[t('reviews.pdf.fileStem'), review.period, scope?.name]
    .filter(Boolean)
    .join('-')
    .replace(/[^\p{L}\p{N}]+/gu, '-')}.pdf`;

  const saveNote = (kpi: string, note: ReviewNote | null) =>
    update((r) => {
      const notes = { ...r.notes };
      if (note) notes[kpi] = note;
      else delete notes[kpi];
      return { ...r, notes };
    });
  const addAction = (action: ActionItem) => update((r) => ({ ...r, actions: [...r.actions, action] }));
  const changeStatus = async (action: ActionItem, status: ActionStatus) => {
    const saved = await client.reviews.updateAction({ id: action.id, status });
    // The answer is the item as its own review holds it: only what changed is taken over, so a
    // carried item stays marked as carried here.
    update((r) => ({
      ...r,
      actions: r.actions.map((a) =>
        a.id === action.id ? { ...a, status: saved.status, updatedAt: saved.updatedAt } : a,
      ),
    }));
  };

  async function closeReview() {
    if (!window.confirm(t('reviews.session.closeConfirm', { title: review!.title }))) return;
    setBusy('close');
    setProblem(null);
    try {
      setEdited(await client.reviews.close({ id, today }));
    } catch (e) {
      setProblem({ title: t('reviews.session.closeFailed'), message: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  }

  async function deleteReview() {
    if (!window.confirm(t('reviews.session.deleteConfirm', { title: review!.title }))) return;
    setBusy('delete');
    setProblem(null);
    try {
      await client.reviews.delete({ id });
      onLeave();
      setRouteParams({ review: null, kpi: null });
    } catch (e) {
      setProblem({ title: t('reviews.session.deleteFailed'), message: errorMessage(e) });
      setBusy(null);
    }
  }

  return (
    <div className="review-session" data-review-status={review.status}>
      <div className="review-head">
        <div className="review-head-text">
          <BackLink scope={scope} period={review.period} onLeave={onLeave} />
          <h2 ref={headingRef} tabIndex={-1} className="review-title">
            {review.title}
          </h2>
          <p className="review-meta">
            <span>{periodName(review.period)}</span>
            <span aria-hidden="true"> · </span>
            <span>{scopeName(scope)}</span>
            <span aria-hidden="true"> · </span>
            <span className={`review-state review-state-${review.status}`} data-testid="review-state">
              {t(`reviews.statuses.${review.status}`)}
            </span>
            <span aria-hidden="true"> · </span>
            <span>{t('reviews.session.openActions', { count: openActions })}</span>
          </p>
        </div>
        <div className="review-actions">
          <button
            ref={presentButton}
            type="button"
            className="button"
            disabled={review.kpis.length === 0}
            onClick={() => setPresenting(true)}
          >
            {t('reviews.session.present')}
          </button>
          <PdfExport
            what={{ kind: 'review', period: review.period, scope: scopeToParam(scope), reviewId: review.id }}
            fileName={pdfName}
          />
          {closed ? null : (
            <>
              <button
                type="button"
                className="button button-secondary"
                disabled={busy !== null}
                onClick={() => void closeReview()}
              >
                {busy === 'close' ? t('reviews.session.closing') : t('reviews.session.close')}
              </button>
              <button
                type="button"
                className="button button-secondary review-delete"
                disabled={busy !== null}
                onClick={() => void deleteReview()}
              >
                {t('reviews.session.delete')}
              </button>
            </>
          )}
        </div>
      </div>
      {closed ? (
        <p className="notice notice-info review-frozen" data-testid="frozen-notice">
          <span>
            {t('reviews.session.closedOn', { date: dateText(review.closedAt ?? review.createdAt) })}
          </span>
          {changedCount > 0 ? (
            <strong>{t('reviews.session.changedCount', { count: changedCount })}</strong>
          ) : null}
        </p>
      ) : (
        <p className="muted review-live">{t('reviews.session.live')}</p>
      )}
      {problem ? <ErrorNotice title={problem.title} message={problem.message} /> : null}
      {review.kpis.length === 0 ? (
        <section className="empty-state">
          <h3>{t('reviews.session.noKpis')}</h3>
          <p>{t('reviews.session.noKpisHint')}</p>
        </section>
      ) : (
        <div className="review-layout">
          <Agenda review={review} context={context} selected={selected?.kpi ?? null} onSelect={select} />
          {selected ? (
            <KpiPanel
              key={selected.kpi}
              review={review}
              kpi={selected}
              index={selectedIndex}
              context={context}
              people={people}
              today={today}
              onSelect={select}
              onNote={saveNote}
              onAction={addAction}
              onStatus={changeStatus}
              onReview={setEdited}
            />
          ) : (
            <Overview
              review={review}
              context={context}
              people={people}
              onSelect={select}
              onAction={addAction}
              onStatus={changeStatus}
            />
          )}
        </div>
      )}
      {presenting ? (
        <ReviewPresenter
          review={review}
          context={context}
          start={Math.max(0, selectedIndex)}
          onClose={(index) => {
            setPresenting(false);
            // The session opens on the KPI the presenter ended on.
            select(review.kpis[index]?.kpi ?? null);
          }}
        />
      ) : null}
    </div>
  );
}

/** Back to the scope's reviews, the new-review form on this review's period. */
function BackLink({
  scope,
  period,
  onLeave,
}: {
  scope: ScopeChoice;
  period: string | null;
  onLeave: () => void;
}) {
  const { t } = useTranslation();
  const scopeName = useScopeName();
  const params = new URLSearchParams();
  if (period) params.set('period', period);
  const s = scopeToParam(scope);
  if (s) params.set('scope', s);
  const query = params.toString();
  return (
    <a className="back-link" href={`#/reviews${query ? `?${query}` : ''}`} onClick={onLeave}>
      <span aria-hidden="true">← </span>
      {t('reviews.session.back', { scope: scopeName(scope) })}
    </a>
  );
}

/** The KPIs in the order the review walks them, each with its status word and what was noted. */
function Agenda({
  review,
  context,
  selected,
  onSelect,
}: {
  review: Review;
  context: ReviewContext;
  selected: string | null;
  onSelect: (kpi: string | null) => void;
}) {
  const { t } = useTranslation();
  // Up and down move along the agenda, as in a list; Tab still reaches every entry.
  const move = (e: KeyboardEvent<HTMLOListElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button')];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    e.preventDefault();
    buttons[Math.min(buttons.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
  };
  return (
    <nav className="review-agenda" aria-label={t('reviews.agenda.label')}>
      <h3 className="review-agenda-title">{t('reviews.agenda.label')}</h3>
      <ol onKeyDown={move}>
        <li>
          <button
            type="button"
            className="agenda-item agenda-overview"
            aria-current={selected === null ? 'step' : undefined}
            onClick={() => onSelect(null)}
          >
            <span className="agenda-name">{t('reviews.agenda.overview')}</span>
          </button>
        </li>
        {review.kpis.map((k, i) => {
          const note = review.notes[k.kpi];
          const actions = review.actions.filter((a) => a.kpi === k.kpi).length;
          return (
            <li key={k.kpi}>
              <button
                type="button"
                className="agenda-item"
                data-kpi={k.kpi}
                aria-current={selected === k.kpi ? 'step' : undefined}
                onClick={() => onSelect(k.kpi)}
              >
                <span className="agenda-number" aria-hidden="true">
                  {i + 1}
                </span>
                <span className="agenda-name">{kpiName(context, k.kpi)}</span>
                <span className="agenda-marks">
                  <StatusWord status={k.status} className="status-small" />
                  {note ? <span className="agenda-mark">{t('reviews.agenda.noted')}</span> : null}
                  {actions > 0 ? (
                    <span className="agenda-mark">{t('reviews.agenda.actions', { count: actions })}</span>
                  ) : null}
                  {k.changedSinceReview ? (
                    <span className="agenda-mark changed-mark">{t('reviews.kpi.changedShort')}</span>
                  ) : null}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function KpiPanel({
  review,
  kpi,
  index,
  context,
  people,
  today,
  onSelect,
  onNote,
  onAction,
  onStatus,
  onReview,
}: {
  review: Review;
  kpi: ReviewKpi;
  index: number;
  context: ReviewContext;
  people: string[];
  today: string;
  onSelect: (kpi: string | null) => void;
  onNote: (kpi: string, note: ReviewNote | null) => void;
  onAction: (action: ActionItem) => void;
  onStatus: (action: ActionItem, status: ActionStatus) => Promise<void>;
  onReview: (review: Review) => void;
}) {
  const { t } = useTranslation();
  const closed = review.status === 'closed';
  const name = kpiName(context, kpi.kpi);
  const total = review.kpis.length;
  const previous = review.kpis[index - 1]?.kpi;
  const next = review.kpis[index + 1]?.kpi;
  const actions = review.actions.filter((a) => a.kpi === kpi.kpi);
  const adjustments = review.targetAdjustments.filter((a) => a.kpi === kpi.kpi);
  return (
    <section className="card review-kpi" aria-labelledby="review-kpi-title" data-kpi={kpi.kpi}>
      <header className="review-kpi-head">
        <h3 id="review-kpi-title">{name}</h3>
        <div className="review-kpi-step">
          <span className="muted">{t('reviews.kpi.step', { n: index + 1, total })}</span>
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={!previous}
            onClick={() => onSelect(previous ?? null)}
            aria-label={t('reviews.kpi.previous')}
            title={t('reviews.kpi.previous')}
          >
            ‹
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={!next}
            onClick={() => onSelect(next ?? null)}
            aria-label={t('reviews.kpi.next')}
            title={t('reviews.kpi.next')}
          >
            ›
          </button>
        </div>
      </header>
      <KpiFigures kpi={kpi} context={context} />
      <ChangedMark kpi={kpi} />
      <PaceLine kpi={kpi} context={context} />
      <ReviewTrend kpi={kpi} context={context} />
      <div className="review-kpi-work">
        <NoteEditor
          key={`${review.id}/${kpi.kpi}/${review.status}`}
          reviewId={review.id}
          kpi={kpi.kpi}
          note={review.notes[kpi.kpi]}
          closed={closed}
          onSaved={onNote}
        />
        <section className="review-actions-section" aria-labelledby="review-kpi-actions">
          <h4 id="review-kpi-actions" className="review-section-title">
            {t('reviews.actions.title')}
          </h4>
          <ActionList
            actions={actions}
            context={context}
            scope={review.scope}
            showKpi={false}
            onStatus={onStatus}
          />
          {closed ? (
            <p className="muted review-closed-hint">{t('reviews.actions.closedHint')}</p>
          ) : (
            <AddAction
              reviewId={review.id}
              kpi={kpi.kpi}
              people={people}
              context={context}
              onAdded={onAction}
            />
          )}
        </section>
      </div>
      <section className="review-adjust" aria-labelledby="review-kpi-adjust">
        <h4 id="review-kpi-adjust" className="review-section-title">
          {t('reviews.adjust.title')}
        </h4>
        {closed ? null : (
          <AdjustTarget
            reviewId={review.id}
            kpi={kpi}
            context={context}
            today={today}
            onAdjusted={onReview}
          />
        )}
        <AdjustmentList adjustments={adjustments} context={context} showKpi={false} />
      </section>
    </section>
  );
}

/** Every KPI at a glance, every action item (raised or carried) and every target adjusted. */
function Overview({
  review,
  context,
  people,
  onSelect,
  onAction,
  onStatus,
}: {
  review: Review;
  context: ReviewContext;
  people: string[];
  onSelect: (kpi: string | null) => void;
  onAction: (action: ActionItem) => void;
  onStatus: (action: ActionItem, status: ActionStatus) => Promise<void>;
}) {
  const { t } = useTranslation();
  const periodName = usePeriodName();
  const closed = review.status === 'closed';
  // Compact amounts keep five columns inside a 1024-pixel window; the KPI's page has them in full.
  const compact = (k: ReviewKpi, v: number | null | undefined) =>
    formatKpiValue(v ?? null, context.catalog.get(k.kpi)?.unit ?? 'count', context.settings, {
      compact: true,
    });
  return (
    <section className="card review-overview" aria-labelledby="review-overview-title">
      <h3 id="review-overview-title" className="card-title">
        {t('reviews.overview.title')}
      </h3>
      <div className="table-scroll">
        <table className="board review-board">
          <caption className="visually-hidden">
            {t('reviews.overview.caption', { period: periodName(review.period) })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('reviews.overview.kpi')}</th>
              <th scope="col" className="num">
                {t('reviews.kpi.actual')}
              </th>
              <th scope="col" className="num">
                {t('reviews.kpi.target')}
              </th>
              <th scope="col">{t('reviews.overview.status')}</th>
            </tr>
          </thead>
          <tbody>
            {review.kpis.map((k) => (
              <tr key={k.kpi} data-kpi={k.kpi}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => onSelect(k.kpi)}>
                    {kpiName(context, k.kpi)}
                  </button>
                </th>
                <td className="num">
                  {compact(k, k.value)}
                  {k.current && !sameNumber(k.current.value, k.value) ? (
                    <span className="figure-now">
                      {t('reviews.kpi.now', { value: compact(k, k.current.value) })}
                    </span>
                  ) : null}
                </td>
                <td className="num">{compact(k, k.target)}</td>
                <td>
                  <span className="review-board-status">
                    <StatusWord status={k.status} className="status-small" />
                    {k.achievement !== null ? <span>{formatAchievement(context, k.achievement)}</span> : null}
                    {k.changedSinceReview ? (
                      <span className="agenda-mark changed-mark">{t('reviews.kpi.changedShort')}</span>
                    ) : null}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="review-actions-section" aria-labelledby="review-all-actions">
        <h4 id="review-all-actions" className="review-section-title">
          {t('reviews.actions.all')}
        </h4>
        <ActionList
          actions={review.actions}
          context={context}
          scope={review.scope}
          showKpi
          onStatus={onStatus}
        />
        {closed ? (
          <p className="muted review-closed-hint">{t('reviews.actions.closedHint')}</p>
        ) : (
          <AddAction
            reviewId={review.id}
            kpi={null}
            kpiChoices={review.kpis.map((k) => k.kpi)}
            people={people}
            context={context}
            onAdded={onAction}
          />
        )}
      </section>
      <section className="review-adjust" aria-labelledby="review-all-adjustments">
        <h4 id="review-all-adjustments" className="review-section-title">
          {t('reviews.adjust.list')}
        </h4>
        <AdjustmentList adjustments={review.targetAdjustments} context={context} showKpi />
      </section>
    </section>
  );
}
