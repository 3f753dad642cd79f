import type { Migration } from './index.js';

/**
 * Review sessions (DESIGN §7): a period and a scope walked KPI by KPI, with notes, action items
 * and target adjustments. Closing a review stores every value it showed, so history is not
 * rewritten by later imports. Action items belong to the scope: open ones carry into the next
 * review of the same scope.
 */
export const m0006_reviews: Migration = {
  version: 6,
  name: 'reviews',
  up(db) {
    db.exec(`
      CREATE TABLE reviews (
        id         INTEGER PRIMARY KEY,
        period     TEXT NOT NULL,
        scope_key  TEXT NOT NULL DEFAULT '',
        title      TEXT NOT NULL,
        status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        created_at TEXT NOT NULL,
        closed_at  TEXT,
        -- The KPI rows shown, as JSON, frozen when the review is closed.
        snapshot   TEXT,
        CHECK ((status = 'closed') = (closed_at IS NOT NULL AND snapshot IS NOT NULL))
      ) STRICT;
      CREATE INDEX reviews_scope ON reviews (scope_key, period);

      CREATE TABLE review_notes (
        review_id  INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
        kpi        TEXT NOT NULL,
        happened   TEXT,
        why        TEXT,
        next       TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (review_id, kpi)
      ) STRICT;

      CREATE TABLE action_items (
        id         INTEGER PRIMARY KEY,
        review_id  INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
        scope_key  TEXT NOT NULL,
        kpi        TEXT,
        text       TEXT NOT NULL,
        owner      TEXT,
        due        TEXT,
        status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX action_items_scope ON action_items (scope_key, status);

      -- A target changed during a review says so in its history.
      ALTER TABLE target_revisions ADD COLUMN review_id INTEGER REFERENCES reviews (id) ON DELETE SET NULL;
    `);
  },
};
