/**
 * Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return that
 * hides one) as a formula: a name like `=HYPERLINK(…)` in an imported CRM file would become a
 * live formula in whoever opens the export. Such text gets a leading apostrophe, which every
 * spreadsheet shows as plain text. Numbers, and text that is a plain decimal number, are never touched. This is for
 * CSV only: XLSX stores text as inline strings, which no spreadsheet runs, and an apostrophe there
 * would show as part of the text.
 */
export function neutraliseCell(value: string | number | null | undefined): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  // A plain decimal (an exact amount written as text, -250 or 123456789012345.0001) is a number
  // to every spreadsheet, never a formula.
  if (/^-?\d+(\.\d+)?$/.test(value)) return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
