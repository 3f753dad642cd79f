/**
 * Reading the values of messy real-world exports (design handbook §4, §8): numbers whose decimal
 * mark depends on the exporting locale, money, durations, dates in any day/month order, date-range
 * title lines and deal status words.
 *
 * Every column is judged as a whole first (`inferDecimalMark`, `inferDateOrder`) because a single
 * cell such as `2,146` or `03/04/2025` cannot say what it means; the cell parsers then take the
 * column's decision, or `null` when none was made, in which case only values that settle their
 * own meaning are accepted. A wrong guess would silently corrupt KPI values, so an undecidable
 * value is an error that tells the user which option settles it.
 *
 * Failures carry the text that follows "expected" in the import's message. No parser throws on
 * any input, and every cell longer than a real value could be is refused before any pattern runs.
 */

export * from './infer/numbers.js';
export * from './infer/dates.js';
export * from './infer/status.js';
