import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { defaultManualRollup, kpiLibrary, type ManualRollup } from './engine.js';

/**
 * Per KPI: how manual values roll up over longer periods (sum, average, last, formula) and
 * whether a manual value wins over the value computed from imported facts.
 */
export function setKpiSettings(
  db: Database.Database,
  kpi: string,
  patch: { manualWins?: boolean; manualRollup?: ManualRollup },
): { manualWins: boolean; manualRollup: ManualRollup } {
  const def = kpiLibrary(db).get(kpi);
  if (!def) throw new KinerjaError('not_found', `Unknown KPI '${kpi}'`);
  if (patch.manualRollup === 'formula' && def.rollup !== 'formula') {
    throw new KinerjaError('invalid_request', `${kpi} has no formula; choose sum, average or last`);
  }
  const current = db.prepare('SELECT manual_wins, manual_rollup FROM kpi_settings WHERE kpi = ?').get(kpi) as
    { manual_wins: number; manual_rollup: ManualRollup } | undefined;
  const next = {
    manualWins: patch.manualWins ?? Boolean(current?.manual_wins),
    manualRollup: patch.manualRollup ?? current?.manual_rollup ?? defaultManualRollup(def),
  };
  db.prepare(
    `INSERT INTO kpi_settings (kpi, manual_wins, manual_rollup) VALUES (?, ?, ?)
     ON CONFLICT (kpi) DO UPDATE SET manual_wins = excluded.manual_wins, manual_rollup = excluded.manual_rollup`,
  ).run(kpi, next.manualWins ? 1 : 0, next.manualRollup);
  return next;
}
