import type Database from 'better-sqlite3';
import type { WorkspaceSettings } from '../../../shared/contract/schemas.js';
import { parsePeriod } from '../../../shared/kpi/periods.js';
import { periodSettings } from './engine.js';

export interface FunnelRow {
  /** Source or campaign name; null for leads without one. */
  name: string | null;
  leads: number;
  mql: number;
  sql: number;
  won: number;
  /** Stage conversion rates; null when the earlier stage is empty. */
  leadToMql: number | null;
  mqlToSql: number | null;
  sqlToWon: number | null;
  leadToWon: number | null;
}

const rate = (a: number, b: number) => (b === 0 ? null : a / b);

/**
 * The lead funnel of the leads created in P (a cohort, like the conversion rate): how many
 * reached MQL, SQL and a won deal, per source or campaign. A lead counts as won when it has a
 * converted date or is linked to a won deal either way.
 */
export const FUNNEL_SQL = (by: 'source' | 'campaign') => `
  SELECT d.name AS name, count(*) AS leads,
         sum(l.mql_day IS NOT NULL) AS mql,
         sum(l.sql_day IS NOT NULL) AS sqls,
         sum(l.converted_day IS NOT NULL
             OR EXISTS (SELECT 1 FROM deals x WHERE x.external_id = l.deal_external_id AND x.status = 'won')
             OR EXISTS (SELECT 1 FROM deals x WHERE x.lead_external_id = l.external_id AND x.status = 'won')) AS won
  FROM leads l LEFT JOIN ${by === 'source' ? 'sources' : 'campaigns'} d ON d.id = l.${by}_id
  WHERE l.created_day BETWEEN @from AND @to
  GROUP BY l.${by}_id ORDER BY leads DESC`;

export function leadFunnel(
  db: Database.Database,
  settings: WorkspaceSettings,
  period: string,
  by: 'source' | 'campaign',
): FunnelRow[] {
  const p = parsePeriod(period, periodSettings(settings));
  const rows = db.prepare(FUNNEL_SQL(by)).all({ from: p.from, to: p.to }) as {
    name: string | null;
    leads: number;
    mql: number;
    sqls: number;
    won: number;
  }[];
  return rows.map((r) => ({
    name: r.name,
    leads: r.leads,
    mql: r.mql,
    sql: r.sqls,
    won: r.won,
    leadToMql: rate(r.mql, r.leads),
    mqlToSql: rate(r.sqls, r.mql),
    sqlToWon: rate(r.won, r.sqls),
    leadToWon: rate(r.won, r.leads),
  }));
}

export const LEAD_QUALITY_SQL = `
  SELECT s.name AS source, coalesce(l.quality, '') AS quality, count(*) AS n
  FROM leads l LEFT JOIN sources s ON s.id = l.source_id
  WHERE l.created_day BETWEEN @from AND @to AND l.quality IS NOT NULL
  GROUP BY l.source_id, l.quality ORDER BY s.name, n DESC`;

/** Sales' feedback on lead quality, summarised per source: counts and shares of each rating. */
export function leadQualityBySource(
  db: Database.Database,
  settings: WorkspaceSettings,
  period: string,
): { source: string | null; total: number; ratings: Record<string, { count: number; share: number }> }[] {
  const p = parsePeriod(period, periodSettings(settings));
  const rows = db.prepare(LEAD_QUALITY_SQL).all({ from: p.from, to: p.to }) as {
    source: string | null;
    quality: string;
    n: number;
  }[];
  const out = new Map<
    string | null,
    { source: string | null; total: number; ratings: Record<string, { count: number; share: number }> }
  >();
  for (const r of rows) {
    const entry = out.get(r.source) ?? { source: r.source, total: 0, ratings: {} };
    entry.total += r.n;
    entry.ratings[r.quality] = { count: r.n, share: 0 };
    out.set(r.source, entry);
  }
  for (const e of out.values()) for (const v of Object.values(e.ratings)) v.share = v.count / e.total;
  return [...out.values()];
}
