import type Database from 'better-sqlite3';

import type { FactKind } from '../../../shared/kpi/measures.js';

export type { FactKind };
export const factKinds: readonly FactKind[] = ['deals', 'leads', 'spend', 'web', 'social'];

/** The scope dimensions each fact kind carries. 'all' is the company total. */
export const dimsOf: Record<FactKind, readonly string[]> = {
  deals: ['all', 'owner', 'team', 'source', 'campaign'],
  leads: ['all', 'owner', 'team', 'source', 'campaign'],
  spend: ['all', 'source', 'campaign'],
  web: ['all', 'source'],
  social: ['all', 'platform'],
};

/** Column of the fine-grained temp table that holds each dimension's key (0 = not assigned). */
const dimColumn: Record<string, string> = {
  all: '0',
  owner: 'owner_id',
  team: 'team_id',
  source: 'source_id',
  campaign: 'campaign_id',
  platform: 'platform_id',
};

export interface DayRange {
  from: number;
  to: number;
}

/**
 * Fills a temp table with every day of the range, so rows that cover a date range can be
 * spread evenly over their days with a join instead of per-row loops.
 */
function fillCalendar(db: Database.Database, range: DayRange): void {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS cal (day INTEGER PRIMARY KEY)');
  db.exec('DELETE FROM temp.cal');
  db.prepare(
    `WITH RECURSIVE d(day) AS (SELECT ? UNION ALL SELECT day + 1 FROM d WHERE day < ?)
     INSERT INTO temp.cal SELECT day FROM d`,
  ).run(range.from, range.to);
}

/** Scale of stored money and of spread counts: integer ten-thousandths (design handbook §4). */
export const SCALE = 10_000;

/**
 * One day's part of an integer `total` spread over the row's days: integer division with the
 * remainder given one unit at a time to the first days, so any set of whole days sums back to
 * the exact total (a plain division would leave float noise such as 2658.000000000012).
 */
export function dayPart(total: string, from = 'x.day_from', to = 'x.day_to'): string {
  const days = `(${to} - ${from} + 1)`;
  return `(${total} / ${days}
    + CASE WHEN cal.day - ${from} < abs(${total} % ${days}) THEN (CASE WHEN ${total} < 0 THEN -1 ELSE 1 END) ELSE 0 END)`;
}

/**
 * Counts of a row over a date range, spread over its days in integer ten-thousandths. Counts
 * derived from per-row rates (bounce rate × sessions) may be fractional: 4 decimals keep them
 * exact enough that whole days sum back to the row's value.
 */
function spreadCounts(table: string, dimColumn: string, columns: string[]): string {
  const scaled = columns.map((c) => `CAST(round(coalesce(x.${c}, 0) * ${SCALE}) AS INTEGER)`);
  return `
    SELECT cal.day, coalesce(x.${dimColumn}, 0), count(*), ${scaled.map((c) => `sum(${dayPart(c)})`).join(', ')}
    FROM ${table} x JOIN temp.cal ON cal.day BETWEEN x.day_from AND x.day_to
    WHERE x.day_to >= @from AND x.day_from <= @to
    GROUP BY 1, 2`;
}

/** Fine-grained per-day aggregates of one fact kind over a range, before splitting by dimension. */
const fineSql: Record<FactKind, { columns: string; measures: string[]; select: string }> = {
  deals: {
    columns: 'day, owner_id, team_id, source_id, campaign_id',
    measures: ['closed', 'won', 'won_e4', 'cycle_days', 'cycle_n', 'new_customers'],
    // A won deal is a new customer when it is its account's first win (or has no account).
    select: `
      SELECT d.closed_day, coalesce(d.owner_id, 0), coalesce(d.team_id, p.team_id, 0), coalesce(d.source_id, 0),
             coalesce(d.campaign_id, 0),
             count(*),
             sum(d.status = 'won'),
             sum(CASE WHEN d.status = 'won' THEN coalesce(d.amount_e4, 0) ELSE 0 END),
             sum(CASE WHEN d.status = 'won' AND d.created_day IS NOT NULL THEN d.closed_day - d.created_day ELSE 0 END),
             sum(d.status = 'won' AND d.created_day IS NOT NULL),
             sum(d.status = 'won' AND (d.account IS NULL OR NOT EXISTS (
               SELECT 1 FROM deals e
               WHERE e.account = d.account AND e.status = 'won'
                 AND (e.closed_day < d.closed_day OR (e.closed_day = d.closed_day AND e.id < d.id)))))
      FROM deals d {scan} LEFT JOIN people p ON p.id = d.owner_id
      WHERE d.status IN ('won', 'lost') AND d.closed_day BETWEEN @from AND @to
      GROUP BY 1, 2, 3, 4, 5`,
  },
  leads: {
    columns: 'day, owner_id, team_id, source_id, campaign_id',
    measures: ['created', 'converted', 'mql_cohort', 'mql', 'sqls'],
    // Cohort measures sit on the creation day; MQL and SQL counts on the day they happened.
    select: `
      SELECT day, o, t, s, c, sum(created), sum(converted), sum(mql_cohort), sum(mql), sum(sqls) FROM (
        SELECT l.created_day AS day, coalesce(l.owner_id, 0) AS o, coalesce(p.team_id, 0) AS t,
               coalesce(l.source_id, 0) AS s, coalesce(l.campaign_id, 0) AS c,
               1 AS created,
               (l.converted_day IS NOT NULL
                 OR EXISTS (SELECT 1 FROM deals d WHERE d.external_id = l.deal_external_id AND d.status = 'won')
                 OR EXISTS (SELECT 1 FROM deals d WHERE d.lead_external_id = l.external_id AND d.status = 'won')) AS converted,
               (l.mql_day IS NOT NULL) AS mql_cohort, 0 AS mql, 0 AS sqls
        FROM leads l {scan} LEFT JOIN people p ON p.id = l.owner_id WHERE l.created_day BETWEEN @from AND @to
        UNION ALL
        SELECT l.mql_day, coalesce(l.owner_id, 0), coalesce(p.team_id, 0), coalesce(l.source_id, 0),
               coalesce(l.campaign_id, 0), 0, 0, 0, 1, 0
        FROM leads l {scan} LEFT JOIN people p ON p.id = l.owner_id WHERE l.mql_day BETWEEN @from AND @to
        UNION ALL
        SELECT l.sql_day, coalesce(l.owner_id, 0), coalesce(p.team_id, 0), coalesce(l.source_id, 0),
               coalesce(l.campaign_id, 0), 0, 0, 0, 0, 1
        FROM leads l {scan} LEFT JOIN people p ON p.id = l.owner_id WHERE l.sql_day BETWEEN @from AND @to
      ) GROUP BY 1, 2, 3, 4, 5`,
  },
  spend: {
    columns: 'day, source_id, campaign_id',
    measures: ['rows', 'mkt_rows', 'sales_rows', 'mkt_e4', 'sales_e4'],
    // Integer ten-thousandths spread over the row's days with the remainder on the first days,
    // so any set of whole days sums back to the exact amount.
    select: `
      SELECT day, s, c, count(*), sum(kind = 'marketing'), sum(kind = 'sales'),
             sum(CASE WHEN kind = 'marketing' THEN part ELSE 0 END),
             sum(CASE WHEN kind = 'sales' THEN part ELSE 0 END)
      FROM (
        SELECT cal.day AS day, coalesce(x.source_id, 0) AS s, coalesce(x.campaign_id, 0) AS c, x.kind AS kind,
               ${dayPart('x.amount_e4')} AS part
        FROM spend x JOIN temp.cal ON cal.day BETWEEN x.day_from AND x.day_to
        WHERE x.day_to >= @from AND x.day_from <= @to
      ) GROUP BY 1, 2, 3`,
  },
  web: {
    columns: 'day, source_id',
    measures: ['rows', 'sessions_e4', 'users_e4', 'bounces_e4', 'duration_s_e4'],
    select: spreadCounts('web', 'source_id', ['sessions', 'users', 'bounces', 'total_duration_s']),
  },
  social: {
    columns: 'day, platform_id',
    measures: ['rows', 'impressions_e4', 'reach_e4', 'engagements_e4', 'conversions_e4'],
    select: spreadCounts('social', 'platform_id', ['impressions', 'reach', 'engagements', 'conversions']),
  },
};

export const measuresOf: Record<FactKind, readonly string[]> = Object.fromEntries(
  factKinds.map((k) => [k, fineSql[k].measures]),
) as unknown as Record<FactKind, readonly string[]>;

/** True when some fact kind carries both dimensions, so one can be split inside the other. */
export const dimsMeet = (a: string, b: string): boolean =>
  factKinds.some((k) => dimsOf[k].includes(a) && dimsOf[k].includes(b));

/**
 * Per-day measures of one fact kind for the facts in one key of `within`, split by `by` (e.g.
 * each owner's deals inside one team). A rollup row holds one dimension only, so a question
 * across two reads the same fine grain the rollups are built from; its rows therefore add up
 * to the rollup of that key. The kind must carry both dimensions.
 */
export function crossDimRows(
  db: Database.Database,
  kind: FactKind,
  range: DayRange,
  by: string,
  within: string,
  key: number,
  /** Read integers as BigInt (money in ten-thousandths can pass 2^53). */
  safeIntegers = false,
): Record<string, number | bigint>[] {
  const spec = fineSql[kind];
  if (kind === 'spend' || kind === 'web' || kind === 'social') fillCalendar(db, range);
  const sums = spec.measures.map((m) => `sum(${m}) AS ${m}`).join(', ');
  const stmt = db.prepare(
    `WITH fine (${spec.columns}, ${spec.measures.join(', ')}) AS (${spec.select.replaceAll('{scan}', '')})
       SELECT day, ${dimColumn[by]} AS key_id, ${sums} FROM fine
       WHERE ${dimColumn[within]} = @key GROUP BY 1, 2`,
  );
  return stmt.safeIntegers(safeIntegers).all({ from: range.from, to: range.to, key }) as Record<
    string,
    number | bigint
  >[];
}

/** The day span a kind's facts cover, or null when there are none. */
export function factDayRange(db: Database.Database, kind: FactKind): DayRange | null {
  const sql: Record<FactKind, string> = {
    deals: "SELECT min(closed_day) AS f, max(closed_day) AS t FROM deals WHERE status IN ('won','lost')",
    leads:
      'SELECT min(min(created_day), coalesce(min(mql_day), 1e9), coalesce(min(sql_day), 1e9)) AS f, max(max(created_day), coalesce(max(mql_day), -1e9), coalesce(max(sql_day), -1e9)) AS t FROM leads',
    spend: 'SELECT min(day_from) AS f, max(day_to) AS t FROM spend',
    web: 'SELECT min(day_from) AS f, max(day_to) AS t FROM web',
    social: 'SELECT min(day_from) AS f, max(day_to) AS t FROM social',
  };
  const row = db.prepare(sql[kind]).get() as { f: number | null; t: number | null };
  return row.f === null || row.t === null ? null : { from: row.f, to: row.t };
}

/**
 * Recomputes the rollup rows of one fact kind for every day in the range, from the facts.
 * Callers pass the days their write touched (old and new values); the result is the same as
 * a full rebuild for those days, which the tests check.
 */
export function rebuildRollups(
  db: Database.Database,
  kind: FactKind,
  range: DayRange,
  /** The kind's factDayRange, when the caller has already read it. */
  all: DayRange | null = factDayRange(db, kind),
): void {
  const spec = fineSql[kind];
  const table = `r_${kind}`;
  // A range that covers every fact (a first import, or any deal write, which can move an
  // account's first win) reads the table front to back: through the day index it would visit
  // the same rows in random order, about seven times slower at 200,000 deals.
  const whole = all !== null && range.from <= all.from && range.to >= all.to;
  const select = spec.select.replaceAll('{scan}', whole ? 'NOT INDEXED' : '');
  const measures = spec.measures.join(', ');
  const sums = spec.measures.map((m) => `sum(${m})`).join(', ');
  db.transaction(() => {
    if (kind === 'spend' || kind === 'web' || kind === 'social') fillCalendar(db, range);
    db.exec(`DROP TABLE IF EXISTS temp.fine; CREATE TEMP TABLE fine (${spec.columns}, ${measures})`);
    db.prepare(`INSERT INTO temp.fine ${select}`).run({ from: range.from, to: range.to });
    db.prepare(`DELETE FROM ${table} WHERE day BETWEEN ? AND ?`).run(range.from, range.to);
    for (const dim of dimsOf[kind]) {
      db.exec(
        `INSERT INTO ${table} (dim, day, key_id, ${measures})
         SELECT '${dim}', day, ${dimColumn[dim]}, ${sums} FROM temp.fine
         GROUP BY day${dim === 'all' ? '' : `, ${dimColumn[dim]}`}`,
      );
    }
    db.exec('DROP TABLE temp.fine');
  })();
}

/** Rebuilds every rollup from scratch (after a restore, or to check incremental maintenance). */
export function rebuildAllRollups(db: Database.Database): void {
  for (const kind of factKinds) {
    db.prepare(`DELETE FROM r_${kind}`).run();
    const range = factDayRange(db, kind);
    if (range) rebuildRollups(db, kind, range, range);
  }
}
