/**
 * Errors and limits shared by the spreadsheet readers and writer. Every message starts with the
 * file name because it travels unchanged to the CLI's stderr and the app's import dialog.
 */
import path from 'node:path';
import { KinerjaError } from '../../../../shared/contract/errors.js';

/** A workbook the user can fix or replace: reported as such, never as an internal error. */
export class SpreadsheetError extends KinerjaError {
  constructor(message: string) {
    super('invalid_request', message);
    this.name = 'SpreadsheetError';
  }
}

/**
 * Caps on what an XLSX (a zip archive) may make us unpack. They are checked against the bytes
 * actually inflated, not only the sizes the archive declares, because those can lie.
 */
export interface ZipLimits {
  /** Entries in the archive's central directory. */
  maxEntries: number;
  /** Bytes inflated in total for one read (workbook parts, shared strings and the sheet). */
  maxTotalInflatedBytes: number;
  /** Inflated size over compressed size, applied to an entry once it has inflated past 1 MiB. */
  maxRatio: number;
}

export const defaultZipLimits: ZipLimits = {
  maxEntries: 10_000,
  maxTotalInflatedBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
};

/**
 * Small parts (rels, workbook.xml) legitimately compress far better than 200:1 when they are
 * mostly padding, so the ratio only starts to count once an entry is big enough to matter.
 */
export const RATIO_APPLIES_ABOVE_BYTES = 1024 * 1024;

export function resolveLimits(limits: Partial<ZipLimits> | undefined): ZipLimits {
  const out = { ...defaultZipLimits };
  for (const key of ['maxEntries', 'maxTotalInflatedBytes', 'maxRatio'] as const) {
    const value = limits?.[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0)) {
      throw new RangeError(`Invalid zip limit ${key}: expected a positive number, got ${String(value)}`);
    }
    out[key] = value;
  }
  return out;
}

/** The name users recognise: the path as given, or just its base name when it is long. */
export function displayName(file: string): string {
  return file.length > 120 ? path.basename(file) : file;
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${bytes} bytes`;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

export function fail(file: string, problem: string): never {
  throw new SpreadsheetError(`${displayName(file)}: ${problem}`);
}

export function zipBomb(file: string, detail: string): never {
  fail(file, `the workbook looks like a zip bomb (${detail})`);
}
