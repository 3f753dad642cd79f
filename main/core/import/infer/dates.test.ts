import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayFromIso, dayFromYmd, isoFromDay, ymdFromDay, type Day } from '../../../../shared/kpi/periods.js';
import {
  type DateOrder,
  dateOrderFromFormat,
  excelSerialToDay,
  inferDateOrder,
  parseDateCell,
  parseDateRangeText,
} from './dates.js';

// Values below are made up; only their shapes follow the real exports described in
// shared/datasets/README.md.

const expectedOf = (r: { ok: true } | { ok: false; expected: string }): string =>
  r.ok ? 'parsed without error' : r.expected;
/** Parsed date as ISO text so failures show dates, not day numbers. */
const date = (text: string, order: DateOrder | null = null): string | null => {
  const r = parseDateCell(text, order);
  if (!r.ok) throw new Error(`'${text}' did not parse: expected ${r.expected}`);
  return r.value === null ? null : isoFromDay(r.value);
};
const range = (text: string, order: DateOrder | null = null): string | null => {
  const r = parseDateRangeText(text, order);
  return r && `${isoFromDay(r.from)}..${isoFromDay(r.to)}`;
};

const DATE = 'a date such as 2025-01-31, 31/01/2025, 31 Januari 2025 or an Excel serial number such as 45688';

describe('dates: Indonesian formats', () => {
  it('reads day/month/year', () => {
    expect(date('31/01/2025')).toBe('2025-01-31');
    expect(date('05/02/2025', 'DMY')).toBe('2025-02-05');
    expect(date('5/2/2025', 'DMY')).toBe('2025-02-05');
    expect(date('05-02-2025', 'DMY')).toBe('2025-02-05');
    expect(date('5.02.2025', 'DMY')).toBe('2025-02-05');
    expect(date('05/02/25', 'DMY')).toBe('2025-02-05');
    expect(date('17/08/1945')).toBe('1945-08-17');
  });

  it('reads Indonesian month names, full and short, with an optional weekday', () => {
    expect(date('8 Juli 2025')).toBe('2025-07-08');
    expect(date('5 Agu 2025')).toBe('2025-08-05');
    expect(date('17 Agustus 2025')).toBe('2025-08-17');
    expect(date('1 Mei 2025')).toBe('2025-05-01');
    expect(date('25 Desember 2024')).toBe('2024-12-25');
    expect(date('3 Okt 2024')).toBe('2024-10-03');
    expect(date('14 Maret 2025')).toBe('2025-03-14');
    expect(date('2 Agt 2025')).toBe('2025-08-02');
    expect(date('9 Des. 2025')).toBe('2025-12-09');
    expect(date('Senin, 6 Januari 2025')).toBe('2025-01-06');
    expect(date("Jum'at, 10 Januari 2025")).toBe('2025-01-10');
    expect(date('12-Feb-2025')).toBe('2025-02-12');
    expect(date('12 Februari 2025 14:30')).toBe('2025-02-12');
  });
});

describe('dates: real export shapes', () => {
  it('ISO with and without a time, never shifted by a zone', () => {
    expect(date('2025-01-03')).toBe('2025-01-03');
    expect(date('2025-01-03 14:22:00')).toBe('2025-01-03');
    expect(date('2025-01-03T10:00:00Z')).toBe('2025-01-03');
    expect(date('2025-01-03T23:30:00-08:00')).toBe('2025-01-03');
    expect(date('2025-01-03T00:30:00+07:00')).toBe('2025-01-03');
    expect(date('2025-01-03 00:00:00.000')).toBe('2025-01-03');
    expect(date('2025/1/3', 'DMY')).toBe('2025-01-03');
    expect(date('2025-01-03', 'MDY')).toBe('2025-01-03');
  });

  it('GA4 compact dates and Excel serials', () => {
    expect(date('20250301')).toBe('2025-03-01');
    expect(date('43468')).toBe('2019-01-03');
    expect(date('45688')).toBe('2025-01-31');
    expect(date('45688.4375')).toBe('2025-01-31');
  });

  it('sales sample: M/D/YYYY H:MM', () => {
    expect(date('3/17/2004 0:00')).toBe('2004-03-17');
    expect(date('11/5/2004 0:00', 'MDY')).toBe('2004-11-05');
    expect(date('02/01/2025 12:00 AM', 'MDY')).toBe('2025-02-01');
  });

  it('UA Dutch day index: dd-mm-yy', () => {
    expect(inferDateOrder(['22-10-14', '23-10-14'])).toMatchObject({ order: 'DMY' });
    expect(date('22-10-14', 'DMY')).toBe('2014-10-22');
    expect(date('05-11-14', 'DMY')).toBe('2014-11-05');
    expect(date('05-11-99', 'DMY')).toBe('1999-11-05');
    expect(date('05-11-69', 'DMY')).toBe('2069-11-05');
    expect(date('05-11-70', 'DMY')).toBe('1970-11-05');
  });

  it('A/B test: D.MM.YYYY with no leading zero on the day', () => {
    const column = ['3.09.2019', '4.09.2019', '21.09.2019'];
    expect(inferDateOrder(column)).toEqual({
      order: 'DMY',
      evidence: '"21.09.2019" can only be day/month/year',
      ambiguous: false,
      conflict: false,
    });
    expect(column.map((t) => date(t, 'DMY'))).toEqual(['2019-09-03', '2019-09-04', '2019-09-21']);
  });

  it('thecleverprogrammer: DD/MM/YYYY that a US-first reader would misread', () => {
    const column = ['01/07/2022', '02/07/2022', '15/07/2022'];
    expect(inferDateOrder(column).order).toBe('DMY');
    expect(date('02/07/2022', 'DMY')).toBe('2022-07-02');
  });

  it('daily visitors: M/D/YYYY mixed with MM-DD-YYYY in one column', () => {
    const column = ['10/29/2015', '11-02-2015', '11-03-2015'];
    expect(inferDateOrder(column)).toMatchObject({
      order: 'MDY',
      evidence: '"10/29/2015" can only be month/day/year',
    });
    expect(column.map((t) => date(t, 'MDY'))).toEqual(['2015-10-29', '2015-11-02', '2015-11-03']);
  });

  it('English month names', () => {
    expect(date('July 8, 2025')).toBe('2025-07-08');
    expect(date('Jan 5, 2024')).toBe('2024-01-05');
    expect(date('Sept. 9, 2024')).toBe('2024-09-09');
    expect(date('March 3rd, 2025')).toBe('2025-03-03');
    expect(date('Tuesday, July 8, 2025')).toBe('2025-07-08');
    expect(date('8 July 2025')).toBe('2025-07-08');
    expect(date('08-Jul-25')).toBe('2025-07-08');
  });

  it('null spellings', () => {
    for (const t of ['', '  ', ' --', '-', '—', 'N/A', '(not set)']) expect(date(t)).toBe(null);
  });
});

describe('parseDateCell errors', () => {
  it('names the expected shape', () => {
    expect(expectedOf(parseDateCell('31/02/2025', null))).toBe(
      'a real calendar date (there is no day 31 in February 2025)',
    );
    expect(expectedOf(parseDateCell('31/02/2025', 'DMY'))).toBe(
      'a real calendar date in day/month/year order (there is no day 31 in February 2025)',
    );
    expect(expectedOf(parseDateCell('02/30/2025', null))).toBe(
      'a real calendar date (there is no day 30 in February 2025)',
    );
    expect(expectedOf(parseDateCell('01/13/2025', 'DMY'))).toBe(
      'a real calendar date in day/month/year order (there is no month 13)',
    );
    expect(expectedOf(parseDateCell('13/01/2025', 'MDY'))).toBe(
      'a real calendar date in month/day/year order (there is no month 13)',
    );
    expect(expectedOf(parseDateCell('25-13-01', 'YMD'))).toBe(
      'a real calendar date in year-month-day order (there is no month 13)',
    );
    expect(expectedOf(parseDateCell('2025-02-29', null))).toBe(
      'a real calendar date (there is no day 29 in February 2025)',
    );
    expect(expectedOf(parseDateCell('0000-01-01', null))).toBe('a real calendar date (there is no year 0)');
    expect(expectedOf(parseDateCell('31 Juni 2025', null))).toBe(
      'a real calendar date (there is no day 31 in June 2025)',
    );
    expect(expectedOf(parseDateCell('03/04/2025', null))).toBe(
      'a date whose day/month order is known ("03/04/2025" could be 3 April 2025 or 4 March 2025); set --date-format DD/MM/YYYY or MM/DD/YYYY',
    );
    expect(expectedOf(parseDateCell('2025', null))).toBe(
      'a date; a plain number is read as an Excel serial only from 10000 to 100000',
    );
    expect(expectedOf(parseDateCell('60', null))).toBe(
      'a date; a plain number is read as an Excel serial only from 10000 to 100000',
    );
    for (const t of ['tomorrow', 'Jun 14 - Jun 20', '5 Foo 2025', 'Senin 5', '1/2/345', '2025-01-03 later']) {
      expect(expectedOf(parseDateCell(t, null))).toBe(DATE);
    }
  });

  it('reads self-settling values whatever the order, and day = month values without one', () => {
    expect(date('13/01/2025', null)).toBe('2025-01-13');
    expect(date('01/13/2025', null)).toBe('2025-01-13');
    expect(date('04/04/2025', null)).toBe('2025-04-04');
    expect(date('13/01/2025', 'YMD')).toBe('2025-01-13');
    expect(date('25-01-13', 'YMD')).toBe('2025-01-13');
  });
});

describe('inferDateOrder', () => {
  it('decides from ISO values and from parts above 12', () => {
    expect(inferDateOrder(['2025-01-03', '2025-01-04 10:00:00'])).toEqual({
      order: 'YMD',
      evidence: '"2025-01-03" is year-month-day',
      ambiguous: false,
      conflict: false,
    });
    expect(inferDateOrder(['20250201'])).toMatchObject({ order: 'YMD' });
    expect(inferDateOrder(['01/02/2025', '25/02/2025'])).toMatchObject({ order: 'DMY' });
    expect(inferDateOrder(['01/02/2025', '02/25/2025'])).toMatchObject({ order: 'MDY' });
    expect(inferDateOrder(['2025-01-03', '25/02/2025'])).toMatchObject({ order: 'DMY' });
  });

  it('reports conflicting values as ambiguous naming both', () => {
    expect(inferDateOrder(['13/01/2025', '05/05/2025', '01/13/2025'])).toEqual({
      order: null,
      evidence: '"13/01/2025" can only be day/month/year but "01/13/2025" can only be month/day/year',
      ambiguous: true,
      conflict: true,
    });
  });

  it('calls an undecided column ambiguous only when a value depends on the order', () => {
    expect(inferDateOrder(['03/04/2025', '01/01/2025'])).toEqual({
      order: null,
      evidence:
        '"03/04/2025" could be day/month/year or month/day/year and no value in the column settles it',
      ambiguous: true,
      conflict: false,
    });
    expect(inferDateOrder(['2025-01-03', '03/04/2025'])).toMatchObject({ order: null, ambiguous: true });
    for (const column of [[], ['', ' --'], ['01/01/2025', '12/12/2025'], ['8 Juli 2025', '45688']]) {
      expect(inferDateOrder(column)).toEqual({
        order: null,
        evidence: null,
        ambiguous: false,
        conflict: false,
      });
    }
  });

  it('ignores values that are no real date under either reading', () => {
    expect(inferDateOrder(['31/02/2025', '13/01/2025'])).toMatchObject({ order: 'DMY', conflict: false });
  });
});

describe('excelSerialToDay', () => {
  const iso = (serial: number, system: 1900 | 1904 = 1900): string =>
    isoFromDay(excelSerialToDay(serial, system));

  it('counts the 1900 system with its fake leap day', () => {
    expect(iso(1)).toBe('1900-01-01');
    expect(iso(59)).toBe('1900-02-28');
    expect(iso(61)).toBe('1900-03-01');
    expect(iso(25569)).toBe('1970-01-01');
    expect(iso(43468)).toBe('2019-01-03');
    expect(iso(43468.999)).toBe('2019-01-03');
    expect(iso(2958465)).toBe('9999-12-31');
  });

  it('counts the 1904 system from 1904-01-01', () => {
    expect(iso(0, 1904)).toBe('1904-01-01');
    expect(iso(42006, 1904)).toBe('2019-01-03');
    expect(iso(2957003, 1904)).toBe('9999-12-31');
  });

  it('throws for serials that name no day', () => {
    expect(() => excelSerialToDay(60)).toThrow(
      'Excel serial 60 is 29 February 1900, a day that did not exist',
    );
    expect(() => excelSerialToDay(0)).toThrow('Invalid Excel serial 0: expected 1 to 2958465');
    expect(() => excelSerialToDay(2958466)).toThrow('Invalid Excel serial 2958466: expected 1 to 2958465');
    expect(() => excelSerialToDay(-1, 1904)).toThrow('Invalid Excel 1904 serial -1: expected 0 to 2957003');
    expect(() => excelSerialToDay(Number.NaN)).toThrow('Invalid Excel serial NaN: expected a finite number');
  });
});

describe('parseDateRangeText', () => {
  it('reads the title lines of real exports', () => {
    expect(range('March 3, 2025 - March 30, 2025')).toBe('2025-03-03..2025-03-30');
    expect(range('"March 3, 2025 - March 30, 2025"')).toBe('2025-03-03..2025-03-30');
    expect(range('03/01/2025 12:00 AM - 05/06/2025 11:59 PM')).toBe('2025-03-01..2025-05-06');
    expect(range('# 20150301-20150331')).toBe('2015-03-01..2015-03-31');
    expect(range('20150301 - 20150331')).toBe('2015-03-01..2015-03-31');
    expect(range('2025-01-01..2025-03-31')).toBe('2025-01-01..2025-03-31');
    expect(range('2025-01-01 - 2025-03-31')).toBe('2025-01-01..2025-03-31');
  });

  it('reads Indonesian ranges and ranges that share a month or year', () => {
    expect(range('1 Juli 2025 - 31 Juli 2025')).toBe('2025-07-01..2025-07-31');
    expect(range('1 Juli 2025 s/d 31 Juli 2025')).toBe('2025-07-01..2025-07-31');
    expect(range('1 Juli 2025 sampai 31 Juli 2025')).toBe('2025-07-01..2025-07-31');
    expect(range('01/07/2025 - 31/07/2025')).toBe('2025-07-01..2025-07-31');
    expect(range('8 - 31 Juli 2025')).toBe('2025-07-08..2025-07-31');
    expect(range('8 Juli - 3 Agustus 2025')).toBe('2025-07-08..2025-08-03');
    expect(range('July 8 - 31, 2025')).toBe('2025-07-08..2025-07-31');
    expect(range('Dec 28 - Jan 3, 2026')).toBe('2025-12-28..2026-01-03');
    expect(range('Date range: 1 Mei 2025 – 7 Mei 2025')).toBe('2025-05-01..2025-05-07');
  });

  it('uses a given order for undecided ends, month first otherwise', () => {
    expect(range('03/01/2025 - 05/06/2025')).toBe('2025-03-01..2025-05-06');
    expect(range('03/01/2025 - 05/06/2025', 'DMY')).toBe('2025-01-03..2025-06-05');
    expect(range('03/01/2025 - 25/01/2025', 'MDY')).toBe('2025-01-03..2025-01-25');
  });

  it('returns null for texts that are no range', () => {
    for (const t of [
      'All time',
      'Campaign report',
      '# Start date: 20250201',
      'Jun 14 - Jun 20',
      '2025-03-31 - 2025-01-01',
      '13/01/2025 - 01/13/2025',
      '',
      ' - ',
    ]) {
      expect(range(t)).toBe(null);
    }
  });
});

describe('dateOrderFromFormat', () => {
  it('reads --date-format texts', () => {
    expect(dateOrderFromFormat('DD/MM/YYYY')).toBe('DMY');
    expect(dateOrderFromFormat('dd-mm-yy')).toBe('DMY');
    expect(dateOrderFromFormat('D.MM.YYYY')).toBe('DMY');
    expect(dateOrderFromFormat('MM/DD/YYYY')).toBe('MDY');
    expect(dateOrderFromFormat('M/D/YYYY')).toBe('MDY');
    expect(dateOrderFromFormat('YYYY-MM-DD')).toBe('YMD');
    expect(dateOrderFromFormat('HH/BB/TTTT')).toBe('DMY');
    expect(dateOrderFromFormat('YYYY/DD/MM')).toBe(null);
    expect(dateOrderFromFormat('banana')).toBe(null);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

interface DateStyle {
  order: DateOrder;
  separator: '/' | '-' | '.';
  padded: boolean;
  shortYear: boolean;
  time: string;
}

const dateStyle = fc
  .record({
    order: fc.constantFrom<DateOrder>('YMD', 'DMY', 'MDY'),
    separator: fc.constantFrom<'/' | '-' | '.'>('/', '-', '.'),
    padded: fc.boolean(),
    shortYear: fc.boolean(),
    time: fc.constantFrom(
      '',
      ' 0:00',
      ' 14:22:00',
      ' 12:00 AM',
      ' 11:59 PM',
      'T10:00:00Z',
      'T23:59:59+07:00',
    ),
  })
  .map((s): DateStyle => ({ ...s, shortYear: s.shortYear && s.order !== 'YMD' }));

function formatDate(day: Day, s: DateStyle): string {
  const { year, month, day: d } = ymdFromDay(day);
  const p = (n: number): string => (s.padded ? pad(n, 2) : String(n));
  const y = s.shortYear ? pad(year % 100, 2) : pad(year, 4);
  const parts =
    s.order === 'YMD' ? [y, p(month), p(d)] : s.order === 'DMY' ? [p(d), p(month), y] : [p(month), p(d), y];
  return parts.join(s.separator) + s.time;
}

// Two-digit years read 00–69 as 2000s and 70–99 as 1900s, so this window round-trips either way.
const anyDay = fc.integer({ min: dayFromYmd(1970, 1, 1), max: dayFromYmd(2069, 12, 31) });
const decisiveDay = fc
  .record({
    year: fc.integer({ min: 1970, max: 2069 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 13, max: 28 }),
  })
  .map(({ year, month, day }) => dayFromYmd(year, month, day));

const englishMonths = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const indonesianMonths = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];
const indonesianShort = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];

describe('properties: dates', () => {
  it('a column formatted in one order infers that order and parses back to the same days', () => {
    fc.assert(
      fc.property(
        dateStyle,
        fc.array(anyDay, { maxLength: 20 }),
        decisiveDay,
        fc.nat(),
        (style, days, special, at) => {
          days.splice(at % (days.length + 1), 0, special);
          const column = days.map((d) => formatDate(d, style));
          const inferred = inferDateOrder(column);
          expect(inferred.order, column.join(' | ')).toBe(style.order);
          expect(inferred.ambiguous).toBe(false);
          for (const [i, text] of column.entries()) {
            const r = parseDateCell(text, inferred.order);
            expect(r.ok && r.value !== null && isoFromDay(r.value), text).toBe(isoFromDay(days[i]!));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('a date whose parts settle the order parses back without any order', () => {
    fc.assert(
      fc.property(dateStyle, decisiveDay, (style, day) => {
        const text = formatDate(day, style);
        expect(date(text, null), text).toBe(isoFromDay(day));
      }),
    );
  });

  it('month names parse back under any order', () => {
    fc.assert(
      fc.property(
        anyDay,
        fc.constantFrom(
          englishMonths,
          indonesianMonths,
          indonesianShort,
          englishMonths.map((m) => m.slice(0, 3)),
        ),
        fc.constantFrom('day-first', 'month-first', 'excel'),
        fc.constantFrom<DateOrder | null>(null, 'YMD', 'DMY', 'MDY'),
        (day, names, layout, order) => {
          const { year, month, day: d } = ymdFromDay(day);
          const name = names[month - 1]!;
          const text =
            layout === 'day-first'
              ? `${d} ${name} ${year}`
              : layout === 'month-first'
                ? `${name} ${d}, ${year}`
                : `${pad(d, 2)}-${name.slice(0, 3)}-${pad(year % 100, 2)}`;
          expect(date(text, order), text).toBe(isoFromDay(day));
        },
      ),
    );
  });

  it('Excel serials and compact dates parse back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10000, max: 100000 }), fc.boolean(), (serial, fraction) => {
        const day = excelSerialToDay(serial);
        expect(date(fraction ? `${serial}.5` : String(serial))).toBe(isoFromDay(day));
        expect(date(isoFromDay(day).replace(/-/g, ''))).toBe(isoFromDay(day));
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2957003 }), (serial) => {
        expect(excelSerialToDay(serial, 1904) - excelSerialToDay(serial)).toBe(1462);
      }),
    );
  });
});

// Keep day-number helpers honest where the tests above lean on them.
it('test helpers agree with the period module', () => {
  expect(dayFromIso('2019-01-03')).toBe(excelSerialToDay(43468));
});
