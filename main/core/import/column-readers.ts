import { KinerjaError } from '../../../shared/contract/errors.js';
import { clipText } from '../../../shared/format/brief.js';
import {
  dayFromYmd,
  FIRST_YEAR_IN_USE,
  isoFromDay,
  LAST_YEAR_IN_USE,
  type Day,
} from '../../../shared/kpi/periods.js';
import {
  combineDecimalMarks,
  dateOrderFromFormat,
  excelSerialToDay,
  inferDateOrder,
  inferCountMark,
  inferDecimalMark,
  parseDateCell,
  parseDurationCell,
  parseMoneyCell,
  parseNumberCell,
  type DateOrder,
  type DecimalMark,
} from './infer.js';
import { MONEY_DECIMALS, moneyE4FromNumber, type Parsed } from './values.js';
import { fieldTypeOf, type FieldType } from './fields.js';
import type { ColumnPlan } from './mapping.js';
import type { SourceCell, SourceRow } from './source.js';

/** How a file's numbers and dates are written, when the user says so (--decimal, --date-format). */
export interface FormatOptions {
  dateFormat?: string;
  decimal?: DecimalMark;
}

export interface ColumnFormat {
  column: string;
  field: string;
  type: string;
  /** What was decided for the column and why, e.g. `',' as decimal mark: "1.234,56"`. */
  format: string | null;
}

/** Longer text in one cell is refused: far beyond any name, title or reason a CRM exports. */
export const MAX_TEXT_CHARS = 10_000;

/** A cell read: text for text fields, the parsed number otherwise, null when empty. */
export type CellRead = { ok: true; value: string | number | bigint | null } | { ok: false; expected: string };

export interface ColumnReader {
  describe: string | null;
  read(cell: SourceCell): CellRead;
}

const FIRST_DAY_IN_USE = dayFromYmd(FIRST_YEAR_IN_USE, 1, 1);
const LAST_DAY_IN_USE = dayFromYmd(LAST_YEAR_IN_USE, 12, 31);

export function cellText(c: SourceCell): string {
  if (c === null) return '';
  if (typeof c === 'object') return isoFromDay(c.day);
  return String(c);
}

/**
 * The readers of every column the plan reads, by field (in the plan's column order), with the
 * format decided for each. A column's decimal mark and date order come from its own first rows;
 * a column those cannot settle takes what the file's other columns show.
 */
export function columnReaders(
  file: string,
  plan: ColumnPlan,
  headerOf: (column: number) => string,
  firstRows: readonly SourceRow[],
  options: FormatOptions,
): {
  readers: Map<string, ColumnReader[]>;
  formats: ColumnFormat[];
  constants: [string, string | number | bigint][];
} {
  const samplesOf = (i: number) =>
    firstRows.map((r) => r.cells[i]).filter((c): c is string => typeof c === 'string' && c.trim() !== '');
  const numericColumns = new Map<number, FieldType>();
  for (const [f, cols] of [...plan.fields, ...plan.sums]) {
    if (['text', 'date'].includes(fieldTypeOf(f))) continue;
    for (const i of cols) if (!numericColumns.has(i)) numericColumns.set(i, fieldTypeOf(f));
  }
  const fileMark = combineDecimalMarks(
    [...numericColumns].map(([i, type]) => inferMarkFor(type, samplesOf(i))),
  );
  const dateColumns = [...plan.fields].filter(([f]) => fieldTypeOf(f) === 'date').flatMap(([, cols]) => cols);
  const decidedOrders = new Set(
    dateColumns.map((i) => inferDateOrder(samplesOf(i)).order).filter((o) => o && o !== 'YMD'),
  );
  const fileOrder = decidedOrders.size === 1 ? ([...decidedOrders][0] as DateOrder) : null;

  const readers = new Map<string, ColumnReader[]>();
  const formats: ColumnFormat[] = [];
  for (const [field, cols] of [...plan.fields, ...plan.sums]) {
    readers.set(
      field,
      cols.map((i) => {
        const r = columnReader(file, headerOf(i), field, samplesOf(i), fileMark, fileOrder, options);
        formats.push({ column: headerOf(i), field, type: fieldTypeOf(field), format: r.describe });
        return r;
      }),
    );
  }
  // A --set value is read by the same rules as a cell of its field (decimal mark, currency,
  // a rate in percentage points, date order), so `--set bounce_rate=45` is 45% as a column's 45
  // is, and `--set amount=Rp 1.500.000` reads as the file's amounts do. One bad value would fail
  // every row, so it is refused once, up front.
  const constants: [string, string | number | bigint][] = [];
  for (const [field, value] of Object.entries(plan.constants)) {
    if (fieldTypeOf(field) === 'text') {
      constants.push([field, value]);
      continue;
    }
    const label = `--set ${field}`;
    const r = columnReader(file, label, field, [value], fileMark, fileOrder, options).read(value);
    if (!r.ok)
      throw new KinerjaError(
        'invalid_request',
        `${file}: ${label}: '${clipText(value)}'; expected ${r.expected}`,
      );
    if (r.value !== null) constants.push([field, r.value]);
  }
  return { readers, formats, constants };
}

/**
 * Builds how one column's cells become canonical text: the column's decimal mark or date
 * order is decided from its first rows (and the rest of the file when the column alone cannot
 * tell), or taken from --decimal / --date-format.
 */
function columnReader(
  file: string,
  header: string,
  field: string,
  samples: string[],
  fileMark: ReturnType<typeof combineDecimalMarks>,
  fileOrder: DateOrder | null,
  options: FormatOptions,
): ColumnReader {
  const type = fieldTypeOf(field);
  if (type === 'text') {
    return {
      describe: null,
      read: (c) => {
        const text = cellText(c).trim();
        // A NUL byte is a damaged file, never a name; a name of a megabyte is a broken export.
        if (text.includes('\u0000'))
          return { ok: false, expected: 'text without NUL bytes (the file looks damaged)' };
        if (text.length > MAX_TEXT_CHARS)
          return {
            ok: false,
            expected: `text of at most ${MAX_TEXT_CHARS.toLocaleString('en-US')} characters`,
          };
        return { ok: true, value: text || null };
      },
    };
  }
  if (type === 'date') {
    let order: DateOrder | null = options.dateFormat ? dateOrderFromFormat(options.dateFormat) : null;
    let describe = options.dateFormat ? `dates as ${options.dateFormat} (--date-format)` : null;
    if (!order) {
      const inferred = inferDateOrder(samples);
      if (inferred.conflict) {
        throw new KinerjaError(
          'invalid_request',
          `${file}: column '${clipText(header)}': ${inferred.evidence}; dates in one column must share one order — fix the file or give --date-format`,
        );
      }
      order = inferred.order ?? fileOrder;
      if (!order && inferred.ambiguous) {
        throw new KinerjaError(
          'invalid_request',
          `${file}: column '${clipText(header)}': ${inferred.evidence ?? 'the dates could be day-first or month-first'}; add --date-format DD/MM/YYYY or --date-format MM/DD/YYYY`,
        );
      }
      describe = inferred.evidence ?? (order ? `dates ${order}` : null);
    }
    const readDay = (c: SourceCell): Parsed<Day | null> => {
      if (c !== null && typeof c === 'object') return { ok: true, value: c.day };
      if (typeof c === 'number') {
        try {
          return { ok: true, value: excelSerialToDay(c) };
        } catch (e) {
          if (!(e instanceof RangeError)) throw e;
          // A number cell out of Excel's calendar (negative, 60, past 9999): a row problem.
          return { ok: false, expected: `a date (${e.message.replace(/^Invalid /, '')})` };
        }
      }
      return parseDateCell(cellText(c), order);
    };
    return {
      describe,
      read(c) {
        const r = readDay(c);
        // A 9999-12-31 ("no end") or a year typed 0205 is a real calendar date no KPI period holds.
        if (r.ok && r.value !== null && (r.value < FIRST_DAY_IN_USE || r.value > LAST_DAY_IN_USE))
          return {
            ok: false,
            expected: `a date from ${FIRST_YEAR_IN_USE}-01-01 to ${LAST_YEAR_IN_USE}-12-31`,
          };
        return r;
      },
    };
  }
  let mark: DecimalMark | null = options.decimal ?? null;
  let describe = options.decimal ? `'${options.decimal}' as decimal mark (--decimal)` : null;
  if (!mark) {
    const own = inferMarkFor(type, samples);
    mark = own.mark ?? fileMark.mark;
    describe = own.mark
      ? own.evidence
      : fileMark.mark
        ? `${fileMark.evidence} (elsewhere in the file)`
        : null;
    if (!mark && own.ambiguous) {
      throw new KinerjaError(
        'invalid_request',
        `${file}: column '${clipText(header)}': ${own.evidence}; add --decimal , (as in 1.234,56) or --decimal . (as in 1,234.56)`,
      );
    }
  }
  if (type === 'money') {
    const point = mark ?? '.';
    const places = (t: string) => {
      const at = t.lastIndexOf(point);
      return at < 0 ? 0 : (/^\d+/.exec(t.slice(at + 1))?.[0].replace(/0+$/, '').length ?? 0);
    };
    const longest = Math.max(0, ...samples.map(places));
    return {
      describe:
        longest > MONEY_DECIMALS
          ? [
              describe,
              `amounts kept to ${MONEY_DECIMALS} decimal places (the file has up to ${longest}; rounded half to even)`,
            ]
              .filter(Boolean)
              .join('; ')
          : describe,
      read(c) {
        if (typeof c === 'number') return moneyE4FromNumber(c);
        return parseMoneyCell(cellText(c), mark);
      },
    };
  }
  if (type === 'duration') {
    return {
      describe,
      read(c) {
        if (typeof c === 'number') return { ok: true, value: c };
        return parseDurationCell(cellText(c), mark);
      },
    };
  }
  return {
    describe,
    read(c) {
      let value: number | null;
      let percent = false;
      if (typeof c === 'number') value = c;
      else {
        const p = parseNumberCell(cellText(c), mark);
        if (!p.ok) return p;
        value = p.value;
        percent = p.percent;
      }
      if (value === null) return { ok: true, value: null };
      // A rate written as 45,3% or as 45.3 (percentage points) is the fraction 0.453.
      if (type === 'rate' && (percent || value > 1)) value = value / 100;
      // A count read as a fraction means the wrong mark or a wrong column: never round it away.
      if (type === 'count' && (percent || !Number.isInteger(value)))
        return { ok: false, expected: `a whole number (${field} is a count)` };
      return { ok: true, value };
    },
  };
}

/** A count column also settles its mark by being whole (`2,146` is 2146). */
const inferMarkFor = (type: string, samples: string[]) =>
  type === 'count' ? inferCountMark(samples) : inferDecimalMark(samples);
