import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/helpers/tmp.js';
import type { TextTableInfo } from './read-text-table.js';
import { isBlankRecord, isTotalsRow } from './structure.js';
import { readAll } from './test-helpers.js';

const tempDir = useTempDir();

/** Characters real tables hold: no C0 controls besides tab and line breaks (those mean binary). */
const cellChar = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(',', ';', '\t', '|', '"', '""', '\n', '\r\n', '\r', ' ', '#', '1.234,5', '%'),
  },
);
const isControl = (ch: string): boolean => {
  const c = ch.charCodeAt(0);
  return (c < 0x20 && ch !== '\t' && ch !== '\n' && ch !== '\r') || c === 0x7f;
};
const cell = fc
  .array(cellChar, { maxLength: 6 })
  .map((parts) => [...parts.join('')].filter((ch) => !isControl(ch)).join(''));

const label = fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,10}[A-Za-z]$/);

const table = fc.integer({ min: 2, max: 6 }).chain((width) =>
  fc.record({
    headers: fc.uniqueArray(label, { minLength: width, maxLength: width }),
    rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 25 }),
    delimiter: fc.constantFrom<TextTableInfo['delimiter']>(',', ';', '\t', '|'),
    lineEnding: fc.constantFrom('\n', '\r\n', '\r'),
    finalNewline: fc.boolean(),
  }),
);

/** Rows the reader rightly drops: nothing in them, or a totals label in front. */
const kept = (rows: string[][]) => rows.filter((r) => !isBlankRecord(r) && !isTotalsRow(r));

function render(t: {
  headers: string[];
  rows: string[][];
  delimiter: string;
  lineEnding: string;
  finalNewline: boolean;
}) {
  const options = { delimiter: t.delimiter, record_delimiter: t.lineEnding, quoted_match: /[\r\n]/ };
  const records = [t.headers, ...kept(t.rows)].map((r) => stringify([r], options));
  let text = records.join('');
  if (!t.finalNewline) text = text.slice(0, -t.lineEnding.length);
  // The line each record starts on, counting CRLF, LF and lone CR once each.
  const lines: number[] = [];
  let line = 1;
  for (const r of records) {
    lines.push(line);
    line += (r.match(/\r\n|\n|\r/g) ?? []).length;
  }
  return { text, lines };
}

function encode(text: string, encoding: TextTableInfo['encoding']): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    case 'windows-1252':
      throw new Error('not generated here');
  }
}

describe('round trips', () => {
  it('random tables written by csv-stringify read back cell for cell, with their line numbers', async () => {
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        const { text, lines } = render(t);
        const file = path.join(dir, `t${n++}.csv`);
        fs.writeFileSync(file, text);
        const { info, rows, end } = await readAll(file);
        expect(info.delimiter).toBe(t.delimiter);
        expect(info.headers).toEqual(t.headers);
        expect(info.headerLine).toBe(1);
        expect(rows.map((r) => r.cells)).toEqual(kept(t.rows));
        expect(rows.map((r) => r.line)).toEqual(lines.slice(1));
        expect(end).toMatchObject({ moreTables: false, skippedLines: 0, rows: rows.length });
      }),
      { numRuns: 150 },
    );
  });

  it('the same tables in UTF-8, UTF-8 with BOM and UTF-16 LE/BE', async () => {
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        table,
        fc.constantFrom<TextTableInfo['encoding']>('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be'),
        async (t, encoding) => {
          const { text } = render(t);
          const file = path.join(dir, `e${n++}.csv`);
          fs.writeFileSync(file, encode(text, encoding));
          const { info, rows } = await readAll(file);
          expect(info.encoding).toBe(encoding);
          expect(info.headers).toEqual(t.headers);
          expect(rows.map((r) => r.cells)).toEqual(kept(t.rows));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('Windows-1252 text with at least one byte that is not UTF-8', async () => {
    const dir = tempDir();
    let n = 0;
    const cp1252Char = fc.constantFrom(...'abc XYZ 019 ,;"€„“”‘’–—…•™éèüößñçÅØ\u00a0'.split(''));
    // `Å` right before `€`, `„`, `…`, a curly quote, a dash, `™` or a no-break space is also the
    // UTF-8 of a Latin letter (`Å ` is `Š`): such a cell is read as UTF-8 and warned about.
    const cp1252Cell = fc
      .array(cp1252Char, { maxLength: 8 })
      .map((c) => c.join(''))
      .filter((c) => !/Å[€„…•“”‘’–—™\u00a0]/.test(c));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cp1252Cell, cp1252Cell), { maxLength: 20 }), async (pairs) => {
        const rows = [['Caf\u00e9 du Nord', 'x'], ...pairs.map(([a, b]) => [a, b])];
        const text = stringify([['Name', 'Note'], ...kept(rows)], { quoted_match: /[\r\n]/ });
        const file = path.join(dir, `w${n++}.csv`);
        fs.writeFileSync(file, Buffer.from(encodeCp1252(text)));
        const read = await readAll(file);
        expect(read.info.encoding).toBe('windows-1252');
        expect(read.rows.map((r) => r.cells)).toEqual(kept(rows));
      }),
      { numRuns: 60 },
    );
  });
});

const cp1252Extra: Record<string, number> = {
  '€': 0x80,
  '„': 0x84,
  '…': 0x85,
  '•': 0x95,
  '“': 0x93,
  '”': 0x94,
  '‘': 0x91,
  '’': 0x92,
  '–': 0x96,
  '—': 0x97,
  '™': 0x99,
};

function encodeCp1252(text: string): number[] {
  return [...text].map((ch) => {
    const extra = cp1252Extra[ch];
    if (extra !== undefined) return extra;
    const code = ch.charCodeAt(0);
    if (code > 0xff) throw new Error(`not in Windows-1252: ${ch}`);
    return code;
  });
}
