import type { ZipLimits } from './errors.js';

/** A cell as the importer sees it; empty and error cells are null. */
export type SheetCell =
  string | number | boolean | null | { kind: 'date'; day: number /* days since 1970-01-01 */ };

export interface SheetRow {
  /** 1-based row number as the sheet itself numbers it, so messages can say "row 17". */
  row: number;
  /** Column A first; missing cells inside the row are null and trailing empty cells are left out. */
  cells: SheetCell[];
}

export interface SpreadsheetInfo {
  sheets: string[];
  format: 'xlsx' | 'xls';
}

export interface ReadSheetOptions {
  /** Sheet name; the first sheet when absent. Matched exactly, then ignoring case. */
  sheet?: string;
  limits?: Partial<ZipLimits>;
  /** Called as the file is consumed; `bytesRead` never decreases and ends at `totalBytes`. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** Picks a sheet by name: exactly, then ignoring case (Excel itself treats names that way). */
export function pickSheetName(
  file: string,
  sheets: string[],
  wanted: string | undefined,
  fail: (file: string, problem: string) => never,
): string {
  if (sheets.length === 0) fail(file, 'the workbook has no worksheets');
  if (wanted === undefined) return sheets[0]!;
  const exact = sheets.find((name) => name === wanted);
  if (exact !== undefined) return exact;
  const folded = sheets.find((name) => name.toLowerCase() === wanted.toLowerCase());
  if (folded !== undefined) return folded;
  return fail(
    file,
    `there is no sheet named '${wanted}'; the sheets are ${sheets.map((name) => `'${name}'`).join(', ')}`,
  );
}
