/**
 * What the number and date readers share: the failure shape, the length guard that keeps
 * pathological cells cheap, and the cells that mean "no value".
 */

export const fail = (expected: string): { ok: false; expected: string } => ({ ok: false, expected });

/** Far longer than any real number or date cell; refusing early keeps pathological cells cheap. */
const MAX_VALUE_LENGTH = 256;

export const tooLong = (text: string): boolean =>
  text.length > MAX_VALUE_LENGTH && text.trim().length > MAX_VALUE_LENGTH;

/**
 * Cells that mean "no value" in the exports users bring: Google Ads writes ` --`, GA writes
 * `(not set)`, spreadsheets `#N/A`, people `-`, `—` or `N/A`. `NA` is included because it is what
 * pandas-style tools write for a missing number.
 */
const nullTokens = new Set(['', '-', '--', '—', '–', 'n/a', 'na', '#n/a', '(not set)']);

export const isNullToken = (t: string): boolean => nullTokens.has(t.toLowerCase());
