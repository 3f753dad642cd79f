import fs from 'node:fs';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { listNames } from '../../../shared/format/brief.js';
import { isoFromDay } from '../../../shared/kpi/periods.js';
import { columnReaders, type ColumnFormat } from './column-readers.js';
import { requiredFields } from './fields.js';
import type { DecimalMark } from './infer.js';
import type { ImportKind } from './kinds.js';
import { planColumns, type ColumnPlan, type MappingOptions } from './mapping.js';
import { RowConversion } from './row-conversion.js';
import { RowImport, type HeldRow, type RowSink } from './row-import.js';
import { MAX_PROBLEMS_LISTED, RowProblems, type RowProblem } from './row-problems.js';
import { openTableSource, type SourceEnd, type SourceRow, type TableSource } from './source.js';
import { totalsRowsFor } from './totals.js';
import { ImportWarnings, type ImportWarning } from './warnings.js';

/** What an import reads a file with: everything but the database and the callbacks. */
export interface ReadOptions extends MappingOptions {
  kind: ImportKind;
  sheet?: string;
  /** `DD/MM/YYYY`, `MM/DD/YYYY`, `YYYY-MM-DD`… for every date column. */
  dateFormat?: string;
  decimal?: DecimalMark;
  won?: string[];
  lost?: string[];
  /** Keep the valid rows and write the others to a rejects file instead of refusing the file. */
  skipInvalid?: boolean;
  /** Keep the first N rows as canonical values (for the wizard's preview). */
  preview?: number;
}

export type ReadProgress = (p: { bytesRead: number; totalBytes: number; rows: number }) => void;

/** What reading a file found, for the summary: plain data, so a reader thread can send it. */
export interface ReadReport {
  readAs: string;
  preset: string | null;
  /** Data rows read (totals and preamble lines not counted). */
  read: number;
  end: SourceEnd;
  ignoredColumns: string[];
  formats: ColumnFormat[];
  /** Unlabelled rows decided as totals: their line and the rule that fired. */
  totalsRows: { line: number; rule: string }[];
  /** Deal status words read as open, with their row counts. */
  openWords: [string, number][];
  preview: Record<string, string>[];
  rejected: number;
  /** The first problems, for a preview. */
  problems: RowProblem[];
  warnings: ImportWarning[];
}

/** Rows read before the formats are decided: enough to see a column's marks, few to hold. */
const INFERENCE_ROWS = 2000;

/**
 * The reading half of an import, which needs no database: opens the file, decides which column
 * feeds which field and how each is written, converts and checks every row, and hands each row
 * to keep to `sink`. A file with problems is refused here (unless invalid rows are skipped),
 * after every row was read so the refusal can list them all. Returns the report and the
 * problems, whose rejected rows the caller writes once the rows are in.
 */
export async function readFile(
  file: string,
  options: ReadOptions,
  sink: RowSink,
  hooks: {
    onProgress?: ReadProgress;
    /** Awaited between rows when it returns a promise: lets a slower writer hold the reader back. */
    backpressure?: () => Promise<void> | null;
  } = {},
): Promise<{ report: ReadReport; problems: RowProblems }> {
  const { kind } = options;
  // Progress is reported from the first bytes, before the rows are counted.
  let rowsRead = () => 0;
  const { onProgress } = hooks;
  const before = fileIdentity(file);
  const source = await openTableSource(file, {
    sheet: options.sheet,
    onProgress: onProgress
      ? (b, t) => onProgress({ bytesRead: b, totalBytes: t, rows: rowsRead() })
      : undefined,
  });
  const plan = planFor(file, source, options);

  // Formats are decided from the first rows, buffered so the file is read once.
  const rows = await startReading(source, INFERENCE_ROWS);
  const headerOf = (i: number) => source.headers[i] || `column ${i + 1}`;
  const { readers, formats, constants } = columnReaders(file, plan, headerOf, rows.first, options);
  const conversion = new RowConversion(plan, readers, headerOf, constants);
  const problems = new RowProblems(source.headers, options.skipInvalid ?? false);
  const isExport = plan.preset !== null || (options.map?.length ?? 0) > 0;
  const totals = totalsRowsFor<HeldRow>(kind, plan, isExport);
  const warnings = new ImportWarnings();
  for (const d of plan.duplicates)
    warnings.add({
      code: 'duplicate_header',
      column: d.header,
      rows: [source.headerLine],
      count: 1,
      positions: d.columns.map((i) => i + 1),
    });
  const run = new RowImport(kind, sink, conversion, problems, totals, options, warnings);
  rowsRead = () => run.read;
  await rows.each(run, hooks.backpressure);
  run.decideTotals();
  // A header and nothing under it (or only totals) is an export of the wrong period or a file
  // cut short, not an import of nothing: say so rather than record an empty batch.
  if (run.read - run.totalsRows.length === 0)
    throw new KinerjaError(
      'invalid_request',
      `${file}: no data rows below the header (${source.format === 'csv' ? 'line' : 'row'} ${source.headerLine}); nothing was imported`,
    );
  // A file still being written (a download, a sync, an export that is running) ends mid-row,
  // and its last row can read as valid. What changed while it was read is not imported.
  const after = fileIdentity(file);
  if (before && after && (before.size !== after.size || before.mtimeMs !== after.mtimeMs))
    throw new KinerjaError(
      'invalid_request',
      `${file}: the file changed while it was read (${before.size} bytes, then ${after.size}); nothing was imported. Import it again once it is complete`,
    );
  if (problems.count > 0 && !options.skipInvalid && !options.preview) throw problems.refusal(file);
  const end = source.end();
  if (end.utf8Rows.count)
    warnings.add({
      code: 'mixed_encoding',
      column: null,
      rows: end.utf8Rows.lines,
      count: end.utf8Rows.count,
      positions: [],
    });
  return {
    report: {
      readAs: source.described,
      preset: plan.preset?.name ?? null,
      read: run.read,
      end,
      ignoredColumns: plan.unused,
      formats,
      totalsRows: run.totalsRows,
      openWords: [...run.openWords],
      preview: run.preview,
      rejected: problems.rejected,
      problems: options.preview ? problems.kept.slice(0, MAX_PROBLEMS_LISTED) : [],
      warnings: warnings.list(),
    },
    problems,
  };
}

function fileIdentity(file: string): { size: number; mtimeMs: number } | null {
  try {
    const st = fs.statSync(file);
    return { size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return null;
  }
}

/**
 * Which column feeds which field, checked against the fields a file of the kind needs. A
 * date-range export (GA, ad platforms) gives its period in a preamble rather than per row.
 */
function planFor(file: string, source: TableSource, options: ReadOptions): ColumnPlan {
  const { kind } = options;
  const plan = planColumns(file, kind, source.headers, options);
  if (kind === 'spend' || kind === 'web' || kind === 'social') {
    const hasDates = ['date', 'date_from', 'date_to'].some((f) => plan.fields.has(f) || f in plan.constants);
    if (!hasDates && source.dateRange) {
      plan.constants.date_from = isoFromDay(source.dateRange.from);
      plan.constants.date_to = isoFromDay(source.dateRange.to);
    }
  }
  for (const alternatives of requiredFields[kind]) {
    if (!alternatives.some((f) => plan.fields.has(f) || plan.sums.has(f) || f in plan.constants)) {
      const field = alternatives[0]!;
      throw new KinerjaError(
        'invalid_request',
        `${file}: no column for '${alternatives.join("' or '")}'; a ${kind} file needs it (columns found: ${listNames(source.headers)}). ` +
          `Name the column with --map "Header=${field}" or give every row a value with --set ${field}=…` +
          // A line break inside a column name: the rows were cut at the wrong breaks.
          (source.headers.some((h) => /[\r\n]/.test(h))
            ? '. Some column names hold line breaks: the file mixes line endings (CRLF, LF and CR); save it again with one kind'
            : ''),
      );
    }
  }
  return plan;
}

/** The source's rows: the first ones read ahead, then all of them, each once, to one handler. */
async function startReading(
  source: TableSource,
  ahead: number,
): Promise<{
  first: SourceRow[];
  each(handler: { handle(row: SourceRow): void }, backpressure?: () => Promise<void> | null): Promise<void>;
}> {
  const first: SourceRow[] = [];
  const iterator = source.rows()[Symbol.asyncIterator]();
  let done = false;
  while (first.length < ahead) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    first.push(next.value);
  }
  return {
    first,
    async each(handler, backpressure) {
      for (const row of first) handler.handle(row);
      first.length = 0;
      while (!done) {
        const wait = backpressure?.();
        if (wait) await wait;
        const next = await iterator.next();
        if (next.done) break;
        handler.handle(next.value);
      }
    },
  };
}
