import type { Migration } from './index.js';

/**
 * The data model of the KPI engine (design handbook §4 and §6).
 *
 * Dates are stored as day numbers (days since 1970-01-01) so periods are integer ranges and
 * comparisons never involve time zones. Money is stored exactly, as integer minor units
 * (hundredths of the currency unit), never as floats that drift in sums.
 *
 * The r_* tables are rollups: per day and per scope dimension ('all', 'owner', 'team',
 * 'source', 'campaign', 'platform'), the additive parts every KPI is computed from. Facts are
 * the truth; rollups are rebuilt from them for the days a write touched, so dashboard
 * questions read a few thousand rollup rows instead of every fact row.
 */
export const m0002_facts_and_targets: Migration = {
  version: 2,
  name: 'facts and targets',
  up(db) {
    db.exec(`
      CREATE TABLE teams (
        id   INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE
      ) STRICT;

      CREATE TABLE people (
        id      INTEGER PRIMARY KEY,
        name    TEXT NOT NULL UNIQUE COLLATE NOCASE,
        team_id INTEGER REFERENCES teams (id),
        role    TEXT
      ) STRICT;

      -- A source or channel (Google Ads, Meta Ads, Referral…). is_marketing NULL = decided from
      -- the data: a source with marketing spend rows is a marketing channel (used by ROMI).
      CREATE TABLE sources (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL UNIQUE COLLATE NOCASE,
        is_marketing INTEGER
      ) STRICT;

      CREATE TABLE campaigns (
        id   INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE
      ) STRICT;

      CREATE TABLE platforms (
        id   INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE
      ) STRICT;

      CREATE TABLE import_batches (
        id         INTEGER PRIMARY KEY,
        kind       TEXT NOT NULL,
        file_name  TEXT,
        created_at TEXT NOT NULL,
        summary    TEXT NOT NULL DEFAULT '{}',
        undone_at  TEXT
      ) STRICT;

      -- What each batch changed, so undo can restore exactly the state before it: prior is the
      -- JSON of the row before the batch updated it, NULL when the batch inserted the row.
      CREATE TABLE import_changes (
        batch_id INTEGER NOT NULL REFERENCES import_batches (id),
        kind     TEXT NOT NULL,
        fact_id  INTEGER NOT NULL,
        prior    TEXT,
        PRIMARY KEY (batch_id, kind, fact_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE deals (
        id               INTEGER PRIMARY KEY,
        external_id      TEXT NOT NULL UNIQUE,
        title            TEXT,
        owner_id         INTEGER REFERENCES people (id),
        team_id          INTEGER REFERENCES teams (id),
        account          TEXT,
        source_id        INTEGER REFERENCES sources (id),
        campaign_id      INTEGER REFERENCES campaigns (id),
        stage            TEXT,
        status           TEXT NOT NULL CHECK (status IN ('open', 'won', 'lost')),
        amount_minor     INTEGER,
        currency         TEXT,
        created_day      INTEGER,
        closed_day       INTEGER,
        lead_external_id TEXT,
        import_batch_id  INTEGER REFERENCES import_batches (id)
      ) STRICT;
      CREATE INDEX deals_closed_day ON deals (closed_day);
      CREATE INDEX deals_account_won ON deals (account, closed_day, id) WHERE status = 'won';
      CREATE INDEX deals_lead ON deals (lead_external_id) WHERE lead_external_id IS NOT NULL;
      CREATE INDEX deals_batch ON deals (import_batch_id);

      CREATE TABLE leads (
        id                  INTEGER PRIMARY KEY,
        external_id         TEXT NOT NULL UNIQUE,
        created_day         INTEGER NOT NULL,
        owner_id            INTEGER REFERENCES people (id),
        -- Unused: a lead's team is its owner's team, looked up when rollups are built.
        team_id             INTEGER REFERENCES teams (id),
        source_id           INTEGER REFERENCES sources (id),
        campaign_id         INTEGER REFERENCES campaigns (id),
        status              TEXT,
        mql_day             INTEGER,
        sql_day             INTEGER,
        converted_day       INTEGER,
        deal_external_id    TEXT,
        disqualified_reason TEXT,
        quality             TEXT,
        import_batch_id     INTEGER REFERENCES import_batches (id)
      ) STRICT;
      CREATE INDEX leads_created_day ON leads (created_day);
      CREATE INDEX leads_mql_day ON leads (mql_day) WHERE mql_day IS NOT NULL;
      CREATE INDEX leads_sql_day ON leads (sql_day) WHERE sql_day IS NOT NULL;
      CREATE INDEX leads_deal ON leads (deal_external_id) WHERE deal_external_id IS NOT NULL;
      CREATE INDEX leads_batch ON leads (import_batch_id);

      -- Spend, web and social rows cover day_from..day_to (one day when the export is daily).
      CREATE TABLE spend (
        id              INTEGER PRIMARY KEY,
        external_id     TEXT NOT NULL UNIQUE,
        day_from        INTEGER NOT NULL,
        day_to          INTEGER NOT NULL CHECK (day_to >= day_from),
        source_id       INTEGER REFERENCES sources (id),
        campaign_id     INTEGER REFERENCES campaigns (id),
        kind            TEXT NOT NULL CHECK (kind IN ('marketing', 'sales')),
        amount_minor    INTEGER NOT NULL,
        import_batch_id INTEGER REFERENCES import_batches (id)
      ) STRICT;
      CREATE INDEX spend_days ON spend (day_from, day_to);
      CREATE INDEX spend_batch ON spend (import_batch_id);

      CREATE TABLE web (
        id               INTEGER PRIMARY KEY,
        external_id      TEXT NOT NULL UNIQUE,
        day_from         INTEGER NOT NULL,
        day_to           INTEGER NOT NULL CHECK (day_to >= day_from),
        source_id        INTEGER REFERENCES sources (id),
        sessions         REAL,
        users            REAL,
        new_users        REAL,
        engaged_sessions REAL,
        bounces          REAL,
        total_duration_s REAL,
        conversions      REAL,
        import_batch_id  INTEGER REFERENCES import_batches (id)
      ) STRICT;
      CREATE INDEX web_days ON web (day_from, day_to);
      CREATE INDEX web_batch ON web (import_batch_id);

      CREATE TABLE social (
        id              INTEGER PRIMARY KEY,
        external_id     TEXT NOT NULL UNIQUE,
        day_from        INTEGER NOT NULL,
        day_to          INTEGER NOT NULL CHECK (day_to >= day_from),
        platform_id     INTEGER REFERENCES platforms (id),
        impressions     REAL,
        reach           REAL,
        engagements     REAL,
        clicks          REAL,
        followers       REAL,
        conversions     REAL,
        import_batch_id INTEGER REFERENCES import_batches (id)
      ) STRICT;
      CREATE INDEX social_days ON social (day_from, day_to);
      CREATE INDEX social_batch ON social (import_batch_id);

      -- Manual values gain a roll-up rule per KPI and a choice of which wins over facts.
      CREATE TABLE kpi_settings (
        kpi          TEXT PRIMARY KEY,
        manual_wins  INTEGER NOT NULL DEFAULT 0,
        manual_rollup TEXT NOT NULL DEFAULT 'sum' CHECK (manual_rollup IN ('sum', 'average', 'last', 'formula'))
      ) STRICT;

      CREATE TABLE custom_kpis (
        code       TEXT PRIMARY KEY,
        name_id    TEXT NOT NULL,
        name_en    TEXT NOT NULL,
        formula    TEXT NOT NULL,
        unit       TEXT NOT NULL,
        direction  TEXT NOT NULL CHECK (direction IN ('higher', 'lower', 'band')),
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE targets (
        id          INTEGER PRIMARY KEY,
        kpi         TEXT NOT NULL,
        scope_key   TEXT NOT NULL DEFAULT '',
        period      TEXT NOT NULL,
        value       REAL,
        band_low    REAL,
        band_high   REAL,
        amber_at    REAL,
        updated_at  TEXT NOT NULL,
        UNIQUE (kpi, scope_key, period)
      ) STRICT;

      CREATE TABLE target_revisions (
        id         INTEGER PRIMARY KEY,
        target_id  INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
        old_value  REAL,
        new_value  REAL,
        reason     TEXT,
        changed_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX target_revisions_target ON target_revisions (target_id);

      CREATE TABLE r_deals (
        dim            TEXT NOT NULL,
        day            INTEGER NOT NULL,
        key_id         INTEGER NOT NULL,
        closed         INTEGER NOT NULL,
        won            INTEGER NOT NULL,
        won_minor      INTEGER NOT NULL,
        cycle_days     INTEGER NOT NULL,
        cycle_n        INTEGER NOT NULL,
        new_customers  INTEGER NOT NULL,
        PRIMARY KEY (dim, day, key_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE r_leads (
        dim         TEXT NOT NULL,
        day         INTEGER NOT NULL,
        key_id      INTEGER NOT NULL,
        created     INTEGER NOT NULL,
        converted   INTEGER NOT NULL,
        mql_cohort  INTEGER NOT NULL,
        mql         INTEGER NOT NULL,
        sqls        INTEGER NOT NULL,
        PRIMARY KEY (dim, day, key_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE r_spend (
        dim           TEXT NOT NULL,
        day           INTEGER NOT NULL,
        key_id        INTEGER NOT NULL,
        rows          INTEGER NOT NULL,
        mkt_rows      INTEGER NOT NULL,
        sales_rows    INTEGER NOT NULL,
        mkt_minor     INTEGER NOT NULL,
        sales_minor   INTEGER NOT NULL,
        PRIMARY KEY (dim, day, key_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE r_web (
        dim         TEXT NOT NULL,
        day         INTEGER NOT NULL,
        key_id      INTEGER NOT NULL,
        rows        INTEGER NOT NULL,
        sessions    REAL NOT NULL,
        users       REAL NOT NULL,
        bounces     REAL NOT NULL,
        duration_s  REAL NOT NULL,
        PRIMARY KEY (dim, day, key_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE r_social (
        dim          TEXT NOT NULL,
        day          INTEGER NOT NULL,
        key_id       INTEGER NOT NULL,
        rows         INTEGER NOT NULL,
        impressions  REAL NOT NULL,
        reach        REAL NOT NULL,
        engagements  REAL NOT NULL,
        conversions  REAL NOT NULL,
        PRIMARY KEY (dim, day, key_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
