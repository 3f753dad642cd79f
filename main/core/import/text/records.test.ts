import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/helpers/tmp.js';
import {
  MAX_RECORD_CHARS,
  RecordReader,
  RecordSyntaxError,
  splitRecords,
  type RawRecord,
} from './records.js';
import type { Delimiter } from './sniff.js';

const tempDir = useTempDir();

interface Read {
  records: RawRecord[];
  error: { code: string; line: number; message: string } | null;
}

async function read(text: string, delimiter: Delimiter = ',', chunkSize?: number): Promise<Read> {
  const file = path.join(tempDir(), 'r.csv');
  fs.writeFileSync(file, text);
  const reader = await RecordReader.open({
    file,
    encoding: 'utf-8',
    start: 0,
    delimiter,
    strict: false,
    lateFallback: false,
    ...(chunkSize ? { chunkSize } : {}),
  });
  const records: RawRecord[] = [];
  let error: Read['error'] = null;
  try {
    for await (const r of reader.records()) records.push(r);
  } catch (e) {
    if (!(e instanceof RecordSyntaxError)) throw e;
    error = { code: e.code, line: e.line, message: e.message };
  } finally {
    await reader.close();
  }
  return { records, error };
}

const cellsOf = (r: Read) => r.records.map((x) => x.cells);
const linesOf = (r: Read) => r.records.map((x) => x.line);

/**
 * The reading rules one character at a time, as csv-parse applied them with relax_quotes before
 * the reader moved to papaparse: the record delimiter is the first line break outside quotes; a
 * quote opens a quoted field only as its first character; inside, `""` is a quote and any other
 * quote closes, and a closing quote that is not followed by the delimiter, the line break or the
 * end leaves both quotes in the field, which goes on as text.
 */
function reference(text: string, delimiter: string): Read {
  const n = text.length;
  let newline: string | null = null;
  const breakAt = (j: number): number => {
    if (newline !== null) return text.startsWith(newline, j) ? newline.length : 0;
    if (text[j] === '\r') return text[j + 1] === '\n' ? 2 : 1;
    return text[j] === '\n' ? 1 : 0;
  };
  const found: { cells: string[]; start: number }[] = [];
  let cells: string[] = [];
  let field = '';
  let quoting = false;
  let quoted = false;
  let fieldStart = true;
  let start = 0;
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (quoting) {
      if (c !== '"') {
        field += c;
        i++;
      } else if (text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else {
        quoting = false;
        i++;
        if (i < n && text[i] !== delimiter && breakAt(i) === 0) field = `"${field}"`;
      }
      continue;
    }
    if (fieldStart && c === '"') {
      quoting = quoted = true;
      fieldStart = false;
      i++;
      continue;
    }
    const nl = breakAt(i);
    if (nl > 0) {
      newline ??= text.slice(i, i + nl);
      found.push({ cells: [...cells, field], start });
      cells = [];
      field = '';
      quoted = false;
      fieldStart = true;
      i += nl;
      start = i;
    } else if (c === delimiter) {
      cells.push(field);
      field = '';
      quoted = false;
      fieldStart = true;
      i++;
    } else {
      field += c;
      fieldStart = false;
      i++;
    }
  }
  if (!quoting && (cells.length > 0 || field !== '' || quoted))
    found.push({ cells: [...cells, field], start });

  // Physical lines: CRLF, LF and a lone CR end one each.
  const lineStarts = [0];
  const filled: boolean[] = [];
  const blank = new Set([' ', '\t', '\f', '\v', '"', delimiter]);
  for (let j = 0, line = ''; j <= n; j++) {
    const c = text[j];
    if (c === '\r' || c === '\n' || j === n) {
      filled.push([...line].some((ch) => !blank.has(ch)));
      line = '';
      if (c === '\r' && text[j + 1] === '\n') j++;
      if (j < n) lineStarts.push(j + 1);
    } else line += c;
  }
  const at = (offset: number) => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= offset) line++;
    return { line: line + 1, nonBlankBefore: filled.slice(0, line).filter(Boolean).length };
  };
  return {
    records: found.map((r) => ({ cells: r.cells, ...at(r.start) })),
    error: quoting
      ? {
          code: 'CSV_QUOTE_NOT_CLOSED',
          line: at(start).line,
          message: 'a quoted field starts on this line and is never closed',
        }
      : null,
  };
}

describe('RecordReader', () => {
  it('a quote that does not close a quoted field leaves it open as text, not swallowing later lines', async () => {
    const r = await read('"abc"def,x\nBudi,1\n"Sari" Dewi,2\nAni,3\n');
    expect(cellsOf(r)).toEqual([
      ['"abc"def', 'x'],
      ['Budi', '1'],
      ['"Sari" Dewi', '2'],
      ['Ani', '3'],
    ]);
    expect(linesOf(r)).toEqual([1, 2, 3, 4]);
    expect(r.error).toBeNull();
  });

  it('blanks between a closing quote and the delimiter stay in the field, with the quotes', async () => {
    expect(cellsOf(await read('"a" ,"b"\t\n"c",d\n'))).toEqual([
      ['"a" ', '"b"\t'],
      ['c', 'd'],
    ]);
    expect(cellsOf(await read('"a" \t"b"\n', '\t'))).toEqual([['"a" ', 'b']]);
  });

  it('quotes inside an unquoted field are data; "" inside a quoted field is one quote', async () => {
    expect(cellsOf(await read('Deal 1 "Ramadan" Promo,"say ""hi"", ok",5 " inch\n'))).toEqual([
      ['Deal 1 "Ramadan" Promo', 'say "hi", ok', '5 " inch'],
    ]);
  });

  it('a final line break ends the last record; a blank line is an empty record; "" at the end is one', async () => {
    expect(cellsOf(await read('a,b\n'))).toEqual([['a', 'b']]);
    expect(cellsOf(await read('a,b'))).toEqual([['a', 'b']]);
    expect(cellsOf(await read('a,b\r\n\r\n'))).toEqual([['a', 'b'], ['']]);
    expect(cellsOf(await read('a,b\n""'))).toEqual([['a', 'b'], ['']]);
    expect(cellsOf(await read('a,b\n  '))).toEqual([['a', 'b'], ['  ']]);
    expect(cellsOf(await read('\n'))).toEqual([['']]);
    expect(cellsOf(await read(''))).toEqual([]);
  });

  it('the first line break outside quotes is the record delimiter; others are data but still count as lines', async () => {
    const lf = await read('a,b\nc\r,d\ne,f\n');
    expect(cellsOf(lf)).toEqual([
      ['a', 'b'],
      ['c\r', 'd'],
      ['e', 'f'],
    ]);
    expect(linesOf(lf)).toEqual([1, 2, 4]);
    const cr = await read('"x\ny",1\r2,3\r\n4,5\r');
    expect(cellsOf(cr)).toEqual([
      ['x\ny', '1'],
      ['2', '3'],
      ['\n4', '5'],
    ]);
    // The third record starts on the LF of a CRLF: one physical break, so still line 3.
    expect(linesOf(cr)).toEqual([1, 3, 3]);
  });

  it('line numbers count CRLF, LF and a lone CR inside quoted fields as one line each', async () => {
    const r = await read('h1,h2\r\n"x\r\ny\rz\nw",1\r\n\r\nnext,2\r\n');
    expect(linesOf(r)).toEqual([1, 2, 6, 7]);
    expect(r.records.map((x) => x.nonBlankBefore)).toEqual([0, 1, 5, 5]);
  });

  it('every chunk size reads the same records, down to one byte', async () => {
    const text =
      'Name;Note\r\n"Budi ""B""; Santoso";"a\r\nb"\r\n"abc"def;x\r\nSari "S";\u20ac 5\r\n"q" ;"\r"\r\n\r\n"end"';
    const whole = await read(text, ';');
    expect(whole.records).toHaveLength(7);
    for (let size = 1; size <= 24; size++)
      expect(await read(text, ';', size), `chunk ${size}`).toEqual(whole);
  });

  it('a quoted field over many chunks comes through whole', async () => {
    const cell = 'x""y,\r\nz'.repeat(40_000);
    const r = await read(`a,b\n"${cell}",tail\nc,d\n`, ',', 4096);
    expect(cellsOf(r)).toEqual([
      ['a', 'b'],
      [cell.replace(/""/g, '"'), 'tail'],
      ['c', 'd'],
    ]);
    expect(linesOf(r)).toEqual([1, 2, 40_003]);
  });

  it('a quote never closed is an error on the line where its field starts, after the records before it', async () => {
    const r = await read('a,b\n"abc"def,1\n"x,\n2,3\n');
    expect(cellsOf(r)).toEqual([
      ['a', 'b'],
      ['"abc"def', '1'],
    ]);
    expect(r.error).toEqual({
      code: 'CSV_QUOTE_NOT_CLOSED',
      line: 3,
      message: 'a quoted field starts on this line and is never closed',
    });
  });

  it('a record longer than the cap is an error on its first line', async () => {
    const r = await read(`a,b\n1,2\n"open,${'x'.repeat(MAX_RECORD_CHARS)}\n`, ',', 1 << 20);
    expect(cellsOf(r)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(r.error).toMatchObject({ code: 'CSV_MAX_RECORD_SIZE', line: 3 });
    expect(r.error!.message).toBe(
      'a record starting on this line is longer than 8 MB; a closing quote is probably missing',
    );
  }, 30_000);

  it('after stop() no records come, and the lines of the whole file are still counted', async () => {
    const file = path.join(tempDir(), 'stop.csv');
    fs.writeFileSync(file, 'a,b\n1,2\n\n,,\n"x\ny",3\n"open\n');
    const reader = await RecordReader.open({
      file,
      encoding: 'utf-8',
      start: 0,
      delimiter: ',',
      strict: false,
      lateFallback: false,
      chunkSize: 3,
    });
    const seen: string[][] = [];
    for await (const r of reader.records()) {
      seen.push(r.cells);
      if (seen.length === 2) reader.stop();
    }
    expect(seen).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(await reader.countNonBlankLines()).toBe(5);
    await reader.close();
  });

  it('random text, read in random chunk sizes, matches the rules character by character', async () => {
    const token = fc.constantFrom(
      '"',
      '""',
      ',',
      ';',
      '\t',
      '|',
      '\r',
      '\n',
      '\r\n',
      ' ',
      'a',
      'Budi',
      '\u00e9',
      '\u20ac',
      '\u00a0',
      '#',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(token, { maxLength: 60 }).map((t) => t.join('')),
        fc.constantFrom<Delimiter>(',', ';', '\t', '|'),
        fc.integer({ min: 1, max: 40 }),
        async (text, delimiter, chunkSize) => {
          expect(await read(text, delimiter, chunkSize)).toEqual(reference(text, delimiter));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('random tables with stray quotes, in random chunk sizes, match the rules', async () => {
    const cell = fc.oneof(
      fc.stringMatching(/^[a-z ]{0,6}$/),
      fc.stringMatching(/^"[a-z ,\r\n]{0,6}"$/),
      fc.stringMatching(/^"[a-z ,"\n]{0,6}"[a-z ]{0,3}$/),
      fc.stringMatching(/^[a-z]{1,3}"[a-z ]{0,3}"?$/),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 40 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.integer({ min: 1, max: 300 }),
        async (rows, newline, chunkSize) => {
          const text = rows.map((r) => r.join(',')).join(newline);
          expect(await read(text, ',', chunkSize)).toEqual(reference(text, ','));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('splitRecords', () => {
  it('hands out records with their offsets and stops when asked', () => {
    const text = 'a,b\r\n"c\r\nd",e\r\nf,g\r\n';
    const seen: [string[], number, number][] = [];
    expect(splitRecords(text, ',', (cells, start, end) => void seen.push([cells, start, end]))).toBe(true);
    expect(seen).toEqual([
      [['a', 'b'], 0, 5],
      [['c\r\nd', 'e'], 5, 15],
      [['f', 'g'], 15, 20],
    ]);
    let count = 0;
    splitRecords(text, ',', () => ++count < 2);
    expect(count).toBe(2);
  });

  it('reports a text that ends inside a quoted field, after the records before it', () => {
    const seen: string[][] = [];
    expect(splitRecords('a,b\n"c,d\n', ',', (cells) => void seen.push(cells))).toBe(false);
    expect(seen).toEqual([['a', 'b']]);
  });
});
