import { describe, expect, it } from 'vitest';
import {
  grainOf,
  hasFiscalYears,
  isRunning,
  periodBounds,
  periodOf,
  periodsBetween,
  sameLastYear,
  setFiscalYearStart,
  shiftPeriod,
} from './periods';

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
    expect(grainOf('FY2025-Q1')).toBeNull();
  });

  it('knows fiscal years once the workspace says where they start', () => {
    setFiscalYearStart(4);
    try {
      expect(hasFiscalYears()).toBe(true);
      expect(grainOf('FY2025')).toBe('fiscal');
      // FY2025 starts in April 2025 and ends in March 2026.
      expect(periodBounds('FY2025')).toEqual({ from: '2025-04-01', to: '2026-03-31' });
      expect(periodOf('fiscal', '2026-03-31')).toBe('FY2025');
      expect(periodOf('fiscal', '2026-04-01')).toBe('FY2026');
      expect(shiftPeriod('FY2025', 1)).toBe('FY2026');
      expect(sameLastYear('FY2025')).toBe('FY2024');
      expect(periodsBetween('fiscal', '2025-01-15', '2026-05-01')).toEqual(['FY2026', 'FY2025', 'FY2024']);
    } finally {
      setFiscalYearStart(1);
    }
    expect(hasFiscalYears()).toBe(false);
    expect(periodBounds('FY2025')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
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
