import type { Migration } from './index.js';

/** Rollup tables rebuilt by this step, with the dimensions each carries (as in version 3). */
const rebuilt = {
  spend: { dims: { all: '0', source: 'source_id', campaign: 'campaign_id' } },
  web: { dims: { all: '0', source: 'source_id' } },
  social: { dims: { all: '0', platform: 'platform_id' } },
} as const;

/** One day's part of an integer spread over a row's days, the remainder on the first days. */
const part = (total: string) => `(${total} / (x.day_to - x.day_from + 1)
  + CASE WHEN cal.day - x.day_from < abs(${total} % (x.day_to - x.day_from + 1))
         THEN (CASE WHEN ${total} < 0 THEN -1 ELSE 1 END) ELSE 0 END)`;
const scaled = (c: string) => `CAST(round(coalesce(x.${c}, 0) * 10000) AS INTEGER)`;

/** Per-day, per-key parts of each rebuilt kind (a frozen copy: later code may differ). */
const fine = {
  spend: {
    columns: 'day, source_id, campaign_id, rows, mkt_rows, sales_rows, mkt_e4, sales_e4',
    select: `SELECT cal.day, coalesce(x.source_id, 0), coalesce(x.campaign_id, 0), 1,
        x.kind = 'marketing', x.kind = 'sales',
        CASE WHEN x.kind = 'marketing' THEN ${part('x.amount_e4')} ELSE 0 END,
        CASE WHEN x.kind = 'sales' THEN ${part('x.amount_e4')} ELSE 0 END
      FROM spend x JOIN cal ON cal.day BETWEEN x.day_from AND x.day_to`,
  },
  web: {
    columns: 'day, source_id, rows, sessions_e4, users_e4, bounces_e4, duration_s_e4',
    select: `SELECT cal.day, coalesce(x.source_id, 0), 1, ${[
      'sessions',
      'users',
      'bounces',
      'total_duration_s',
    ]
      .map((c) => part(scaled(c)))
      .join(', ')}
      FROM web x JOIN cal ON cal.day BETWEEN x.day_from AND x.day_to`,
  },
  social: {
    columns: 'day, platform_id, rows, impressions_e4, reach_e4, engagements_e4, conversions_e4',
    select: `SELECT cal.day, coalesce(x.platform_id, 0), 1, ${[
      'impressions',
      'reach',
      'engagements',
      'conversions',
    ]
      .map((c) => part(scaled(c)))
      .join(', ')}
      FROM social x JOIN cal ON cal.day BETWEEN x.day_from AND x.day_to`,
  },
} as const;

/**
 * Money becomes exact to 4 decimal places (design handbook §4): amounts were integer
 * hundredths, rounded to the currency's minor unit on the way in, so Superstore's 22.3680 sums
 * drifted from a spreadsheet's SUM. They are now integer ten-thousandths (`*_e4`); every stored
 * cent value is multiplied by 100, which is exact.
 *
 * Web and social rollups held counts spread over a range's days as floats (2658 sessions came
 * back as 2658.000000000012); they now hold integer ten-thousandths with the remainder of the
 * division on the first days, like spend. Spend's per-day split changes with the finer unit, so
 * those three rollups are rebuilt here from the facts, with SQL frozen in this file.
 */
export const m0003_money_e4: Migration = {
  version: 3,
  name: 'money and spread counts in ten-thousandths',
  up(db) {
    db.exec(`
      ALTER TABLE deals RENAME COLUMN amount_minor TO amount_e4;
      UPDATE deals SET amount_e4 = amount_e4 * 100 WHERE amount_e4 IS NOT NULL;
      ALTER TABLE spend RENAME COLUMN amount_minor TO amount_e4;
      UPDATE spend SET amount_e4 = amount_e4 * 100;
      ALTER TABLE r_deals RENAME COLUMN won_minor TO won_e4;
      UPDATE r_deals SET won_e4 = won_e4 * 100;

      -- Undo restores a row from the JSON of its previous values: they move to the new unit too.
      UPDATE import_changes
        SET prior = json_remove(
          json_set(prior, '$.amount_e4', json_extract(prior, '$.amount_minor') * 100), '$.amount_minor')
        WHERE kind IN ('deals', 'spend') AND json_type(prior, '$.amount_minor') IS NOT NULL;

      DROP TABLE r_spend;
      CREATE TABLE r_spend (
        dim         TEXT NOT NULL,
        day         INTEGER NOT NULL,
        key_id      INTEGER NOT NULL,
        rows        INTEGER NOT NULL,
        mkt_rows    INTEGER NOT NULL,
        sales_rows  INTEGER NOT NULL,
        mkt_e4      INTEGER NOT NULL,
        sales_e4    INTEGER NOT NULL,
        PRIMARY KEY (dim, day, key_id)
      ) STRICT, WITHOUT ROWID;

      DROP TABLE r_web;
      CREATE TABLE r_web (
        dim            TEXT NOT NULL,
        day            INTEGER NOT NULL,
        key_id         INTEGER NOT NULL,
        rows           INTEGER NOT NULL,
        sessions_e4    INTEGER NOT NULL,
        users_e4       INTEGER NOT NULL,
        bounces_e4     INTEGER NOT NULL,
        duration_s_e4  INTEGER NOT NULL,
        PRIMARY KEY (dim, day, key_id)
      ) STRICT, WITHOUT ROWID;

      DROP TABLE r_social;
      CREATE TABLE r_social (
        dim             TEXT NOT NULL,
        day             INTEGER NOT NULL,
        key_id          INTEGER NOT NULL,
        rows            INTEGER NOT NULL,
        impressions_e4  INTEGER NOT NULL,
        reach_e4        INTEGER NOT NULL,
        engagements_e4  INTEGER NOT NULL,
        conversions_e4  INTEGER NOT NULL,
        PRIMARY KEY (dim, day, key_id)
      ) STRICT, WITHOUT ROWID;
    `);
    for (const [kind, { dims }] of Object.entries(rebuilt)) {
      const spec = fine[kind as keyof typeof fine];
      const measures = spec.columns.split(', ').filter((c) => c !== 'day' && !c.endsWith('_id'));
      db.exec(`
        CREATE TEMP TABLE cal (day INTEGER PRIMARY KEY);
        WITH RECURSIVE d(day) AS (
          SELECT min(day_from) FROM ${kind}
          UNION ALL SELECT day + 1 FROM d WHERE day < (SELECT max(day_to) FROM ${kind}))
        INSERT INTO temp.cal SELECT day FROM d WHERE day IS NOT NULL;
        CREATE TEMP TABLE fine (${spec.columns});
        INSERT INTO temp.fine ${spec.select};`);
      for (const [dim, column] of Object.entries(dims)) {
        db.exec(`INSERT INTO r_${kind} (dim, day, key_id, ${measures.join(', ')})
          SELECT '${dim}', day, ${column}, ${measures.map((m) => `sum(${m})`).join(', ')} FROM temp.fine
          GROUP BY day${dim === 'all' ? '' : `, ${column}`}`);
      }
      db.exec('DROP TABLE temp.fine; DROP TABLE temp.cal;');
    }
  },
};
