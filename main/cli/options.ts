import { InvalidArgumentError } from 'commander';

/** Where a command writes what it reports (the console, or a test's collector). */
export interface Output {
  log: (s: string) => void;
}

/** Commander option parser for repeatable options: each use adds one value. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseIntOption(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`'${value}' is not a whole number`);
  return n;
}

export function parseNumberOption(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new InvalidArgumentError(`'${value}' is not a number; write it plainly, e.g. 150000000 or 0.25`);
  }
  return n;
}
