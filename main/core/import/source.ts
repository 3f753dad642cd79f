import fs from 'node:fs';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { dayFromIso, type Day } from '../../../shared/kpi/periods.js';
import type { SheetCell } from './spreadsheet/types.js';
import { detectSpreadsheetFormat, readSheetRows } from './spreadsheet/index.js';
import { MAX_TOTALS_LISTED, openTextTable, type SkippedTotalsRow } from './text/read-text-table.js';
import { isTotalsLabel } from './text/structure.js';

export type SourceCell = SheetCell;

export interface SourceRow {
  /** Line (text files) or sheet row (spreadsheets) for messages. */
  line: number;
  cells: SourceCell[];
}

export interface SourceEnd {
  skippedLines: number;
  skippedTotals: number;
  /** The first totals rows skipped by their label, with their line (or sheet row). */
  totalsRows: SkippedTotalsRow[];
  moreTables: boolean;
  /** Rows of a Windows-1252 text file that held UTF-8 text, read as UTF-8: count and first lines. */
  utf8Rows: { count: number; lines: number[] };
}

/** One table to import, from a text file or a worksheet, read the same way by the importer. */
export interface TableSource {
  format: 'csv' | 'xlsx' | 'xls';
  /** What the summary says about how the file was read (encoding, delimiter, sheet). */
  described: string;
  headers: string[];
  headerLine: number;
  dateRange: { from: Day; to: Day } | null;
  sample: SourceRow[];
  rows(): AsyncIterable<SourceRow>;
  end(): SourceEnd;
}

const isEmpty = (c: SourceCell) => c === null || (typeof c === 'string' && c.trim() === '');

/**
 * The header of a worksheet is the first row of mostly text whose width matches the rows
 * below it; title and description rows above it (LinkedIn puts one there) are skipped.
 */
function findSheetHeader(rows: { row: number; cells: SourceCell[] }[]): number {
  const width = (cells: SourceCell[]) => cells.filter((c) => !isEmpty(c)).length;
  const widest = Math.max(0, ...rows.map((r) => width(r.cells)));
  const i = rows.findIndex(
    (r) =>
      width(r.cells) >= Math.max(2, Math.ceil(widest * 0.6)) &&
      r.cells.filter((c) => !isEmpty(c)).every((c) => typeof c === 'string'),
  );
  return i < 0 ? 0 : i;
}

const ZIP_MAGICS = ['504b0304', '504b0506', '504b0708'];

function isArchive(head: Buffer): boolean {
  return head.length >= 4 && ZIP_MAGICS.includes(head.subarray(0, 4).toString('hex'));
}

/** Why a file to import cannot be opened, in words a user can act on. */
function openError(file: string, e: unknown): KinerjaError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new KinerjaError('not_found', `${file}: no such file`);
  if (code === 'EISDIR') return new KinerjaError('invalid_request', `${file}: this is a folder, not a file`);
  if (code === 'EACCES' || code === 'EPERM')
    return new KinerjaError('invalid_request', `${file}: the file cannot be read (permission denied)`);
  return new KinerjaError(
    'invalid_request',
    `${file}: the file cannot be read (${code ?? (e as Error)?.message ?? String(e)})`,
  );
}

export async function openTableSource(
  file: string,
  options: { sheet?: string; onProgress?: (bytesRead: number, totalBytes: number) => void } = {},
): Promise<TableSource> {
  let head: Buffer;
  try {
    // Enough bytes for the zip's first entry name, which tells a workbook from any other zip.
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(4096);
    const n = fs.readSync(fd, buf, 0, 4096, 0);
    head = buf.subarray(0, n);
    fs.closeSync(fd);
  } catch (e) {
    throw openError(file, e);
  }
  // Any zip or OLE2 file goes to the workbook reader, which names what it is when it is not a
  // workbook (another kind of zip, a damaged or truncated one) instead of "a binary file".
  const format = detectSpreadsheetFormat(head) ?? (isArchive(head) ? 'xlsx' : null);
  if (!format) {
    if (options.sheet)
      throw new KinerjaError(
        'invalid_request',
        `${file}: --sheet applies to Excel files; this is a text file`,
      );
    const table = await openTextTable(file, {
      onProgress: options.onProgress ? (p) => options.onProgress!(p.bytesRead, p.totalBytes) : undefined,
    });
    const { info } = table;
    return {
      format: 'csv',
      described: `${info.encoding}, ${info.delimiter === '\t' ? 'tab' : `'${info.delimiter}'`}-separated, header on line ${info.headerLine}`,
      headers: info.headers,
      headerLine: info.headerLine,
      dateRange: info.dateRange
        ? { from: dayFromIso(info.dateRange.from), to: dayFromIso(info.dateRange.to) }
        : null,
      sample: info.sampleRows,
      rows: () => table.rows(),
      end: () => table.end(),
    };
  }

  // Worksheets: find the header in the first rows, then stream the rest.
  const probe: { row: number; cells: SourceCell[] }[] = [];
  for await (const r of readSheetRows(file, { sheet: options.sheet })) {
    probe.push(r);
    if (probe.length >= 60) break;
  }
  if (probe.length === 0) throw new KinerjaError('invalid_request', `${file}: the sheet is empty`);
  const h = findSheetHeader(probe);
  const headers = probe[h]!.cells.map((c) => (c === null ? '' : String(c).trim()));
  const headerRow = probe[h]!.row;
  const counts: SourceEnd = {
    skippedLines: h,
    skippedTotals: 0,
    totalsRows: [],
    moreTables: false,
    utf8Rows: { count: 0, lines: [] },
  };
  async function* rows(): AsyncIterable<SourceRow> {
    for await (const r of readSheetRows(file, { sheet: options.sheet, onProgress: options.onProgress })) {
      if (r.row <= headerRow) continue;
      if (r.cells.every(isEmpty)) continue;
      // Worksheets skip totals rows by the same label rule as text files.
      const first = r.cells.find((c) => !isEmpty(c));
      if (typeof first === 'string' && isTotalsLabel(first)) {
        counts.skippedTotals++;
        if (counts.totalsRows.length < MAX_TOTALS_LISTED)
          counts.totalsRows.push({ line: r.row, label: first.trim() });
        continue;
      }
      yield { line: r.row, cells: r.cells };
    }
  }
  const sample = probe
    .slice(h + 1)
    .filter((r) => !r.cells.every(isEmpty))
    .slice(0, 50)
    .map((r) => ({ line: r.row, cells: r.cells }));
  return {
    format,
    described: `${format.toUpperCase()} sheet '${options.sheet ?? 'first'}', header on row ${headerRow}`,
    headers,
    headerLine: headerRow,
    dateRange: null,
    sample,
    rows,
    end: () => counts,
  };
}
