import type Database from 'better-sqlite3';
import { shortText } from '../../../shared/kpi/periods.js';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { defaultManualRollup, kpiLibrary, type ManualRollup } from './engine.js';

/**
 * Per KPI: how manual values roll up over longer periods (sum, average, last, formula) and
 * whether a manual value wins over the value computed from imported facts.
 */
export interface KpiSettings {
  manualWins: boolean;
  manualRollup: ManualRollup;
  /** Shown on the dashboard. */
  tracked: boolean;
}

export function setKpiSettings(
  db: Database.Database,
  kpi: string,
  patch: { manualWins?: boolean; manualRollup?: ManualRollup; tracked?: boolean },
): KpiSettings {
  const def = kpiLibrary(db).get(kpi);
  if (!def) throw new KinerjaError('not_found', `Unknown KPI '${shortText(kpi)}'`);
  if (patch.manualRollup === 'formula' && def.rollup !== 'formula') {
    throw new KinerjaError('invalid_request', `${kpi} has no formula; choose sum, average or last`);
  }
  // Rates and averages do not add up: three months of a 45% win rate are not 135%.
  if (patch.manualRollup === 'sum' && def.rollup !== 'sum' && def.rollup !== 'formula') {
    throw new KinerjaError(
      'invalid_request',
      `${kpi} is a rate or an average: its typed months cannot be added up; choose average or last`,
      { code: 'rollup_not_a_total', params: { kpi } },
    );
  }
  const current = db
    .prepare('SELECT manual_wins, manual_rollup, tracked FROM kpi_settings WHERE kpi = ?')
    .get(kpi) as { manual_wins: number; manual_rollup: ManualRollup; tracked: number | null } | undefined;
  const next = {
    manualWins: patch.manualWins ?? Boolean(current?.manual_wins),
    manualRollup: patch.manualRollup ?? current?.manual_rollup ?? defaultManualRollup(def),
    tracked: patch.tracked ?? current?.tracked !== 0,
  };
  db.prepare(
    `INSERT INTO kpi_settings (kpi, manual_wins, manual_rollup, tracked) VALUES (?, ?, ?, ?)
     ON CONFLICT (kpi) DO UPDATE SET manual_wins = excluded.manual_wins, manual_rollup = excluded.manual_rollup,
       tracked = excluded.tracked`,
  ).run(kpi, next.manualWins ? 1 : 0, next.manualRollup, next.tracked ? 1 : 0);
  return next;
}

/** Every KPI of the library with its settings (defaults where none were chosen). */
export function listKpiSettings(db: Database.Database): (KpiSettings & { kpi: string })[] {
  const rows = new Map(
    (
      db.prepare('SELECT kpi, manual_wins, manual_rollup, tracked FROM kpi_settings').all() as {
        kpi: string;
        manual_wins: number;
        manual_rollup: ManualRollup;
        tracked: number | null;
      }[]
    ).map((r) => [r.kpi, r]),
  );
  return [...kpiLibrary(db).values()].map((def) => {
    const r = rows.get(def.code);
    return {
      kpi: def.code,
      manualWins: Boolean(r?.manual_wins),
      manualRollup: r?.manual_rollup ?? defaultManualRollup(def),
      tracked: r?.tracked !== 0,
    };
  });
}
