import { describe, expect, it } from 'vitest';
import { grainOf, isRunning, periodBounds, periodsBetween, sameLastYear, shiftPeriod } from './periods';

describe('period labels the pickers move between', () => {
  it('steps months, quarters and years across year ends', () => {
    expect(shiftPeriod('2025-01', -1)).toBe('2024-12');
    expect(shiftPeriod('2024-12', 1)).toBe('2025-01');
    expect(shiftPeriod('2025-Q1', -1)).toBe('2024-Q4');
    expect(shiftPeriod('2025-Q4', 1)).toBe('2026-Q1');
    expect(shiftPeriod('2025', -1)).toBe('2024');
  });

  it('moves a custom range by its own length', () => {
    expect(shiftPeriod('2025-01-01..2025-01-10', -1)).toBe('2024-12-22..2024-12-31');
    expect(shiftPeriod('2025-01-01..2025-01-10', 1)).toBe('2025-01-11..2025-01-20');
  });

  it('knows the same period last year, leap days included', () => {
    expect(sameLastYear('2025-03')).toBe('2024-03');
    expect(sameLastYear('2025-Q2')).toBe('2024-Q2');
    expect(sameLastYear('2024-02-01..2024-02-29')).toBe('2023-02-01..2023-02-28');
  });

  it('gives the days of a period, February of a leap year included', () => {
    expect(periodBounds('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodBounds('2025-Q3')).toEqual({ from: '2025-07-01', to: '2025-09-30' });
    expect(grainOf('FY2025')).toBeNull();
  });

  it('offers every period between the first and last day with data, newest first', () => {
    expect(periodsBetween('quarter', '2024-11-15', '2025-04-02')).toEqual(['2025-Q2', '2025-Q1', '2024-Q4']);
    expect(periodsBetween('month', '2025-01-31', '2025-03-01')).toEqual(['2025-03', '2025-02', '2025-01']);
    expect(periodsBetween('year', '1990-01-01', '2100-12-31')).toHaveLength(111);
  });

  it('a period is running while today is inside it', () => {
    expect(isRunning('2026-11', '2026-11-30')).toBe(true);
    expect(isRunning('2026-11', '2026-12-01')).toBe(false);
  });
});
