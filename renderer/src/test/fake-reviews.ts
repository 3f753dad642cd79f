import type { CallName, Reply } from '../../../shared/contract/api';
import type { ErrorKind } from '../../../shared/contract/errors';
import type {
  ActionItem,
  ActionStatus,
  KpiRow,
  Review,
  ReviewKpi,
  ReviewNote,
  ReviewSummary,
  ScopeDim,
  TargetAdjustment,
} from '../../../shared/contract/schemas';
import { grainOf, periodBounds, shiftPeriod } from '../lib/periods';

type Scope = { dim: ScopeDim; name: string } | null;
type FrozenKpi = Omit<ReviewKpi, 'frozen' | 'changedSinceReview' | 'current'>;
type FrozenAction = Omit<ActionItem, 'statusAtClose'>;

interface FakeReviewRecord {
  id: number;
  period: string;
  scope: Scope;
  title: string;
  status: 'open' | 'closed';
  createdAt: string;
  closedAt: string | null;
  /** What closing stored: every KPI value and action item as the review showed them. */
  snapshot: { kpis: FrozenKpi[]; actions: FrozenAction[] } | null;
}

interface FakeActionRecord {
  id: number;
  reviewId: number;
  scopeKey: string;
  kpi: string | null;
  text: string;
  owner: string | null;
  due: string | null;
  status: ActionStatus;
  createdAt: string;
  updatedAt: string;
}

/** The review sessions behind the reviews/* calls (main/core/reviews), kept simply. */
export interface FakeReviews {
  reviews: FakeReviewRecord[];
  /** Keyed `reviewId/kpi`. */
  notes: Map<string, ReviewNote>;
  actions: FakeActionRecord[];
  adjustments: (TargetAdjustment & { reviewId: number })[];
  /** The time every change is stamped with, so tests can name it. */
  now: string;
}

export function fakeReviews(): FakeReviews {
  return { reviews: [], notes: new Map(), actions: [], adjustments: [], now: '2026-04-02T09:00:00.000Z' };
}

/** What the reviews need from the rest of the fake core: its KPI values, tracked KPIs, targets. */
export interface ReviewWorld {
  rows(request: { kpis: string[]; period: string; scope?: { dim: ScopeDim; name: string } }): KpiRow[];
  tracked(): string[];
  setTarget(request: { kpi: string; period: string; scope: Scope; value: number | null; reason: string }): {
    oldValue: number | null;
    newValue: number | null;
    reason: string | null;
    changedAt: string;
  };
}

class Refusal extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

const scopeKey = (scope: Scope) => (scope ? `${scope.dim}=${scope.name}` : '');
const blankToNull = (text: unknown) => (typeof text === 'string' ? text.trim() || null : null);
/** How many periods a trend shows, the review period included (main/core/reviews). */
const TREND_LENGTH = 6;

function find(state: FakeReviews, id: unknown): FakeReviewRecord {
  const record = state.reviews.find((r) => r.id === id);
  if (!record) throw new Refusal('not_found', `There is no review #${String(id)}`);
  return record;
}

function requireOpen(record: FakeReviewRecord, doing: string): void {
  if (record.status === 'closed') {
    throw new Refusal(
      'conflict',
      `Cannot ${doing}: the review '${record.title}' was closed on ${record.closedAt!.slice(0, 10)} and is final`,
    );
  }
}

function summaryOf(state: FakeReviews, r: FakeReviewRecord): ReviewSummary {
  return {
    id: r.id,
    period: r.period,
    scope: r.scope,
    title: r.title,
    status: r.status,
    createdAt: r.createdAt,
    closedAt: r.closedAt,
    openActions: state.actions.filter((a) => a.reviewId === r.id && a.status === 'open').length,
  };
}

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

/**
 * How a running period is going on `today` (DESIGN §6): the share elapsed, the value projected
 * to the end, the target due by now and what each remaining day needs; null outside the period.
 */
function paceOf(row: KpiRow, period: string, today: string | undefined): ReviewKpi['pace'] {
  const { from, to } = periodBounds(period);
  if (!today || today < from || today > to || row.value === null) return null;
  const days = dayNumber(to) - dayNumber(from) + 1;
  const elapsed = (dayNumber(today) - dayNumber(from) + 1) / days;
  const remaining = dayNumber(to) - dayNumber(today);
  return {
    elapsed,
    projection: row.value / elapsed,
    expectedToDate: row.target === null ? null : row.target * elapsed,
    neededPerRemainingDay:
      row.target === null || remaining === 0 ? null : Math.max(0, row.target - row.value) / remaining,
  };
}

function liveKpis(world: ReviewWorld, r: FakeReviewRecord, today?: string): FrozenKpi[] {
  const kpis = world.tracked();
  if (kpis.length === 0) return [];
  const periods = Array.from({ length: TREND_LENGTH }, (_, i) =>
    shiftPeriod(r.period, i - (TREND_LENGTH - 1)),
  );
  const scope = r.scope ?? undefined;
  const byPeriod = periods.map((period) => world.rows({ kpis, period, scope }));
  const shown = byPeriod.at(-1)!;
  return kpis.map((kpi) => {
    const row = shown.find((x) => x.kpi === kpi)!;
    return {
      kpi,
      value: row.value,
      target: row.target,
      achievement: row.achievement,
      status: row.status,
      origin: row.origin,
      targetOrigin: row.targetOrigin,
      allocated: row.allocated,
      trend: periods.map((period, i) => ({
        period,
        value: byPeriod[i]!.find((x) => x.kpi === kpi)?.value ?? null,
      })),
      pace: paceOf(row, r.period, today),
    };
  });
}

function itemOf(state: FakeReviews, a: FakeActionRecord, shownIn: number): FrozenAction {
  const raisedIn = state.reviews.find((r) => r.id === a.reviewId)!;
  const { reviewId: _review, scopeKey: _scope, ...item } = a;
  return {
    ...item,
    raisedIn: { id: raisedIn.id, period: raisedIn.period, title: raisedIn.title },
    carried: a.reviewId !== shownIn,
  };
}

/**
 * Items raised in the review, and items of earlier reviews of the scope still open; one ticked
 * off stays until a closed review has shown it so.
 */
function liveActions(state: FakeReviews, r: FakeReviewRecord): FrozenAction[] {
  const settled = new Set<number>();
  for (const other of state.reviews) {
    if (other.id === r.id || other.status !== 'closed' || scopeKey(other.scope) !== scopeKey(r.scope))
      continue;
    for (const a of other.snapshot!.actions) if (a.status !== 'open') settled.add(a.id);
  }
  return state.actions
    .filter(
      (a) =>
        a.reviewId === r.id ||
        (a.scopeKey === scopeKey(r.scope) &&
          a.reviewId < r.id &&
          (a.status === 'open' || !settled.has(a.id))),
    )
    .sort((a, b) => a.reviewId - b.reviewId || a.id - b.id)
    .map((a) => itemOf(state, a, r.id));
}

function reviewOf(state: FakeReviews, world: ReviewWorld, r: FakeReviewRecord, today?: string): Review {
  const { openActions: _count, ...summary } = summaryOf(state, r);
  const notes = Object.fromEntries(
    [...state.notes.entries()]
      .filter(([key]) => key.startsWith(`${r.id}/`))
      .map(([key, note]) => [key.slice(key.indexOf('/') + 1), note]),
  );
  const targetAdjustments = state.adjustments
    .filter((a) => a.reviewId === r.id)
    .map(({ reviewId: _review, ...a }) => a);
  if (r.status === 'open') {
    return {
      ...summary,
      kpis: liveKpis(world, r, today).map((k) => ({ ...k, frozen: false, changedSinceReview: false })),
      notes,
      actions: liveActions(state, r).map((a) => ({ ...a, statusAtClose: null })),
      targetAdjustments,
    };
  }
  const todays = new Map(liveKpis(world, r).map((k) => [k.kpi, k]));
  return {
    ...summary,
    kpis: r.snapshot!.kpis.map((k) => {
      const now = todays.get(k.kpi);
      const current = {
        value: now?.value ?? null,
        target: now?.target ?? null,
        achievement: now?.achievement ?? null,
        status: now?.status ?? 'grey',
      };
      const changed =
        current.value !== k.value ||
        current.target !== k.target ||
        current.achievement !== k.achievement ||
        current.status !== k.status;
      return { ...k, frozen: true, changedSinceReview: changed, ...(changed ? { current } : {}) };
    }),
    notes,
    actions: r.snapshot!.actions.map((a) => {
      const now = state.actions.find((x) => x.id === a.id);
      return {
        ...a,
        status: now?.status ?? a.status,
        updatedAt: now?.updatedAt ?? a.updatedAt,
        statusAtClose: a.status,
      };
    }),
    targetAdjustments,
  };
}

/** The item as the review that raised it holds it. */
function asRaised(state: FakeReviews, a: FakeActionRecord): ActionItem {
  const raisedIn = find(state, a.reviewId);
  const frozen = raisedIn.snapshot?.actions.find((f) => f.id === a.id);
  return { ...itemOf(state, a, a.reviewId), statusAtClose: frozen?.status ?? null };
}

/** The reviews/* calls, answered the way the core answers them. */
export function handleReviews(
  state: FakeReviews,
  world: ReviewWorld,
  name: CallName,
  request: Record<string, unknown>,
): Reply<unknown> {
  const ok = (value: unknown): Reply<unknown> => ({ ok: true, value });
  try {
    switch (name) {
      case 'reviews/list': {
        const key = scopeKey((request.scope as Scope | undefined) ?? null);
        return ok(
          state.reviews
            .filter((r) => request.all === true || scopeKey(r.scope) === key)
            .sort((a, b) => b.id - a.id)
            .map((r) => summaryOf(state, r)),
        );
      }
      case 'reviews/create': {
        const period = String(request.period).toUpperCase();
        if (!grainOf(period)) throw new Refusal('invalid_request', `${String(request.period)}: not a period`);
        const scope = (request.scope as Scope | undefined) ?? null;
        const record: FakeReviewRecord = {
          id: Math.max(0, ...state.reviews.map((r) => r.id)) + 1,
          period,
          scope,
          title: blankToNull(request.title) ?? (scope ? `${period} · ${scope.name}` : period),
          status: 'open',
          createdAt: state.now,
          closedAt: null,
          snapshot: null,
        };
        state.reviews.push(record);
        return ok(reviewOf(state, world, record, request.today as string | undefined));
      }
      case 'reviews/get':
        return ok(reviewOf(state, world, find(state, request.id), request.today as string | undefined));
      case 'reviews/note': {
        requireOpen(find(state, request.reviewId), 'save a note');
        const key = `${String(request.reviewId)}/${String(request.kpi)}`;
        const before = state.notes.get(key);
        const pick = (field: 'happened' | 'why' | 'next') =>
          request[field] === undefined ? (before?.[field] ?? null) : blankToNull(request[field]);
        const note = {
          happened: pick('happened'),
          why: pick('why'),
          next: pick('next'),
          updatedAt: state.now,
        };
        if (note.happened === null && note.why === null && note.next === null) state.notes.delete(key);
        else state.notes.set(key, note);
        return ok(note);
      }
      case 'reviews/addAction': {
        const review = find(state, request.reviewId);
        requireOpen(review, 'raise an action item');
        const text = blankToNull(request.text);
        if (text === null) throw new Refusal('invalid_request', 'text: an action item needs a text');
        const record: FakeActionRecord = {
          id: Math.max(0, ...state.actions.map((a) => a.id)) + 1,
          reviewId: review.id,
          scopeKey: scopeKey(review.scope),
          kpi: blankToNull(request.kpi),
          text,
          owner: blankToNull(request.owner),
          due: blankToNull(request.due),
          status: 'open',
          createdAt: state.now,
          updatedAt: state.now,
        };
        state.actions.push(record);
        return ok(asRaised(state, record));
      }
      case 'reviews/updateAction': {
        const a = state.actions.find((x) => x.id === request.id);
        if (!a) throw new Refusal('not_found', `There is no action item #${String(request.id)}`);
        const rewords =
          request.text !== undefined || request.owner !== undefined || request.due !== undefined;
        if (rewords) requireOpen(find(state, a.reviewId), "change the item's text, owner or due date");
        if (request.text !== undefined) a.text = blankToNull(request.text) ?? a.text;
        if (request.owner !== undefined) a.owner = blankToNull(request.owner);
        if (request.due !== undefined) a.due = blankToNull(request.due);
        if (request.status !== undefined) a.status = request.status as ActionStatus;
        a.updatedAt = state.now;
        return ok(asRaised(state, a));
      }
      case 'reviews/adjustTarget': {
        const review = find(state, request.reviewId);
        requireOpen(review, 'adjust a target');
        const reason = blankToNull(request.reason);
        if (reason === null)
          throw new Refusal('invalid_request', 'reason: a target adjusted in a review needs a reason');
        const period = (request.period as string | undefined) ?? review.period;
        const kpi = String(request.kpi);
        const revision = world.setTarget({
          kpi,
          period,
          scope: review.scope,
          value: (request.value as number | null | undefined) ?? null,
          reason,
        });
        state.adjustments.push({ reviewId: review.id, kpi, period, ...revision });
        return ok(reviewOf(state, world, review, request.today as string | undefined));
      }
      case 'reviews/close': {
        const review = find(state, request.id);
        requireOpen(review, 'close it again');
        review.snapshot = {
          kpis: liveKpis(world, review, request.today as string | undefined),
          actions: liveActions(state, review),
        };
        review.status = 'closed';
        review.closedAt = state.now;
        return ok(reviewOf(state, world, review));
      }
      case 'reviews/delete': {
        const review = find(state, request.id);
        requireOpen(review, 'delete it');
        state.reviews = state.reviews.filter((r) => r.id !== review.id);
        state.actions = state.actions.filter((a) => a.reviewId !== review.id);
        for (const key of [...state.notes.keys()])
          if (key.startsWith(`${review.id}/`)) state.notes.delete(key);
        return ok(null);
      }
      default:
        return { ok: false, error: { kind: 'not_found', message: `no fake for ${name}` } };
    }
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: { kind: e.kind, message: e.message } };
    throw e;
  }
}
