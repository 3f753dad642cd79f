import { InvalidArgumentError } from 'commander';
import { parseNumber } from '../core/import/values.js';

/** Where a command writes what it reports (the console, or a test's collector). */
export interface Output {
  log: (s: string) => void;
}

/** Commander option parser for repeatable options: each use adds one value. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseIntOption(value: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`'${value}' is not a whole number`);
  return n;
}

/** Plain decimal numbers only: `Number()` would also take 0x10 (16), 0b11 or Infinity. */
export function parseNumberOption(value: string): number {
  const parsed = parseNumber(value);
  const n = parsed.ok ? parsed.value : NaN;
  if (!Number.isFinite(n)) {
    throw new InvalidArgumentError(`'${value}' is not a number; write it plainly, e.g. 150000000 or 0.25`);
  }
  return n;
}
