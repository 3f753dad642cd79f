import type { KpiDirection } from '../contract/schemas.js';

export type Status = 'green' | 'amber' | 'red' | 'grey';

export interface TargetSpec {
  value: number | null;
  bandLow?: number | null;
  bandHigh?: number | null;
  /** Achievement at or above which the status is amber (default 0.9). */
  amberAt?: number | null;
}

/**
 * Achievement as a fraction (1 = 100%). Higher-is-better: actual ÷ target; lower-is-better:
 * target ÷ actual; in-band: 100% inside the band, falling off proportionally outside it.
 * null when either side is missing or the division has no meaning.
 */
export function achievement(
  actual: number | null,
  target: TargetSpec | null,
  direction: KpiDirection,
): number | null {
  if (actual === null || target === null) return null;
  if (direction === 'band') {
    const low = target.bandLow ?? null;
    const high = target.bandHigh ?? null;
    if (low === null && high === null) return null;
    if (low !== null && actual < low) return low === 0 ? null : Math.max(0, actual / low);
    if (high !== null && actual > high) return actual === 0 ? null : high / actual;
    return 1;
  }
  const t = target.value;
  if (t === null) return null;
  if (direction === 'higher') return t === 0 ? null : actual / t;
  // Lower is better: hitting zero cost against a positive target is full achievement and more.
  if (actual === 0) return t > 0 ? null : 1;
  return t / actual;
}

/**
 * Met where no ratio can say so: a lower-is-better KPI at 0 against a positive target, or a
 * higher-is-better KPI at 0 or more against a target of 0.
 */
export function beatsByZero(value: number | null, target: number | null, direction: KpiDirection): boolean {
  if (value === null || target === null) return false;
  if (direction === 'lower') return value === 0 && target > 0;
  return direction === 'higher' && target === 0 && value >= 0;
}

export function status(ach: number | null, amberAt = 0.9): Status {
  if (ach === null) return 'grey';
  if (ach >= 1) return 'green';
  if (ach >= amberAt) return 'amber';
  return 'red';
}

export interface Pace {
  /** Share of the period's days elapsed, today included. */
  elapsed: number;
  expectedToDate: number | null;
  projection: number | null;
  neededPerRemainingDay: number | null;
}

/** Pace of a running period for a sum-KPI (a ratio has no meaningful projection). */
export function pace(
  actual: number | null,
  target: number | null,
  elapsed: number,
  remainingDays: number,
  isSum: boolean,
): Pace {
  return {
    elapsed,
    expectedToDate: target === null ? null : target * elapsed,
    projection: !isSum || actual === null || elapsed === 0 ? null : actual / elapsed,
    neededPerRemainingDay:
      !isSum || target === null || remainingDays === 0
        ? null
        : Math.max(0, target - (actual ?? 0)) / remainingDays,
  };
}
