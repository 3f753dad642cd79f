import path from 'node:path';
import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type { WorkspaceSettings } from '../../../shared/contract/schemas.js';
import type { ColumnFormat } from './column-readers.js';
import { factReaderFor, readInThisThread, type FactReader } from './fact-reader.js';
import { ManualValueWriter, startBatch } from './import-file.js';
import type { ImportKind } from './kinds.js';
import type { ReadOptions, ReadProgress, ReadReport } from './read-file.js';
import { MAX_TOTALS_LISTED } from './text/read-text-table.js';
import type { ImportWarning } from './warnings.js';
import { FactWriter } from './writer.js';

export { UPLOAD_DIR_PREFIX } from './row-problems.js';
export type { ColumnFormat } from './column-readers.js';

export interface ImportFileOptions extends ReadOptions {
  dryRun?: boolean;
  onProgress?: ReadProgress;
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
  /** What was imported as written but a user should look at, with rows and columns. */
  warnings: ImportWarning[];
}

/** What the writing half did: the writer's counts, and where rejected rows went. */
interface Written {
  batchId: number;
  counts: { inserted: number; updated: number; unchanged: number };
  duplicatesInFile: number;
  rejectsFile: string | null;
}

/**
 * Imports one file — CSV in any common shape, XLSX or XLS — as one batch: all rows or none by
 * default, every problem listed with row, column, value and what was expected.
 *
 * Reading and converting (`readFile`) need no database; a large file of facts is read in a
 * reader thread while this thread inserts what it sends, so the two halves overlap.
 */
export async function importFile(
  db: Database.Database,
  settings: WorkspaceSettings,
  file: string,
  options: ImportFileOptions,
): Promise<FileImportSummary> {
  const abs = path.resolve(file);
  const { onProgress, dryRun = false, ...readOptions } = options;
  const { kind } = options;
  return inTransaction(db, dryRun, async () => {
    const batchId = startBatch(db, kind, path.basename(abs));
    let report: ReadReport;
    let written: Omit<Written, 'rejectsFile' | 'batchId'>;
    let reader: FactReader | null = null;
    try {
      if (kind === 'kpi_values') {
        // Manual values are few and each may be refused by the writer: read where they are written.
        const manual = new ManualValueWriter(db, settings, batchId);
        reader = readInThisThread(abs, { kind: 'manual', write: (v) => manual.write(v) });
        report = await reader.read(readOptions, onProgress);
        written = { counts: manual.counts, duplicatesInFile: 0 };
      } else {
        const writer = new FactWriter(db, kind, batchId);
        reader = factReaderFor(abs, (fact) => writer.write(fact));
        report = await reader.read(readOptions, onProgress);
        writer.finish();
        written = { counts: writer.counts, duplicatesInFile: writer.duplicatesInFile };
      }
      // Written before COMMIT: if the rejects file cannot be written the import is rolled back.
      const rejectsFile = dryRun ? null : await reader.writeRejects(db.name);
      const summary = summarise(abs, options, report, { ...written, batchId, rejectsFile });
      db.prepare('UPDATE import_batches SET summary = ? WHERE id = ?').run(JSON.stringify(summary), batchId);
      return summary;
    } finally {
      reader?.close();
    }
  });
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
    if (!dryRun) refuseIfOrphaned();
    db.exec(dryRun ? 'ROLLBACK' : 'COMMIT');
    finished = true;
    return result;
  } finally {
    if (!finished && db.inTransaction) db.exec('ROLLBACK');
  }
}

/**
 * The CLI imports in a child of the process the user started (bin/kinerja.js names it in
 * KINERJA_PARENT_PID). The child polls for its parent, but the last stretch before COMMIT
 * (indexes, rollups) runs without a break in which a timer could fire: a parent killed then
 * must not leave a child that commits the batch behind the user's back.
 */
function refuseIfOrphaned(): void {
  const parent = process.env.KINERJA_PARENT_PID;
  if (parent && process.ppid !== Number(parent))
    throw new KinerjaError('cancelled', 'the import was stopped before it was saved; nothing was imported');
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
  report: ReadReport,
  written: Written,
): FileImportSummary {
  const { end } = report;
  const openWords = new Map(report.openWords);
  return {
    batchId: options.dryRun ? null : written.batchId,
    file,
    kind: options.kind,
    readAs: report.readAs,
    preset: report.preset,
    read: report.read,
    ...written.counts,
    rejected: report.rejected,
    rejectsFile: written.rejectsFile,
    skippedLines: end.skippedLines,
    skippedTotals: end.skippedTotals + report.totalsRows.length,
    totalsRows: [
      ...end.totalsRows.map((t) => ({ line: t.line, rule: `label '${t.label}'` })),
      ...report.totalsRows,
    ]
      .sort((a, b) => a.line - b.line)
      .slice(0, MAX_TOTALS_LISTED),
    moreTables: end.moreTables,
    duplicatesInFile: written.duplicatesInFile,
    ignoredColumns: report.ignoredColumns,
    formats: report.formats.map((f) =>
      f.field === 'status' && openWords.size
        ? { ...f, format: [f.format, openWordsNote(openWords)].filter(Boolean).join('; ') }
        : f,
    ),
    dryRun: options.dryRun ?? false,
    warnings: report.warnings,
    ...(options.preview ? { preview: report.preview, problems: report.problems } : {}),
  };
}
