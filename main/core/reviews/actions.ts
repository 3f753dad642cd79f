/**
 * Action items (DESIGN §7): raised in a review, owned by its scope; open ones carry into the
 * next review of the same scope, where they are ticked off.
 */
import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type { ActionItem, ActionStatus } from '../../../shared/contract/schemas.js';
import { dayFromIso } from '../../../shared/kpi/periods.js';
import {
  emptyToNull,
  findReview,
  requireKpi,
  requireOpen,
  type FrozenAction,
  type ReviewRecord,
  type Snapshot,
} from './review-records.js';

function checkDue(due: string | null | undefined): string | null {
  const text = emptyToNull(due);
  if (text === null) return null;
  try {
    dayFromIso(text);
  } catch (e) {
    throw new KinerjaError('invalid_request', `due: ${(e as Error).message}`);
  }
  return text;
}

interface ActionRecord {
  id: number;
  review_id: number;
  kpi: string | null;
  text: string;
  owner: string | null;
  due: string | null;
  status: ActionStatus;
  created_at: string;
  updated_at: string;
  raised_period: string;
  raised_title: string;
}

const actionColumns = `a.*, r.period AS raised_period, r.title AS raised_title
  FROM action_items a JOIN reviews r ON r.id = a.review_id`;

function actionOf(a: ActionRecord, shownIn: number): FrozenAction {
  return {
    id: a.id,
    kpi: a.kpi,
    text: a.text,
    owner: a.owner,
    due: a.due,
    status: a.status,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    raisedIn: { id: a.review_id, period: a.raised_period, title: a.raised_title },
    carried: a.review_id !== shownIn,
  };
}

/** Items some closed review of the scope (other than `r`) listed as done or dropped. */
function settledItems(db: Database.Database, r: ReviewRecord): Set<number> {
  const snapshots = db
    .prepare("SELECT snapshot FROM reviews WHERE scope_key = ? AND status = 'closed' AND id <> ?")
    .pluck()
    .all(r.scope_key, r.id) as string[];
  const settled = new Set<number>();
  for (const s of snapshots) {
    for (const a of (JSON.parse(s) as Snapshot).actions) if (a.status !== 'open') settled.add(a.id);
  }
  return settled;
}

/**
 * The action items an open review lists: those raised in it, and those raised in earlier
 * reviews of the same scope ("earlier" in the order the reviews were held) that are still open.
 * An item ticked off (done or dropped) stays listed, with its new status, until a closed review
 * has shown it so: the meeting sees it ticked off, and the review after it no longer carries it.
 */
export function liveActions(db: Database.Database, r: ReviewRecord): FrozenAction[] {
  const rows = db
    .prepare(
      `SELECT ${actionColumns}
       WHERE a.review_id = @id OR (a.scope_key = @scope AND a.review_id < @id)
       ORDER BY a.review_id, a.id`,
    )
    .all({ id: r.id, scope: r.scope_key }) as ActionRecord[];
  const settled = settledItems(db, r);
  return rows
    .filter((a) => a.review_id === r.id || a.status === 'open' || !settled.has(a.id))
    .map((a) => actionOf(a, r.id));
}

/** A closed review's items as frozen, each with its status today beside the one at closing. */
export function closedActions(db: Database.Database, frozen: FrozenAction[]): ActionItem[] {
  const statusNow = db.prepare('SELECT status, updated_at FROM action_items WHERE id = ?');
  return frozen.map((a) => {
    const now = statusNow.get(a.id) as { status: ActionStatus; updated_at: string } | undefined;
    return {
      ...a,
      status: now?.status ?? a.status,
      updatedAt: now?.updated_at ?? a.updatedAt,
      statusAtClose: a.status,
    };
  });
}

function findAction(db: Database.Database, id: number): ActionRecord {
  const a = db.prepare(`SELECT ${actionColumns} WHERE a.id = ?`).get(id) as ActionRecord | undefined;
  if (!a) throw new KinerjaError('not_found', `There is no action item #${id}`);
  return a;
}

/** An item as it stands in the review that raised it. */
function asRaised(db: Database.Database, id: number): ActionItem {
  const a = findAction(db, id);
  const raisedIn = findReview(db, a.review_id);
  const frozen = raisedIn.snapshot
    ? (JSON.parse(raisedIn.snapshot) as Snapshot).actions.find((f) => f.id === id)
    : undefined;
  return { ...actionOf(a, a.review_id), statusAtClose: frozen?.status ?? null };
}

/** Raises an action item in an open review; it belongs to the review's scope. */
export function addAction(
  db: Database.Database,
  input: { reviewId: number; text: string; owner?: string | null; due?: string | null; kpi?: string | null },
): ActionItem {
  const text = emptyToNull(input.text);
  if (text === null) throw new KinerjaError('invalid_request', 'text: an action item needs a text');
  const due = checkDue(input.due);
  if (input.kpi) requireKpi(db, input.kpi);
  const id = db
    .transaction(() => {
      const review = findReview(db, input.reviewId);
      requireOpen(review, 'raise an action item');
      const now = new Date().toISOString();
      return db
        .prepare(
          `INSERT INTO action_items (review_id, scope_key, kpi, text, owner, due, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        )
        .pluck()
        .get(
          review.id,
          review.scope_key,
          input.kpi || null,
          text,
          emptyToNull(input.owner),
          due,
          now,
          now,
        ) as number;
    })
    .immediate();
  return asRaised(db, id);
}

/**
 * Changes an action item. Its status can change at any time (that is how an item carried into
 * the next review is ticked off there); its text, owner and due date only while the review that
 * raised it is open.
 */
export function updateAction(
  db: Database.Database,
  input: { id: number; status?: ActionStatus; owner?: string | null; due?: string | null; text?: string },
): ActionItem {
  const due = input.due === undefined ? undefined : checkDue(input.due);
  if (input.text !== undefined && emptyToNull(input.text) === null) {
    throw new KinerjaError('invalid_request', 'text: an action item needs a text');
  }
  db.transaction(() => {
    const a = findAction(db, input.id);
    const next = {
      text: input.text === undefined ? a.text : emptyToNull(input.text)!,
      owner: input.owner === undefined ? a.owner : emptyToNull(input.owner),
      due: due === undefined ? a.due : due,
      status: input.status ?? a.status,
    };
    const rewords = next.text !== a.text || next.owner !== a.owner || next.due !== a.due;
    if (rewords) requireOpen(findReview(db, a.review_id), "change the item's text, owner or due date");
    // Saving the same again keeps the time it last changed.
    if (!rewords && next.status === a.status) return;
    db.prepare(
      'UPDATE action_items SET text = ?, owner = ?, due = ?, status = ?, updated_at = ? WHERE id = ?',
    ).run(next.text, next.owner, next.due, next.status, new Date().toISOString(), a.id);
  }).immediate();
  return asRaised(db, input.id);
}
