import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Day,
  type Grain,
  type Period,
  type PeriodSettings,
  PeriodError,
  dayFromIso,
  dayFromYmd,
  daysIn,
  daysInMonth,
  elapsedFraction,
  isoFromDay,
  isoWeekOfDay,
  isoWeeksInYear,
  overlapDays,
  parsePeriod,
  periodContaining,
  previousPeriod,
  remainingDays,
  samePeriodLastYear,
  splitPeriod,
  countPeriods,
  weekStarts,
  weekdayOfDay,
  ymdFromDay,
} from './periods.js';

const cal: PeriodSettings = { fiscalYearStartMonth: 1 };
const april: PeriodSettings = { fiscalYearStartMonth: 4 };
const grains: Grain[] = ['day', 'week', 'month', 'quarter', 'year'];
const forms = '2026-03-15, 2026-W09, 2026-03, 2026-Q1, 2026, FY2026, FY2026-Q1 or 2026-01-01..2026-03-31';

const d = dayFromIso;
/** A period as readable text, so failures show dates instead of day numbers. */
const show = (p: Period): string =>
  `${p.label} ${isoFromDay(p.from)}..${isoFromDay(p.to)}${p.fiscal ? ' fiscal' : ''}${p.partial ? ' partial' : ''}`;
const parse = (text: string, settings = cal): string => show(parsePeriod(text, settings));
const containing = (iso: string, grain: Grain, settings = cal, fiscal = false): string =>
  show(periodContaining(d(iso), grain, settings, fiscal));
const split = (text: string, grain: Grain, settings = cal, fiscal?: boolean): string[] =>
  splitPeriod(parsePeriod(text, settings), grain, settings, fiscal).map(show);
const previous = (text: string, settings = cal): string =>
  show(previousPeriod(parsePeriod(text, settings), settings));
const lastYear = (text: string, settings = cal): string =>
  show(samePeriodLastYear(parsePeriod(text, settings), settings));

const MIN_DAY = dayFromYmd(1900, 1, 1);
const MAX_DAY = dayFromYmd(2200, 12, 31);
const anyDay = fc.integer({ min: MIN_DAY, max: MAX_DAY });
const anySettings = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom(...weekStarts))
  .map(([m, weekStart]): PeriodSettings => ({ fiscalYearStartMonth: m, weekStart }));
const anyGrain = fc.constantFrom(...grains);

describe('day numbers', () => {
  it('counts from 1970-01-01', () => {
    expect(d('1970-01-01')).toBe(0);
    expect(d('1970-01-02')).toBe(1);
    expect(d('1969-12-31')).toBe(-1);
    expect(d('2000-03-01')).toBe(11017);
    expect(d('2026-03-15')).toBe(20527);
    expect(dayFromYmd(2026, 3, 15)).toBe(20527);
    expect(isoFromDay(20527)).toBe('2026-03-15');
    expect(ymdFromDay(20527)).toEqual({ year: 2026, month: 3, day: 15 });
    expect(isoFromDay(d('0001-01-01'))).toBe('0001-01-01');
    expect(isoFromDay(d('9999-12-31'))).toBe('9999-12-31');
  });

  it('knows leap years', () => {
    expect(isoFromDay(d('2024-02-29') + 1)).toBe('2024-03-01');
    expect(isoFromDay(d('2000-02-29') + 1)).toBe('2000-03-01');
    expect(isoFromDay(d('2023-02-28') + 1)).toBe('2023-03-01');
    expect(isoFromDay(d('1900-02-28') + 1)).toBe('1900-03-01');
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(() => d('2023-02-29')).toThrow(
      "Invalid date '2023-02-29': there is no day 29 in 2023-02, it has 28 days",
    );
    expect(() => d('1900-02-29')).toThrow(/there is no day 29 in 1900-02/);
  });

  it('rejects what is not a date, saying why', () => {
    expect(() => d('2026-02-30')).toThrow(
      "Invalid date '2026-02-30': there is no day 30 in 2026-02, it has 28 days",
    );
    expect(() => d('2026-04-31')).toThrow(/there is no day 31 in 2026-04, it has 30 days/);
    expect(() => d('2026-01-00')).toThrow(/there is no day 00 in 2026-01/);
    expect(() => d('2026-13-01')).toThrow("Invalid date '2026-13-01': there is no month 13");
    expect(() => d('2026-00-01')).toThrow(/there is no month 00/);
    for (const bad of ['2026-3-15', '15/03/2026', '', ' 2026-03-15', '2026-03-15T00:00', 'soon']) {
      expect(() => d(bad)).toThrow(`Invalid date '${bad}': expected YYYY-MM-DD such as 2026-03-15`);
    }
    expect(() => dayFromYmd(2026, 2, 29)).toThrow(RangeError);
    expect(() => dayFromYmd(2026, 1.5, 1)).toThrow(/whole numbers/);
    expect(() => isoFromDay(1.5)).toThrow(/Invalid day number 1.5/);
    expect(() => isoFromDay(dayFromYmd(10000, 1, 1))).toThrow(/outside 0000–9999/);
  });

  it('names weekdays from Monday = 1', () => {
    expect(weekdayOfDay(d('1970-01-01'))).toBe(4);
    expect(weekdayOfDay(d('1969-12-29'))).toBe(1);
    expect(weekdayOfDay(d('2026-03-15'))).toBe(7);
    expect(weekdayOfDay(d('2024-12-30'))).toBe(1);
    expect(weekdayOfDay(d('2026-01-01'))).toBe(4);
  });

  it('round-trips ISO text over 1900–2200', () => {
    fc.assert(fc.property(anyDay, (day) => dayFromIso(isoFromDay(day)) === day));
  });

  it('agrees with Date.UTC on dates, and with getUTCDay on weekdays', () => {
    const msPerDay = 86_400_000;
    const anyYmd = fc
      .record({ year: fc.integer({ min: 100, max: 9999 }), month: fc.integer({ min: 1, max: 12 }) })
      .chain(({ year, month }) =>
        fc.integer({ min: 1, max: daysInMonth(year, month) }).map((day) => ({ year, month, day })),
      );
    fc.assert(
      fc.property(anyYmd, ({ year, month, day }) => {
        expect(dayFromYmd(year, month, day)).toBe(Date.UTC(year, month - 1, day) / msPerDay);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: dayFromYmd(100, 1, 1), max: dayFromYmd(9999, 12, 31) }), (day) => {
        const date = new Date(day * msPerDay);
        expect(ymdFromDay(day)).toEqual({
          year: date.getUTCFullYear(),
          month: date.getUTCMonth() + 1,
          day: date.getUTCDate(),
        });
        expect(weekdayOfDay(day) % 7).toBe(date.getUTCDay());
      }),
    );
  });

  it('knows month lengths the same way Date.UTC does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 9999 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const next = Date.UTC(year, month, 1);
        expect(daysInMonth(year, month)).toBe((next - Date.UTC(year, month - 1, 1)) / 86_400_000);
      }),
    );
  });
});

describe('parsePeriod', () => {
  it('parses every form to canonical labels and inclusive bounds', () => {
    expect(parse('2026-03-15')).toBe('2026-03-15 2026-03-15..2026-03-15');
    expect(parse('2026-W09')).toBe('2026-W09 2026-02-23..2026-03-01');
    expect(parse('2026-03')).toBe('2026-03 2026-03-01..2026-03-31');
    expect(parse('2026-02')).toBe('2026-02 2026-02-01..2026-02-28');
    expect(parse('2024-02')).toBe('2024-02 2024-02-01..2024-02-29');
    expect(parse('2026-Q1')).toBe('2026-Q1 2026-01-01..2026-03-31');
    expect(parse('2026-Q4')).toBe('2026-Q4 2026-10-01..2026-12-31');
    expect(parse('2026')).toBe('2026 2026-01-01..2026-12-31');
    expect(parse('FY2026')).toBe('FY2026 2026-01-01..2026-12-31 fiscal');
    expect(parse('FY2026-Q2')).toBe('FY2026-Q2 2026-04-01..2026-06-30 fiscal');
    expect(parse('2026-01-01..2026-03-31')).toBe('2026-01-01..2026-03-31 2026-01-01..2026-03-31');
    expect(parse('2026-03-15..2026-03-15')).toBe('2026-03-15..2026-03-15 2026-03-15..2026-03-15');
  });

  it('returns the grain and the fiscal flag', () => {
    expect(parsePeriod('2026-03-15', cal)).toEqual({
      label: '2026-03-15',
      grain: 'day',
      fiscal: false,
      from: 20527,
      to: 20527,
    });
    expect(parsePeriod('2026-W09', cal).grain).toBe('week');
    expect(parsePeriod('2026-03', cal).grain).toBe('month');
    expect(parsePeriod('2026-Q1', cal)).toMatchObject({ grain: 'quarter', fiscal: false });
    expect(parsePeriod('FY2026-Q1', cal)).toMatchObject({ grain: 'quarter', fiscal: true });
    expect(parsePeriod('2026', cal)).toMatchObject({ grain: 'year', fiscal: false });
    expect(parsePeriod('FY2026', cal)).toMatchObject({ grain: 'year', fiscal: true });
    expect(parsePeriod('2026-01-01..2026-03-31', cal)).toMatchObject({ grain: 'range', fiscal: false });
    expect(parsePeriod('2026-03', cal).partial).toBeUndefined();
  });

  it('trims whitespace and writes labels canonically', () => {
    expect(parse('  2026-W09\n')).toBe('2026-W09 2026-02-23..2026-03-01');
    expect(parse('\t2026-01-01 .. 2026-01-31 ')).toBe('2026-01-01..2026-01-31 2026-01-01..2026-01-31');
    expect(parse('2026-w09')).toBe('2026-W09 2026-02-23..2026-03-01');
    expect(parse('2026-q3')).toBe('2026-Q3 2026-07-01..2026-09-30');
    expect(parse('fy2026-q1', april)).toBe('FY2026-Q1 2026-04-01..2026-06-30 fiscal');
  });

  it('counts ISO weeks across year ends', () => {
    expect(parse('2020-W53')).toBe('2020-W53 2020-12-28..2021-01-03');
    expect(parse('2026-W53')).toBe('2026-W53 2026-12-28..2027-01-03');
    expect(parse('2025-W01')).toBe('2025-W01 2024-12-30..2025-01-05');
    expect(parse('2026-W01')).toBe('2026-W01 2025-12-29..2026-01-04');
    expect(parse('2021-W01')).toBe('2021-W01 2021-01-04..2021-01-10');
    expect(parse('2015-W53')).toBe('2015-W53 2015-12-28..2016-01-03');
    expect([2004, 2009, 2015, 2020, 2026, 2032].map(isoWeeksInYear)).toEqual([53, 53, 53, 53, 53, 53]);
    expect([2019, 2021, 2022, 2023, 2024, 2025].map(isoWeeksInYear)).toEqual([52, 52, 52, 52, 52, 52]);
    expect(isoWeekOfDay(d('2024-12-30'))).toEqual({ year: 2025, week: 1 });
    expect(isoWeekOfDay(d('2027-01-01'))).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOfDay(d('2021-01-03'))).toEqual({ year: 2020, week: 53 });
  });

  it('reads fiscal years as starting in the configured month of the named year', () => {
    expect(parse('FY2026', april)).toBe('FY2026 2026-04-01..2027-03-31 fiscal');
    expect(parse('FY2026-Q1', april)).toBe('FY2026-Q1 2026-04-01..2026-06-30 fiscal');
    expect(parse('FY2026-Q2', april)).toBe('FY2026-Q2 2026-07-01..2026-09-30 fiscal');
    expect(parse('FY2026-Q3', april)).toBe('FY2026-Q3 2026-10-01..2026-12-31 fiscal');
    expect(parse('FY2026-Q4', april)).toBe('FY2026-Q4 2027-01-01..2027-03-31 fiscal');
    expect(parse('FY2027', april)).toBe('FY2027 2027-04-01..2028-03-31 fiscal');
    const december = { fiscalYearStartMonth: 12 };
    expect(parse('FY2027-Q1', december)).toBe('FY2027-Q1 2027-12-01..2028-02-29 fiscal');
    expect(parse('FY2026', december)).toBe('FY2026 2026-12-01..2027-11-30 fiscal');
    // Calendar forms never depend on the fiscal start.
    expect(parse('2026-Q1', april)).toBe('2026-Q1 2026-01-01..2026-03-31');
    expect(parse('2026', april)).toBe('2026 2026-01-01..2026-12-31');
  });

  it('names the input, lists the accepted forms and says what is wrong', () => {
    const cases: [string, string | undefined][] = [
      ['2026-13', 'there is no month 13'],
      ['2026-00', 'there is no month 00'],
      ['2026-02-30', 'there is no day 30 in 2026-02, it has 28 days'],
      ['2023-02-29', 'there is no day 29 in 2023-02, it has 28 days'],
      ['2026-13-01', 'there is no month 13'],
      ['2021-W53', 'there is no week 53 in 2021, it has 52 ISO weeks'],
      ['2026-W00', 'there is no week 00 in 2026, it has 53 ISO weeks'],
      ['2026-W54', 'there is no week 54 in 2026, it has 53 ISO weeks'],
      ['2026-Q5', 'there is no quarter 5'],
      ['2026-Q0', 'there is no quarter 0'],
      ['FY2026-Q5', 'there is no quarter 5'],
      ['2026-03-31..2026-01-01', 'the range ends before it starts'],
      ['2026-01-01..2026-02-30', 'there is no day 30 in 2026-02, it has 28 days'],
      ['2026-02-30..2026-03-31', 'there is no day 30 in 2026-02, it has 28 days'],
      ['', undefined],
      ['march', undefined],
      ['2026-3', undefined],
      ['26-03', undefined],
      ['2026-W9', undefined],
      ['2026-H1', undefined],
      ['FY26', undefined],
      ['FY2026-03', undefined],
      ['2026-01-01..', undefined],
      ['2026-01..2026-03', undefined],
      ['2026-01-01...2026-03-31', undefined],
      ['20260315', undefined],
    ];
    for (const [input, reason] of cases) {
      const expected = `'${input}' is not a period: expected ${forms}${reason ? ` (${reason})` : ''}`;
      let error: unknown;
      try {
        parsePeriod(input, cal);
      } catch (e) {
        error = e;
      }
      expect(error, input).toBeInstanceOf(PeriodError);
      expect(error).toBeInstanceOf(Error);
      expect((error as PeriodError).message).toBe(expected);
      expect((error as PeriodError).input).toBe(input);
      expect((error as PeriodError).reason).toBe(reason);
      expect((error as PeriodError).name).toBe('PeriodError');
    }
    expect(() => parsePeriod(' 2026-13 ', cal)).toThrow(`'2026-13' is not a period: expected ${forms}`);
  });

  it('refuses a fiscal start month outside 1–12', () => {
    for (const m of [0, 13, 4.5, NaN]) {
      expect(() => parsePeriod('FY2026', { fiscalYearStartMonth: m })).toThrow(
        `Invalid fiscal year start month ${m}: expected a whole number from 1 to 12`,
      );
    }
  });
});

describe('periodContaining', () => {
  it('finds the ISO week, labelled by its ISO year', () => {
    expect(containing('2024-12-30', 'week')).toBe('2025-W01 2024-12-30..2025-01-05');
    expect(containing('2027-01-01', 'week')).toBe('2026-W53 2026-12-28..2027-01-03');
    expect(containing('2021-01-03', 'week')).toBe('2020-W53 2020-12-28..2021-01-03');
    expect(containing('2021-01-04', 'week')).toBe('2021-W01 2021-01-04..2021-01-10');
    expect(containing('2026-03-01', 'week')).toBe('2026-W09 2026-02-23..2026-03-01');
  });

  it('finds days, months, quarters and years', () => {
    expect(containing('2026-03-15', 'day')).toBe('2026-03-15 2026-03-15..2026-03-15');
    expect(containing('2024-02-29', 'month')).toBe('2024-02 2024-02-01..2024-02-29');
    expect(containing('2026-05-31', 'quarter')).toBe('2026-Q2 2026-04-01..2026-06-30');
    expect(containing('2026-12-31', 'year')).toBe('2026 2026-01-01..2026-12-31');
  });

  it('uses FY labels when asked for fiscal quarters and years', () => {
    expect(containing('2027-02-10', 'year', april, true)).toBe('FY2026 2026-04-01..2027-03-31 fiscal');
    expect(containing('2027-02-10', 'quarter', april, true)).toBe('FY2026-Q4 2027-01-01..2027-03-31 fiscal');
    expect(containing('2026-03-31', 'year', april, true)).toBe('FY2025 2025-04-01..2026-03-31 fiscal');
    expect(containing('2026-04-01', 'quarter', april, true)).toBe('FY2026-Q1 2026-04-01..2026-06-30 fiscal');
    expect(containing('2026-02-10', 'year', cal, true)).toBe('FY2026 2026-01-01..2026-12-31 fiscal');
    expect(containing('2027-02-10', 'year', april)).toBe('2027 2027-01-01..2027-12-31');
    expect(containing('2027-02-10', 'month', april, true)).toBe('2027-02 2027-02-01..2027-02-28');
  });

  it('holds the day, and its label parses back to the same period', () => {
    fc.assert(
      fc.property(anyDay, anyGrain, anySettings, fc.boolean(), (day, grain, settings, fiscal) => {
        const p = periodContaining(day, grain, settings, fiscal);
        expect(p.from).toBeLessThanOrEqual(day);
        expect(p.to).toBeGreaterThanOrEqual(day);
        expect(p.grain).toBe(grain);
        expect(p.fiscal).toBe(fiscal && (grain === 'quarter' || grain === 'year'));
        expect(parsePeriod(p.label, settings)).toEqual(p);
      }),
    );
  });

  it('starts every ISO week on a Monday and ends it on a Sunday', () => {
    fc.assert(
      fc.property(anyDay, (day) => {
        const week = periodContaining(day, 'week', cal);
        expect(weekdayOfDay(week.from)).toBe(1);
        expect(weekdayOfDay(week.to)).toBe(7);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 1, max: 53 }), (year, week) => {
        fc.pre(week <= isoWeeksInYear(year));
        const p = parsePeriod(`${year}-W${String(week).padStart(2, '0')}`, cal);
        expect(weekdayOfDay(p.from)).toBe(1);
        expect(daysIn(p)).toBe(7);
        // Week 1 holds the year's first Thursday.
        if (week === 1) expect(ymdFromDay(p.from + 3)).toMatchObject({ year, month: 1 });
      }),
    );
  });

  it('chains ISO years without gaps: the last week of a year is followed by week 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), (year) => {
        const last = parsePeriod(`${year}-W${isoWeeksInYear(year)}`, cal);
        expect(parsePeriod(`${year + 1}-W01`, cal).from).toBe(last.to + 1);
      }),
    );
  });
});

describe('countPeriods', () => {
  it('counts the pieces splitPeriod would build, without building them', () => {
    fc.assert(
      fc.property(
        anyDay,
        fc.integer({ min: 0, max: 1500 }),
        anyGrain,
        anySettings,
        fc.boolean(),
        (from, length, grain, settings, fiscal) => {
          const period = { label: 'x', grain: 'range' as const, fiscal: false, from, to: from + length };
          expect(countPeriods(period, grain, settings, fiscal)).toBe(
            splitPeriod(period, grain, settings, fiscal).length,
          );
        },
      ),
    );
  });

  it('sizes a question over the whole calendar at once', () => {
    const all = parsePeriod('0001-01-01..9999-12-31', cal);
    expect(countPeriods(all, 'day', cal)).toBe(3_652_059);
    expect(countPeriods(all, 'month', cal)).toBe(9999 * 12);
    expect(countPeriods(parsePeriod('FY2025', april), 'quarter', april)).toBe(4);
    expect(countPeriods(parsePeriod('2025', cal), 'week', cal)).toBe(53);
  });
});

describe('splitPeriod', () => {
  it('splits 2025 into ISO weeks, clipping the two weeks that cross the year ends', () => {
    const weeks = splitPeriod(parsePeriod('2025', cal), 'week', cal);
    expect(weeks).toHaveLength(53);
    expect(show(weeks[0]!)).toBe('2025-W01 2025-01-01..2025-01-05 partial');
    expect(show(weeks[1]!)).toBe('2025-W02 2025-01-06..2025-01-12');
    expect(show(weeks[51]!)).toBe('2025-W52 2025-12-22..2025-12-28');
    expect(show(weeks[52]!)).toBe('2026-W01 2025-12-29..2025-12-31 partial');
    expect(weeks[0]).toEqual({
      label: '2025-W01',
      grain: 'week',
      fiscal: false,
      from: d('2025-01-01'),
      to: d('2025-01-05'),
      partial: true,
    });
    expect(weeks[1]!.partial).toBeUndefined();
  });

  it('follows the parent fiscal-ness for quarters and years', () => {
    expect(split('FY2026', 'quarter', april)).toEqual([
      'FY2026-Q1 2026-04-01..2026-06-30 fiscal',
      'FY2026-Q2 2026-07-01..2026-09-30 fiscal',
      'FY2026-Q3 2026-10-01..2026-12-31 fiscal',
      'FY2026-Q4 2027-01-01..2027-03-31 fiscal',
    ]);
    const months = split('FY2026', 'month', april);
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2026-04 2026-04-01..2026-04-30');
    expect(months[11]).toBe('2027-03 2027-03-01..2027-03-31');
    expect(split('FY2026', 'year', april)).toEqual(['FY2026 2026-04-01..2027-03-31 fiscal']);
    expect(split('2026', 'quarter', april)).toEqual([
      '2026-Q1 2026-01-01..2026-03-31',
      '2026-Q2 2026-04-01..2026-06-30',
      '2026-Q3 2026-07-01..2026-09-30',
      '2026-Q4 2026-10-01..2026-12-31',
    ]);
    expect(split('2026', 'month')).toHaveLength(12);
  });

  it('can split a fiscal period by the calendar, or the reverse, when asked', () => {
    expect(split('FY2026', 'year', april, false)).toEqual([
      '2026 2026-04-01..2026-12-31 partial',
      '2027 2027-01-01..2027-03-31 partial',
    ]);
    expect(split('2026', 'quarter', april, true)).toEqual([
      'FY2025-Q4 2026-01-01..2026-03-31 fiscal',
      'FY2026-Q1 2026-04-01..2026-06-30 fiscal',
      'FY2026-Q2 2026-07-01..2026-09-30 fiscal',
      'FY2026-Q3 2026-10-01..2026-12-31 fiscal',
    ]);
  });

  it('returns the enclosing period clipped when the grain is coarser', () => {
    expect(split('2026-03', 'quarter')).toEqual(['2026-Q1 2026-03-01..2026-03-31 partial']);
    expect(split('2026-03-15', 'year')).toEqual(['2026 2026-03-15..2026-03-15 partial']);
    expect(split('2026-03', 'month')).toEqual(['2026-03 2026-03-01..2026-03-31']);
    expect(split('FY2026-Q4', 'year', april)).toEqual(['FY2026 2027-01-01..2027-03-31 fiscal partial']);
    // A week is neither finer nor coarser than a month: it can straddle two.
    expect(split('2026-W09', 'month')).toEqual([
      '2026-02 2026-02-23..2026-02-28 partial',
      '2026-03 2026-03-01..2026-03-01 partial',
    ]);
  });

  it('splits ranges', () => {
    expect(split('2026-01-15..2026-03-31', 'month')).toEqual([
      '2026-01 2026-01-15..2026-01-31 partial',
      '2026-02 2026-02-01..2026-02-28',
      '2026-03 2026-03-01..2026-03-31',
    ]);
    expect(split('2026-01-01..2026-03-31', 'quarter')).toEqual(['2026-Q1 2026-01-01..2026-03-31']);
    expect(split('2026-02-27..2026-03-02', 'day')).toEqual([
      '2026-02-27 2026-02-27..2026-02-27',
      '2026-02-28 2026-02-28..2026-02-28',
      '2026-03-01 2026-03-01..2026-03-01',
      '2026-03-02 2026-03-02..2026-03-02',
    ]);
  });

  const anyRange = fc
    .tuple(anyDay, fc.integer({ min: 0, max: 3 * 366 }))
    .map(([from, length]) => parsePeriod(`${isoFromDay(from)}..${isoFromDay(from + length)}`, cal));
  const anyYear = fc
    .tuple(fc.integer({ min: 1900, max: 2199 }), fc.boolean())
    .map(([year, fiscal]) => `${fiscal ? 'FY' : ''}${year}`);

  const tiles = (parent: Period, pieces: Period[], settings: PeriodSettings): void => {
    expect(pieces.length).toBeGreaterThan(0);
    expect(pieces[0]!.from).toBe(parent.from);
    expect(pieces.at(-1)!.to).toBe(parent.to);
    pieces.forEach((piece, i) => {
      expect(piece.from).toBeLessThanOrEqual(piece.to);
      if (i > 0) expect(piece.from).toBe(pieces[i - 1]!.to + 1);
      const whole = parsePeriod(piece.label, settings);
      const clipped = piece.from !== whole.from || piece.to !== whole.to;
      expect(piece.partial === true).toBe(clipped);
      expect(whole.from).toBeLessThanOrEqual(piece.from);
      expect(whole.to).toBeGreaterThanOrEqual(piece.to);
    });
    expect(pieces.reduce((sum, p) => sum + daysIn(p), 0)).toBe(daysIn(parent));
  };

  it('tiles a random range exactly, for every grain', () => {
    fc.assert(
      fc.property(anyRange, anyGrain, anySettings, fc.boolean(), (range, grain, settings, fiscal) => {
        tiles(range, splitPeriod(range, grain, settings, fiscal), settings);
      }),
    );
  });

  it('tiles a random calendar or fiscal year exactly, for every grain', () => {
    fc.assert(
      fc.property(anyYear, anyGrain, anySettings, (text, grain, settings) => {
        const year = parsePeriod(text, settings);
        const pieces = splitPeriod(year, grain, settings);
        tiles(year, pieces, settings);
        if (grain === 'quarter')
          expect(pieces.map((p) => p.label)).toEqual([1, 2, 3, 4].map((q) => `${text}-Q${q}`));
        if (grain === 'month') expect(pieces.every((p) => !p.partial)).toBe(true);
      }),
    );
  });
});

describe('week start', () => {
  const sunday: PeriodSettings = { fiscalYearStartMonth: 1, weekStart: 'sunday' };
  const saturday: PeriodSettings = { fiscalYearStartMonth: 1, weekStart: 'saturday' };

  it('a Sunday week holds Sunday 2026-02-01 to Saturday 2026-02-07; a Monday week does not', () => {
    expect(containing('2026-02-01', 'week', sunday)).toBe('2026-W06 2026-02-01..2026-02-07');
    expect(containing('2026-02-07', 'week', sunday)).toBe('2026-W06 2026-02-01..2026-02-07');
    expect(containing('2026-02-01', 'week')).toBe('2026-W05 2026-01-26..2026-02-01');
    expect(containing('2026-02-07', 'week')).toBe('2026-W06 2026-02-02..2026-02-08');
    expect(split('2026-02-01..2026-02-07', 'week', sunday)).toEqual(['2026-W06 2026-02-01..2026-02-07']);
    expect(split('2026-02-01..2026-02-07', 'week')).toEqual([
      '2026-W05 2026-02-01..2026-02-01 partial',
      '2026-W06 2026-02-02..2026-02-07 partial',
    ]);
  });

  it('a week label parses back to the same days under the same week start', () => {
    expect(parse('2026-W06', sunday)).toBe('2026-W06 2026-02-01..2026-02-07');
    expect(parse('2026-W06', saturday)).toBe('2026-W06 2026-01-31..2026-02-06');
    expect(parse('2026-W01', sunday)).toBe('2026-W01 2025-12-28..2026-01-03');
    expect(previous('2026-W01', sunday)).toBe('2025-W52 2025-12-21..2025-12-27');
    expect(lastYear('2026-W06', sunday)).toBe('2025-W06 2025-02-02..2025-02-08');
    fc.assert(
      fc.property(anyDay, fc.constantFrom(...weekStarts), (day, weekStart) => {
        const settings = { fiscalYearStartMonth: 1, weekStart };
        const week = periodContaining(day, 'week', settings);
        expect(parsePeriod(week.label, settings)).toEqual(week);
        expect(weekdayOfDay(week.from)).toBe({ monday: 1, sunday: 7, saturday: 6 }[weekStart]);
      }),
    );
  });

  it('refuses a week start it does not know', () => {
    const friday = { fiscalYearStartMonth: 1, weekStart: 'friday' } as unknown as PeriodSettings;
    expect(() => parsePeriod('2026-W06', friday)).toThrow(/week start 'friday'.*monday, sunday, saturday/);
  });
});

describe('previousPeriod', () => {
  it('steps back one period of the same grain', () => {
    expect(previous('2026-03-01')).toBe('2026-02-28 2026-02-28..2026-02-28');
    expect(previous('2024-03-01')).toBe('2024-02-29 2024-02-29..2024-02-29');
    expect(previous('2026-01-01')).toBe('2025-12-31 2025-12-31..2025-12-31');
    expect(previous('2026-W09')).toBe('2026-W08 2026-02-16..2026-02-22');
    expect(previous('2026-W01')).toBe('2025-W52 2025-12-22..2025-12-28');
    expect(previous('2021-W01')).toBe('2020-W53 2020-12-28..2021-01-03');
    expect(previous('2026-01')).toBe('2025-12 2025-12-01..2025-12-31');
    expect(previous('2026-03')).toBe('2026-02 2026-02-01..2026-02-28');
    expect(previous('2026-Q1')).toBe('2025-Q4 2025-10-01..2025-12-31');
    expect(previous('2026-Q3')).toBe('2026-Q2 2026-04-01..2026-06-30');
    expect(previous('2026')).toBe('2025 2025-01-01..2025-12-31');
    expect(previous('FY2026', april)).toBe('FY2025 2025-04-01..2026-03-31 fiscal');
    expect(previous('FY2026-Q1', april)).toBe('FY2025-Q4 2026-01-01..2026-03-31 fiscal');
    expect(previous('FY2026-Q4', april)).toBe('FY2026-Q3 2026-10-01..2026-12-31 fiscal');
  });

  it('gives a range the range of the same length just before it', () => {
    expect(previous('2026-01-01..2026-03-31')).toBe('2025-10-03..2025-12-31 2025-10-03..2025-12-31');
    expect(previous('2026-03-15..2026-03-15')).toBe('2026-03-14..2026-03-14 2026-03-14..2026-03-14');
  });

  it('treats a clipped piece as the whole period its label names', () => {
    const [first] = splitPeriod(parsePeriod('2025', cal), 'week', cal);
    expect(show(previousPeriod(first!, cal))).toBe('2024-W52 2024-12-23..2024-12-29');
    const [half] = splitPeriod(parsePeriod('2026-03-16..2026-04-30', cal), 'month', cal);
    expect(show(previousPeriod(half!, cal))).toBe('2026-02 2026-02-01..2026-02-28');
  });

  it('always ends the day before the period starts', () => {
    fc.assert(
      fc.property(anyDay, anyGrain, anySettings, fc.boolean(), (day, grain, settings, fiscal) => {
        const p = periodContaining(day, grain, settings, fiscal);
        const before = previousPeriod(p, settings);
        expect(before.to).toBe(p.from - 1);
        expect(before).toMatchObject({ grain, fiscal: p.fiscal });
      }),
    );
  });
});

describe('samePeriodLastYear', () => {
  it('shifts each grain back one year', () => {
    expect(lastYear('2026-03-15')).toBe('2025-03-15 2025-03-15..2025-03-15');
    expect(lastYear('2024-02-29')).toBe('2023-02-28 2023-02-28..2023-02-28');
    expect(lastYear('2025-03-01')).toBe('2024-03-01 2024-03-01..2024-03-01');
    expect(lastYear('2026-W09')).toBe('2025-W09 2025-02-24..2025-03-02');
    expect(lastYear('2021-W10')).toBe('2020-W10 2020-03-02..2020-03-08');
    expect(lastYear('2021-W01')).toBe('2020-W01 2019-12-30..2020-01-05');
    expect(lastYear('2026-03')).toBe('2025-03 2025-03-01..2025-03-31');
    expect(lastYear('2026-Q2')).toBe('2025-Q2 2025-04-01..2025-06-30');
    expect(lastYear('2026')).toBe('2025 2025-01-01..2025-12-31');
    expect(lastYear('FY2026', april)).toBe('FY2025 2025-04-01..2026-03-31 fiscal');
    expect(lastYear('FY2026-Q4', april)).toBe('FY2025-Q4 2026-01-01..2026-03-31 fiscal');
  });

  it('falls back to week 52 when the previous ISO year has no week 53', () => {
    expect(lastYear('2026-W53')).toBe('2025-W52 2025-12-22..2025-12-28');
    expect(lastYear('2020-W53')).toBe('2019-W52 2019-12-23..2019-12-29');
    expect(lastYear('2016-W52')).toBe('2015-W52 2015-12-21..2015-12-27');
  });

  it('shifts both ends of a range by a year, 29 February becoming 28 February', () => {
    expect(lastYear('2024-02-29..2024-03-31')).toBe('2023-02-28..2023-03-31 2023-02-28..2023-03-31');
    expect(lastYear('2025-01-01..2025-02-28')).toBe('2024-01-01..2024-02-28 2024-01-01..2024-02-28');
    expect(lastYear('2024-02-28..2024-02-29')).toBe('2023-02-28..2023-02-28 2023-02-28..2023-02-28');
    expect(lastYear('2026-01-01..2026-03-31')).toBe('2025-01-01..2025-03-31 2025-01-01..2025-03-31');
  });

  it('treats a clipped piece as the whole period its label names', () => {
    const pieces = splitPeriod(parsePeriod('2025', cal), 'week', cal);
    expect(show(samePeriodLastYear(pieces.at(-1)!, cal))).toBe('2025-W01 2024-12-30..2025-01-05');
  });

  it('keeps grain and fiscal-ness, and lands about a year earlier', () => {
    fc.assert(
      fc.property(anyDay, anyGrain, anySettings, fc.boolean(), (day, grain, settings, fiscal) => {
        const p = periodContaining(day, grain, settings, fiscal);
        const q = samePeriodLastYear(p, settings);
        expect(q).toMatchObject({ grain, fiscal: p.fiscal });
        expect(parsePeriod(q.label, settings)).toEqual(q);
        // ISO weeks move by 52 or 53 whole weeks; other grains by 365 or 366 days.
        expect(p.from - q.from).toBeGreaterThanOrEqual(364);
        expect(p.from - q.from).toBeLessThanOrEqual(grain === 'week' ? 371 : 366);
      }),
    );
  });
});

describe('pace', () => {
  const march = parsePeriod('2026-03', cal);

  it('counts days in a period', () => {
    expect(daysIn(march)).toBe(31);
    expect(daysIn(parsePeriod('2026-02', cal))).toBe(28);
    expect(daysIn(parsePeriod('2024-02', cal))).toBe(29);
    expect(daysIn(parsePeriod('2024', cal))).toBe(366);
    expect(daysIn(parsePeriod('2026', cal))).toBe(365);
    expect(daysIn(parsePeriod('2026-W09', cal))).toBe(7);
    expect(daysIn(parsePeriod('2026-03-15', cal))).toBe(1);
    expect(daysIn(parsePeriod('FY2026', april))).toBe(365);
    expect(daysIn(parsePeriod('FY2027', april))).toBe(366);
    expect(daysIn(parsePeriod('2026-Q1', cal))).toBe(90);
    expect(daysIn(parsePeriod('2026-01-01..2026-03-31', cal))).toBe(90);
  });

  it('measures the elapsed fraction with today counted as elapsed', () => {
    expect(elapsedFraction(march, d('2026-02-28'))).toBe(0);
    expect(elapsedFraction(march, d('2026-03-01'))).toBe(1 / 31);
    expect(elapsedFraction(march, d('2026-03-10'))).toBe(10 / 31);
    expect(elapsedFraction(march, d('2026-03-30'))).toBe(30 / 31);
    expect(elapsedFraction(march, d('2026-03-31'))).toBe(1);
    expect(elapsedFraction(march, d('2027-01-01'))).toBe(1);
    expect(elapsedFraction(parsePeriod('2026-03-15', cal), d('2026-03-15'))).toBe(1);
  });

  it('counts the days remaining after today', () => {
    expect(remainingDays(march, d('2026-02-28'))).toBe(31);
    expect(remainingDays(march, d('2026-03-01'))).toBe(30);
    expect(remainingDays(march, d('2026-03-10'))).toBe(21);
    expect(remainingDays(march, d('2026-03-31'))).toBe(0);
    expect(remainingDays(march, d('2026-04-01'))).toBe(0);
  });

  it('keeps elapsed and remaining consistent', () => {
    fc.assert(
      fc.property(anyDay, anyGrain, fc.integer({ min: -400, max: 400 }), (day, grain, offset) => {
        const p = periodContaining(day, grain, cal);
        const today = day + offset;
        const fraction = elapsedFraction(p, today);
        expect(fraction).toBeGreaterThanOrEqual(0);
        expect(fraction).toBeLessThanOrEqual(1);
        const elapsed = overlapDays(p.from, p.to, Number.MIN_SAFE_INTEGER, today);
        expect(elapsed + remainingDays(p, today)).toBe(daysIn(p));
        expect(fraction).toBeCloseTo(elapsed / daysIn(p), 12);
      }),
    );
  });

  it('counts overlapping days of inclusive ranges', () => {
    const o = (a: string, b: string, c: string, e: string): number => overlapDays(d(a), d(b), d(c), d(e));
    expect(o('2026-01-01', '2026-01-31', '2026-01-15', '2026-02-15')).toBe(17);
    expect(o('2026-01-15', '2026-02-15', '2026-01-01', '2026-01-31')).toBe(17);
    expect(o('2026-01-01', '2026-01-31', '2026-01-31', '2026-02-28')).toBe(1);
    expect(o('2026-01-01', '2026-01-31', '2026-02-01', '2026-02-28')).toBe(0);
    expect(o('2026-01-01', '2026-12-31', '2026-03-01', '2026-03-31')).toBe(31);
    expect(o('2026-03-01', '2026-03-31', '2026-01-01', '2026-12-31')).toBe(31);
    expect(o('2026-03-10', '2026-03-01', '2026-01-01', '2026-12-31')).toBe(0);
  });

  it('spreads a range over the periods it overlaps without losing a day', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 0, max: 800 }), anyGrain, (from, length, grain) => {
        const to: Day = from + length;
        const range = parsePeriod(`${isoFromDay(from)}..${isoFromDay(to)}`, cal);
        const covering = splitPeriod(range, grain, cal).map((p) => parsePeriod(p.label, cal));
        const spread = covering.reduce((sum, p) => sum + overlapDays(from, to, p.from, p.to), 0);
        expect(spread).toBe(length + 1);
      }),
    );
  });
});
