import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type {
  Review,
  ReviewNote,
  ReviewSummary,
  TargetAdjustment,
  WorkspaceSettings,
} from '../../../shared/contract/schemas.js';
import { parsePeriod, PeriodError, todayDay, type Day } from '../../../shared/kpi/periods.js';
import { setTarget } from '../kpi/targets.js';
import { knownScopeName, requireKnownScope } from '../kpi/workspace-data.js';
import { closedActions, liveActions } from './actions.js';
import { frozenReviewKpis, liveReviewKpis, type FrozenKpi } from './review-kpis.js';
import {
  emptyToNull,
  findReview,
  periodLabel,
  requireKpi,
  requireOpen,
  scopeKeyOf,
  scopeOfKey,
  summaryOf,
  type ReviewRecord,
  type Scope,
  type Snapshot,
} from './review-records.js';

export { addAction, updateAction } from './actions.js';

/** A closed review as its minutes record it: the values frozen at closing, no comparison. */
export type ReviewMinutes = Omit<Review, 'kpis'> & { kpis: FrozenKpi[] };

/** Starts a review of a period for the company (no scope) or one team, person, source… */
export function createReview(
  db: Database.Database,
  settings: WorkspaceSettings,
  input: { period: string; scope?: Scope | null; title?: string | null },
): ReviewSummary {
  const period = periodLabel(settings, input.period);
  const scope = input.scope ? { dim: input.scope.dim, name: requireKnownScope(db, input.scope) } : null;
  // Without a title the period and scope name it, in no language: the screens title it in theirs.
  const title = emptyToNull(input.title) ?? (scope ? `${period} · ${scope.name}` : period);
  const id = db.transaction(() => {
    // One open review per period and scope: a second "start" (a double click, a second window)
    // would split the notes and actions of one meeting over two reviews.
    const open = db
      .prepare("SELECT id, title FROM reviews WHERE period = ? AND scope_key = ? AND status = 'open' LIMIT 1")
      .get(period, scopeKeyOf(scope)) as { id: number; title: string } | undefined;
    if (open) {
      throw new KinerjaError(
        'conflict',
        `Review #${open.id} (${open.title}) of ${period} is still open for this scope; continue it, or close it first`,
        { code: 'review_open', params: { id: open.id, title: open.title, period } },
      );
    }
    return db
      .prepare('INSERT INTO reviews (period, scope_key, title, created_at) VALUES (?, ?, ?, ?) RETURNING id')
      .pluck()
      .get(period, scopeKeyOf(scope), title, new Date().toISOString()) as number;
  })();
  return summaryOf(db, findReview(db, id));
}

/**
 * The reviews of one scope (the company when none is given), or of every scope with `all`;
 * newest first.
 */
export function listReviews(
  db: Database.Database,
  input: { scope?: Scope | null; all?: boolean } = {},
): ReviewSummary[] {
  let records: ReviewRecord[];
  if (input.all) {
    records = db.prepare('SELECT * FROM reviews ORDER BY created_at DESC, id DESC').all() as ReviewRecord[];
  } else {
    const name = input.scope ? knownScopeName(db, input.scope.dim, input.scope.name) : null;
    if (input.scope && name === null) return [];
    records = db
      .prepare('SELECT * FROM reviews WHERE scope_key = ? ORDER BY created_at DESC, id DESC')
      .all(input.scope ? `${input.scope.dim}=${name}` : '') as ReviewRecord[];
  }
  return records.map((r) => summaryOf(db, r));
}

function notesOf(db: Database.Database, reviewId: number): Record<string, ReviewNote> {
  const rows = db
    .prepare('SELECT kpi, happened, why, next, updated_at FROM review_notes WHERE review_id = ? ORDER BY kpi')
    .all(reviewId) as {
    kpi: string;
    happened: string | null;
    why: string | null;
    next: string | null;
    updated_at: string;
  }[];
  return Object.fromEntries(
    rows.map((n) => [n.kpi, { happened: n.happened, why: n.why, next: n.next, updatedAt: n.updated_at }]),
  );
}

function adjustmentsOf(db: Database.Database, reviewId: number): TargetAdjustment[] {
  return db
    .prepare(
      `SELECT t.kpi, t.period, r.old_value AS oldValue, r.new_value AS newValue, r.reason, r.changed_at AS changedAt
       FROM target_revisions r JOIN targets t ON t.id = r.target_id
       WHERE r.review_id = ? ORDER BY r.id`,
    )
    .all(reviewId) as TargetAdjustment[];
}

/**
 * A review with everything it shows. An open review shows today's values; a closed one the
 * values frozen when it closed, each flagged where today's data differs (today's beside it).
 */
export function getReview(
  db: Database.Database,
  settings: WorkspaceSettings,
  id: number,
  today: Day = todayDay(),
): Review {
  const r = findReview(db, id);
  const { openActions: _count, ...summary } = summaryOf(db, r);
  const parts = { notes: notesOf(db, r.id), targetAdjustments: adjustmentsOf(db, r.id) };
  if (r.status === 'closed') {
    const snapshot = JSON.parse(r.snapshot!) as Snapshot;
    return {
      ...summary,
      kpis: frozenReviewKpis(db, settings, snapshot.kpis, r.period, scopeOfKey(r.scope_key)),
      actions: closedActions(db, snapshot.actions),
      ...parts,
    };
  }
  return {
    ...summary,
    kpis: liveReviewKpis(db, settings, r.period, scopeOfKey(r.scope_key), today).map((k) => ({
      ...k,
      frozen: false,
      changedSinceReview: false,
    })),
    actions: liveActions(db, r).map((a) => ({ ...a, statusAtClose: null })),
    ...parts,
  };
}

/**
 * Saves what happened, why and what next for one KPI of an open review. A field left out keeps
 * what was saved; an empty one clears it.
 */
export function saveNote(
  db: Database.Database,
  input: {
    reviewId: number;
    kpi: string;
    happened?: string | null;
    why?: string | null;
    next?: string | null;
  },
): ReviewNote {
  requireKpi(db, input.kpi);
  return db
    .transaction((): ReviewNote => {
      requireOpen(findReview(db, input.reviewId), 'save a note');
      const before = notesOf(db, input.reviewId)[input.kpi];
      const pick = (field: 'happened' | 'why' | 'next') =>
        input[field] === undefined ? (before?.[field] ?? null) : emptyToNull(input[field]);
      const note = {
        happened: pick('happened'),
        why: pick('why'),
        next: pick('next'),
        updatedAt: new Date().toISOString(),
      };
      if (note.happened === null && note.why === null && note.next === null) {
        db.prepare('DELETE FROM review_notes WHERE review_id = ? AND kpi = ?').run(input.reviewId, input.kpi);
      } else {
        db.prepare(
          `INSERT INTO review_notes (review_id, kpi, happened, why, next, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (review_id, kpi) DO UPDATE SET happened = excluded.happened, why = excluded.why,
             next = excluded.next, updated_at = excluded.updated_at`,
        ).run(input.reviewId, input.kpi, note.happened, note.why, note.next, note.updatedAt);
      }
      return note;
    })
    .immediate();
}

/**
 * Adjusts a target of the review's scope (for the review period unless another is named), with
 * the reason, as a revision of the target that names this review. Band bounds and the amber
 * threshold not given keep what the target had.
 */
export function adjustTarget(
  db: Database.Database,
  settings: WorkspaceSettings,
  input: {
    reviewId: number;
    kpi: string;
    period?: string | null;
    value?: number | null;
    bandLow?: number | null;
    bandHigh?: number | null;
    amberAt?: number | null;
    reason: string;
  },
): TargetAdjustment {
  const reason = emptyToNull(input.reason);
  if (reason === null)
    throw new KinerjaError('invalid_request', 'reason: a target adjusted in a review needs a reason');
  return db
    .transaction((): TargetAdjustment => {
      const review = findReview(db, input.reviewId);
      requireOpen(review, 'adjust a target');
      const period = input.period ? periodLabel(settings, input.period) : review.period;
      const before = db
        .prepare(
          'SELECT value, band_low, band_high, amber_at FROM targets WHERE kpi = ? AND scope_key = ? AND period = ?',
        )
        .get(input.kpi, review.scope_key, period) as
        | { value: number | null; band_low: number | null; band_high: number | null; amber_at: number | null }
        | undefined;
      const keep = <T>(given: T | undefined, had: T | null | undefined) =>
        given === undefined ? (had ?? null) : given;
      setTarget(db, settings, {
        kpi: input.kpi,
        period,
        scope: scopeOfKey(review.scope_key),
        value: keep(input.value, before?.value),
        bandLow: keep(input.bandLow, before?.band_low),
        bandHigh: keep(input.bandHigh, before?.band_high),
        amberAt: keep(input.amberAt, before?.amber_at),
        reason,
      });
      // With a reason, setTarget always adds a revision: the newest one of this target is it.
      return db
        .prepare(
          `UPDATE target_revisions SET review_id = @review
           WHERE id = (SELECT max(r.id) FROM target_revisions r JOIN targets t ON t.id = r.target_id
                       WHERE t.kpi = @kpi AND t.scope_key = @scope AND t.period = @period)
           RETURNING @kpi AS kpi, @period AS period, old_value AS oldValue, new_value AS newValue, reason,
             changed_at AS changedAt`,
        )
        .get({ review: review.id, kpi: input.kpi, scope: review.scope_key, period }) as TargetAdjustment;
    })
    .immediate();
}

/**
 * Closes a review: every value it shows now (KPIs, trend, pace, action items) is stored with it,
 * and from then on it shows those, flagging where later data differs.
 */
export function closeReview(
  db: Database.Database,
  settings: WorkspaceSettings,
  id: number,
  today: Day = todayDay(),
): ReviewSummary {
  db.transaction(() => {
    const r = findReview(db, id);
    requireOpen(r, 'close it again');
    const snapshot: Snapshot = {
      kpis: liveReviewKpis(db, settings, r.period, scopeOfKey(r.scope_key), today),
      actions: liveActions(db, r),
    };
    db.prepare("UPDATE reviews SET status = 'closed', closed_at = ?, snapshot = ? WHERE id = ?").run(
      new Date().toISOString(),
      JSON.stringify(snapshot),
      id,
    );
  }).immediate();
  return summaryOf(db, findReview(db, id));
}

/**
 * Deletes an open review with its notes and the action items raised in it. Targets it adjusted
 * keep their new value and their revision its reason. A closed review is minutes and stays.
 */
export function deleteReview(db: Database.Database, id: number): void {
  db.transaction(() => {
    requireOpen(findReview(db, id), 'delete it');
    db.prepare('DELETE FROM reviews WHERE id = ?').run(id);
  }).immediate();
}

/**
 * The latest closed review of a period and scope (`scopeKey` as the engine writes it: '' for the
 * company, `team=Tim Jakarta`), as its minutes record it; null when there is none.
 */
export function latestClosedReview(
  db: Database.Database,
  period: string,
  scopeKey: string,
): ReviewMinutes | null {
  let label: string;
  try {
    // A period's label does not depend on the fiscal year's first month, only its dates do.
    label = parsePeriod(period, { fiscalYearStartMonth: 1 }).label;
  } catch (e) {
    if (e instanceof PeriodError) throw new KinerjaError('invalid_request', e.message);
    throw e;
  }
  const r = db
    .prepare(
      `SELECT * FROM reviews WHERE period = ? AND scope_key = ? AND status = 'closed'
       ORDER BY closed_at DESC, id DESC LIMIT 1`,
    )
    .get(label, scopeKey) as ReviewRecord | undefined;
  if (!r) return null;
  const { openActions: _count, ...summary } = summaryOf(db, r);
  const snapshot = JSON.parse(r.snapshot!) as Snapshot;
  return {
    ...summary,
    kpis: snapshot.kpis,
    notes: notesOf(db, r.id),
    actions: closedActions(db, snapshot.actions),
    targetAdjustments: adjustmentsOf(db, r.id),
  };
}
