import type Database from 'better-sqlite3';
import type { Dashboard, WorkspaceSettings } from '../../../shared/contract/schemas.js';
import { computeKpis } from './engine.js';

/**
 * The dashboard of a year: every KPI with a value in it, computed from facts or entered by hand,
 * through the same engine as the CLI and the reports.
 */
export function dashboardOf(db: Database.Database, settings: WorkspaceSettings, year: number): Dashboard {
  // December of the year before is fetched too, so January's tile can compare with it.
  const rows = computeKpis(db, settings, {
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
}
