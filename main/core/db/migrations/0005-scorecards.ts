import type { Migration } from './index.js';

/**
 * Scorecards and appraisals (DESIGN §6). A scorecard is a weighted list of KPIs with an
 * achievement cap; it is assigned to a person or to a team (a person's own assignment wins).
 * An appraisal holds what people add to the computed score: comments and sign-offs, and the
 * score as it stood at the first sign-off, so a later data change cannot rewrite what was signed.
 */
export const m0005_scorecards: Migration = {
  version: 5,
  name: 'scorecards and appraisals',
  up(db) {
    db.exec(`
      CREATE TABLE scorecards (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL UNIQUE COLLATE NOCASE,
        -- Achievement counts up to this share of the target (1.2 = 120%).
        cap          REAL NOT NULL DEFAULT 1.2 CHECK (cap >= 1 AND cap <= 3),
        -- What a KPI without a target or without data does to the score: its weight is shared
        -- out over the KPIs that have both ('redistribute'), or it scores nothing ('zero').
        missing_rule TEXT NOT NULL DEFAULT 'redistribute' CHECK (missing_rule IN ('redistribute', 'zero')),
        updated_at   TEXT NOT NULL
      ) STRICT;

      -- Weights are fractions of the whole scorecard and sum to 1; a balanced-scorecard
      -- perspective weighs what its KPIs weigh together.
      CREATE TABLE scorecard_lines (
        scorecard_id INTEGER NOT NULL REFERENCES scorecards (id) ON DELETE CASCADE,
        position     INTEGER NOT NULL,
        kpi          TEXT NOT NULL,
        weight       REAL NOT NULL CHECK (weight > 0 AND weight <= 1),
        perspective  TEXT CHECK (perspective IN ('financial', 'customer', 'internal', 'learning')),
        PRIMARY KEY (scorecard_id, kpi)
      ) STRICT;

      CREATE TABLE scorecard_assignments (
        dim          TEXT NOT NULL CHECK (dim IN ('owner', 'team')),
        name         TEXT NOT NULL COLLATE NOCASE,
        scorecard_id INTEGER NOT NULL REFERENCES scorecards (id) ON DELETE CASCADE,
        PRIMARY KEY (dim, name)
      ) STRICT;

      CREATE TABLE appraisals (
        person             TEXT NOT NULL COLLATE NOCASE,
        period             TEXT NOT NULL,
        reviewer_comment   TEXT,
        employee_comment   TEXT,
        reviewer_name      TEXT,
        reviewer_signed_at TEXT,
        employee_name      TEXT,
        employee_signed_at TEXT,
        -- The appraisal as JSON at the first sign-off; NULL until someone signs.
        snapshot           TEXT,
        updated_at         TEXT NOT NULL,
        PRIMARY KEY (person, period)
      ) STRICT;
    `);
  },
};
