import path from 'node:path';
import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type { WorkspaceSettings } from '../../../shared/contract/schemas.js';
import { isoFromDay } from '../../../shared/kpi/periods.js';
import { columnReaders, type ColumnFormat } from './column-readers.js';
import { requiredFields } from './fields.js';
import { startBatch } from './import-file.js';
import type { DecimalMark } from './infer.js';
import type { ImportKind } from './kinds.js';
import { planColumns, type ColumnPlan, type MappingOptions } from './mapping.js';
import { RowConversion } from './row-conversion.js';
import { RowImport, type HeldRow } from './row-import.js';
import { MAX_PROBLEMS_LISTED, RowProblems } from './row-problems.js';
import { openTableSource, type SourceRow, type TableSource } from './source.js';
import { MAX_TOTALS_LISTED } from './text/read-text-table.js';
import { totalsRowsFor } from './totals.js';

export { UPLOAD_DIR_PREFIX } from './row-problems.js';
export type { ColumnFormat } from './column-readers.js';

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

/** Rows read before the formats are decided: enough to see a column's marks, few to hold. */
const INFERENCE_ROWS = 2000;

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
  const { kind } = options;
  let run: RowImport | undefined;
  const source = await openTableSource(abs, {
    sheet: options.sheet,
    onProgress: options.onProgress
      ? (b, t) => options.onProgress!({ bytesRead: b, totalBytes: t, rows: run?.read ?? 0 })
      : undefined,
  });
  const plan = planFor(abs, source, options);

  // Formats are decided from the first rows, buffered so the file is read once.
  const rows = await startReading(source, INFERENCE_ROWS);
  const headerOf = (i: number) => source.headers[i] || `column ${i + 1}`;
  const { readers, formats, constants } = columnReaders(abs, plan, headerOf, rows.first, options);
  const conversion = new RowConversion(plan, readers, headerOf, constants);
  const problems = new RowProblems(source.headers, options.skipInvalid ?? false);
  const isExport = plan.preset !== null || (options.map?.length ?? 0) > 0;

  return inTransaction(db, options.dryRun ?? false, async () => {
    const batchId = startBatch(db, kind, path.basename(abs));
    const totals = totalsRowsFor<HeldRow>(kind, plan, isExport);
    run = new RowImport(db, settings, kind, batchId, conversion, problems, totals, options);
    await rows.each(run);
    run.decideTotals();
    if (problems.count > 0 && !options.skipInvalid && !options.preview) throw problems.refusal(abs);
    run.finish();
    // Written before COMMIT: if the rejects file cannot be written the import is rolled back.
    const rejectsFile = options.dryRun ? null : await problems.writeRejects(abs, db.name);
    const summary = summarise(abs, options, { batchId, source, plan, formats, run, problems, rejectsFile });
    db.prepare('UPDATE import_batches SET summary = ? WHERE id = ?').run(JSON.stringify(summary), batchId);
    return summary;
  });
}

/**
 * Which column feeds which field, checked against the fields a file of the kind needs. A
 * date-range export (GA, ad platforms) gives its period in a preamble rather than per row.
 */
function planFor(file: string, source: TableSource, options: ImportFileOptions): ColumnPlan {
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
        `${file}: no column for '${alternatives.join("' or '")}'; a ${kind} file needs it (columns found: ${source.headers.join(', ')}). ` +
          `Name the column with --map "Header=${field}" or give every row a value with --set ${field}=…`,
      );
    }
  }
  return plan;
}

/** The source's rows: the first ones read ahead, then all of them, each once, to one handler. */
async function startReading(
  source: TableSource,
  ahead: number,
): Promise<{ first: SourceRow[]; each(handler: { handle(row: SourceRow): void }): Promise<void> }> {
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
    async each(handler) {
      for (const row of first) handler.handle(row);
      first.length = 0;
      while (!done) {
        const next = await iterator.next();
        if (next.done) break;
        handler.handle(next.value);
      }
    },
  };
}

/**
 * Runs an import's writes as one transaction: committed when it returns (rolled back for a dry
 * run), rolled back when it throws, so a refused file leaves nothing behind.
 */
async function inTransaction<T>(db: Database.Database, dryRun: boolean, work: () => Promise<T>): Promise<T> {
  db.exec('BEGIN IMMEDIATE');
  let finished = false;
  try {
    const result = await work();
    db.exec(dryRun ? 'ROLLBACK' : 'COMMIT');
    finished = true;
    return result;
  } finally {
    if (!finished && db.inTransaction) db.exec('ROLLBACK');
  }
}

/** `read as open: "Deal" (3 rows), "Proses" (1 row)…`, for words that may have meant won or lost. */
function openWordsNote(words: ReadonlyMap<string, number>): string {
  const listed = [...words]
    .sort((a, b) => b[1] - a[1])
    .map(([w, n]) => `"${w}" (${n} row${n === 1 ? '' : 's'})`)
    .join(', ');
  return `read as open: ${listed}; if any of these means won or lost, add it as a won or lost word`;
}

/** What the import did, as the CLI prints it and the batch records it. */
function summarise(
  file: string,
  options: ImportFileOptions,
  done: {
    batchId: number;
    source: TableSource;
    plan: ColumnPlan;
    formats: ColumnFormat[];
    run: RowImport;
    problems: RowProblems;
    rejectsFile: string | null;
  },
): FileImportSummary {
  const { source, plan, run, problems } = done;
  const end = source.end();
  return {
    batchId: options.dryRun ? null : done.batchId,
    file,
    kind: options.kind,
    readAs: source.described,
    preset: plan.preset?.name ?? null,
    read: run.read,
    ...run.counts,
    rejected: problems.rejected,
    rejectsFile: done.rejectsFile,
    skippedLines: end.skippedLines,
    skippedTotals: end.skippedTotals + run.totalsRows.length,
    totalsRows: [
      ...end.totalsRows.map((t) => ({ line: t.line, rule: `label '${t.label}'` })),
      ...run.totalsRows,
    ]
      .sort((a, b) => a.line - b.line)
      .slice(0, MAX_TOTALS_LISTED),
    moreTables: end.moreTables,
    duplicatesInFile: run.duplicatesInFile,
    ignoredColumns: plan.unused,
    formats: done.formats.map((f) =>
      f.field === 'status' && run.openWords.size
        ? { ...f, format: [f.format, openWordsNote(run.openWords)].filter(Boolean).join('; ') }
        : f,
    ),
    dryRun: options.dryRun ?? false,
    ...(options.preview
      ? { preview: run.preview, problems: problems.kept.slice(0, MAX_PROBLEMS_LISTED) }
      : {}),
  };
}
