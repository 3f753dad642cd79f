import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScopeDim, WorkspaceInfo } from '../../../shared/contract/schemas';
import { errorMessage, useClient } from '../api/client-context';
import { ErrorNotice, Loading, PageHeader } from '../components/common';
import { useDateText, useScopeName } from '../components/ReviewParts';
import { ReviewSession } from '../components/ReviewSession';
import {
  knownScope,
  PeriodPicker,
  ScopePicker,
  scopeFromParam,
  scopeToParam,
  usePeriodName,
  type ScopeChoice,
} from '../components/ViewPickers';
import { grainOf, localTodayIso, periodOf } from '../lib/periods';
import { setRouteParams, useRouteParam } from '../lib/route';
import { useLoad } from '../lib/use-load';

type Names = Record<ScopeDim, string[]>;

/** A review id from the address, or null when there is none (or it is no id). */
function reviewIdOf(param: string | null): number | null {
  const id = Number(param);
  return param && Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * Reviews (DESIGN §7): the review sessions of a scope, a new one for a period, and one session
 * walked KPI by KPI. Scope, period, review and the KPI on the agenda live in the address, so
 * the view reopens as it was left.
 */
export function Reviews({ workspace }: { workspace: WorkspaceInfo }) {
  const client = useClient();
  const { t } = useTranslation();
  const loadOverview = useCallback(
    () => Promise.all([client.kpi.catalog({}), client.data.range({}), client.scopes.list({})]),
    [client],
  );
  const overview = useLoad(loadOverview);
  const periodParam = useRouteParam('period');
  const scopeParam = useRouteParam('scope');
  const reviewId = reviewIdOf(useRouteParam('review'));
  const setPeriod = useCallback((p: string) => setRouteParams({ period: p }), []);
  const setScope = useCallback((s: ScopeChoice) => setRouteParams({ scope: scopeToParam(s) }), []);
  // Leaving a review for the list (or deleting it) puts focus on the list, not on the page's start.
  const [focusList, setFocusList] = useState(false);
  const leaveReview = useCallback(() => setFocusList(true), []);
  const listFocused = useCallback(() => setFocusList(false), []);

  if (overview.status === 'loading') return <Loading />;
  if (overview.status === 'error') return <ErrorNotice message={overview.error} />;
  const [catalog, range, scopeNames] = overview.value;
  const names = scopeNames as Names;
  const today = localTodayIso();
  const dataRange = range.first && range.last ? { first: range.first, last: range.last } : null;
  // A new review is for the quarter of the latest data unless another period is chosen.
  const period =
    periodParam && grainOf(periodParam) ? periodParam : periodOf('quarter', dataRange?.last ?? today);
  const { scope, unknown } = knownScope(scopeFromParam(scopeParam), names);

  if (reviewId !== null) {
    return (
      <>
        <PageHeader title={t('reviews.title')} />
        <ReviewSession
          key={reviewId}
          id={reviewId}
          catalog={catalog}
          people={names.owner}
          workspace={workspace}
          onLeave={leaveReview}
        />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('reviews.title')} subtitle={t('reviews.subtitle')}>
        <ScopePicker scope={scope} names={names} onChange={setScope} />
      </PageHeader>
      {unknown ? (
        <ErrorNotice
          title={t('dashboard.unknownScope', { dim: t(`scope.dims.${unknown.dim}`), name: unknown.name })}
          message={t('dashboard.unknownScopeHint')}
        />
      ) : (
        <div className="review-home">
          <NewReview
            key={scopeToParam(scope) ?? ''}
            period={period}
            scope={scope}
            range={dataRange}
            today={today}
            onPeriod={setPeriod}
          />
          <ReviewList scope={scope} focus={focusList} onFocused={listFocused} />
        </div>
      )}
    </>
  );
}

/** Starts a review of a period for the scope chosen above; it opens at once. */
function NewReview({
  period,
  scope,
  range,
  today,
  onPeriod,
}: {
  period: string;
  scope: ScopeChoice;
  range: { first: string; last: string } | null;
  today: string;
  onPeriod: (period: string) => void;
}) {
  const client = useClient();
  const { t } = useTranslation();
  const periodName = usePeriodName();
  const scopeName = useScopeName();
  const titleId = useId();
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const defaultTitle = t('reviews.new.defaultTitle', { period: periodName(period), scope: scopeName(scope) });

  async function start(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const review = await client.reviews.create({
        period,
        scope,
        // The stored title is the one the minutes carry: in the language the review was held in.
        title: title.trim() || defaultTitle,
        today,
      });
      setRouteParams({ review: String(review.id), period: review.period, kpi: null });
    } catch (err) {
      setProblem(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <section className="card review-new" aria-labelledby="review-new-title">
      <h2 id="review-new-title" className="card-title">
        {t('reviews.new.title')}
      </h2>
      <p className="card-hint">{t('reviews.new.hint', { scope: scopeName(scope) })}</p>
      <form className="review-new-form" onSubmit={(e) => void start(e)}>
        <PeriodPicker period={period} range={range} until={today} onChange={onPeriod} />
        <div className="review-new-title">
          <label htmlFor={titleId} className="field-label">
            {t('reviews.new.name')}
          </label>
          <input
            id={titleId}
            type="text"
            value={title}
            maxLength={200}
            placeholder={defaultTitle}
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('reviews.new.starting') : t('reviews.new.start')}
        </button>
      </form>
      {problem ? <ErrorNotice title={t('reviews.new.failed')} message={problem} /> : null}
    </section>
  );
}

/** The scope's reviews, newest first: period, title, open or closed, open action items. */
function ReviewList({
  scope,
  focus,
  onFocused,
}: {
  scope: ScopeChoice;
  focus: boolean;
  onFocused: () => void;
}) {
  const client = useClient();
  const { t } = useTranslation();
  const periodName = usePeriodName();
  const scopeName = useScopeName();
  const dateText = useDateText();
  const load = useCallback(() => client.reviews.list({ scope }), [client, scope]);
  const state = useLoad(load);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!focus) return;
    headingRef.current?.focus();
    onFocused();
  }, [focus, onFocused]);
  if (state.status === 'error') return <ErrorNotice message={state.error} />;
  const reviews = state.status === 'ready' ? state.value : state.previous;
  const name = scopeName(scope);
  return (
    <section className="card review-list" aria-labelledby="review-list-title">
      <h2 id="review-list-title" className="card-title" tabIndex={-1} ref={headingRef}>
        {t('reviews.list.title', { scope: name })}
      </h2>
      {!reviews ? (
        <Loading />
      ) : reviews.length === 0 ? (
        <p className="muted">{t('reviews.list.empty', { scope: name })}</p>
      ) : (
        <div className="table-scroll">
          <table className="board review-table">
            <caption className="visually-hidden">{t('reviews.list.caption', { scope: name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reviews.list.period')}</th>
                <th scope="col">{t('reviews.list.reviewTitle')}</th>
                <th scope="col">{t('reviews.list.status')}</th>
                <th scope="col" className="num">
                  {t('reviews.list.openActions')}
                </th>
                <th scope="col">{t('reviews.list.date')}</th>
              </tr>
            </thead>
            <tbody>
              {reviews.map((r) => (
                <tr key={r.id} data-review={r.id}>
                  <td className="nowrap">{periodName(r.period)}</td>
                  <th scope="row">
                    <a href={reviewHref(r.id, r.period, scope)}>{r.title}</a>
                  </th>
                  <td>
                    <span className={`review-state review-state-${r.status}`}>
                      {t(`reviews.statuses.${r.status}`)}
                    </span>
                  </td>
                  <td className="num" data-testid="open-actions">
                    {r.openActions}
                  </td>
                  <td className="nowrap">
                    {r.closedAt
                      ? t('reviews.list.closedOn', { date: dateText(r.closedAt) })
                      : t('reviews.list.startedOn', { date: dateText(r.createdAt) })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** `#/reviews?…` opening a review: a link, so a review opens in a new window too. */
export function reviewHref(id: number, period: string, scope: ScopeChoice): string {
  const params = new URLSearchParams({ period, review: String(id) });
  const s = scopeToParam(scope);
  if (s) params.set('scope', s);
  return `#/reviews?${params.toString()}`;
}
