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

/**
 * A share written as a percent (`80`, `80%`, `85,5%`) or a fraction (`0.8`). A bare number above 1
 * is a percent: no threshold above 100% is meaningful, so `80` cannot mean 8000%.
 */
export function parseShareOption(value: string): number {
  const text = value.trim();
  const percent = text.endsWith('%');
  const digits = (percent ? text.slice(0, -1) : text).trim().replace(',', '.');
  const n = Number(digits);
  if (digits === '' || !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(digits) || !Number.isFinite(n)) {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    throw new InvalidArgumentError(`'${shown}' is not a share; write it as 80, 80% or 0.8`);
  }
  return percent || n > 1 ? n / 100 : n;
}
