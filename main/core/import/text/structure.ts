import { isoFromDay } from '../../../../shared/kpi/periods.js';
import { parseDateRangeText } from '../infer.js';
import { isCommentText, isEmptyCell, looksNumeric, modeOf } from './sniff.js';

/**
 * Where the table sits inside an export: the header among title, metadata and `#` lines, the
 * totals rows, and where the first table ends. Every decision here looks only at a bounded
 * number of rows so that a file of any size streams through.
 */

export interface ProbeRecord {
  cells: string[];
}

/** Records the header detector looks at (blank and `#` lines are not counted). */
export const HEADER_PROBE_ROWS = 100;

/** A record with nothing in it: a blank line, `,,,,` or `"",""`. */
export const isBlankRecord = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

export const isCommentRecord = (cells: readonly string[]): boolean => {
  const first = cells[0] ?? '';
  // `#,Name,Amount` is a header whose first column is a row number, not a comment.
  if (first.trim() === '#' && cells.slice(1).some((c) => c.trim() !== '')) return false;
  return isCommentText(first);
};

/** Labels win over numbers: `Nth week,Active users` is a header, `0000,13` is not. */
export function isMostlyText(cells: readonly string[]): boolean {
  let text = 0;
  let filled = 0;
  for (const c of cells) {
    if (isEmptyCell(c)) continue;
    filled++;
    if (!looksNumeric(c)) text++;
  }
  return text > 0 && text * 2 > filled;
}

/** Column count without trailing empty cells, for files that end every data row with a delimiter. */
function filledWidth(cells: readonly string[]): number {
  let n = cells.length;
  while (n > 0 && cells[n - 1]!.trim() === '') n--;
  return n;
}

/**
 * The rows that a header candidate at `at` should agree with: everything after it in the probe,
 * up to a blank line that is followed by a `#` block (GA4 snapshots start each table that way).
 */
function followingRows(records: readonly ProbeRecord[], at: number): ProbeRecord[] {
  const out: ProbeRecord[] = [];
  let afterBlank = false;
  for (let i = at + 1; i < records.length; i++) {
    const r = records[i]!;
    if (isBlankRecord(r.cells)) {
      afterBlank = true;
      continue;
    }
    if (isCommentRecord(r.cells)) {
      if (afterBlank) break;
      continue;
    }
    afterBlank = false;
    out.push(r);
  }
  return out;
}

/**
 * The index of the header among the probe records, or null when there is no table row at all.
 *
 * The header is the first row that is mostly text and has the modal column count of the rows
 * after it; rows above it are titles, date-range lines and metadata blocks. Files that fit no
 * rule fall back to gentler tests: a header wider than its rows (GA4's ragged cohort table), a
 * header without year-like labels (`Product,2024,2025`), and a GA-style `#` line sitting right on
 * top of numeric data with the data's width (`# of Leads,Month`).
 */
export function detectHeader(records: readonly ProbeRecord[]): number | null {
  const rows: number[] = [];
  for (let i = 0; i < records.length; i++) {
    const cells = records[i]!.cells;
    if (!isBlankRecord(cells) && !isCommentRecord(cells)) rows.push(i);
  }
  const first = rows[0];
  if (first === undefined) return null;

  const widths = new Map<number, { mode: number; filledMode: number; any: boolean }>();
  const widthsAfter = (at: number) => {
    let w = widths.get(at);
    if (!w) {
      // One-cell lines are titles and footers (Salesforce's three below a two-row report); they
      // only decide the width when no row is wider.
      const all = followingRows(records, at);
      const wide = all.filter((r) => r.cells.length > 1);
      const after = wide.length > 0 ? wide : all;
      w = {
        mode: modeOf(after.map((r) => r.cells.length)),
        filledMode: modeOf(after.map((r) => filledWidth(r.cells))),
        any: all.length > 0,
      };
      widths.set(at, w);
    }
    return w;
  };

  if (!isMostlyText(records[first]!.cells)) {
    const above = records[first - 1]?.cells;
    if (
      above &&
      isCommentRecord(above) &&
      above.length > 1 &&
      above.length === widthsAfter(first - 1).mode &&
      isMostlyText(above)
    ) {
      return first - 1;
    }
  }
  for (const i of rows) {
    const cells = records[i]!.cells;
    const w = widthsAfter(i);
    if (isMostlyText(cells) && (!w.any || cells.length === w.mode)) return i;
  }
  for (const i of rows) {
    const cells = records[i]!.cells;
    const w = widthsAfter(i);
    if (isMostlyText(cells) && cells.length >= w.filledMode && (cells.length > 1 || w.mode <= 1)) return i;
  }
  for (const i of rows) {
    if (records[i]!.cells.length === widthsAfter(i).mode) return i;
  }
  return first;
}

/**
 * Totals rows as exports write them: `Total`, `Totals`, `Total: Campaigns`, `Grand Totals (2
 * records)`, `Subtotal`, Indonesian `Jumlah` and `Total keseluruhan`. A label that merely starts
 * with the word (`Total Wine & More`, a real account name) is data, so after the word only an
 * end, punctuation, a number or a few qualifying words may follow.
 */
const TOTALS_LABEL =
  /^(?:grand\s+|sub-?\s*)?(?:totals?|jumlah)(?:$|\s*[:(\-–—.]|\s+(?:\d|keseluruhan\b|semua\b|all\b|for\b|untuk\b))/i;

export const isTotalsLabel = (text: string): boolean => TOTALS_LABEL.test(text.trim());

/** Decides on the first non-empty cell, wherever it is (`,,Total,…` in pivot-style exports). */
export function isTotalsRow(cells: readonly string[]): boolean {
  const first = cells.find((c) => c.trim() !== '');
  return first !== undefined && isTotalsLabel(first);
}

/** Sample rows that shape the per-column profile used to recognise a second table's header. */
export const PROFILE_ROWS = 50;

/** Which columns hold numbers in the first data rows. */
export class ColumnProfile {
  private filled: number[] = [];
  private numeric: number[] = [];
  private seen = 0;

  add(cells: readonly string[]): void {
    if (this.seen >= PROFILE_ROWS) return;
    this.seen++;
    cells.forEach((c, i) => {
      if (isEmptyCell(c)) return;
      this.filled[i] = (this.filled[i] ?? 0) + 1;
      if (looksNumeric(c)) this.numeric[i] = (this.numeric[i] ?? 0) + 1;
    });
  }

  /** A row with labels where the data so far had numbers: the header of another table. */
  contradicts(cells: readonly string[]): boolean {
    let numericColumns = 0;
    let textThere = 0;
    for (let i = 0; i < this.filled.length; i++) {
      const filled = this.filled[i] ?? 0;
      if (filled < 2 || (this.numeric[i] ?? 0) < filled * 0.9) continue;
      numericColumns++;
      const c = cells[i];
      if (c !== undefined && !isEmptyCell(c) && !looksNumeric(c)) textThere++;
    }
    return numericColumns > 0 && textThere * 2 >= numericColumns;
  }
}

export type AfterBlank = 'data' | 'totals' | 'stop';

/**
 * What a non-empty row after one or more blank lines inside the table means. Exports put a
 * second table (UA's `Dagindex,Sessies`), a GA4 `#` block or a footer (Salesforce's
 * `"Confidential Information - Do Not Distribute"`) there; plain data after a stray blank line
 * is read on.
 */
export function classifyAfterBlank(
  cells: readonly string[],
  headers: readonly string[],
  profile: ColumnProfile,
): AfterBlank {
  if (isCommentRecord(cells) || (cells[0] ?? '').startsWith('#')) return 'stop';
  if (isTotalsRow(cells)) return 'totals';
  const filled = cells.filter((c) => !isEmptyCell(c));
  if (headers.length > 1 && cells.length === 1 && filled.length === 1 && !looksNumeric(filled[0]!))
    return 'stop';
  if (!isMostlyText(cells)) return 'data';
  if (cells.length !== headers.length) return 'stop';
  const same = cells.every((c, i) => c.trim().toLowerCase() === (headers[i] ?? '').toLowerCase());
  if (same || profile.contradicts(cells)) return 'stop';
  return 'data';
}

/** A preamble line as text: a `#` line as written, a title or metadata row without its quotes. */
export function preambleText(cells: readonly string[], delimiter: string): string {
  if (isCommentRecord(cells)) return cells.join(delimiter).trimEnd();
  return cells
    .slice(0, filledWidth(cells))
    .map((c) => c.trim())
    .join(delimiter);
}

export interface IsoDateRange {
  from: string;
  to: string;
}

const GA_START = /^#\s*start date:\s*(\d{8})\s*$/i;
const GA_END = /^#\s*end date:\s*(\d{8})\s*$/i;

/**
 * The report's date range from its preamble: GA4's `# Start date:` / `# End date:` pair, UA's
 * `# 20140101-20140131`, Google Ads' `"July 8, 2025 - July 31, 2025"`, Clarity's
 * `"Date range","02/01/2025 12:00 AM - 08/04/2025 11:59 PM"`. The first one found wins.
 */
export function dateRangeFromPreamble(records: readonly (readonly string[])[]): IsoDateRange | null {
  let start: string | undefined;
  let end: string | undefined;
  for (const cells of records) {
    const line = cells.join(',').trim();
    start ??= GA_START.exec(line)?.[1];
    end ??= GA_END.exec(line)?.[1];
  }
  if (start && end) {
    const range = parseDateRangeText(`${start}-${end}`);
    if (range) return { from: isoFromDay(range.from), to: isoFromDay(range.to) };
  }
  for (const cells of records) {
    const texts = cells.map((c) => c.trim()).filter((c) => c !== '');
    if (texts.length > 1) texts.push(texts.join(' '));
    for (const text of texts) {
      const range = parseDateRangeText(text);
      if (range) return { from: isoFromDay(range.from), to: isoFromDay(range.to) };
    }
  }
  return null;
}
