import type { KpiDefinition } from '../../../shared/contract/schemas.js';
import { derivedKpis } from '../../../shared/kpi/groups.js';

/** The years a value may be entered for (the same bounds as targets and the pickers). */
const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;

/** Why a typed value cannot be kept: the column at fault and what was expected there. */
export interface ManualValueProblem {
  column: 'kpi' | 'period' | 'value';
  expected: string;
}

/**
 * What is wrong with a value typed for a KPI and a month, or null. Rates are fractions (0.45 for
 * 45%) between 0 and 1, counts whole and not negative, durations not negative; money may be
 * negative (refunds, corrections). Derived KPIs are refused: they come from their parts.
 */
export function manualValueProblem(
  def: KpiDefinition,
  period: string,
  value: number,
): ManualValueProblem | null {
  const derivedFrom = derivedKpis[def.code];
  if (derivedFrom)
    return { column: 'kpi', expected: `a KPI entered by hand; ${def.code} is computed from ${derivedFrom}` };
  const year = Number(period.slice(0, 4));
  if (!(year >= FIRST_YEAR && year <= LAST_YEAR))
    return { column: 'period', expected: `a month between ${FIRST_YEAR} and ${LAST_YEAR}` };
  const expected = expectedValue(def, value);
  return expected ? { column: 'value', expected } : null;
}

function expectedValue(def: KpiDefinition, value: number): string | null {
  if (!Number.isFinite(value)) return 'a finite number';
  switch (def.unit) {
    case 'percent':
      return value < 0 || value > 1 ? 'a rate between 0% and 100% (0.45 for 45%)' : null;
    case 'count':
      return !Number.isInteger(value) || value < 0 ? 'a whole number, 0 or more' : null;
    case 'days':
    case 'seconds':
      return value < 0 ? `a duration in ${def.unit}, 0 or more` : null;
    default:
      return null;
  }
}
