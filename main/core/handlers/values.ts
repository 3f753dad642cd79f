import { KinerjaError } from '../../../shared/contract/errors.js';
import { shortText } from '../../../shared/kpi/periods.js';
import type { ManualValue, WorkspaceSettings } from '../../../shared/contract/schemas.js';
import type Database from 'better-sqlite3';
import type { KpiDefinition } from '../../../shared/contract/schemas.js';
import { computeKpis, kpiLibrary } from '../kpi/engine.js';
import { dashboardOf } from '../kpi/dashboard.js';
import { manualValueProblem } from '../kpi/manual-values.js';
import { knownScopeName, requireKnownScope } from '../kpi/workspace-data.js';
import { builtInKpis } from '../../../shared/kpi/catalog.js';
import type { Handlers } from './types.js';

interface ValueRow {
  kpi: string;
  period: string;
  value: number;
  note: string | null;
  updated_at: string;
}

const toManualValue = (r: ValueRow): ManualValue => ({
  kpi: r.kpi,
  period: r.period,
  value: r.value,
  note: r.note,
  updatedAt: r.updated_at,
});

function requireKnownKpi(library: Map<string, KpiDefinition>, code: string): KpiDefinition {
  const def = library.get(code);
  if (!def)
    throw new KinerjaError(
      'not_found',
      `Unknown KPI '${shortText(code)}'; see the KPI library for the codes`,
    );
  return def;
}

/** Where typed values are kept: the stored scope_key, and the scope the engine is asked with. */
interface ValueScope {
  key: string;
  query: { dim: 'owner'; name: string } | undefined;
}

const companyScope: ValueScope = { key: '', query: undefined };

/**
 * A person's values are stored under `owner=<name as the workspace spells it>`, the scope key
 * the engine reads for that person (and `kinerja kpi --scope owner=NAME`). Writing for a name
 * the workspace does not know is refused with the closest known ones: a typo would keep a value
 * no screen ever shows.
 */
function writeScope(db: Database.Database, scope: { owner?: string } | undefined): ValueScope {
  if (scope?.owner === undefined) return companyScope;
  const name = requireKnownScope(db, { dim: 'owner', name: scope.owner });
  return { key: `owner=${name}`, query: { dim: 'owner', name } };
}

/**
 * Reading and deleting take a known name in any case, and an unknown one as given: a file of
 * values may have been imported for someone who has no facts yet.
 */
function readScope(db: Database.Database, scope: { owner?: string } | undefined): ValueScope {
  if (scope?.owner === undefined) return companyScope;
  const name = knownScopeName(db, 'owner', scope.owner) ?? scope.owner.trim();
  return { key: `owner=${name}`, query: { dim: 'owner', name } };
}

const scopeWords = (scope: ValueScope) => (scope.query ? ` of ${scope.query.name}` : '');

function checkTyped(def: KpiDefinition, period: string, value: number): void {
  const problem = manualValueProblem(def, period, value);
  if (!problem) return;
  const given = { kpi: def.code, period, value: String(value) }[problem.column];
  throw new KinerjaError(
    'invalid_request',
    `${def.code} ${period}: ${problem.column} '${given}'; expected ${problem.expected}`,
    { code: `value_${problem.kind}`, params: { kpi: def.code, period, value: given } },
  );
}

function upsertStatement(db: Database.Database) {
  return db.prepare(
    `INSERT INTO kpi_values (kpi, period, scope_key, value, note, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (kpi, period, scope_key)
     DO UPDATE SET value = excluded.value, note = excluded.note, updated_at = excluded.updated_at
     RETURNING kpi, period, value, note, updated_at`,
  );
}

/**
 * Whether each saved value is the one shown, and what is shown: one engine pass per year the
 * values fall in, for their scope.
 */
function withShown(
  db: Database.Database,
  settings: WorkspaceSettings,
  scope: ValueScope,
  saved: ManualValue[],
) {
  const years = new Map<string, Set<string>>();
  for (const v of saved) {
    const year = v.period.slice(0, 4);
    if (!years.has(year)) years.set(year, new Set());
    years.get(year)!.add(v.kpi);
  }
  const shown = new Map<string, { origin: string | null; value: number | null }>();
  for (const [year, kpis] of years) {
    const rows = computeKpis(db, settings, {
      kpis: [...kpis],
      period: year,
      grain: 'month',
      scope: scope.query,
    });
    for (const r of rows) shown.set(`${r.kpi}|${r.period}`, r);
  }
  return saved.map((v) => {
    const row = shown.get(`${v.kpi}|${v.period}`);
    return { ...v, inEffect: row?.origin === 'manual', shownValue: row?.value ?? null };
  });
}

export const valueHandlers = {
  // Built-in KPIs and the workspace's own custom ones, with their formulas for the editor.
  'kpi/catalog': (_req, { session }) =>
    session.workspace ? [...kpiLibrary(session.workspace.db).values()] : [...builtInKpis],

  'values/set': ({ kpi, period, value, note, scope }, { session }) => {
    const ws = session.require();
    const { db } = ws;
    checkTyped(requireKnownKpi(kpiLibrary(db), kpi), period, value);
    const where = writeScope(db, scope);
    const row = upsertStatement(db).get(
      kpi,
      period,
      where.key,
      value,
      note ?? null,
      new Date().toISOString(),
    ) as ValueRow;
    return withShown(db, ws.settings, where, [toManualValue(row)])[0]!;
  },

  'values/setMany': ({ scope, values }, { session }) => {
    const ws = session.require();
    const { db } = ws;
    const library = kpiLibrary(db);
    const where = writeScope(db, scope);
    const upsert = upsertStatement(db);
    const now = new Date().toISOString();
    const given = new Map<string, number>();
    // One transaction: a value refused half-way leaves the workspace exactly as it was.
    const saved = db.transaction(() =>
      values.map(({ kpi, period, value, note }, i) => {
        checkTyped(requireKnownKpi(library, kpi), period, value);
        const earlier = given.get(`${kpi}|${period}`);
        if (earlier !== undefined)
          throw new KinerjaError(
            'invalid_request',
            `${kpi} ${period} is given twice (values ${earlier + 1} and ${i + 1}); give each month once`,
          );
        given.set(`${kpi}|${period}`, i);
        return toManualValue(upsert.get(kpi, period, where.key, value, note ?? null, now) as ValueRow);
      }),
    )();
    return withShown(db, ws.settings, where, saved);
  },

  'values/delete': ({ kpi, period, scope }, { session }) => {
    const { db } = session.require();
    const where = readScope(db, scope);
    const removed = db
      .prepare('DELETE FROM kpi_values WHERE kpi = ? AND period = ? AND scope_key = ?')
      .run(kpi, period, where.key).changes;
    if (!removed)
      throw new KinerjaError(
        'not_found',
        `There is no value of ${kpi}${scopeWords(where)} for ${period} to delete`,
      );
    return null;
  },

  'values/list': ({ kpi, scope }, { session }) => {
    const { db } = session.require();
    const rows = db
      .prepare(
        `SELECT kpi, period, value, note, updated_at FROM kpi_values
         WHERE scope_key = @key AND (@kpi IS NULL OR kpi = @kpi) ORDER BY kpi, period`,
      )
      .all({ kpi: kpi ?? null, key: readScope(db, scope).key }) as ValueRow[];
    return rows.map(toManualValue);
  },

  // The dashboard shows every KPI with a value in the year, computed from facts or entered by
  // hand, through the same engine as the CLI and the reports.
  'dashboard/get': ({ year }, { session, questions }) => {
    const ws = session.require();
    return questions
      ? questions.ask(ws, ws.settings, 'dashboard', { year })
      : dashboardOf(ws.db, ws.settings, year);
  },
} satisfies Partial<Handlers>;
