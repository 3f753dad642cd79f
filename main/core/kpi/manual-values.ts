import type { KpiDefinition } from '../../../shared/contract/schemas.js';
import { derivedKpis } from '../../../shared/kpi/groups.js';
import { valueUnitProblem, type ValueUnitProblem } from '../../../shared/kpi/manual-values.js';
import { FIRST_YEAR_IN_USE, LAST_YEAR_IN_USE } from '../../../shared/kpi/periods.js';

/** Why a typed value cannot be kept: the column at fault and what was expected there. */
export interface ManualValueProblem {
  column: 'kpi' | 'period' | 'value';
  expected: string;
  /** Which rule, for a screen to say it in its own language. */
  kind: 'derived' | 'year' | ValueUnitProblem;
}

/**
 * What is wrong with a value typed for a KPI and a month, or null: its unit's rule (shared with
 * the data-entry screen), a year in use, and no derived KPI, which comes from its parts.
 */
export function manualValueProblem(
  def: KpiDefinition,
  period: string,
  value: number,
): ManualValueProblem | null {
  const derivedFrom = derivedKpis[def.code];
  if (derivedFrom)
    return {
      column: 'kpi',
      expected: `a KPI entered by hand; ${def.code} is computed from ${derivedFrom}`,
      kind: 'derived',
    };
  const year = Number(period.slice(0, 4));
  if (!(year >= FIRST_YEAR_IN_USE && year <= LAST_YEAR_IN_USE))
    return {
      column: 'period',
      expected: `a month between ${FIRST_YEAR_IN_USE} and ${LAST_YEAR_IN_USE}`,
      kind: 'year',
    };
  const problem = valueUnitProblem(def.unit, value);
  if (!problem) return null;
  const expected = {
    finite: 'a finite number',
    too_large: 'a number up to 900 trillion',
    rate: 'a rate between 0% and 100% (0.45 for 45%)',
    count: 'a whole number, 0 or more',
    duration: `a duration in ${def.unit}, 0 or more`,
  }[problem];
  return { column: 'value', expected, kind: problem };
}
