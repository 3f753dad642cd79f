import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/helpers/tmp.js';
import {
  MAX_RECORD_CHARS,
  RecordReader,
  RecordSyntaxError,
  splitRecords,
  NEWLINE_SNIFF_CHARS,
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
const withoutMessage = (r: Read) => ({ records: r.records, error: r.error && { ...r.error, message: '' } });

const INVALID_QUOTE_MESSAGE =
  'the record starting on this line has text after the closing quote of a quoted field; ' +
  'end a quoted field with a quote right before the delimiter or the line break, and write a quote inside it as ""';

/** The first line break outside quotes, one character at a time. */
function firstBreak(text: string, delimiter: string): string {
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      }
      continue;
    }
    if (c === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
      continue;
    }
    if (c === '\r') return text[i + 1] === '\n' ? '\r\n' : '\r';
    if (c === '\n') return '\n';
    fieldStart = c === delimiter;
  }
  return '\n';
}

/**
 * The most common line break outside quotes in the first 64 KiB (a quoted part not closed in
 * it ends the count), the first seen winning a tie; the first break of all when there is none.
 */
function recordDelimiter(text: string, delimiter: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < Math.min(text.length, NEWLINE_SNIFF_CHARS); i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      }
      continue;
    }
    if (c === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
      continue;
    }
    if (c === '\r' || c === '\n') {
      const nl = c === '\r' && text[i + 1] === '\n' ? '\r\n' : c;
      if (nl === '\r\n') i++;
      counts.set(nl, (counts.get(nl) ?? 0) + 1);
      fieldStart = true;
      continue;
    }
    fieldStart = c === delimiter;
  }
  let best: string | null = null;
  let most = 0;
  for (const [nl, n] of counts)
    if (n > most) {
      best = nl;
      most = n;
    }
  return best ?? firstBreak(text, delimiter);
}

/**
 * The whole text in one Papa.parse call, with line numbers counted by splitting the text before
 * each record: what the reader must give for any chunk size. Like the reader, it ends the text
 * with a line break and keeps a U+FEFF at its start, which Papa.parse would drop.
 */
function atOnce(text: string, delimiter: Delimiter): Read {
  if (text === '') return { records: [], error: null };
  const newline = recordDelimiter(text, delimiter);
  const lead = text.startsWith('\uFEFF') ? newline : '';
  const input = lead + (text.endsWith(newline) ? text : text + newline);
  const rows: { cells: string[]; start: number; errors: Papa.ParseError[] }[] = [];
  let start = -lead.length;
  Papa.parse<string[]>(input, {
    delimiter,
    newline: newline as '\n',
    step: (result) => {
      rows.push({ cells: result.data, start, errors: result.errors });
      start = result.meta.cursor - lead.length;
    },
  });
  const blank = new Set([' ', '\t', '\f', '\v', '"', delimiter]);
  const at = (offset: number) => {
    // A record that starts on the LF of a CRLF (CR being the record delimiter) is on the CR's line.
    const cut = text[offset - 1] === '\r' && text[offset] === '\n' ? offset - 1 : offset;
    const lines = text.slice(0, cut).split(/\r\n|\r|\n/);
    const nonBlankBefore = lines.slice(0, -1).filter((l) => [...l].some((c) => !blank.has(c))).length;
    return { line: lines.length, nonBlankBefore };
  };
  const records: RawRecord[] = [];
  for (const row of rows.filter((r) => r.start >= 0)) {
    if (row.errors.length > 0) {
      const code = row.errors.some((e) => e.code === 'InvalidQuotes')
        ? 'CSV_INVALID_QUOTE'
        : 'CSV_QUOTE_NOT_CLOSED';
      return { records, error: { code, line: at(row.start).line, message: '' } };
    }
    // The empty record after the final line break is no record.
    if (row.start < text.length) records.push({ cells: row.cells, ...at(row.start) });
  }
  return { records, error: null };
}

describe('RecordReader', () => {
  it('a quote inside an unquoted field is data; "" inside a quoted field is one quote', async () => {
    expect(cellsOf(await read('ab"c,Deal 1 "Ramadan" Promo,"say ""hi"", ok",5 " inch\n'))).toEqual([
      ['ab"c', 'Deal 1 "Ramadan" Promo', 'say "hi", ok', '5 " inch'],
    ]);
    // A blank before the quote makes the field unquoted, so the quotes stay.
    expect(cellsOf(await read(' "ab",x\n'))).toEqual([[' "ab"', 'x']]);
  });

  it('blanks between a closing quote and the delimiter or the line break are dropped', async () => {
    expect(cellsOf(await read('"ab"  ,"b"\t\n"c",d  \n'))).toEqual([
      ['ab', 'b'],
      ['c', 'd  '],
    ]);
    expect(cellsOf(await read('"a" \t"b" ', '\t'))).toEqual([['a', 'b']]);
  });

  it('text after a closing quote is an error on the line its record starts on, after the records before it', async () => {
    // Papaparse alone would read on to the quote before 3 and make one cell of lines 4 to 6.
    const r = await read('Name,Amount\n"Budi\nSantoso",1\n"Sari" Dewi,2\nAni,"3"\n');
    expect(cellsOf(r)).toEqual([
      ['Name', 'Amount'],
      ['Budi\nSantoso', '1'],
    ]);
    expect(r.error).toEqual({ code: 'CSV_INVALID_QUOTE', line: 4, message: INVALID_QUOTE_MESSAGE });
  });

  it('text after a closing quote with no quote after it is reported at its line, read in small chunks', async () => {
    const r = await read(`a,b\n"ab"c,1\n${'Budi,2\n'.repeat(1000)}`, ',', 64);
    expect(cellsOf(r)).toEqual([['a', 'b']]);
    expect(r.error).toEqual({ code: 'CSV_INVALID_QUOTE', line: 2, message: INVALID_QUOTE_MESSAGE });
  });

  it('a quoted field never closed is an error on the line where its record starts, after the records before it', async () => {
    const r = await read('a,b\n"x\ny",1\n"open,2\n3,4\n');
    expect(cellsOf(r)).toEqual([
      ['a', 'b'],
      ['x\ny', '1'],
    ]);
    expect(r.error).toEqual({
      code: 'CSV_QUOTE_NOT_CLOSED',
      line: 4,
      message: 'a quoted field starts on this line and is never closed',
    });
  });

  it('a final line break ends the last record; a blank line is an empty record; "" at the end is one', async () => {
    expect(cellsOf(await read('a,b\n'))).toEqual([['a', 'b']]);
    expect(cellsOf(await read('a,b'))).toEqual([['a', 'b']]);
    expect(cellsOf(await read('a,"b"'))).toEqual([['a', 'b']]);
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
      'Name;Note\r\n"Budi ""B""; Santoso";"a\r\nb"\r\nabc"def;x\r\nSari "S";\u20ac 5\r\n"q" ;"\r"\r\n\r\n\uFEFF"e;f"';
    const whole = await read(text, ';');
    expect(cellsOf(whole)).toEqual([
      ['Name', 'Note'],
      ['Budi "B"; Santoso', 'a\r\nb'],
      ['abc"def', 'x'],
      ['Sari "S"', '\u20ac 5'],
      ['q', '\r'],
      [''],
      ['\uFEFF"e', 'f"'],
    ]);
    expect(linesOf(whole)).toEqual([1, 2, 4, 5, 6, 8, 9]);
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

  it('past the cap, text after a closing quote is named as the cause', async () => {
    const r = await read(`a,b\n"ab"c,1\n${'xxxxxxx\n'.repeat(MAX_RECORD_CHARS / 8 + 1)}`, ',', 1 << 20);
    expect(cellsOf(r)).toEqual([['a', 'b']]);
    expect(r.error).toEqual({ code: 'CSV_INVALID_QUOTE', line: 2, message: INVALID_QUOTE_MESSAGE });
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

  it('random text, read in random chunk sizes, gives what one parse of the whole text gives', async () => {
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
      '\uFEFF',
      '#',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(token, { maxLength: 60 }).map((t) => t.join('')),
        fc.constantFrom<Delimiter>(',', ';', '\t', '|'),
        fc.integer({ min: 1, max: 40 }),
        async (text, delimiter, chunkSize) => {
          expect(withoutMessage(await read(text, delimiter, chunkSize))).toEqual(atOnce(text, delimiter));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('random tables with quoted multi-line cells and stray quotes, in random chunk sizes, match one parse', async () => {
    const cell = fc.oneof(
      fc.stringMatching(/^[a-z ]{0,6}$/),
      fc.stringMatching(/^"[a-z ,\r\n]{0,6}"$/),
      fc.stringMatching(/^"[a-z ,\r\n]{0,3}(?:""[a-z\r\n]{0,3})*" {0,2}$/),
      fc.stringMatching(/^[a-z]{1,3}"[a-z ]{0,3}"?$/),
    );
    const stray = fc.stringMatching(/^"[a-z ,"\n]{0,6}"[a-z ]{0,3}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(fc.oneof({ weight: 20, arbitrary: cell }, { weight: 1, arbitrary: stray }), {
            minLength: 1,
            maxLength: 4,
          }),
          {
            maxLength: 40,
          },
        ),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.integer({ min: 1, max: 300 }),
        async (rows, newline, chunkSize) => {
          const text = rows.map((r) => r.join(',')).join(newline);
          const once = atOnce(text, ',');
          expect(withoutMessage(await read(text, ',', chunkSize))).toEqual(once);
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

  it('reports a text that ends inside a quoted field or has text after a closing quote, after the records before it', () => {
    const seen: string[][] = [];
    expect(splitRecords('a,b\n"c,d\n', ',', (cells) => void seen.push(cells))).toBe(false);
    expect(seen).toEqual([['a', 'b']]);
    seen.length = 0;
    expect(splitRecords('a,b\n"c"d,e\nf,"g"\n', ',', (cells) => void seen.push(cells))).toBe(false);
    expect(seen).toEqual([['a', 'b']]);
  });
});
