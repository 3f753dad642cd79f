/**
 * Excel 97–2003 (.xls, BIFF8 in an OLE2 container) through SheetJS (`@e965/xlsx`, the 0.20.3
 * release). BIFF8 caps a sheet at 65,536 rows, so the file is parsed whole in one synchronous
 * call; rows are then handed out with pauses so the event loop keeps running.
 */
import type { FileHandle } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CellObject, WorkBook, WorkSheet } from '@e965/xlsx';
import { isBuiltinDateFormat, isDateFormatCode, serialToDay } from './dates.js';
import { displayName, fail, formatBytes, SpreadsheetError } from './errors.js';
import { pickSheetName, type SheetCell, type SheetRow } from './types.js';

const MAX_BUSY_MS = 15;
/** A full BIFF8 sheet of numbers is about 240 MB; anything larger is not a real .xls. */
const MAX_XLS_BYTES = 256 * 1024 * 1024;

type SheetJs = typeof import('@e965/xlsx');
let sheetJs: Promise<SheetJs> | null = null;

/** Loaded on first use: the library is large and XLSX reading does not need it. */
function loadSheetJs(): Promise<SheetJs> {
  sheetJs ??= (async () => {
    const library = await import('@e965/xlsx');
    // Pre-BIFF8 files store text in the workbook's code page (e.g. Mac Roman); BIFF8 is UTF-16.
    const codepages = await import('@e965/xlsx/dist/cpexcel.full.mjs');
    library.set_cptable(codepages);
    return library;
  })();
  return sheetJs;
}

async function readWhole(file: string, handle: FileHandle, size: number, maxBytes: number): Promise<Buffer> {
  const cap = Math.min(maxBytes, MAX_XLS_BYTES);
  if (size > cap)
    fail(file, `the .xls file is larger than ${formatBytes(cap)}, which no real workbook needs`);
  // readFile on a handle starts at its current position, so read by explicit offsets instead.
  const bytes = Buffer.alloc(size);
  let done = 0;
  while (done < size) {
    const { bytesRead } = await handle.read(bytes, done, size - done, done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return bytes.subarray(0, done);
}

async function parse(file: string, bytes: Buffer, sheetNamesOnly: boolean): Promise<WorkBook> {
  const library = await loadSheetJs();
  // SheetJS reports unknown BIFF records with console.error, which would land in the CLI's
  // stderr next to our own message. The call is synchronous, so muting it cannot hide anything
  // else's output.
  const { error: consoleError, warn: consoleWarn } = console;
  console.error = () => {};
  console.warn = () => {};
  try {
    return library.read(bytes, {
      type: 'buffer',
      dense: true,
      cellNF: true,
      cellDates: false,
      cellText: false,
      cellHTML: false,
      cellFormula: false,
      cellStyles: false,
      bookSheets: sheetNamesOnly,
    });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    // SheetJS says "Unsupported ZIP encryption" of a compound file that is only damaged.
    if (/password/i.test(why) || (/encrypt/i.test(why) && !/zip/i.test(why)))
      fail(file, 'the workbook is password-protected; save it without a password');
    if (/Workbook stream/i.test(why))
      fail(file, 'this Office file holds no Excel workbook (it may be a Word or PowerPoint document)');
    // Its other messages are about its own internals ("The first argument must be…").
    return fail(
      file,
      'the file is damaged or cut short: it is not a readable Excel 97–2003 workbook; open it in Excel and save it again',
    );
  } finally {
    console.error = consoleError;
    console.warn = consoleWarn;
  }
}

function cellValue(cell: CellObject | undefined, date1904: boolean): SheetCell {
  if (cell === undefined) return null;
  switch (cell.t) {
    case 's':
      return typeof cell.v === 'string' && cell.v !== '' ? cell.v : null;
    case 'b':
      return cell.v === true;
    case 'n': {
      const value = cell.v;
      if (typeof value !== 'number' || !Number.isFinite(value)) return null;
      const format = cell.z;
      const isDate =
        typeof format === 'number'
          ? isBuiltinDateFormat(format)
          : typeof format === 'string' && isDateFormatCode(format);
      if (isDate) {
        const day = serialToDay(value, date1904);
        if (day !== null) return { kind: 'date', day };
      }
      return value;
    }
    default:
      // Errors ('e') and blank stubs ('z') carry no value for an import.
      return null;
  }
}

export async function listXlsSheets(
  file: string,
  handle: FileHandle,
  size: number,
  maxBytes: number,
): Promise<string[]> {
  const book = await parse(file, await readWhole(file, handle, size, maxBytes), true);
  return [...book.SheetNames];
}

export async function* readXlsRows(
  file: string,
  handle: FileHandle,
  size: number,
  options: {
    sheet?: string;
    maxBytes: number;
    onProgress?: (bytesRead: number, totalBytes: number) => void;
  },
): AsyncGenerator<SheetRow, void, undefined> {
  options.onProgress?.(0, size);
  const bytes = await readWhole(file, handle, size, options.maxBytes);
  options.onProgress?.(size, size);
  // Names first (cheap) so a wrong --sheet fails before the whole workbook is decoded.
  const names = (await parse(file, bytes, true)).SheetNames;
  const name = pickSheetName(file, names, options.sheet, fail);
  const book = await parse(file, bytes, false);
  const sheet: WorkSheet | undefined = book.Sheets[name];
  if (sheet === undefined) {
    throw new SpreadsheetError(`${displayName(file)}: the sheet '${name}' could not be read`);
  }
  const date1904 = book.Workbook?.WBProps?.date1904 === true;
  const data = (sheet['!data'] ?? []) as (CellObject[] | undefined)[];
  let busySince = performance.now();
  for (let r = 0; r < data.length; r += 1) {
    const source = data[r];
    if (source === undefined) continue;
    const cells: SheetCell[] = [];
    for (let c = 0; c < source.length; c += 1) cells.push(cellValue(source[c], date1904));
    while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
    if (cells.length > 0) yield { row: r + 1, cells };
    if (performance.now() - busySince > MAX_BUSY_MS) {
      await nextTurn();
      busySince = performance.now();
    }
  }
}
