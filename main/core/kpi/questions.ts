import type Database from 'better-sqlite3';
import type { WorkspaceSettings } from '../../../shared/contract/schemas.js';
import { dashboardOf } from './dashboard.js';
import { kpiDetail } from './detail.js';
import { computeKpis, type KpiQuery } from './engine.js';
import { leadFunnel } from './funnel.js';

/**
 * The read-only questions a host may answer off its own thread: each reads the workspace only
 * through `db` and returns plain data, so a worker with its own connection gives the same answer.
 */
export const questions = {
  kpis: (db: Database.Database, settings: WorkspaceSettings, q: KpiQuery) => computeKpis(db, settings, q),
  detail: (db: Database.Database, settings: WorkspaceSettings, q: Parameters<typeof kpiDetail>[2]) =>
    kpiDetail(db, settings, q),
  funnel: (
    db: Database.Database,
    settings: WorkspaceSettings,
    q: { period: string; by: 'source' | 'campaign' },
  ) => leadFunnel(db, settings, q.period, q.by),
  dashboard: (db: Database.Database, settings: WorkspaceSettings, q: { year: number }) =>
    dashboardOf(db, settings, q.year),
};

export type QuestionName = keyof typeof questions;
export type QuestionInput<N extends QuestionName> = Parameters<(typeof questions)[N]>[2];
export type QuestionAnswer<N extends QuestionName> = ReturnType<(typeof questions)[N]>;

/** Answers one question on `db` (in this thread, or in a worker on the worker's connection). */
export function answerQuestion<N extends QuestionName>(
  db: Database.Database,
  settings: WorkspaceSettings,
  name: N,
  input: QuestionInput<N>,
): QuestionAnswer<N> {
  const fn = questions[name] as (
    db: Database.Database,
    settings: WorkspaceSettings,
    q: QuestionInput<N>,
  ) => QuestionAnswer<N>;
  return fn(db, settings, input);
}
