import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type { WorkspaceSettings } from '../../../shared/contract/schemas.js';
import { isoFromDay } from '../../../shared/kpi/periods.js';
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
import { moneyE4FromNumber } from './values.js';
import {
  convertRow,
  factColumns,
  type CanonicalRow,
  type CellProblem,
  type FactRecord,
  type ImportKind,
} from './kinds.js';
import { fieldTypeOf, planColumns, type MappingOptions } from './mapping.js';
import { requiredFields } from './fields.js';
import { openTableSource, type SourceCell, type SourceRow, type TableSource } from './source.js';
import { FactWriter } from './writer.js';
import { TotalsBySum } from './totals.js';
import { MAX_TOTALS_LISTED } from './text/read-text-table.js';
import { writeFileAtomically } from '../files/atomic-write.js';
import { ManualValueWriter, startBatch } from './import-file.js';

/** Folder name prefix of the files browser mode receives by upload (see main/server). */
export const UPLOAD_DIR_PREFIX = 'kinerja-upload-';

export interface ImportFileOptions extends MappingOptions {
  kind: ImportKind;
  sheet?: string;
  /** `DD/MM/YYYY`, `MM/DD/YYYY`, `YYYY-MM-DD`… for every date column. */
  dateFormat?: string;
  decimal?: DecimalMark;
  won?: string[];
  lost?: string[];
  dryRun?: boolean;
  /** Keep the valid rows and write the others to a rejects file instead of refusing the file. */
  skipInvalid?: boolean;
  onProgress?: (p: { bytesRead: number; totalBytes: number; rows: number }) => void;
  /** Keep the first N rows as canonical values (for the wizard's preview). */
  preview?: number;
}

export interface ColumnFormat {
  column: string;
  field: string;
  type: string;
  /** What was decided for the column and why, e.g. `',' as decimal mark: "1.234,56"`. */
  format: string | null;
}

export interface FileImportSummary {
  batchId: number | null;
  file: string;
  kind: ImportKind;
  /** How the file was read: encoding and delimiter, or the sheet. */
  readAs: string;
  preset: string | null;
  /** Data rows read (totals and preamble lines not counted). */
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejectsFile: string | null;
  skippedLines: number;
  skippedTotals: number;
  /** Why each totals row was skipped (the first ones): its line and the rule that fired. */
  totalsRows: { line: number; rule: string }[];
  moreTables: boolean;
  duplicatesInFile: number;
  ignoredColumns: string[];
  formats: ColumnFormat[];
  dryRun: boolean;
  /** The first rows as they will be stored, when a preview was asked for. */
  preview?: Record<string, string>[];
  /** The first problems found (all of them are in the error when the import is refused). */
  problems?: { row: number; column: string; value: string; expected: string }[];
}

const INFERENCE_ROWS = 2000;
const noProblems: readonly CellProblem[] = Object.freeze([]);

const MAX_PROBLEMS_KEPT = 1000;
const MAX_PROBLEMS_LISTED = 50;

interface RowProblem extends CellProblem {
  row: number;
}

function cellText(c: SourceCell): string {
  if (c === null) return '';
  if (typeof c === 'object') return isoFromDay(c.day);
  return String(c);
}

/** A canonical row as the text a canonical file would hold (for previews and manual values). */
function asText(record: CanonicalRow): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [field, value] of Object.entries(record)) {
    if (typeof value === 'bigint') text[field] = moneyText(value);
    else if (typeof value !== 'number') text[field] = value ?? '';
    else {
      const type = fieldTypeOf(field);
      text[field] = type === 'date' ? isoFromDay(value) : type === 'money' ? moneyText(value) : String(value);
    }
  }
  return text;
}

function moneyText(e4: number | bigint): string {
  const n = BigInt(e4);
  const abs = n < 0n ? -n : n;
  return `${n < 0n ? '-' : ''}${abs / 10_000n}.${String(abs % 10_000n).padStart(4, '0')}`;
}

/** A cell read: text for text fields, the parsed number otherwise, null when empty. */
type CellRead = { ok: true; value: string | number | bigint | null } | { ok: false; expected: string };

interface ColumnReader {
  describe: string | null;
  read(cell: SourceCell): CellRead;
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
  options: ImportFileOptions,
): ColumnReader {
  const type = fieldTypeOf(field);
  if (type === 'text') {
    return { describe: null, read: (c) => ({ ok: true, value: cellText(c).trim() || null }) };
  }
  if (type === 'date') {
    let order: DateOrder | null = options.dateFormat ? dateOrderFromFormat(options.dateFormat) : null;
    let describe = options.dateFormat ? `dates as ${options.dateFormat} (--date-format)` : null;
    if (!order) {
      const inferred = inferDateOrder(samples);
      if (inferred.conflict) {
        throw new KinerjaError(
          'invalid_request',
          `${file}: column '${header}': ${inferred.evidence}; dates in one column must share one order — fix the file or give --date-format`,
        );
      }
      order = inferred.order ?? fileOrder;
      if (!order && inferred.ambiguous) {
        throw new KinerjaError(
          'invalid_request',
          `${file}: column '${header}': ${inferred.evidence ?? 'the dates could be day-first or month-first'}; add --date-format DD/MM/YYYY or --date-format MM/DD/YYYY`,
        );
      }
      describe = inferred.evidence ?? (order ? `dates ${order}` : null);
    }
    return {
      describe,
      read(c) {
        if (c !== null && typeof c === 'object') return { ok: true, value: c.day };
        if (typeof c === 'number') return { ok: true, value: excelSerialToDay(c) };
        return parseDateCell(cellText(c), order);
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
        `${file}: column '${header}': ${own.evidence}; add --decimal , (as in 1.234,56) or --decimal . (as in 1,234.56)`,
      );
    }
  }
  if (type === 'money') {
    return {
      describe,
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

/** Where rejected rows go: beside the file, or beside the workspace when that folder is read-only. */
function rejectsPath(file: string, workspaceFile: string): string {
  const name = `${path.basename(file)}.rejected.csv`;
  // A browser-mode upload sits in a temp folder that goes away with the server: keep its rejects
  // with the workspace, where the user can find them.
  if (path.basename(path.dirname(file)).startsWith(UPLOAD_DIR_PREFIX)) {
    return path.join(path.dirname(workspaceFile), name);
  }
  try {
    fs.accessSync(path.dirname(file), fs.constants.W_OK);
    return path.join(path.dirname(file), name);
  } catch {
    return path.join(path.dirname(workspaceFile), name);
  }
}

/**
 * Imports one file — CSV in any common shape, XLSX or XLS — as one batch: all rows or none by
 * default, every problem listed with row, column, value and what was expected.
 */
export async function importFile(
  db: Database.Database,
  settings: WorkspaceSettings,
  file: string,
  options: ImportFileOptions,
): Promise<FileImportSummary> {
  const abs = path.resolve(file);
  let rowsRead = 0;
  const source: TableSource = await openTableSource(abs, {
    sheet: options.sheet,
    onProgress: options.onProgress
      ? (b, t) => options.onProgress!({ bytesRead: b, totalBytes: t, rows: rowsRead })
      : undefined,
  });
  const plan = planColumns(abs, options.kind, source.headers, options);
  const kind = options.kind;

  // Date-range exports (GA, ad platforms) give the period in a preamble, not per row.
  if (kind === 'spend' || kind === 'web' || kind === 'social') {
    const hasDates = ['date', 'date_from', 'date_to'].some((f) => plan.fields.has(f) || f in plan.constants);
    if (!hasDates && source.dateRange) {
      plan.constants.date_from = isoFromDay(source.dateRange.from);
      plan.constants.date_to = isoFromDay(source.dateRange.to);
    }
  }
  const headerOf = (i: number) => source.headers[i] || `column ${i + 1}`;
  for (const alternatives of requiredFields[kind]) {
    if (!alternatives.some((f) => plan.fields.has(f) || plan.sums.has(f) || f in plan.constants)) {
      const field = alternatives[0]!;
      throw new KinerjaError(
        'invalid_request',
        `${abs}: no column for '${alternatives.join("' or '")}'; a ${kind} file needs it (columns found: ${source.headers.join(', ')}). ` +
          `Name the column with --map "Header=${field}" or give every row a value with --set ${field}=…`,
      );
    }
  }

  // Decide formats from the first rows, buffered so the stream is read once.
  const buffered: SourceRow[] = [];
  const iterator = source.rows()[Symbol.asyncIterator]();
  let done = false;
  while (buffered.length < INFERENCE_ROWS) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    buffered.push(next.value);
  }
  const samplesOf = (i: number) =>
    buffered.map((r) => r.cells[i]).filter((c): c is string => typeof c === 'string' && c.trim() !== '');
  const numericColumns = new Map<number, string>();
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
        const r = columnReader(abs, headerOf(i), field, samplesOf(i), fileMark, fileOrder, options);
        formats.push({ column: headerOf(i), field, type: fieldTypeOf(field), format: r.describe });
        return r;
      }),
    );
  }

  const problems: RowProblem[] = [];
  let problemCount = 0;
  const rejects: string[][] = [];
  let skippedTotals = 0;
  let rejected = 0;
  const textFields = [...plan.fields.keys()].filter(
    (f) => fieldTypeOf(f) === 'text' && !(f === 'status' || f === 'stage' || f === 'kind'),
  );
  const numberFields = [...plan.fields.keys(), ...plan.sums.keys()].filter(
    (f) => fieldTypeOf(f) !== 'text' && fieldTypeOf(f) !== 'date',
  );
  const columnLabel = (field: string) => {
    const cols = plan.fields.get(field) ?? plan.sums.get(field);
    if (cols?.length)
      return `${cols.map(headerOf).join(' + ')}${cols.length === 1 && headerOf(cols[0]!) === field ? '' : ` (${field})`}`;
    return field in plan.constants ? `--set ${field}` : field;
  };

  const isEmptyCell = (c: SourceCell) => c === null || (typeof c === 'string' && c.trim() === '');
  // Arrays rather than the plan's maps: this runs for every row of files of millions.
  const fieldSteps = [...plan.fields].map(([field, cols]) => ({ field, cols, readers: readers.get(field)! }));
  const sumSteps = [...plan.sums].map(([field, cols]) => ({ field, cols, readers: readers.get(field)! }));
  const constants = Object.entries(plan.constants);

  /** Turns one source row into canonical fields (parsed values), or the problems found in it. */
  function toCanonical(row: SourceRow): { record: CanonicalRow; problems: readonly CellProblem[] } {
    // Keys are canonical field names only, never a file's headers, so a plain object is safe.
    const record: CanonicalRow = {};
    let found: CellProblem[] | null = null;
    for (const { field, cols, readers: rs } of fieldSteps) {
      for (let k = 0; k < cols.length; k++) {
        const cell = row.cells[cols[k]!] ?? null;
        if (isEmptyCell(cell)) continue;
        const r = rs[k]!.read(cell);
        if (!r.ok) {
          (found ??= []).push({ column: columnLabel(field), value: cellText(cell), expected: r.expected });
          break;
        }
        if (r.value !== null) {
          record[field] = r.value;
          break;
        }
      }
    }
    for (const { field, cols, readers: rs } of sumSteps) {
      let total: number | bigint | null = null;
      for (let k = 0; k < cols.length; k++) {
        const cell = row.cells[cols[k]!] ?? null;
        if (isEmptyCell(cell)) continue;
        const r = rs[k]!.read(cell);
        if (!r.ok)
          (found ??= []).push({ column: headerOf(cols[k]!), value: cellText(cell), expected: r.expected });
        else if (typeof r.value === 'bigint' || typeof total === 'bigint')
          total = BigInt(total ?? 0) + BigInt(r.value ?? 0); // money past 2^53 ten-thousandths
        else if (r.value !== null) total = (total ?? 0) + Number(r.value);
      }
      if (total !== null) record[field] = total;
    }
    for (const [field, value] of constants) record[field] ??= value;
    return { record, problems: found ?? noProblems };
  }

  // Exports put summary rows among the data (Meta's account row first, UA's totals last) with
  // every name empty but the numbers filled in; but an unlabelled row can be data too (GA4's
  // sessions without a landing page). Such a row is a totals row only when its numbers equal
  // the sums of the other rows, decided once the file is read (totals.ts). A canonical file has
  // no summary rows, and there an empty source is just an unknown source, so the rule applies
  // to exports only.
  const isExport = plan.preset !== null || (options.map?.length ?? 0) > 0;
  const isCandidate = (record: CanonicalRow) =>
    textFields.every((f) => record[f] === undefined) && numberFields.some((f) => record[f] !== undefined);
  const isRead = (field: string) => plan.fields.has(field) || plan.sums.has(field);
  const totalsBySum =
    isExport && textFields.length > 0 && kind !== 'kpi_values'
      ? new TotalsBySum<{ row: SourceRow; problems: CellProblem[] }>(factColumns[kind], (column) => {
          const field = column.startsWith('amount') ? 'amount' : column;
          // Money rows may carry more decimals than the total shows; counts worked out from a
          // rounded rate or average (bounces from "67,32%") carry that rounding too.
          if (fieldTypeOf(field) === 'money') return 1e-4;
          return isRead(field) ? 1e-9 : 0.02;
        })
      : null;
  const totalsRows: { line: number; rule: string }[] = [];

  const note = (row: SourceRow, found: readonly CellProblem[]) => {
    problemCount += found.length;
    if (problems.length < MAX_PROBLEMS_KEPT) problems.push(...found.map((p) => ({ ...p, row: row.line })));
    if (options.skipInvalid) {
      rejected++;
      rejects.push([
        ...source.headers.map((_, i) => cellText(row.cells[i] ?? null)),
        found.map((p) => `${p.column}: expected ${p.expected}`).join('; '),
      ]);
    }
  };

  db.exec('BEGIN IMMEDIATE');
  let finished = false;
  try {
    const batchId = startBatch(db, kind, path.basename(abs));
    const writer = kind === 'kpi_values' ? null : new FactWriter(db, kind, batchId);
    const manual = kind === 'kpi_values' ? new ManualValueWriter(db, settings, batchId) : null;
    const preview: Record<string, string>[] = [];
    /** A row decided as data: written, or its problems noted. */
    const keep = (row: SourceRow, fact: FactRecord, found: readonly CellProblem[]) => {
      if (found.length) {
        return note(
          row,
          found.map((p) => ({ ...p, column: columnLabel(p.column) })),
        );
      }
      totalsBySum?.addData(fact);
      if (problemCount === 0 || options.skipInvalid) writer!.write(fact);
    };
    const handle = (row: SourceRow) => {
      rowsRead++;
      const { record, problems: found } = toCanonical(row);
      if (options.preview && preview.length < options.preview && !found.length) preview.push(asText(record));
      if (found.length) return note(row, found);
      if (writer) {
        const converted = convertRow(kind as Exclude<ImportKind, 'kpi_values'>, record, options);
        if (totalsBySum && isCandidate(record)) {
          const released = totalsBySum.hold({
            line: row.line,
            fact: converted.fact,
            payload: { row, problems: converted.problems },
          });
          for (const c of released) keep(c.payload.row, c.fact, c.payload.problems);
          return;
        }
        keep(row, converted.fact, converted.problems);
      } else {
        const found2 = manual!.write(asText(record));
        if (found2.length)
          note(
            row,
            found2.map((p: CellProblem) => ({ ...p, column: columnLabel(p.column) })),
          );
      }
    };
    for (const row of buffered) handle(row);
    buffered.length = 0;
    while (!done) {
      const next = await iterator.next();
      if (next.done) break;
      handle(next.value);
    }
    if (totalsBySum) {
      const decided = totalsBySum.decide();
      for (const c of decided.totals) {
        skippedTotals++;
        totalsRows.push({ line: c.line, rule: 'numbers equal the sum of the other rows' });
      }
      // Unlabelled data rows are written last, inside the same transaction as the rest.
      for (const c of decided.data) keep(c.payload.row, c.fact, c.payload.problems);
      // Their problems, if any, are listed in file order with the others.
      if (decided.data.length) problems.sort((a, b) => a.row - b.row);
    }
    if (problemCount > 0 && !options.skipInvalid && !options.preview) {
      const lines = problems
        .slice(0, MAX_PROBLEMS_LISTED)
        .map(
          (p) =>
            `  row ${p.row}, column ${p.column}: ${p.value === '' ? 'empty' : `'${p.value}'`}; expected ${p.expected}`,
        );
      const more =
        problemCount > MAX_PROBLEMS_LISTED ? `\n  … and ${problemCount - MAX_PROBLEMS_LISTED} more` : '';
      throw new KinerjaError(
        'invalid_request',
        `${abs}: ${problemCount} problem${problemCount === 1 ? '' : 's'}; nothing was imported (use --skip-invalid to import the valid rows)\n${lines.join('\n')}${more}`,
      );
    }
    writer?.finish();
    const end = source.end();
    const counts = writer?.counts ?? manual!.counts;
    let rejectsFile: string | null = null;
    if (rejects.length && !options.dryRun) {
      // Written before COMMIT: if the rejects file cannot be written the import is rolled back.
      const text = stringify([[...source.headers, 'problem'], ...rejects]);
      rejectsFile = await writeFileAtomically(rejectsPath(abs, db.name), (temp) =>
        fs.writeFileSync(temp, text),
      );
    }
    const summary: FileImportSummary = {
      batchId: options.dryRun ? null : batchId,
      file: abs,
      kind,
      readAs: source.described,
      preset: plan.preset?.name ?? null,
      read: rowsRead,
      ...counts,
      rejected,
      rejectsFile,
      skippedLines: end.skippedLines,
      skippedTotals: end.skippedTotals + skippedTotals,
      totalsRows: [
        ...end.totalsRows.map((t) => ({ line: t.line, rule: `label '${t.label}'` })),
        ...totalsRows,
      ]
        .sort((a, b) => a.line - b.line)
        .slice(0, MAX_TOTALS_LISTED),
      moreTables: end.moreTables,
      duplicatesInFile: writer?.duplicatesInFile ?? 0,
      ignoredColumns: plan.unused,
      formats,
      dryRun: options.dryRun ?? false,
      ...(options.preview ? { preview, problems: problems.slice(0, MAX_PROBLEMS_LISTED) } : {}),
    };
    db.prepare('UPDATE import_batches SET summary = ? WHERE id = ?').run(JSON.stringify(summary), batchId);
    db.exec(options.dryRun ? 'ROLLBACK' : 'COMMIT');
    finished = true;
    return summary;
  } finally {
    if (!finished && db.inTransaction) db.exec('ROLLBACK');
  }
}
