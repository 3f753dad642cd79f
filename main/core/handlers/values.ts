import { KinerjaError } from '../../../shared/contract/errors.js';
import type { Dashboard, ManualValue } from '../../../shared/contract/schemas.js';
import type Database from 'better-sqlite3';
import type { KpiDefinition } from '../../../shared/contract/schemas.js';
import { computeKpis, kpiLibrary } from '../kpi/engine.js';
import { manualValueProblem } from '../kpi/manual-values.js';
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

function requireKnownKpi(db: Database.Database, code: string): KpiDefinition {
  const def = kpiLibrary(db).get(code);
  if (!def) throw new KinerjaError('not_found', `Unknown KPI '${code}'; see the KPI library for the codes`);
  return def;
}

export const valueHandlers = {
  // Built-in KPIs and the workspace's own custom ones.
  'kpi/catalog': (_req, { session }) =>
    session.workspace
      ? [...kpiLibrary(session.workspace.db).values()].map(({ formula: _f, ...def }) => def)
      : [...builtInKpis],

  'values/set': ({ kpi, period, value, note }, { session }) => {
    const ws = session.require();
    const { db } = ws;
    const def = requireKnownKpi(db, kpi);
    const problem = manualValueProblem(def, period, value);
    if (problem) {
      const given = { kpi, period, value: String(value) }[problem.column];
      throw new KinerjaError(
        'invalid_request',
        `${kpi} ${period}: ${problem.column} '${given}'; expected ${problem.expected}`,
      );
    }
    const row = db
      .prepare(
        `INSERT INTO kpi_values (kpi, period, scope_key, value, note, updated_at)
         VALUES (?, ?, '', ?, ?, ?)
         ON CONFLICT (kpi, period, scope_key)
         DO UPDATE SET value = excluded.value, note = excluded.note, updated_at = excluded.updated_at
         RETURNING kpi, period, value, note, updated_at`,
      )
      .get(kpi, period, value, note ?? null, new Date().toISOString()) as ValueRow;
    const shown = computeKpis(db, ws.settings, { kpis: [kpi], period })[0];
    return { ...toManualValue(row), inEffect: shown?.origin === 'manual', shownValue: shown?.value ?? null };
  },

  'values/delete': ({ kpi, period }, { session }) => {
    const { db } = session.require();
    const removed = db
      .prepare("DELETE FROM kpi_values WHERE kpi = ? AND period = ? AND scope_key = ''")
      .run(kpi, period).changes;
    if (!removed) throw new KinerjaError('not_found', `There is no value of ${kpi} for ${period} to delete`);
    return null;
  },

  'values/list': ({ kpi }, { session }) => {
    const { db } = session.require();
    const rows = db
      .prepare(
        `SELECT kpi, period, value, note, updated_at FROM kpi_values
         WHERE scope_key = '' AND (@kpi IS NULL OR kpi = @kpi) ORDER BY kpi, period`,
      )
      .all({ kpi: kpi ?? null }) as ValueRow[];
    return rows.map(toManualValue);
  },

  // The dashboard shows every KPI with a value in the year, computed from facts or entered by
  // hand, through the same engine as the CLI and the reports.
  'dashboard/get': ({ year }, { session }): Dashboard => {
    const ws = session.require();
    // December of the year before is fetched too, so January's tile can compare with it.
    const rows = computeKpis(ws.db, ws.settings, {
      period: `${year - 1}-12-01..${year}-12-31`,
      grain: 'month',
    });
    const byKpi = new Map<string, { period: string; value: number | null }[]>();
    for (const r of rows) {
      if (!byKpi.has(r.kpi)) byKpi.set(r.kpi, []);
      byKpi.get(r.kpi)!.push({ period: r.period, value: r.value });
    }
    const shown = [...byKpi].filter(([, points]) => points.slice(1).some((p) => p.value !== null));
    return {
      year,
      tiles: shown.map(([kpi, points]) => {
        const latest = points.findLastIndex((p) => p.value !== null);
        return {
          kpi,
          period: points[latest]!.period,
          value: points[latest]!.value,
          previous: points[latest - 1]!.value,
        };
      }),
      series: shown.map(([kpi, points]) => ({ kpi, points: points.slice(1) })),
    };
  },
} satisfies Partial<Handlers>;
