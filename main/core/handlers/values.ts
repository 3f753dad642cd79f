import { KinerjaError } from '../../../shared/contract/errors.js';
import type { Dashboard, ManualValue } from '../../../shared/contract/schemas.js';
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

function requireKnownKpi(code: string): void {
  if (!builtInKpis.some((k) => k.code === code)) {
    throw new KinerjaError('not_found', `Unknown KPI '${code}'; see the KPI library for the codes`);
  }
}

function monthsOf(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

export const valueHandlers = {
  'kpi/catalog': () => [...builtInKpis],

  'values/set': ({ kpi, period, value, note }, { session }) => {
    requireKnownKpi(kpi);
    const { db } = session.require();
    const row = db
      .prepare(
        `INSERT INTO kpi_values (kpi, period, scope_key, value, note, updated_at)
         VALUES (?, ?, '', ?, ?, ?)
         ON CONFLICT (kpi, period, scope_key)
         DO UPDATE SET value = excluded.value, note = excluded.note, updated_at = excluded.updated_at
         RETURNING kpi, period, value, note, updated_at`,
      )
      .get(kpi, period, value, note ?? null, new Date().toISOString()) as ValueRow;
    return toManualValue(row);
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

  'dashboard/get': ({ year }, { session }): Dashboard => {
    const { db } = session.require();
    const months = monthsOf(year);
    const rows = db
      .prepare(
        `SELECT kpi, period, value FROM kpi_values
         WHERE scope_key = '' AND period BETWEEN ? AND ? ORDER BY period`,
      )
      .all(months[0], months[11]) as Pick<ValueRow, 'kpi' | 'period' | 'value'>[];
    const byKpi = new Map<string, Map<string, number>>();
    for (const r of rows) {
      if (!byKpi.has(r.kpi)) byKpi.set(r.kpi, new Map());
      byKpi.get(r.kpi)!.set(r.period, r.value);
    }
    const shown = builtInKpis.filter((k) => byKpi.has(k.code));
    return {
      year,
      tiles: shown.map((k) => {
        const values = byKpi.get(k.code)!;
        const latest = months.filter((m) => values.has(m)).at(-1)!;
        const previous = months[months.indexOf(latest) - 1];
        return {
          kpi: k.code,
          period: latest,
          value: values.get(latest) ?? null,
          previous: previous ? (values.get(previous) ?? null) : null,
        };
      }),
      series: shown.map((k) => ({
        kpi: k.code,
        points: months.map((period) => ({ period, value: byKpi.get(k.code)!.get(period) ?? null })),
      })),
    };
  },
} satisfies Partial<Handlers>;
