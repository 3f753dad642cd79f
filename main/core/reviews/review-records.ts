/** What the review modules share: the stored review, its snapshot and the checks on it. */
import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type { ActionItem, ReviewSummary, WorkspaceSettings } from '../../../shared/contract/schemas.js';
import {
  FIRST_YEAR_IN_USE,
  isoFromDay,
  LAST_YEAR_IN_USE,
  parsePeriod,
  PeriodError,
  shortText,
} from '../../../shared/kpi/periods.js';
import { kpiLibrary, periodSettings, type ScopeDim } from '../kpi/engine.js';
import type { FrozenKpi } from './review-kpis.js';

export type Scope = { dim: ScopeDim; name: string };

export interface ReviewRecord {
  id: number;
  period: string;
  scope_key: string;
  title: string;
  status: 'open' | 'closed';
  created_at: string;
  closed_at: string | null;
  snapshot: string | null;
}

/** An action item as it was shown when its review closed; `status` is the status then. */
export type FrozenAction = Omit<ActionItem, 'statusAtClose'>;

/**
 * What closing a review stores: every KPI value it showed, and every action item it listed
 * (raised or carried) with its status at that moment, so the minutes stay as they were.
 */
export interface Snapshot {
  kpis: FrozenKpi[];
  actions: FrozenAction[];
}

export const scopeKeyOf = (scope: Scope | null) => (scope ? `${scope.dim}=${scope.name}` : '');

export function scopeOfKey(key: string): Scope | null {
  if (key === '') return null;
  const at = key.indexOf('=');
  return { dim: key.slice(0, at) as ScopeDim, name: key.slice(at + 1) };
}

/** The period as the workspace writes it (`2026-q1` → `2026-Q1`), in the years the app offers. */
export function periodLabel(settings: WorkspaceSettings, text: string): string {
  try {
    const period = parsePeriod(text, periodSettings(settings));
    const [first, last] = [isoFromDay(period.from), isoFromDay(period.to)];
    if (first < `${FIRST_YEAR_IN_USE}-01-01` || last > `${LAST_YEAR_IN_USE}-12-31`) {
      throw new KinerjaError(
        'invalid_request',
        `${shortText(text)}: reviews are for periods between ${FIRST_YEAR_IN_USE} and ${LAST_YEAR_IN_USE}`,
      );
    }
    return period.label;
  } catch (e) {
    if (e instanceof PeriodError) throw new KinerjaError('invalid_request', e.message);
    throw e;
  }
}

export const emptyToNull = (text: string | null | undefined) => text?.trim() || null;

export function requireKpi(db: Database.Database, kpi: string): void {
  const library = kpiLibrary(db);
  if (!library.has(kpi)) {
    throw new KinerjaError(
      'not_found',
      `Unknown KPI '${shortText(kpi)}'; known codes: ${[...library.keys()].join(', ')}`,
    );
  }
}

export function findReview(db: Database.Database, id: number): ReviewRecord {
  const record = db.prepare('SELECT * FROM reviews WHERE id = ?').get(id) as ReviewRecord | undefined;
  if (!record) throw new KinerjaError('not_found', `There is no review #${id}`);
  return record;
}

/** A closed review is minutes: what was noted, raised and adjusted in it is final. */
export function requireOpen(record: ReviewRecord, doing: string): void {
  if (record.status === 'closed') {
    throw new KinerjaError(
      'conflict',
      `Cannot ${doing}: the review '${record.title}' was closed on ${record.closed_at!.slice(0, 10)} and is final`,
    );
  }
}

export function summaryOf(db: Database.Database, r: ReviewRecord): ReviewSummary {
  const openActions = db
    .prepare("SELECT count(*) FROM action_items WHERE review_id = ? AND status = 'open'")
    .pluck()
    .get(r.id) as number;
  return {
    id: r.id,
    period: r.period,
    scope: scopeOfKey(r.scope_key),
    title: r.title,
    status: r.status,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    openActions,
  };
}
