import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type { WorkspaceSettings } from '../../../shared/contract/schemas.js';
import { isoFromDay, parsePeriod, shortText } from '../../../shared/kpi/periods.js';
import { dimTable, kpiLibrary, periodSettings, type ScopeDim } from './engine.js';

// Pages are in date order, which also lets SQLite walk the date index instead of the table.
const wonDeals = {
  table: 'deals',
  where: "t.status = 'won' AND t.closed_day BETWEEN @from AND @to",
  order: 't.closed_day',
};
const closedDeals = {
  table: 'deals',
  where: "t.status IN ('won', 'lost') AND t.closed_day BETWEEN @from AND @to",
  order: 't.closed_day',
};
const leadsCreated = { table: 'leads', where: 't.created_day BETWEEN @from AND @to', order: 't.created_day' };
const overlapping = (table: string, extra = '') => ({
  table,
  where: `${extra}t.day_from <= @to AND t.day_to >= @from`,
  order: 't.day_from',
});

/** Which records stand behind each built-in KPI, so a user can check any number. */
const recordsOf: Record<string, { table: string; where: string; order: string }> = {
  revenue: wonDeals,
  deals_won: wonDeals,
  avg_deal_size: wonDeals,
  sales_cycle_days: wonDeals,
  new_customers: wonDeals,
  target_achievement: wonDeals,
  win_rate: closedDeals,
  leads: leadsCreated,
  mql_rate: leadsCreated,
  lead_conversion_rate: leadsCreated,
  mql: { table: 'leads', where: 't.mql_day BETWEEN @from AND @to', order: 't.mql_day' },
  marketing_spend: overlapping('spend', "t.kind = 'marketing' AND "),
  sales_spend: overlapping('spend', "t.kind = 'sales' AND "),
  cac: overlapping('spend'),
  romi: overlapping('spend', "t.kind = 'marketing' AND "),
  web_sessions: overlapping('web'),
  web_users: overlapping('web'),
  avg_session_duration: overlapping('web'),
  bounce_rate: overlapping('web'),
  social_impressions: overlapping('social'),
  social_reach: overlapping('social'),
  social_engagement_rate: overlapping('social'),
  social_conversions: overlapping('social'),
};

/**
 * The scope of a record. A deal's team is its own team column or else its owner's team, and a
 * lead's team is its owner's: the same rule the rollups follow.
 */
const scopeExpression = (table: string, dim: ScopeDim): string =>
  dim === 'team'
    ? `coalesce(${table === 'deals' ? 't.team_id' : 'NULL'}, (SELECT team_id FROM people WHERE id = t.owner_id))`
    : `t.${dim}_id`;

export const dimsByTable: Record<string, readonly ScopeDim[]> = {
  deals: ['owner', 'team', 'source', 'campaign'],
  leads: ['owner', 'team', 'source', 'campaign'],
  spend: ['source', 'campaign'],
  web: ['source'],
  social: ['platform'],
};

/** Names joined in place of ids, and day numbers shown as ISO dates. */
const selectOf: Record<string, string> = {
  deals: `t.id, t.external_id, t.title, p.name AS owner, tm.name AS team, t.account, s.name AS source, c.name AS campaign,
    t.stage, t.status, t.amount_e4 / 10000.0 AS amount, t.currency, t.created_day, t.closed_day`,
  leads: `t.id, t.external_id, t.created_day, p.name AS owner, s.name AS source, c.name AS campaign, t.status,
    t.mql_day, t.sql_day, t.converted_day, t.deal_external_id, t.quality`,
  spend:
    't.id, t.external_id, t.day_from, t.day_to, s.name AS source, c.name AS campaign, t.kind, t.amount_e4 / 10000.0 AS amount',
  web: 't.id, t.external_id, t.day_from, t.day_to, s.name AS source, t.sessions, t.users, t.bounces, t.total_duration_s',
  social:
    't.id, t.external_id, t.day_from, t.day_to, pl.name AS platform, t.impressions, t.reach, t.engagements, t.conversions',
};
const joinsOf: Record<string, string> = {
  deals: `LEFT JOIN people p ON p.id = t.owner_id LEFT JOIN teams tm ON tm.id = t.team_id
    LEFT JOIN sources s ON s.id = t.source_id LEFT JOIN campaigns c ON c.id = t.campaign_id`,
  leads: `LEFT JOIN people p ON p.id = t.owner_id LEFT JOIN sources s ON s.id = t.source_id
    LEFT JOIN campaigns c ON c.id = t.campaign_id`,
  spend: 'LEFT JOIN sources s ON s.id = t.source_id LEFT JOIN campaigns c ON c.id = t.campaign_id',
  web: 'LEFT JOIN sources s ON s.id = t.source_id',
  social: 'LEFT JOIN platforms pl ON pl.id = t.platform_id',
};

/** The columns a drill-down may be sorted by, each with the SQL it sorts on (never user text). */
const sortable: Record<string, Record<string, string>> = {
  deals: {
    external_id: 't.external_id',
    title: 't.title',
    owner: 'p.name',
    team: 'tm.name',
    account: 't.account',
    source: 's.name',
    campaign: 'c.name',
    stage: 't.stage',
    status: 't.status',
    amount: 't.amount_e4',
    created_day: 't.created_day',
    closed_day: 't.closed_day',
  },
  leads: {
    external_id: 't.external_id',
    created_day: 't.created_day',
    owner: 'p.name',
    source: 's.name',
    campaign: 'c.name',
    status: 't.status',
    mql_day: 't.mql_day',
    sql_day: 't.sql_day',
    converted_day: 't.converted_day',
    quality: 't.quality',
  },
  spend: {
    external_id: 't.external_id',
    day_from: 't.day_from',
    day_to: 't.day_to',
    source: 's.name',
    campaign: 'c.name',
    kind: 't.kind',
    amount: 't.amount_e4',
  },
  web: {
    day_from: 't.day_from',
    day_to: 't.day_to',
    source: 's.name',
    sessions: 't.sessions',
    users: 't.users',
    bounces: 't.bounces',
    total_duration_s: 't.total_duration_s',
  },
  social: {
    day_from: 't.day_from',
    day_to: 't.day_to',
    platform: 'pl.name',
    impressions: 't.impressions',
    reach: 't.reach',
    engagements: 't.engagements',
    conversions: 't.conversions',
  },
};

export interface DrilldownQuery {
  kpi: string;
  period: string;
  scope?: { dim: ScopeDim; name: string | null };
  page?: number;
  pageSize?: number;
  sort?: { column: string; descending?: boolean };
}

export interface DrilldownPage {
  kind: string;
  total: number;
  page: number;
  pageSize: number;
  rows: Record<string, string | number | null>[];
}

export function drilldownSql(
  kpi: string,
  dim?: ScopeDim,
  nullScope = false,
  sort?: { column: string; descending?: boolean },
): { count: string; page: string } {
  const spec = recordsOf[kpi];
  if (!spec)
    throw new KinerjaError(
      'not_found',
      `No records stand behind '${kpi}' (it is not computed from imported facts)`,
    );
  if (dim && !dimsByTable[spec.table]!.includes(dim)) {
    throw new KinerjaError(
      'invalid_request',
      `${spec.table} records have no ${dim}, so '${kpi}' cannot be drilled by ${dim}`,
    );
  }
  let where = spec.where;
  if (dim) where += ` AND ${scopeExpression(spec.table, dim)} ${nullScope ? 'IS NULL' : '= @key'}`;
  let order = `${spec.order}, t.id`;
  if (sort) {
    const column = sortable[spec.table]![sort.column];
    if (!column)
      throw new KinerjaError(
        'invalid_request',
        `${spec.table} records cannot be sorted by '${sort.column.slice(0, 64)}'; columns: ${Object.keys(sortable[spec.table]!).join(', ')}`,
      );
    // Empty cells last either way; ties in record order, so pages never overlap.
    order = `${column} IS NULL, ${column} ${sort.descending ? 'DESC' : 'ASC'}, t.id`;
  }
  return {
    count: `SELECT count(*) FROM ${spec.table} t WHERE ${where}`,
    page: `SELECT ${selectOf[spec.table]} FROM ${spec.table} t ${joinsOf[spec.table]}
      WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
  };
}

/** What a page and an export of the records share: the statement, its parameters, the table. */
function drilldownQuery(
  db: Database.Database,
  settings: WorkspaceSettings,
  q: Omit<DrilldownQuery, 'page' | 'pageSize'>,
): {
  sql: { count: string; page: string };
  params: { from: number; to: number; key?: number };
  kind: string;
} {
  if (!kpiLibrary(db).has(q.kpi)) throw new KinerjaError('not_found', `Unknown KPI '${shortText(q.kpi)}'`);
  const period = parsePeriod(q.period, periodSettings(settings));
  const dim = q.scope?.dim;
  const nullScope = q.scope !== undefined && q.scope.name === null;
  const sql = drilldownSql(q.kpi, dim, nullScope, q.sort);
  const key =
    dim && !nullScope
      ? ((db.prepare(`SELECT id FROM ${dimTable[dim]} WHERE name = ?`).pluck().get(q.scope!.name) as
          number | undefined) ?? -1)
      : undefined;
  return { sql, params: { from: period.from, to: period.to, key }, kind: recordsOf[q.kpi]!.table };
}

/** Day numbers shown as ISO dates. */
function withIsoDays(r: Record<string, string | number | null>): Record<string, string | number | null> {
  for (const k of Object.keys(r)) {
    // Spend, web and social rows span day_from..day_to: those are days too.
    const isDay = k.endsWith('_day') || k === 'day_from' || k === 'day_to';
    if (isDay && typeof r[k] === 'number') r[k] = isoFromDay(r[k] as number);
  }
  return r;
}

/**
 * Every record behind one KPI value, in the order asked, streamed (for an export): the same
 * statement as a page, without its limit.
 */
export function drilldownRecords(
  db: Database.Database,
  settings: WorkspaceSettings,
  q: Omit<DrilldownQuery, 'page' | 'pageSize'>,
): { kind: string; columns: string[]; rows: Iterable<Record<string, string | number | null>> } {
  const { sql, params, kind } = drilldownQuery(db, settings, q);
  const statement = db.prepare(sql.page);
  function* rows(): Generator<Record<string, string | number | null>> {
    const all = { ...params, limit: -1, offset: 0 };
    for (const r of statement.iterate(all) as Iterable<Record<string, string | number | null>>)
      yield withIsoDays(r);
  }
  return { kind, columns: statement.columns().map((c) => c.name), rows: rows() };
}

/** The records behind one KPI value, a page at a time, with dates as ISO text. */
export function drilldown(
  db: Database.Database,
  settings: WorkspaceSettings,
  q: DrilldownQuery,
): DrilldownPage {
  const { sql, params, kind } = drilldownQuery(db, settings, q);
  const pageSize = Math.min(Math.max(q.pageSize ?? 50, 1), 500);
  const page = Math.max(q.page ?? 1, 1);
  const paged = { ...params, limit: pageSize, offset: (page - 1) * pageSize };
  const total = db.prepare(sql.count).pluck().get(paged) as number;
  const rows = (db.prepare(sql.page).all(paged) as Record<string, string | number | null>[]).map(withIsoDays);
  return { kind, total, page, pageSize, rows };
}
