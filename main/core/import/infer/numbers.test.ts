import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DecimalMark,
  combineDecimalMarks,
  inferCountMark,
  inferDecimalMark,
  isNumberAmbiguous,
  parseDurationCell,
  parseMoneyCell,
  parseNumberCell,
} from './numbers.js';

// Values below are made up; only their shapes follow the real exports described in
// shared/datasets/README.md.

const num = (text: string, mark: DecimalMark | null = null): number | null => {
  const r = parseNumberCell(text, mark);
  if (!r.ok) throw new Error(`'${text}' did not parse: expected ${r.expected}`);
  return r.value;
};
const money = (text: string, mark: DecimalMark | null = null): number | bigint | null => {
  const r = parseMoneyCell(text, mark);
  if (!r.ok) throw new Error(`'${text}' did not parse: expected ${r.expected}`);
  return r.value;
};
const expectedOf = (r: { ok: true } | { ok: false; expected: string }): string =>
  r.ok ? 'parsed without error' : r.expected;

const NBSP = '\u00a0';
const NNBSP = '\u202f';

const NUMBER_ANY = 'a number such as 1.234.567,89, 1,234,567.89, Rp 1.234.567 or 45,3%';
const NUMBER_COMMA = "a number with ',' as decimal mark, such as 1.234.567,89, Rp 1.234.567 or 45,3%";
const NUMBER_DOT = "a number with '.' as decimal mark, such as 1,234,567.89, $1,234.50 or 45.3%";
const DURATION = 'a duration such as 00:01:06, 1:06 or 66 (seconds)';

describe('numbers: Indonesian formats', () => {
  it('reads Rupiah amounts with dots as grouping', () => {
    expect(num('Rp 1.234.567')).toBe(1234567);
    expect(num('Rp1.234.567', ',')).toBe(1234567);
    expect(num('Rp. 2.500.000', ',')).toBe(2500000);
    expect(num(`Rp${NBSP}750.000`, ',')).toBe(750000);
    expect(num('IDR 3.100.000')).toBe(3100000);
    expect(num('IDR 3.100.000,75')).toBe(3100000.75);
    expect(num('rp 12.000', ',')).toBe(12000);
    expect(num('125.000 IDR', ',')).toBe(125000);
  });

  it('reads a comma as the decimal mark', () => {
    expect(num('1.234.567,89')).toBe(1234567.89);
    expect(num('12,5')).toBe(12.5);
    expect(num('0,75')).toBe(0.75);
    expect(num('1234,56')).toBe(1234.56);
    expect(num(`1 234 567,89`)).toBe(1234567.89);
    expect(num(`1${NBSP}234,5`)).toBe(1234.5);
    expect(num(`1${NNBSP}234${NNBSP}567`, ',')).toBe(1234567);
  });

  it('reads percentages in percent units', () => {
    expect(parseNumberCell('45,3%', null)).toEqual({ ok: true, value: 45.3, percent: true, currency: null });
    expect(parseNumberCell('12,75 %', ',')).toEqual({
      ok: true,
      value: 12.75,
      percent: true,
      currency: null,
    });
    expect(parseNumberCell('100%', ',')).toEqual({ ok: true, value: 100, percent: true, currency: null });
  });

  it('reads negatives written with a minus or accounting parentheses', () => {
    expect(num('-1.234', ',')).toBe(-1234);
    expect(num('(1.234)', ',')).toBe(-1234);
    expect(num('(Rp 1.500.000)')).toBe(-1500000);
    expect(num('Rp (1.500.000)')).toBe(-1500000);
    expect(num('-Rp 250.000')).toBe(-250000);
    expect(num('Rp -250.000')).toBe(-250000);
    expect(num('\u22125,5')).toBe(-5.5);
    expect(num('+1.234', ',')).toBe(1234);
  });

  it('reads the Indonesian ",-" (no cents) ending, which settles the mark', () => {
    expect(num('Rp 15.000,-')).toBe(15000);
    expect(num('15.000,-')).toBe(15000);
    expect(inferDecimalMark(['Rp 15.000,-', 'Rp 7.500,-'])).toMatchObject({ mark: ',' });
    expect(expectedOf(parseNumberCell('Rp 15.000,-', '.'))).toBe(NUMBER_DOT);
  });

  it('reports which currency was written', () => {
    const currencyOf = (t: string): string | null => {
      const r = parseNumberCell(t, null);
      return r.ok ? r.currency : 'failed';
    };
    expect(currencyOf('Rp 1.000')).toBe('IDR');
    expect(currencyOf('Rp. 1.000')).toBe('IDR');
    expect(currencyOf('IDR 1.000')).toBe('IDR');
    expect(currencyOf('US$ 5,25')).toBe('USD');
    expect(currencyOf('USD 5.25')).toBe('USD');
    expect(currencyOf('$5.25')).toBe('$');
    expect(currencyOf('€5,25')).toBe('EUR');
    expect(currencyOf('5,25 €')).toBe('EUR');
    expect(currencyOf('EUR 5,25')).toBe('EUR');
    expect(currencyOf('£0.25')).toBe('GBP');
    expect(currencyOf('INR 1,200.50')).toBe('INR');
    expect(currencyOf('₹1,200.50')).toBe('INR');
    expect(currencyOf('1200.50')).toBe(null);
  });
});

describe('numbers: real export shapes', () => {
  it('Google Ads: quoted thousands in counts, plain costs, " --" nulls, bounds', () => {
    expect(num('1,234,567')).toBe(1234567);
    expect(num('31,205', '.')).toBe(31205);
    expect(num('3,407.25', '.')).toBe(3407.25);
    expect(num('48210.37')).toBe(48210.37);
    expect(num('0.00')).toBe(0);
    expect(parseNumberCell('3.41%', '.')).toEqual({ ok: true, value: 3.41, percent: true, currency: null });
    expect(parseNumberCell(' --', '.')).toEqual({ ok: true, value: null, percent: false, currency: null });
    expect(parseNumberCell('< 10%', '.')).toEqual({ ok: true, value: null, percent: true, currency: null });
    expect(parseNumberCell('> 90%', '.')).toEqual({ ok: true, value: null, percent: true, currency: null });
    expect(parseNumberCell('< 10%', null)).toEqual({ ok: true, value: null, percent: true, currency: null });
    expect(expectedOf(parseNumberCell('< ten%', '.'))).toBe(NUMBER_DOT);
  });

  it('Google Ads: a file-wide mark settles the count columns that cannot settle it alone', () => {
    const impressions = inferDecimalMark(['31,205', '8,114', '702']);
    const conversions = inferDecimalMark(['18.00', '2,517.40']);
    const cost = inferDecimalMark(['48210.37', '915.2']);
    expect(impressions).toMatchObject({ mark: null, ambiguous: true, conflict: false });
    expect(combineDecimalMarks([impressions, conversions, cost])).toEqual({
      mark: '.',
      evidence: `"18.00" has '.' as decimal mark`,
      ambiguous: false,
      conflict: false,
    });
  });

  it('Meta Ads: long plain decimals, empty "no result" cells', () => {
    expect(num('27410.58')).toBe(27410.58);
    expect(num('1.52731904')).toBe(1.52731904);
    expect(num('0.61842213')).toBe(0.61842213);
    expect(num('')).toBe(null);
    expect(num('   ')).toBe(null);
    expect(inferDecimalMark(['', '1.52731904', '2.1'])).toMatchObject({ mark: '.' });
  });

  it('GA4: raw fractions and seconds, "(not set)"', () => {
    expect(num('0.4817263540182715')).toBe(0.4817263540182715);
    expect(num('57.81250000000001')).toBe(57.81250000000001);
    expect(num('(not set)')).toBe(null);
    expect(parseDurationCell('57.81250000000001', '.')).toEqual({ ok: true, value: 57.81250000000001 });
  });

  it('Universal Analytics, Dutch UI: dot grouping, comma decimals, US$ with NBSP', () => {
    expect(num('3.812', ',')).toBe(3812);
    expect(parseNumberCell('97,45%', null)).toMatchObject({ value: 97.45, percent: true });
    expect(num('1,37')).toBe(1.37);
    expect(parseNumberCell(`US$${NBSP}0,00`, null)).toEqual({
      ok: true,
      value: 0,
      percent: false,
      currency: 'USD',
    });
    expect(money(`US$${NBSP}12,40`)).toBe(124000);
    const sessions = inferDecimalMark(['3.812', '517', '96', '8.046']);
    const bounce = inferDecimalMark(['97,45%', '61,20%', '100,00%']);
    expect(sessions).toEqual({
      mark: null,
      evidence: '"3.812" could be 3.812 or 3812 and no value in the column settles the decimal mark',
      ambiguous: true,
      conflict: false,
    });
    expect(combineDecimalMarks([sessions, bounce])).toMatchObject({ mark: ',', ambiguous: false });
  });

  it('Universal Analytics, English UI: comma grouping, % rates, pound values', () => {
    expect(num('4,081', '.')).toBe(4081);
    expect(parseNumberCell('92.17%', null)).toMatchObject({ value: 92.17, percent: true });
    expect(parseNumberCell('£0.00', null)).toEqual({ ok: true, value: 0, percent: false, currency: 'GBP' });
  });

  it('Search Console: "0%" and decimal positions', () => {
    expect(parseNumberCell('0%', null)).toMatchObject({ value: 0, percent: true });
    expect(parseNumberCell('9.52%', null)).toMatchObject({ value: 9.52, percent: true });
    expect(num('14.6')).toBe(14.6);
  });

  it('daily visitors: a column of quoted thousands alone is ambiguous', () => {
    const column = ['3,518', '2,907', '4,260', '188'];
    expect(inferDecimalMark(column)).toMatchObject({ mark: null, ambiguous: true });
    expect(isNumberAmbiguous(column, null)).toBe(true);
    expect(isNumberAmbiguous(column, '.')).toBe(false);
    expect(expectedOf(parseNumberCell('3,518', null))).toBe(
      'a number whose decimal mark is known ("3,518" could be 3518 or 3.518); set --decimal , or --decimal .',
    );
    expect(num('3,518', '.')).toBe(3518);
    expect(num('3,518', ',')).toBe(3.518);
  });

  it('A/B test and thecleverprogrammer: plain integers need no mark', () => {
    expect(inferDecimalMark(['2311', '1904', '96120'])).toEqual({
      mark: null,
      evidence: null,
      ambiguous: false,
      conflict: false,
    });
    expect(isNumberAmbiguous(['2311', '', '96120'], null)).toBe(false);
    expect(num('96120')).toBe(96120);
  });

  it('Excel scientific notation and other groupings', () => {
    expect(num('1.5E+06')).toBe(1500000);
    expect(num('2,5E-03')).toBe(0.0025);
    expect(num('7e2', '.')).toBe(700);
    expect(num("1'234'567.5")).toBe(1234567.5);
    expect(num('₹12,34,567.50')).toBe(1234567.5);
    expect(num('.5')).toBe(0.5);
    expect(num('-0,00')).toBe(0);
    expect(Object.is(num('-0,00'), -0)).toBe(false);
  });

  it('null spellings', () => {
    for (const t of ['', ' ', ' --', '--', '-', '—', '–', 'N/A', 'n/a', 'NA', '#N/A', '(not set)']) {
      expect(parseNumberCell(t, null)).toEqual({ ok: true, value: null, percent: false, currency: null });
      expect(parseNumberCell(t, ',')).toMatchObject({ ok: true, value: null });
    }
  });
});

describe('inferDecimalMark', () => {
  it('settles the mark from any decisive value', () => {
    expect(inferDecimalMark(['1.234.567'])).toEqual({
      mark: ',',
      evidence: `"1.234.567" has ',' as decimal mark`,
      ambiguous: false,
      conflict: false,
    });
    expect(inferDecimalMark(['1.234.567,89'])).toMatchObject({
      mark: ',',
      evidence: `"1.234.567,89" has ',' as decimal mark`,
    });
    expect(inferDecimalMark(['1.234,56'])).toMatchObject({ mark: ',' });
    expect(inferDecimalMark(['1,234.56'])).toMatchObject({ mark: '.' });
    expect(inferDecimalMark(['1,234,567'])).toMatchObject({ mark: '.' });
    expect(inferDecimalMark(['2,146', '12,5'])).toMatchObject({
      mark: ',',
      evidence: `"12,5" has ',' as decimal mark`,
    });
    expect(inferDecimalMark(['2,146', '12,50'])).toMatchObject({ mark: ',' });
    expect(inferDecimalMark(['2,146', '1,234,567'])).toMatchObject({ mark: '.' });
    expect(inferDecimalMark(['2.146', '0.5'])).toMatchObject({ mark: '.' });
    expect(inferDecimalMark(['2.146', '0,5'])).toMatchObject({ mark: ',' });
    expect(inferDecimalMark(['0,125'])).toMatchObject({ mark: ',' });
    expect(inferDecimalMark(['1234,567'])).toMatchObject({ mark: ',' });
    expect(inferDecimalMark(['3,5%'])).toMatchObject({ mark: ',' });
    expect(inferDecimalMark(['Rp 1.500.000'])).toMatchObject({ mark: ',' });
  });

  it('leaves integer-only and empty columns undecided without calling them ambiguous', () => {
    for (const column of [[], ['', ' --'], ['12', '1 234', '-7'], ['Rp 500', '(20)']]) {
      expect(inferDecimalMark(column)).toEqual({
        mark: null,
        evidence: null,
        ambiguous: false,
        conflict: false,
      });
    }
  });

  it('ignores values that are no number under either mark', () => {
    expect(inferDecimalMark(['40.0.2214.111', 'abc', '12,5'])).toMatchObject({ mark: ',' });
  });

  it('reports disagreeing values as a conflict naming both', () => {
    expect(inferDecimalMark(['1.234,5', '1,234.5', '1,000'])).toEqual({
      mark: null,
      evidence: `"1.234,5" has ',' as decimal mark but "1,234.5" has '.'`,
      ambiguous: true,
      conflict: true,
    });
  });

  it('combines columns only when they agree', () => {
    const comma = inferDecimalMark(['12,5']);
    const dot = inferDecimalMark(['12.5']);
    const undecided = inferDecimalMark(['12']);
    const ambiguous = inferDecimalMark(['1,500']);
    expect(combineDecimalMarks([comma, undecided])).toMatchObject({ mark: ',', ambiguous: false });
    expect(combineDecimalMarks([comma, dot])).toEqual({
      mark: null,
      evidence: `"12,5" has ',' as decimal mark but "12.5" has '.' as decimal mark`,
      ambiguous: false,
      conflict: true,
    });
    expect(combineDecimalMarks([undecided, ambiguous])).toEqual({ ...ambiguous, ambiguous: true });
    expect(combineDecimalMarks([])).toEqual({
      mark: null,
      evidence: null,
      ambiguous: false,
      conflict: false,
    });
  });
});

describe('inferCountMark', () => {
  it('a count is whole: "2,146" is 2146 with a thousands comma, "2.546" is 2546 with a thousands dot', () => {
    expect(inferCountMark(['2,146', '3,621', '152'])).toEqual({
      mark: '.',
      evidence: `',' as thousands separator: a count is whole ("2,146")`,
      ambiguous: false,
      conflict: false,
    });
    expect(inferCountMark(['2.546', '449'])).toMatchObject({ mark: ',', ambiguous: false });
    // Without knowing the column holds a count, the same values settle nothing.
    expect(inferDecimalMark(['2,146', '3,621', '152'])).toMatchObject({ mark: null, ambiguous: true });
  });

  it('values that settle their own mark decide first; values whole either way settle nothing', () => {
    expect(inferCountMark(['2,5', '2,146'])).toMatchObject({ mark: ',' });
    expect(inferCountMark(['1,000', '2,000'])).toMatchObject({ mark: null, ambiguous: true });
    expect(inferCountMark(['1,000', '2,146'])).toMatchObject({ mark: '.' });
    expect(inferCountMark(['12', '7'])).toMatchObject({ mark: null, ambiguous: false });
  });

  it('a column that would need both marks to be whole stays undecided', () => {
    expect(inferCountMark(['2,146', '2.546'])).toMatchObject({ mark: null, ambiguous: true });
  });
});

describe('parseNumberCell errors', () => {
  it('names the expected shape', () => {
    expect(expectedOf(parseNumberCell('1.234.567', '.'))).toBe(NUMBER_DOT);
    expect(expectedOf(parseNumberCell('1,234.56', ','))).toBe(NUMBER_COMMA);
    expect(expectedOf(parseNumberCell('12 apples', null))).toBe(NUMBER_ANY);
    expect(expectedOf(parseNumberCell('1,23,4', null))).toBe(NUMBER_ANY);
    expect(expectedOf(parseNumberCell('12.', '.'))).toBe(NUMBER_DOT);
    expect(expectedOf(parseNumberCell('+-5', null))).toBe(NUMBER_ANY);
    expect(expectedOf(parseNumberCell('Rp', ','))).toBe(NUMBER_COMMA);
    expect(expectedOf(parseNumberCell('Rp 5%', ','))).toBe(NUMBER_COMMA);
    expect(expectedOf(parseNumberCell('1.000 000', ','))).toBe(NUMBER_COMMA);
    expect(expectedOf(parseNumberCell('1E+999', null))).toBe('a finite number');
    expect(expectedOf(parseNumberCell('(1.234)', null))).toBe(
      'a number whose decimal mark is known ("(1.234)" could be -1.234 or -1234); set --decimal , or --decimal .',
    );
  });
});

describe('parseMoneyCell', () => {
  it('computes ten-thousandths from the digits', () => {
    expect(money('1.234.567,89')).toBe(12345678900);
    expect(money('Rp 1.234.567')).toBe(12345670000);
    expect(money('1,234,567.89')).toBe(12345678900);
    expect((money('0,1', ',') as number) + (money('0,2', ',') as number)).toBe(3000);
    expect(money('(Rp 1.500,25)')).toBe(-15002500);
    expect(money('1.5E+06')).toBe(15000000000);
    expect(money('48210.37')).toBe(482103700);
    expect(money(' --')).toBe(null);
    expect(money('< 10', '.')).toBe(null);
  });

  it('keeps four decimals exactly (Superstore writes 22.3680) and rounds more half to even', () => {
    expect(money('22.3680', '.')).toBe(223680);
    expect(money('0,125', ',')).toBe(1250);
    expect(money('-0,125', ',')).toBe(-1250);
    expect(money('0,1249', ',')).toBe(1249);
    expect(money('-0,0004', ',')).toBe(-4);
    expect(money('1,234500000', ',')).toBe(12345);
    // Meta Ads writes 8 places; the fifth decides, exactly half goes to the even fourth.
    expect(money('2236,71510474', ',')).toBe(22_367_151);
    expect(money('0,12345', ',')).toBe(1234);
    expect(money('0,12355', ',')).toBe(1236);
    expect(money('0,123451', ',')).toBe(1235);
    expect(money('-0,12346', ',')).toBe(-1235);
    expect(money('0,99995', ',')).toBe(10_000);
  });

  it('returns a BigInt past 2^53 ten-thousandths (Rp 1 trillion and a fraction)', () => {
    expect(money('Rp 1.000.000.000.000,1234', ',')).toBe(10_000_000_000_001_234n);
    expect(money('1000000000000', '.')).toBe(10_000_000_000_000_000n);
    expect(money('900000000000', '.')).toBe(9_000_000_000_000_000);
  });

  it('refuses percentages and amounts past exact integers', () => {
    expect(expectedOf(parseMoneyCell('45,3%', null))).toBe('an amount of money, not a percentage');
    expect(expectedOf(parseMoneyCell('< 10%', '.'))).toBe('an amount of money, not a percentage');
    expect(expectedOf(parseMoneyCell('1E+20', '.'))).toBe('an amount below 922 trillion');
    expect(expectedOf(parseMoneyCell('2,146', null))).toBe(
      'a number whose decimal mark is known ("2,146" could be 2146 or 2.146); set --decimal , or --decimal .',
    );
    expect(expectedOf(parseMoneyCell('1.234.567', '.'))).toBe(NUMBER_DOT);
  });
});

describe('parseDurationCell', () => {
  it('reads clock durations, unit words and plain seconds', () => {
    expect(parseDurationCell('00:01:06')).toEqual({ ok: true, value: 66 });
    expect(parseDurationCell('1:06')).toEqual({ ok: true, value: 66 });
    expect(parseDurationCell('01:02:03')).toEqual({ ok: true, value: 3723 });
    expect(parseDurationCell('125:00:00')).toEqual({ ok: true, value: 450000 });
    expect(parseDurationCell('12:30,5')).toEqual({ ok: true, value: 750.5 });
    expect(parseDurationCell('66')).toEqual({ ok: true, value: 66 });
    expect(parseDurationCell('66,5', ',')).toEqual({ ok: true, value: 66.5 });
    expect(parseDurationCell('1h 2m 3s')).toEqual({ ok: true, value: 3723 });
    expect(parseDurationCell('2 menit 5 detik')).toEqual({ ok: true, value: 125 });
    expect(parseDurationCell('1 jam')).toEqual({ ok: true, value: 3600 });
    expect(parseDurationCell('')).toEqual({ ok: true, value: null });
    expect(parseDurationCell(' --')).toEqual({ ok: true, value: null });
  });

  it('names the expected shape', () => {
    expect(expectedOf(parseDurationCell('00:61:00'))).toBe(DURATION);
    expect(expectedOf(parseDurationCell('1:6'))).toBe(DURATION);
    expect(expectedOf(parseDurationCell('soon'))).toBe(DURATION);
    expect(expectedOf(parseDurationCell('12%'))).toBe(DURATION);
    expect(expectedOf(parseDurationCell('-5'))).toBe('a duration that is not negative');
    expect(expectedOf(parseDurationCell('1,500'))).toBe(
      'a number whose decimal mark is known ("1,500" could be 1500 or 1.5); set --decimal , or --decimal .',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const digitChar = fc.constantFrom(...'0123456789');
const anyMark = fc.constantFrom<DecimalMark>(',', '.');
const groupingFor = (mark: DecimalMark): string[] => ['', mark === ',' ? '.' : ',', ' ', NBSP, NNBSP, "'"];
const prefixes = [
  '',
  'Rp ',
  'Rp',
  'Rp. ',
  `Rp${NBSP}`,
  'IDR ',
  'US$ ',
  `US$${NBSP}`,
  '$',
  '€',
  '£',
  'INR ',
  '₹',
  'USD ',
  'EUR ',
];
const suffixes = ['', ' €', '€', ' IDR', ' USD', ' EUR', ' Rp'];
const signStyles = ['none', 'minus', 'minus-inside', 'parentheses', 'plus'] as const;

const group = (int: string, g: string): string => (g === '' ? int : int.replace(/\B(?=(\d{3})+$)/g, g));

interface Written {
  int: string;
  frac: string;
  mark: DecimalMark;
  grouping: string;
  prefix: string;
  suffix: string;
  sign: (typeof signStyles)[number];
  percent: boolean;
}

function writtenIn(markArb: fc.Arbitrary<DecimalMark>, frac = fc.string({ unit: digitChar, maxLength: 6 })) {
  return fc
    .record({
      int: fc.bigInt({ min: 0n, max: 10n ** 15n }).map(String),
      frac,
      mark: markArb,
      groupingIndex: fc.nat(5),
      prefix: fc.constantFrom(...prefixes),
      suffix: fc.constantFrom(...suffixes),
      sign: fc.constantFrom(...signStyles),
      percent: fc.boolean(),
    })
    .map(({ groupingIndex, ...w }): Written => {
      const currency = w.prefix !== '' || w.suffix !== '';
      return {
        ...w,
        // Amounts with a currency never have three decimals (see readBoth in infer.ts).
        frac: currency && w.frac.length === 3 ? `${w.frac}0` : w.frac,
        grouping: groupingFor(w.mark)[groupingIndex]!,
        // One currency at most, and never together with `%`.
        suffix: w.prefix !== '' ? '' : w.suffix,
        percent: w.percent && !currency,
      };
    });
}

const written = writtenIn(anyMark);

function format(w: Written): string {
  const core = `${group(w.int, w.grouping)}${w.frac ? w.mark + w.frac : ''}`;
  const body = `${w.prefix}${core}${w.suffix}${w.percent ? '%' : ''}`;
  switch (w.sign) {
    case 'minus':
      return `-${body}`;
    case 'minus-inside':
      return `${w.prefix}-${core}${w.suffix}${w.percent ? '%' : ''}`;
    case 'parentheses':
      return `(${body})`;
    case 'plus':
      return `+${body}`;
    default:
      return body;
  }
}

const isNegative = (w: Written): boolean =>
  w.sign === 'minus' || w.sign === 'minus-inside' || w.sign === 'parentheses';
const truth = (w: Written): number => {
  const v = Number(`${isNegative(w) ? '-' : ''}${w.int}.${w.frac || '0'}`);
  return v === 0 ? 0 : v;
};

const AMBIGUOUS_NUMBER = 'a number whose decimal mark is known';

describe('properties: numbers', () => {
  it('a formatted number parses back with its mark', () => {
    fc.assert(
      fc.property(written, (w) => {
        const text = format(w);
        const r = parseNumberCell(text, w.mark);
        expect(r, text).toMatchObject({ ok: true, value: truth(w), percent: w.percent });
      }),
      { numRuns: 2000 },
    );
  });

  it('without a mark a formatted number parses back or is refused as ambiguous, never misread', () => {
    fc.assert(
      fc.property(written, (w) => {
        const text = format(w);
        const r = parseNumberCell(text, null);
        if (r.ok) expect(r.value, text).toBe(truth(w));
        else expect(r.expected.startsWith(AMBIGUOUS_NUMBER), `${text}: ${r.expected}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('Excel scientific notation parses back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.string({ unit: digitChar, minLength: 1, maxLength: 8 }),
        fc.integer({ min: -20, max: 20 }),
        anyMark,
        fc.constantFrom('E', 'e'),
        (lead, frac, exp, mark, e) => {
          const sign = exp < 0 ? '-' : '+';
          const text = `${lead}${mark}${frac}${e}${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
          expect(num(text, mark), text).toBe(Number(`${lead}.${frac}e${exp}`));
        },
      ),
    );
  });

  it('money parses back exactly in cents', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(9n * 10n ** 15n), max: 9n * 10n ** 15n }),
        written,
        fc.boolean(),
        (cents, style, cutZeroCents) => {
          const abs = cents < 0n ? -cents : cents;
          const frac = String(abs % 100n).padStart(2, '0');
          const w: Written = {
            ...style,
            int: String(abs / 100n),
            frac: cutZeroCents && frac === '00' ? '' : frac,
            sign: cents < 0n ? (style.sign === 'parentheses' ? 'parentheses' : 'minus') : 'none',
            percent: false,
          };
          const text = format(w);
          const e4 = cents * 100n;
          const value = e4 >= -(2n ** 53n) + 1n && e4 < 2n ** 53n ? Number(e4) : e4;
          expect(parseMoneyCell(text, w.mark), text).toEqual({ ok: true, value });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('money keeps every one of four decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), anyMark, (e4, mark) => {
        const abs = e4 < 0n ? -e4 : e4;
        const text = `${e4 < 0n ? '-' : ''}${abs / 10000n}${mark}${String(abs % 10000n).padStart(4, '0')}`;
        const want = e4 >= -(2n ** 53n) + 1n && e4 < 2n ** 53n ? Number(e4) : e4;
        expect(money(text, mark), text).toBe(want);
      }),
    );
  });

  it('a column with one decisive value infers the mark it was written with', () => {
    // A fraction of other than three digits can only be a fraction under the mark it was written with.
    const decisiveFrac = fc.oneof(
      fc.string({ unit: digitChar, minLength: 1, maxLength: 2 }),
      fc.string({ unit: digitChar, minLength: 4, maxLength: 6 }),
    );
    const column = anyMark.chain((mark) =>
      fc.record({
        mark: fc.constant(mark),
        others: fc.array(writtenIn(fc.constant(mark)), { maxLength: 20 }),
        decisive: writtenIn(fc.constant(mark), decisiveFrac),
        at: fc.nat(),
        nulls: fc.array(fc.constantFrom('', ' --', '(not set)', 'N/A', '< 10%'), { maxLength: 3 }),
      }),
    );
    fc.assert(
      fc.property(column, ({ mark, others, decisive, at, nulls }) => {
        const texts = [...others.map(format), ...nulls];
        texts.splice(at % (texts.length + 1), 0, format(decisive));
        const inferred = inferDecimalMark(texts);
        expect(inferred.mark, texts.join(' | ')).toBe(mark);
        expect(inferred.conflict).toBe(false);
        expect(isNumberAmbiguous(texts, inferred.mark)).toBe(false);
        for (const text of texts) expect(parseNumberCell(text, mark).ok, text).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
