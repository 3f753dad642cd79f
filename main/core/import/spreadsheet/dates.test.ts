import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayFromIso, isoFromDay } from '../../../../shared/kpi/periods.js';
import { isBuiltinDateFormat, isDateFormatCode, serialToDay } from './dates.js';

const iso = (serial: number, date1904 = false): string | null => {
  const day = serialToDay(serial, date1904);
  return day === null ? null : isoFromDay(day);
};

describe('serialToDay', () => {
  it('follows Excel around the phantom 1900-02-29', () => {
    expect(iso(0)).toBe('1899-12-31');
    expect(iso(1)).toBe('1900-01-01');
    expect(iso(59)).toBe('1900-02-28');
    expect(iso(60)).toBe('1900-02-28');
    expect(iso(61)).toBe('1900-03-01');
    expect(iso(25_569)).toBe('1970-01-01');
    expect(iso(43_468)).toBe('2019-01-03');
    expect(iso(2_958_465)).toBe('9999-12-31');
  });

  it('drops the time of day, rounding float noise at midnight to the next day', () => {
    expect(iso(43_468.999)).toBe('2019-01-03');
    expect(iso(43_468.99999999999)).toBe('2019-01-04');
    expect(iso(61.5)).toBe('1900-03-01');
  });

  it('counts the 1904 system from 1904-01-01', () => {
    expect(iso(0, true)).toBe('1904-01-01');
    expect(iso(59, true)).toBe('1904-02-29');
    expect(iso(43_468 - 1462, true)).toBe('2019-01-03');
  });

  it('gives no date for serials Excel cannot show', () => {
    expect(serialToDay(-1, false)).toBeNull();
    expect(serialToDay(2_958_466, false)).toBeNull();
    expect(serialToDay(2_958_465 - 1461, true)).toBeNull();
    expect(serialToDay(Number.NaN, false)).toBeNull();
    expect(serialToDay(Infinity, true)).toBeNull();
  });

  it('agrees between the two systems and with the calendar from 1900-03-01 on', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1462, max: 2_958_465 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (serial, time) => {
          const day = serialToDay(serial + time, false)!;
          expect(serialToDay(serial - 1462 + time, true)).toBe(day);
          expect(day).toBe(dayFromIso('1899-12-30') + serial);
        },
      ),
    );
  });
});

describe('date formats', () => {
  it('knows the built-in date and time formats', () => {
    const dates = [14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47];
    for (let id = 0; id < 200; id += 1) expect(isBuiltinDateFormat(id), `id ${id}`).toBe(dates.includes(id));
  });

  it.each([
    ['dd/mm/yyyy', true],
    ['d-mmm-yy', true],
    ['mmmm yyyy', true],
    ['yyyy"年"m"月"d"日"', true],
    ['[$-421]dddd, d mmmm yyyy;@', true],
    ['[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy', true],
    ['m/d/yy h:mm AM/PM', true],
    ['h:mm', true],
    ['[h]:mm:ss', true],
    ['General', false],
    ['0', false],
    ['#,##0.00', false],
    ['0.00%', false],
    ['"Rp"#,##0', false],
    ['[$Rp-421]#,##0.00', false],
    ['_("Rp"* #,##0_);_("Rp"* (#,##0);_("Rp"* "-"_);_(@_)', false],
    ['#,##0 "days"', false],
    ['0.0\\d', false],
    ['[Red][<=100]0;[Blue]0', false],
    ['@', false],
    ['0.00E+00', false],
    ['h AM/PM', false],
  ])('%s → %s', (code, expected) => {
    expect(isDateFormatCode(code)).toBe(expected);
  });
});
