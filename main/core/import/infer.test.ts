import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DateOrder,
  type DecimalMark,
  inferDateOrder,
  inferDecimalMark,
  isNumberAmbiguous,
  parseDateCell,
  parseDateRangeText,
  parseDurationCell,
  parseMoneyCell,
  parseNumberCell,
  parseStatusWord,
} from './infer.js';

// The readers' own tests sit beside them in infer/; this one holds all of them to the promise
// they share through this module.

const NBSP = '\u00a0';
const NNBSP = '\u202f';

// ---------------------------------------------------------------------------------------------
// Robustness: any text is a value or an "expected" message, never an exception, and fast.

const orders: (DateOrder | null)[] = [null, 'YMD', 'DMY', 'MDY'];
const marks: (DecimalMark | null)[] = [null, ',', '.'];

function parseEverything(text: string): void {
  for (const mark of marks) {
    const n = parseNumberCell(text, mark);
    if (n.ok) expect(n.value === null || Number.isFinite(n.value)).toBe(true);
    else expect(n.expected.length).toBeGreaterThan(0);
    const m = parseMoneyCell(text, mark);
    if (m.ok)
      expect(m.value === null || typeof m.value === 'bigint' || Number.isSafeInteger(m.value)).toBe(true);
    const d = parseDurationCell(text, mark);
    if (d.ok) expect(d.value === null || (Number.isFinite(d.value) && d.value >= 0)).toBe(true);
  }
  for (const order of orders) {
    const r = parseDateCell(text, order);
    if (r.ok) expect(r.value === null || Number.isSafeInteger(r.value)).toBe(true);
    parseDateRangeText(text, order);
  }
  inferDecimalMark([text, text]);
  isNumberAmbiguous([text], null);
  inferDateOrder([text]);
  expect(['open', 'won', 'lost']).toContain(parseStatusWord(text, { won: [text] }));
}

const messyChar = fc.constantFrom(
  ...'0123456789012345678901234567890123456789.,-/:()%+ eE$€£₹<>'.split(''),
  NBSP,
  NNBSP,
  'Rp',
  'IDR',
  'US$',
  'Juli',
  'Jan',
  'AM',
  'T',
  'Z',
);

describe('robustness', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => parseEverything(s)),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => parseEverything(s)),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ unit: messyChar, maxLength: 40 }), (s) => parseEverything(s)),
      {
        numRuns: 3000,
      },
    );
  });

  it('is fast on a 32,767-character cell', () => {
    const size = 32767;
    const fill = (unit: string): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    const cells = [
      fill('1'),
      fill('1,'),
      fill('1.2'),
      fill('1 '),
      fill(' '),
      fill('9/'),
      fill('1:'),
      fill('Rp '),
      fill('-'),
      fill('('),
      `${fill('1')}%`,
      `Juli ${fill('1')}`,
      `${fill('a')}1`,
      fill('2025-01-01 - '),
      fill('é'),
    ].map((c) => c.slice(0, size).padEnd(size, ' '));
    for (const cell of cells) {
      expect(cell.length).toBe(size);
      const started = performance.now();
      parseEverything(cell);
      inferDecimalMark(Array.from({ length: 100 }, () => cell));
      inferDateOrder(Array.from({ length: 100 }, () => cell));
      expect(performance.now() - started, cell.slice(0, 12)).toBeLessThan(250);
      const n = parseNumberCell(cell, null);
      expect(n.ok ? n.value : 'refused').toBe(cell.trim() === '' ? null : 'refused');
      const d = parseDateCell(cell, null);
      expect(d.ok ? d.value : 'refused').toBe(cell.trim() === '' ? null : 'refused');
    }
  });
});
