import type { KpiUnit } from '../contract/schemas.js';

/** What a value of a unit cannot be; the core words it in English, the screens translate it. */
export type ValueUnitProblem = 'finite' | 'too_large' | 'rate' | 'count' | 'duration';

/**
 * Why a value typed by hand does not fit its KPI's unit, or null. Rates are fractions (0.45 for
 * 45%) between 0 and 1, counts whole and not negative, durations not negative; money may be
 * negative (refunds, corrections). The core's check and the data-entry screen share it.
 */
/**
 * The largest typed value or target: money is kept in ten-thousandths in 64-bit integers (up to
 * about 922 trillion), and a handful of values near Number.MAX_VALUE would add up to Infinity in
 * a quarter or a year. 900 trillion is far beyond any sales figure, in Rupiah too.
 */
export const MAX_TYPED_MAGNITUDE = 900_000_000_000_000;

export function valueUnitProblem(unit: KpiUnit, value: number): ValueUnitProblem | null {
  if (!Number.isFinite(value)) return 'finite';
  if (Math.abs(value) > MAX_TYPED_MAGNITUDE) return 'too_large';
  switch (unit) {
    case 'percent':
      return value < 0 || value > 1 ? 'rate' : null;
    case 'count':
      return !Number.isInteger(value) || value < 0 ? 'count' : null;
    case 'days':
    case 'seconds':
      return value < 0 ? 'duration' : null;
    default:
      return null;
  }
}

/** The most values one save may carry: a year of every KPI for several people, with room. */
export const MAX_VALUES_PER_SAVE = 2000;
