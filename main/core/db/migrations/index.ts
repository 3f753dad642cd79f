import type { Database } from 'better-sqlite3';
import { m0001_initial } from './0001-initial.js';
import { m0002_facts_and_targets } from './0002-facts-and-targets.js';
import { m0003_money_e4 } from './0003-money-e4.js';
import { m0004_kpi_tracked } from './0004-kpi-tracked.js';
import { m0005_scorecards } from './0005-scorecards.js';
import { m0006_reviews } from './0006-reviews.js';

/**
 * A numbered schema step. `PRAGMA user_version` records the last one applied; each runs
 * inside one transaction together with the version bump, so a crash leaves the file at
 * the old version or the new one, never in between.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

/** Append only. Never edit a shipped migration: add a new one. */
export const migrations: readonly Migration[] = [
  m0001_initial,
  m0002_facts_and_targets,
  m0003_money_e4,
  m0004_kpi_tracked,
  m0005_scorecards,
  m0006_reviews,
];

export const latestSchemaVersion = migrations[migrations.length - 1]!.version;
