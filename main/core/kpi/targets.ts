import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type { WorkspaceSettings } from '../../../shared/contract/schemas.js';
import {
  FIRST_YEAR_IN_USE,
  isoFromDay,
  LAST_YEAR_IN_USE,
  canonicalPeriod,
  parsePeriod,
  PeriodError,
  shortText,
} from '../../../shared/kpi/periods.js';
import { valueUnitProblem } from '../../../shared/kpi/manual-values.js';
import { kpiLibrary, periodSettings, scopeDims, type ScopeDim } from './engine.js';
import { knownScopeName, requireKnownScope } from './workspace-data.js';

export interface TargetInput {
  kpi: string;
  period: string;
  scope?: { dim: ScopeDim; name: string } | null;
  value?: number | null;
  bandLow?: number | null;
  bandHigh?: number | null;
  amberAt?: number | null;
  reason?: string | null;
}

export interface TargetRevision {
  oldValue: number | null;
  newValue: number | null;
  reason: string | null;
  changedAt: string;
}

/** Parses `owner=Budi Santoso` into a scope, naming the allowed dimensions when it is wrong. */
export function parseScope(text: string | undefined | null): { dim: ScopeDim; name: string } | null {
  if (!text?.trim()) return null;
  const m = /^\s*(\w+)\s*=\s*(.+?)\s*$/.exec(text);
  if (!m || !(scopeDims as readonly string[]).includes(m[1]!)) {
    throw new KinerjaError(
      'invalid_request',
      `'${text}' is not a scope: expected dim=name with dim one of ${scopeDims.join(', ')}`,
    );
  }
  return { dim: m[1] as ScopeDim, name: m[2]! };
}

/**
 * Sets or revises a target. Every change is kept as a revision (old value, new value,
 * reason, time) so charts can draw targets as steps and reviews can explain them.
 */
export function setTarget(
  db: Database.Database,
  settings: WorkspaceSettings,
  input: TargetInput,
): { revision: TargetRevision } {
  const lib = kpiLibrary(db);
  const def = lib.get(input.kpi);
  if (!def)
    throw new KinerjaError(
      'not_found',
      `Unknown KPI '${shortText(input.kpi)}'; known codes: ${[...lib.keys()].join(', ')}`,
    );
  let label: string;
  try {
    // A range that is exactly a month, quarter or year is kept as that period, so the dashboard
    // and the Targets grid find it.
    const period = canonicalPeriod(
      parsePeriod(input.period, periodSettings(settings)),
      periodSettings(settings),
    );
    label = period.label;
    // The years every screen offers: a target for year 0 or 9999 could never be listed or met.
    const [first, last] = [isoFromDay(period.from), isoFromDay(period.to)];
    if (first < `${FIRST_YEAR_IN_USE}-01-01` || last > `${LAST_YEAR_IN_USE}-12-31`)
      throw new KinerjaError(
        'invalid_request',
        `${shortText(input.period)}: targets are for periods between ${FIRST_YEAR_IN_USE} and ${LAST_YEAR_IN_USE}`,
      );
  } catch (e) {
    if (e instanceof PeriodError) throw new KinerjaError('invalid_request', e.message);
    throw e;
  }
  // A target with band bounds keeps the KPI inside the band, whatever its usual direction.
  const hasBand = input.bandLow != null || input.bandHigh != null;
  if (def.direction === 'band' && !hasBand) {
    throw new KinerjaError(
      'invalid_request',
      `${input.kpi} is kept inside a band: give a lower and/or upper bound`,
    );
  }
  if (!hasBand && (input.value == null || !Number.isFinite(input.value))) {
    throw new KinerjaError('invalid_request', `A target for ${input.kpi} needs a value (or band bounds)`, {
      code: 'target_needs_value',
      params: { kpi: input.kpi },
    });
  }
  if (input.bandLow != null && input.bandHigh != null && input.bandLow > input.bandHigh) {
    throw new KinerjaError('invalid_request', 'The lower bound of the band is above the upper bound');
  }
  // A target is held to the KPI's unit, as a typed value is: a rate of 45 meant as 45% would
  // make every achievement 1/100 of what it is, and a negative target turns scores negative.
  for (const [field, v] of [
    ['value', input.value],
    ['bandLow', input.bandLow],
    ['bandHigh', input.bandHigh],
  ] as const) {
    if (v == null) continue;
    const problem = v < 0 ? 'negative' : valueUnitProblem(def.unit, v);
    if (problem) {
      const expected = {
        negative: 'a target of 0 or more',
        finite: 'a number',
        too_large: 'a number up to 900 trillion',
        rate: 'a rate between 0% and 100% (0.45 for 45%)',
        count: 'a whole number',
        duration: 'a duration of 0 or more',
      }[problem];
      throw new KinerjaError(
        'invalid_request',
        `${input.kpi} ${shortText(input.period)}: ${field} ${v}; expected ${expected}`,
        {
          code: `target_${problem}`,
          params: { kpi: input.kpi, period: label, value: v },
        },
      );
    }
  }
  if (input.amberAt != null && !(input.amberAt >= 0 && input.amberAt < 1)) {
    throw new KinerjaError(
      'invalid_request',
      `${input.kpi} ${shortText(input.period)}: amber from ${input.amberAt}; expected a share of the target below 100% (0.9 for 90%)`,
    );
  }
  const scope = input.scope ? { dim: input.scope.dim, name: requireKnownScope(db, input.scope) } : null;
  const scopeKey = scope ? `${scope.dim}=${scope.name}` : '';
  const now = new Date().toISOString();
  return db.transaction(() => {
    const before = db
      .prepare(
        'SELECT id, value, band_low, band_high, amber_at FROM targets WHERE kpi = ? AND scope_key = ? AND period = ?',
      )
      .get(input.kpi, scopeKey, label) as
      | {
          id: number;
          value: number | null;
          band_low: number | null;
          band_high: number | null;
          amber_at: number | null;
        }
      | undefined;
    // Saving what is already there, without a reason, changes nothing: no "35% → 35%" revision.
    if (
      before &&
      !input.reason &&
      before.value === (input.value ?? null) &&
      before.band_low === (input.bandLow ?? null) &&
      before.band_high === (input.bandHigh ?? null) &&
      before.amber_at === (input.amberAt ?? null)
    ) {
      const last = db
        .prepare('SELECT changed_at FROM target_revisions WHERE target_id = ? ORDER BY id DESC LIMIT 1')
        .pluck()
        .get(before.id) as string | undefined;
      return {
        revision: { oldValue: before.value, newValue: before.value, reason: null, changedAt: last ?? now },
      };
    }
    const row = db
      .prepare(
        `INSERT INTO targets (kpi, scope_key, period, value, band_low, band_high, amber_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (kpi, scope_key, period) DO UPDATE SET value = excluded.value, band_low = excluded.band_low,
           band_high = excluded.band_high, amber_at = excluded.amber_at, updated_at = excluded.updated_at
         RETURNING id`,
      )
      .get(
        input.kpi,
        scopeKey,
        label,
        input.value ?? null,
        input.bandLow ?? null,
        input.bandHigh ?? null,
        input.amberAt ?? null,
        now,
      ) as {
      id: number;
    };
    const revision = {
      oldValue: before?.value ?? null,
      newValue: input.value ?? null,
      reason: input.reason ?? null,
      changedAt: now,
    };
    db.prepare(
      'INSERT INTO target_revisions (target_id, old_value, new_value, reason, changed_at) VALUES (?, ?, ?, ?, ?)',
    ).run(row.id, revision.oldValue, revision.newValue, revision.reason, revision.changedAt);
    return { revision };
  })();
}

export interface TargetListing {
  kpi: string;
  period: string;
  value: number | null;
  bandLow: number | null;
  bandHigh: number | null;
  amberAt: number | null;
  updatedAt: string;
  revisions: TargetRevision[];
}

/**
 * The targets set for one scope (the company when null) whose period lies in `year`: months,
 * quarters, the year itself, and fiscal periods labelled with that year; each with its
 * revisions, oldest first.
 */
export function listTargets(
  db: Database.Database,
  year: number,
  scope: { dim: ScopeDim; name: string } | null,
): TargetListing[] {
  const name = scope ? knownScopeName(db, scope.dim, scope.name) : null;
  if (scope && name === null) return [];
  const scopeKey = scope ? `${scope.dim}=${name}` : '';
  const rows = db
    .prepare(
      `SELECT id, kpi, period, value, band_low AS bandLow, band_high AS bandHigh, amber_at AS amberAt,
              updated_at AS updatedAt
       FROM targets WHERE scope_key = ? AND (period = ? OR period LIKE ? OR period = ? OR period LIKE ?)
       ORDER BY kpi, period`,
    )
    .all(scopeKey, String(year), `${year}-%`, `FY${year}`, `FY${year}-%`) as (Omit<
    TargetListing,
    'revisions'
  > & {
    id: number;
  })[];
  const revisions = db.prepare(
    `SELECT old_value AS oldValue, new_value AS newValue, reason, changed_at AS changedAt
     FROM target_revisions WHERE target_id = ? ORDER BY id`,
  );
  return rows.map(({ id, ...t }) => ({ ...t, revisions: revisions.all(id) as TargetRevision[] }));
}

export function targetRevisions(
  db: Database.Database,
  kpi: string,
  period: string,
  scopeKey = '',
): TargetRevision[] {
  return db
    .prepare(
      `SELECT r.old_value AS oldValue, r.new_value AS newValue, r.reason, r.changed_at AS changedAt
       FROM target_revisions r JOIN targets t ON t.id = r.target_id
       WHERE t.kpi = ? AND t.period = ? AND t.scope_key = ? ORDER BY r.id`,
    )
    .all(kpi, period, scopeKey) as TargetRevision[];
}
