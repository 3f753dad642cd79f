/**
 * Spreadsheet files for import and export: XLSX (own streaming reader with zip-bomb limits) and
 * XLS (SheetJS). The format is decided by the file's first bytes, never by its extension,
 * because real exports often carry the wrong one.
 */
import fs, { type FileHandle } from 'node:fs/promises';
import { displayName, fail, resolveLimits, SpreadsheetError, type ZipLimits } from './errors.js';
import type { ReadSheetOptions, SheetRow, SpreadsheetInfo } from './types.js';
import { listXlsSheets, readXlsRows } from './xls-read.js';
import { listXlsxSheets, readXlsxRows } from './xlsx-read.js';
import type { AtomicWriteOptions } from '../../files/atomic-write.js';
import { writeXlsxFile, type SheetToWrite } from './xlsx-write.js';

export { SpreadsheetError, defaultZipLimits, type ZipLimits } from './errors.js';
export type { SheetCell, SheetRow, SpreadsheetInfo, ReadSheetOptions } from './types.js';
export type { CellToWrite, FormattedNumber, SheetToWrite } from './xlsx-write.js';

const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_LOCAL_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_EMPTY_MAGIC = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const SNIFF_BYTES = 4096;

/**
 * 'xls' for an OLE2 compound file; 'xlsx' for a zip whose first bytes name the package's
 * `[Content_Types].xml` or an `xl/` part (writers put those first). Pass at least the first 4 KiB.
 */
export function detectSpreadsheetFormat(firstBytes: Buffer): 'xlsx' | 'xls' | null {
  if (firstBytes.length >= 8 && firstBytes.subarray(0, 8).equals(OLE2_MAGIC)) return 'xls';
  if (firstBytes.length >= 4 && firstBytes.subarray(0, 4).equals(ZIP_LOCAL_MAGIC)) {
    const head = firstBytes.toString('latin1');
    if (head.includes('[Content_Types].xml') || head.includes('xl/')) return 'xlsx';
  }
  return null;
}

/** What a file that is not a workbook most likely is, so the message can say what to do. */
function describeOther(head: Buffer): string {
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 512)
    .toLowerCase();
  if (text.startsWith('<html') || text.startsWith('<!doctype html') || text.startsWith('<table')) {
    return 'it is a web page (HTML) saved with an Excel extension; open it in Excel and save it as .xlsx';
  }
  if (text.startsWith('<?xml') && text.includes('urn:schemas-microsoft-com:office:spreadsheet')) {
    return 'it is an Excel 2003 XML spreadsheet; open it in Excel and save it as .xlsx';
  }
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'it is a PDF document';
  // eslint-disable-next-line no-control-regex
  const binary = /[\u0000-\u0008\u000e-\u001a]/.test(head.toString('latin1'));
  if (!binary) return 'it looks like a text file; if it is CSV, import it as CSV';
  return 'its content is neither XLSX nor XLS';
}

interface OpenedFile {
  handle: FileHandle;
  size: number;
  format: 'xlsx' | 'xls';
}

async function openSpreadsheet(file: string): Promise<OpenedFile> {
  let handle: FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail(file, 'the file does not exist');
    if (code === 'EACCES' || code === 'EPERM') fail(file, 'the file cannot be read (permission denied)');
    if (code === 'EISDIR') fail(file, 'this is a folder, not a file');
    return fail(file, `the file cannot be opened (${(error as Error).message})`);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) fail(file, 'this is a folder, not a file');
    if (stat.size === 0) fail(file, 'the file is empty');
    const head = Buffer.alloc(Math.min(stat.size, SNIFF_BYTES));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const first = head.subarray(0, bytesRead);
    let format: 'xlsx' | 'xls';
    if (first.length >= 8 && first.subarray(0, 8).equals(OLE2_MAGIC)) format = 'xls';
    else if (
      first.length >= 4 &&
      (first.subarray(0, 4).equals(ZIP_LOCAL_MAGIC) || first.subarray(0, 4).equals(ZIP_EMPTY_MAGIC))
    ) {
      // Any zip goes on to the zip reader, which tells a damaged workbook from another kind of zip.
      format = 'xlsx';
    } else {
      return fail(file, `this is not an XLSX or XLS workbook (${describeOther(first)})`);
    }
    return { handle, size: stat.size, format };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function asSpreadsheetError(file: string, error: unknown): unknown {
  if (error instanceof SpreadsheetError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    return new SpreadsheetError(
      `${displayName(file)}: the file cannot be read (${(error as Error).message})`,
    );
  }
  return error;
}

export async function listSheets(file: string): Promise<SpreadsheetInfo> {
  const limits = resolveLimits(undefined);
  const { handle, size, format } = await openSpreadsheet(file);
  try {
    const sheets =
      format === 'xlsx'
        ? await listXlsxSheets(file, handle, size, limits)
        : await listXlsSheets(file, handle, size, limits.maxTotalInflatedBytes);
    return { sheets, format };
  } catch (error) {
    throw asSpreadsheetError(file, error);
  } finally {
    await handle.close();
  }
}

async function* rows(file: string, options: ReadSheetOptions): AsyncGenerator<SheetRow, void, undefined> {
  const limits = resolveLimits(options.limits);
  const { handle, size, format } = await openSpreadsheet(file);
  try {
    if (format === 'xlsx') {
      yield* readXlsxRows(file, handle, size, {
        sheet: options.sheet,
        limits,
        onProgress: options.onProgress,
      });
    } else {
      yield* readXlsRows(file, handle, size, {
        sheet: options.sheet,
        maxBytes: limits.maxTotalInflatedBytes,
        onProgress: options.onProgress,
      });
    }
  } catch (error) {
    throw asSpreadsheetError(file, error);
  } finally {
    await handle.close();
  }
}

/**
 * Rows of one sheet, in sheet order, read as they are consumed. Rows without any value are
 * skipped; `row` keeps the sheet's own numbering. Each iteration reads the file afresh.
 */
export function readSheetRows(
  file: string,
  options?: {
    sheet?: string;
    limits?: Partial<ZipLimits>;
    onProgress?: (bytesRead: number, totalBytes: number) => void;
  },
): AsyncIterable<SheetRow> {
  return { [Symbol.asyncIterator]: () => rows(file, options ?? {}) };
}

/**
 * Writes an XLSX workbook (numbers as numbers, optionally with a number format; strings as inline
 * strings, null as an empty cell), pulling rows as it writes. Formula-like text is stored as plain
 * text, which no spreadsheet runs, so it needs no neutralising here.
 */
export async function writeXlsx(
  file: string,
  sheets: SheetToWrite[],
  options?: AtomicWriteOptions,
): Promise<void> {
  await writeXlsxFile(file, sheets, options);
}
