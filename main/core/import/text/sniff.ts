import { splitRecords } from './records.js';

/**
 * Delimiter sniffing and the cell classifications that structure detection shares with it.
 */

export type Delimiter = ',' | ';' | '\t' | '|';

/** In order of preference when two delimiters explain the sample equally well. */
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

/** Lines from the top of a file (after any `#` block) that decide the delimiter. */
export const SNIFF_LINES = 100;

/**
 * GA4 and Universal Analytics comment lines: `# ----`, `# Start date: …`, `#  `, a bare `#`.
 * A header cell such as `# of Impressions` passes this test too, which is why the header
 * detector can still take the last comment line as the header when nothing else fits.
 */
export const isCommentText = (text: string): boolean => /^#(?:[\s-]|$)/.test(text);

export const isBlankText = (text: string): boolean => text.trim() === '';

/** ` --` is how Google Ads writes "no value"; for the shape of a row it is as good as empty. */
export const isEmptyCell = (cell: string): boolean => {
  const t = cell.trim();
  return t === '' || t === '--';
};

/**
 * Values that make a row look like data rather than a header: numbers in any locale, with
 * currency, `%`, parentheses for negatives, `< 10%` shares, dates and `hh:mm:ss` durations.
 * It only needs to tell data from labels, not to read the value.
 */
const NUMBERISH = new RegExp(
  String.raw`^[<>]?\s*[-+(]?\s*(?:Rp\.?|[A-Z]{2,3}\$?|US\$|[$€£¥₹])?\s*[-+]?(?:\d[\d.,:/'\s-]*)?\d(?:[eE][-+]?\d+)?\s*%?\)?$`,
  'u',
);

export const looksNumeric = (cell: string): boolean => {
  const t = cell.trim();
  return t !== '' && t.length <= 64 && NUMBERISH.test(t);
};

/** Splits off the block of comment and blank lines at the top, for sniffing only. */
export function skipLeadingComments(text: string): string {
  let at = 0;
  while (at < text.length) {
    const m = /\r\n|\n|\r/g;
    m.lastIndex = at;
    const found = m.exec(text);
    const end = found ? found.index : text.length;
    const line = text.slice(at, end);
    if (!isCommentText(line) && !isBlankText(line)) break;
    if (!found) return '';
    at = end + found[0].length;
  }
  return text.slice(at);
}

interface Candidate {
  delimiter: Delimiter;
  mode: number;
  consistency: number;
}

/** The most frequent value; a tie goes to the larger, since a table is wider than its titles. */
export function modeOf(values: readonly number[]): number {
  const counts = new Map<number, number>();
  let best = 0;
  let bestCount = 0;
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > bestCount || (n === bestCount && v > best)) {
      best = v;
      bestCount = n;
    }
  }
  return best;
}

function columnCounts(text: string, delimiter: Delimiter): number[] {
  const counts: number[] = [];
  let records = 0;
  // A sample cut inside a quoted field ends in an unclosed quote; the records before it count.
  splitRecords(text, delimiter, (record, start) => {
    // Empty lines are passed over and not counted toward the limit (a lone `""` is a record).
    if (record.length === 1 && record[0] === '' && text.charCodeAt(start) !== 34) return true;
    const first = record[0] ?? '';
    if (counts.length < SNIFF_LINES && !isCommentText(first) && !record.every(isBlankText)) {
      counts.push(record.length);
    }
    return ++records < SNIFF_LINES * 2;
  });
  return counts;
}

/**
 * Picks the delimiter whose column count is the most consistent over the first lines (quotes
 * respected, so `"25,881"` is one cell), among those that give more than one column. `sample`
 * is the decoded start of the file; `complete` says whether it is the whole file, otherwise the
 * unfinished last line is left out.
 */
export function sniffDelimiter(sample: string, complete: boolean): Delimiter {
  let text = skipLeadingComments(sample);
  if (!complete) {
    const lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    if (lastBreak > 0) text = text.slice(0, lastBreak + 1);
  }
  let best: Candidate | null = null;
  for (const delimiter of DELIMITERS) {
    const counts = columnCounts(text, delimiter);
    if (counts.length === 0) continue;
    const mode = modeOf(counts);
    if (mode <= 1) continue;
    const consistency = counts.filter((c) => c === mode).length / counts.length;
    if (
      best === null ||
      consistency > best.consistency + 1e-9 ||
      (Math.abs(consistency - best.consistency) <= 1e-9 && mode > best.mode)
    ) {
      best = { delimiter, mode, consistency };
    }
  }
  return best?.delimiter ?? ',';
}
