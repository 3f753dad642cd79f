import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { isoFromDay } from '../../../shared/kpi/periods.js';
import { dimTable, scopeDims, type ScopeDim } from './engine.js';

/**
 * The first and last day with any data: facts (through their daily rollups, which are small
 * and indexed by day) and manual values (whose periods are months). Pickers offer the periods
 * in between, so a year of imported deals can be chosen without a value typed by hand.
 */
export function dataRange(db: Database.Database): { first: string | null; last: string | null } {
  const row = db
    .prepare(
      `SELECT min(lo) AS lo, max(hi) AS hi FROM (
         SELECT min(day) AS lo, max(day) AS hi FROM r_deals WHERE dim = 'all'
         UNION ALL SELECT min(day), max(day) FROM r_leads WHERE dim = 'all'
         UNION ALL SELECT min(day), max(day) FROM r_spend WHERE dim = 'all'
         UNION ALL SELECT min(day), max(day) FROM r_web WHERE dim = 'all'
         UNION ALL SELECT min(day), max(day) FROM r_social WHERE dim = 'all')`,
    )
    .get() as { lo: number | null; hi: number | null };
  const months = db.prepare('SELECT min(period) AS lo, max(period) AS hi FROM kpi_values').get() as {
    lo: string | null;
    hi: string | null;
  };
  let first = row.lo === null ? null : isoFromDay(row.lo);
  let last = row.hi === null ? null : isoFromDay(row.hi);
  if (months.lo && (first === null || `${months.lo}-01` < first)) first = `${months.lo}-01`;
  if (months.hi) {
    const [y, m] = months.hi.split('-').map(Number) as [number, number];
    const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    if (last === null || end > last) last = end;
  }
  return { first, last };
}

/** Every name of every scope dimension, sorted as a person reads them. */
export function scopeNames(db: Database.Database): Record<ScopeDim, string[]> {
  const names = {} as Record<ScopeDim, string[]>;
  for (const dim of scopeDims) {
    const list = db.prepare(`SELECT name FROM ${dimTable[dim]}`).pluck().all() as string[];
    names[dim] = list.sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true }));
  }
  return names;
}

/**
 * The name as the workspace spells it, or null. Names match without regard to case, as the
 * importer matches them.
 */
export function knownScopeName(db: Database.Database, dim: ScopeDim, name: string): string | null {
  return (
    (db
      .prepare(`SELECT name FROM ${dimTable[dim]} WHERE lower(name) = lower(?) LIMIT 1`)
      .pluck()
      .get(name.trim()) as string | undefined) ?? null
  );
}

/** The known names closest to a misspelt one, for "did you mean" in a message. */
export function closestNames(known: readonly string[], name: string, count = 3): string[] {
  // Edit distance grows with the product of the lengths: a pasted paragraph is no name.
  const want = name.trim().toLowerCase().slice(0, 200);
  const score = (candidate: string) => {
    const c = candidate.toLowerCase();
    if (c.includes(want) || want.includes(c)) return 0;
    return editDistance(c, want);
  };
  return [...known]
    .map((k) => ({ k, s: score(k) }))
    .sort((a, b) => a.s - b.s || a.k.localeCompare(b.k))
    .slice(0, count)
    .map((x) => x.k);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * A scope a user names (for a target, a typed value, a scorecard) must be one the workspace
 * knows: a typo would otherwise store something no number ever meets. Returns the name as the
 * workspace spells it; refuses with the closest known names otherwise.
 */
export function requireKnownScope(db: Database.Database, scope: { dim: ScopeDim; name: string }): string {
  const name = knownScopeName(db, scope.dim, scope.name);
  if (name !== null) return name;
  const known = scopeNames(db)[scope.dim];
  const closest = closestNames(known, scope.name);
  const hint = known.length
    ? `; did you mean ${closest.map((n) => `'${n}'`).join(', ')}? (${known.length} known)`
    : `; this workspace has no ${scope.dim} names yet (they come with imported or entered data)`;
  const shown = scope.name.length > 80 ? `${scope.name.slice(0, 80)}…` : scope.name;
  throw new KinerjaError('invalid_request', `Unknown ${scope.dim} '${shown}'${hint}`, {
    code: known.length ? 'unknown_scope' : 'no_scope_names',
    params: { dim: scope.dim, name: shown, suggestions: closest.join(', '), count: known.length },
  });
}
