/**
 * Fuzzing of the readers every import goes through: CSV records, numbers (money, counts,
 * durations) and dates. Run by `BENCH_PARTS=fuzz npm run bench` (not in CI): it tries many
 * generated inputs per parser and reports each kind of finding once, with the first input that
 * showed it. A finding is a parser that throws, returns something that is not a value, answers
 * with an unclear or huge message, or reads back a value other than the one written.
 */
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { dayFromYmd, isoFromDay } from '../shared/kpi/periods.js';
import {
  excelSerialToDay,
  inferDateOrder,
  parseDateCell,
  type DateOrder,
} from '../main/core/import/infer/dates.js';
import {
  inferDecimalMark,
  parseDurationCell,
  parseMoneyCell,
  parseNumberCell,
  type DecimalMark,
} from '../main/core/import/infer/numbers.js';
import { splitRecords } from '../main/core/import/text/records.js';
import type { Delimiter } from '../main/core/import/text/sniff.js';

export interface FuzzReport {
  parser: string;
  tried: number;
  ms: number;
  findings: { problem: string; input: string; count: number }[];
}

/** A check throws (or returns a problem) to report a finding. */
type Check<T> = (input: T) => string | null;

function run<T>(
  parser: string,
  arbitrary: fc.Arbitrary<T>,
  check: Check<T>,
  inputs: number,
  seed: number,
): FuzzReport {
  const findings = new Map<string, { problem: string; input: string; count: number }>();
  const started = performance.now();
  const batch = 5000;
  let tried = 0;
  for (let b = 0; tried < inputs; b++) {
    const samples = fc.sample(arbitrary, { numRuns: Math.min(batch, inputs - tried), seed: seed + b });
    for (const input of samples) {
      tried++;
      let problem: string | null;
      try {
        problem = check(input);
      } catch (e) {
        problem = `throws ${(e as Error)?.name ?? typeof e}: ${String((e as Error)?.message ?? e).slice(0, 120)}`;
      }
      if (!problem) continue;
      // One finding per kind of problem: digits and quoted parts vary from input to input.
      const key = problem.replace(/\d+/g, '#').replace(/'[^']*'|"[^"]*"/g, '…');
      const seen = findings.get(key);
      if (seen) seen.count++;
      else
        findings.set(key, {
          problem,
          input: JSON.stringify(input, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)).slice(
            0,
            300,
          ),
          count: 1,
        });
    }
  }
  return { parser, tried, ms: performance.now() - started, findings: [...findings.values()] };
}

const marks: (DecimalMark | null)[] = [null, ',', '.'];
const orders: (DateOrder | null)[] = [null, 'YMD', 'DMY', 'MDY'];

/** Text that looks like the numbers and dates of real exports, and text that only nearly does. */
const numberish = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(...'0123456789.,-+()% eE'.split('')), maxLength: 25 }),
  fc
    .tuple(
      fc.constantFrom('', 'Rp ', 'Rp', 'IDR ', '$', '€', 'US$ ', '-', '(', '+'),
      fc.string({ unit: fc.constantFrom(...'0123456789.,'.split('')), minLength: 1, maxLength: 20 }),
      fc.constantFrom('', '%', ')', ' ', ',-', '.-', 'e5', 'E-3'),
    )
    .map(([a, b, c]) => a + b + c),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e400',
    '-0',
    '0x10',
    '1_000',
    '١٢٣',
    '１２３',
    '1 234',
    '1\u00a0234',
  ),
);

/** Amounts written the way Indonesian and English exports write them, to read back exactly (below the 922 trillion Kinerja keeps). */
const writtenAmount = fc
  .tuple(
    fc.bigInt({ min: 0n, max: 900n * 10n ** 12n }),
    fc.integer({ min: 0, max: 99 }),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([whole, cents, indonesian, negative]) => {
    const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, indonesian ? '.' : ',');
    const text = `${negative ? '-' : ''}${grouped}${indonesian ? ',' : '.'}${String(cents).padStart(2, '0')}`;
    const e4 = (whole * 10_000n + BigInt(cents) * 100n) * (negative ? -1n : 1n);
    return { text, mark: (indonesian ? ',' : '.') as DecimalMark, e4 };
  });

const dateish = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(...'0123456789-/. :T'.split('')), maxLength: 25 }),
  fc
    .tuple(
      fc.integer({ min: -5, max: 10_050 }),
      fc.integer({ min: -1, max: 14 }),
      fc.integer({ min: -1, max: 33 }),
    )
    .chain(([y, m, d]) =>
      fc.constantFrom(
        `${y}-${m}-${d}`,
        `${d}/${m}/${y}`,
        `${m}/${d}/${y}`,
        `${d}-${m}-${y}`,
        `${d}.${m}.${y}`,
      ),
    ),
  fc.constantFrom(
    '31 Januari 2025',
    '1 Mei 2026',
    'Feb 29 2024',
    '29 February 2023',
    '2026-W09',
    '45688',
    '60',
  ),
);

/** Real dates written in the forms the readers take, with the order they need. */
const writtenDate = fc
  .tuple(
    fc.integer({ min: 1900, max: 2200 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
  )
  .chain(([y, m, d]) => {
    const dd = String(d).padStart(2, '0');
    const mm = String(m).padStart(2, '0');
    return fc.constantFrom(
      { text: `${y}-${mm}-${dd}`, order: 'YMD' as DateOrder, day: dayFromYmd(y, m, d) },
      { text: `${dd}/${mm}/${y}`, order: 'DMY' as DateOrder, day: dayFromYmd(y, m, d) },
      { text: `${mm}/${dd}/${y}`, order: 'MDY' as DateOrder, day: dayFromYmd(y, m, d) },
    );
  });

const delimiters: Delimiter[] = [',', ';', '\t', '|'];
const csvText = fc.tuple(
  fc.constantFrom(...delimiters),
  fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: fc.constantFrom(...'ab,;\t|"\r\n \u00e9\uFEFF'.split('')), maxLength: 200 }),
  ),
);
const csvTable = fc.tuple(
  fc.constantFrom(...delimiters),
  fc.constantFrom('\n', '\r\n', '\r'),
  fc.array(
    fc.array(fc.string({ unit: fc.constantFrom(...'ab1,;\t|" \r\n\u00e9'.split('')), maxLength: 8 }), {
      minLength: 2,
      maxLength: 4,
    }),
    {
      minLength: 1,
      maxLength: 8,
    },
  ),
);

const isValue = (v: unknown) =>
  v === null || typeof v === 'bigint' || (typeof v === 'number' && Number.isFinite(v));

/** A refusal must say what was expected, briefly. */
const badRefusal = (r: { ok: boolean; expected?: string }) =>
  !r.ok && (!r.expected || r.expected.length > 300)
    ? `unclear refusal: ${JSON.stringify(r.expected)?.slice(0, 80)}`
    : null;

export function fuzzParsers(inputs = 100_000, seed = 20_260_301): FuzzReport[] {
  return [
    run(
      'numbers (money, count, duration)',
      fc.tuple(numberish, fc.constantFrom(...marks)),
      ([text, mark]) => {
        for (const r of [parseMoneyCell(text, mark), parseDurationCell(text, mark)]) {
          if (r.ok && !isValue(r.value)) return `not a value: ${String(r.value)}`;
          const unclear = badRefusal(r);
          if (unclear) return unclear;
        }
        const n = parseNumberCell(text, mark);
        if ('ok' in n && n.ok && !isValue((n as { value: unknown }).value)) return 'count not a value';
        inferDecimalMark([text, text.slice(1)]);
        return null;
      },
      inputs,
      seed,
    ),
    run(
      'amounts read back exactly',
      writtenAmount,
      ({ text, mark, e4 }) => {
        const r = parseMoneyCell(text, mark);
        if (!r.ok) return `refused a well-written amount: ${r.expected}`;
        return BigInt(r.value ?? 0) === e4 ? null : `read ${String(r.value)} ten-thousandths, wrote ${e4}`;
      },
      Math.ceil(inputs / 4),
      seed + 1,
    ),
    run(
      'dates',
      fc.tuple(dateish, fc.constantFrom(...orders)),
      ([text, order]) => {
        const r = parseDateCell(text, order);
        if (r.ok && r.value !== null && !(Number.isInteger(r.value) && isoFromDay(r.value).length >= 10))
          return `not a day: ${String(r.value)}`;
        const unclear = badRefusal(r);
        if (unclear) return unclear;
        inferDateOrder([text]);
        return null;
      },
      inputs,
      seed + 2,
    ),
    run(
      'dates read back exactly',
      writtenDate,
      ({ text, order, day }) => {
        const r = parseDateCell(text, order);
        if (!r.ok) return `refused a real date: ${r.expected}`;
        return r.value === day ? null : `read ${isoFromDay(r.value!)} for ${text}`;
      },
      Math.ceil(inputs / 4),
      seed + 3,
    ),
    run(
      'Excel date serials',
      fc.oneof(fc.double(), fc.integer({ min: -10, max: 3_000_000 })),
      (serial) => {
        try {
          excelSerialToDay(serial);
        } catch (e) {
          if (e instanceof RangeError) return null;
          throw e;
        }
        return null;
      },
      Math.ceil(inputs / 4),
      seed + 4,
    ),
    run(
      'CSV records',
      csvText,
      ([delimiter, text]) => {
        let records = 0;
        splitRecords(text, delimiter, (cells, start, end) => {
          records++;
          if (cells.length < 1 || start > end || end > text.length)
            throw new Error(`bad record at ${start}..${end}`);
        });
        return records > text.length + 1 ? 'more records than characters' : null;
      },
      inputs,
      seed + 5,
    ),
    run(
      'CSV tables read back exactly',
      csvTable,
      ([delimiter, newline, rows]) => {
        // A lone empty cell is a blank line, which readers skip by design; give such rows a second cell.
        const table = rows.map((r) => (r.length === 1 && r[0] === '' ? [...r, 'x'] : r));
        const text = stringify(table, {
          delimiter,
          record_delimiter: newline === '\n' ? 'unix' : newline === '\r\n' ? 'windows' : 'mac',
          quoted_match: /[\s\S]/,
        });
        const back: string[][] = [];
        const ok = splitRecords(text, delimiter, (cells) => {
          back.push(cells);
        });
        if (!ok) return 'refused a table written by a CSV writer';
        return JSON.stringify(back) === JSON.stringify(table)
          ? null
          : `read back ${JSON.stringify(back).slice(0, 120)}`;
      },
      Math.ceil(inputs / 4),
      seed + 6,
    ),
  ];
}
