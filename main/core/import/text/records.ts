import fs from 'node:fs/promises';
import Papa from 'papaparse';
import { chunkDecoder, InvalidUtf8Error, type ChunkDecoder, type TextEncodingName } from './encoding.js';
import type { Delimiter } from './sniff.js';

/**
 * Streams a text file as CSV records, each with the physical line it starts on. Bytes are
 * decoded here (to Windows-1252 and UTF-16 too) and the text is split by papaparse's core parser,
 * one chunk at a time; line numbers are counted here, on the same text. Only one chunk and the
 * records parsed from it are held at a time.
 */

export interface RawRecord {
  cells: string[];
  /** 1-based physical line the record starts on. */
  line: number;
  /** Physical lines before this record that hold anything besides blanks, quotes and delimiters. */
  nonBlankBefore: number;
}

export interface RecordReaderOptions {
  file: string;
  encoding: TextEncodingName;
  /** Bytes to skip at the start: the byte-order mark. */
  start: number;
  delimiter: Delimiter;
  /** Throw InvalidUtf8Error on bytes that are not UTF-8 instead of writing U+FFFD. */
  strict: boolean;
  /**
   * Switch to Windows-1252 in place when bytes that are not UTF-8 turn up after pure ASCII:
   * ASCII reads the same in both, so this equals restarting the read as Windows-1252.
   */
  lateFallback: boolean;
  onProgress?: (bytesRead: number) => void;
  chunkSize?: number;
}

/** Thrown when the file turns out not to be UTF-8 after UTF-8 text was already handed out. */
export class MixedEncodingError extends Error {
  constructor(readonly line: number) {
    super('mixed encodings');
    this.name = 'MixedEncodingError';
  }
}

/** A CSV syntax error with the line of the record it happened in. */
export class RecordSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RecordSyntaxError';
  }
}

/** A record longer than this is a missing closing quote, not data; it bounds memory too. */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;

const DEFAULT_CHUNK = 64 * 1024;

const QUOTE = 34;
const LF = 10;
const CR = 13;

type Newline = '\n' | '\r' | '\r\n';

/**
 * The record delimiter: the first line break outside quotes, CRLF, LF or a lone CR, as csv-parse
 * found it; after that the other two are data. Null while the text so far cannot tell.
 */
function detectNewline(text: string, delimiter: string, eof: boolean): Newline | null {
  const n = text.length;
  const delim = delimiter.charCodeAt(0);
  let fieldStart = true;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (fieldStart && c === QUOTE) {
      // Any quote but a doubled one ends the quoted part (see exactRecord).
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1 || (q === n - 1 && !eof)) return eof ? '\n' : null;
        if (text.charCodeAt(q + 1) !== QUOTE) {
          i = q + 1;
          break;
        }
        from = q + 2;
      }
      fieldStart = false;
      continue;
    }
    if (c === LF) return '\n';
    if (c === CR) {
      if (i + 1 < n) return text.charCodeAt(i + 1) === LF ? '\r\n' : '\r';
      return eof ? '\r' : null;
    }
    fieldStart = c === delim;
    i++;
  }
  return eof ? '\n' : null;
}

/** exactRecord needs more text before it can tell. */
const INCOMPLETE = 0;
/** exactRecord reached the end of the file inside a quoted field. */
const UNCLOSED = 1;

interface Exact {
  cells: string[];
  end: number;
}

/**
 * One record from `start`, by the rules the reader has always used (csv-parse with relax_quotes):
 * a quote opens a quoted field only as its first character and is data anywhere else; inside,
 * `""` is a quote and any other quote closes. A closing quote not followed by the delimiter, the
 * line break or the end of the file does not end the field: the field keeps both quotes and goes
 * on as unquoted text, so `"abc"def,x` is `"abc"def` and `x`. Papaparse instead keeps looking for
 * a later closing quote (and drops blanks between a closing quote and the delimiter), so the
 * records where those rules matter are read here.
 */
function exactRecord(
  text: string,
  start: number,
  eof: boolean,
  delimiter: string,
  newline: Newline,
): Exact | typeof INCOMPLETE | typeof UNCLOSED {
  const n = text.length;
  const cells: string[] = [];
  let pos = start;
  for (;;) {
    let quoted = '';
    let i = pos;
    if (text.charCodeAt(i) === QUOTE) {
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1) return eof ? UNCLOSED : INCOMPLETE;
        if (q + 1 >= n && !eof) return INCOMPLETE;
        if (text.charCodeAt(q + 1) === QUOTE) {
          quoted += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        quoted += text.slice(from, q);
        i = q + 1;
        break;
      }
      if (newline === '\r\n' && i + 1 >= n && text.charCodeAt(i) === CR && !eof) return INCOMPLETE;
      if (i < n && !text.startsWith(delimiter, i) && !text.startsWith(newline, i)) quoted = `"${quoted}"`;
    }
    const d = text.indexOf(delimiter, i);
    const e = text.indexOf(newline, i);
    if (d !== -1 && (e === -1 || d < e)) {
      cells.push(quoted + text.slice(i, d));
      pos = d + delimiter.length;
      continue;
    }
    if (e !== -1) {
      cells.push(quoted + text.slice(i, e));
      return { cells, end: e + newline.length };
    }
    if (!eof) return INCOMPLETE;
    cells.push(quoted + text.slice(i));
    return { cells, end: n };
  }
}

function sameCells(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whitespace as String.prototype.trim sees it, which is what papaparse drops after a closing quote. */
function isTrimmed(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Offsets of quotes followed by a blank other than the delimiter or the line break: where
 * papaparse may take blanks up to the next delimiter or line break as closing a quoted field.
 */
function quotesBeforeBlanks(text: string, delimiter: string, newline: Newline): Suspects {
  const found: number[] = [];
  const delim = delimiter.charCodeAt(0);
  const nl = newline.charCodeAt(0);
  for (let q = text.indexOf('"'); q !== -1; q = text.indexOf('"', q + 1)) {
    const c = text.charCodeAt(q + 1);
    if (c === delim || !isTrimmed(c)) continue;
    if (c === nl && (newline !== '\r\n' || text.charCodeAt(q + 2) === LF)) continue;
    found.push(q);
  }
  return { at: found, next: 0 };
}

/** The part of Papa.Parser's result the splitter reads, in a step or at the end of a parse. */
interface PapaResult {
  data: string[][];
  errors: unknown[];
  meta: { cursor: number };
}

export type RecordSyntaxCode = 'CSV_QUOTE_NOT_CLOSED' | 'CSV_MAX_RECORD_SIZE';

/**
 * Receives each record with the offsets in the whole text where it starts and ends (after its
 * line break); returning false stops the split.
 */
export type RecordSink = (cells: string[], start: number, end: number) => boolean | void;

/**
 * Splits text fed in pieces into records with papaparse's core parser (`Papa.Parser`, which does
 * no delimiter guessing, header handling, typing or empty-line skipping; those are Papa.parse's).
 * Each piece is parsed together with the unfinished record left from the one before, and that
 * last record is held back until its end is seen. Records papaparse may read differently from
 * the rules in exactRecord (where a quote in a quoted field does not close it) are checked
 * against it; from the first that differs, exactRecord reads the rest of the piece.
 */
export class RecordSplitter {
  /** Set when the text cannot be split; records before it have been handed out. */
  failure: { code: RecordSyntaxCode; start: number } | null = null;
  private pending = '';
  /** Offset of `pending` in the whole text. */
  private base = 0;
  private newline: Newline | null = null;
  /** While one record spans pieces, the text is parsed again only once it has doubled. */
  private retryAt = 0;
  private stopped = false;

  constructor(
    private readonly delimiter: Delimiter,
    private readonly sink: RecordSink,
  ) {}

  write(text: string): void {
    if (this.failure || this.stopped) return;
    this.pending += text;
    if (this.pending.length >= this.retryAt) this.split(false);
  }

  /** The end of the text: the last record needs no line break after it. */
  end(): void {
    if (!this.failure && !this.stopped) this.split(true);
    this.pending = '';
  }

  private split(eof: boolean): void {
    const text = this.pending;
    this.newline ??= detectNewline(text, this.delimiter, eof);
    let pos = 0;
    if (this.newline !== null) {
      const newline = this.newline;
      const suspects = quotesBeforeBlanks(text, this.delimiter, newline);
      let papa = true;
      while (pos < text.length && !this.failure && !this.stopped) {
        if (papa) {
          const { next, diverged } = this.parse(text, pos, eof, suspects);
          if (next === pos && !diverged) break;
          pos = next;
          papa = !diverged;
          continue;
        }
        // After papaparse read a record differently, the rest of this text is read record by record.
        const exact = exactRecord(text, pos, eof, this.delimiter, newline);
        if (exact === INCOMPLETE) break;
        if (exact === UNCLOSED) {
          this.failure = { code: 'CSV_QUOTE_NOT_CLOSED', start: this.base + pos };
          break;
        }
        if (this.sink(exact.cells, this.base + pos, this.base + exact.end) === false) this.stopped = true;
        pos = exact.end;
      }
    }
    this.pending = pos === 0 ? text : text.slice(pos);
    this.base += pos;
    if (eof || this.failure || this.stopped) return;
    if (this.pending.length > MAX_RECORD_CHARS) {
      this.failure = { code: 'CSV_MAX_RECORD_SIZE', start: this.base };
      this.pending = '';
      return;
    }
    this.retryAt = pos === 0 ? Math.min(this.pending.length * 2, MAX_RECORD_CHARS + 1) : 0;
  }

  /**
   * Parses `text` from `pos` with papaparse and hands out its records up to the first one it
   * reads differently from exactRecord, or stops inside on a quote that does not close it
   * (`diverged`). Returns where the next record starts.
   */
  private parse(
    text: string,
    pos: number,
    eof: boolean,
    suspects: Suspects,
  ): { next: number; diverged: boolean } {
    const input = pos === 0 ? text : text.slice(pos);
    const newline = this.newline!;
    const offset = this.base + pos;
    let rowStart = 0;
    let diverged = false;
    const parser: Papa.Parser = new Papa.Parser({
      delimiter: this.delimiter,
      newline,
      quoteChar: '"',
      escapeChar: '"',
      header: false,
      comments: false,
      step: (result: PapaResult) => {
        const end = result.meta.cursor;
        // After a final line break papaparse reports one more, empty row; csv-parse did not.
        if (eof && rowStart === input.length) return;
        const cells = result.data[0]!;
        const before = suspects.next;
        while (suspects.next < suspects.at.length && suspects.at[suspects.next]! < pos + end) suspects.next++;
        if (result.errors.length > 0 || suspects.next > before) {
          const exact = exactRecord(input, rowStart, eof, this.delimiter, newline);
          if (typeof exact !== 'object' || exact.end !== end || !sameCells(exact.cells, cells)) {
            diverged = true;
            parser.abort();
            return;
          }
        }
        if (this.sink(cells, offset + rowStart, offset + end) === false) {
          this.stopped = true;
          parser.abort();
        }
        rowStart = end;
      },
    });
    const result = parser.parse(input, 0, !eof) as PapaResult;
    // Errors left over belong to the unfinished last record: a quote papaparse did not take as closing.
    if (!eof && !this.stopped && result.errors.length > 0) diverged = true;
    return { next: pos + rowStart, diverged };
  }
}

/** Offsets of quotes papaparse may read differently, and the first one not yet passed. */
interface Suspects {
  at: number[];
  next: number;
}

/** Splits a whole text into records; false when it ends inside a quoted field. */
export function splitRecords(text: string, delimiter: Delimiter, sink: RecordSink): boolean {
  const splitter = new RecordSplitter(delimiter, sink);
  splitter.write(text);
  splitter.end();
  return splitter.failure === null;
}

/**
 * Physical line breaks (CRLF, LF or a lone CR, each one break) by offset in the decoded text,
 * with whether each line holds anything. Breaks are kept only until the records before them
 * have been numbered.
 */
class LineScanner {
  private ends: number[] = [];
  private filled: boolean[] = [];
  private head = 0;
  private offset = 0;
  private lineFilled = false;
  private pendingCr = -1;
  private line = 1;
  private filledDone = 0;
  private breaksSeen = 0;
  private readonly blank = new Uint8Array(256);

  constructor(delimiter: Delimiter) {
    for (const c of [' ', '\t', '\f', '\v', '"', delimiter]) this.blank[c.charCodeAt(0)] = 1;
  }

  scan(text: string): void {
    const blank = this.blank;
    const offset = this.offset;
    const n = text.length;
    let i = 0;
    if (this.pendingCr >= 0 && n > 0) {
      const cr = this.pendingCr;
      this.pendingCr = -1;
      if (text.charCodeAt(0) === LF) {
        this.push(offset + 1);
        i = 1;
      } else this.push(cr + 1);
    }
    let nextLf = text.indexOf('\n', i);
    let nextCr = text.indexOf('\r', i);
    while (i < n) {
      if (this.lineFilled) {
        // The rest of the line cannot change it: go to the next break.
        i = nextLf === -1 ? nextCr : nextCr === -1 ? nextLf : Math.min(nextLf, nextCr);
        if (i === -1) break;
      }
      const c = text.charCodeAt(i);
      if (c === LF || c === CR) {
        if (c === LF) this.push(offset + ++i);
        else if (i + 1 === n) {
          this.pendingCr = offset + i++;
          break;
        } else this.push(offset + (i += text.charCodeAt(i + 1) === LF ? 2 : 1));
        if (nextLf !== -1 && nextLf < i) nextLf = text.indexOf('\n', i);
        if (nextCr !== -1 && nextCr < i) nextCr = text.indexOf('\r', i);
        continue;
      }
      if (c > 255 || blank[c] === 0) this.lineFilled = true;
      i++;
    }
    this.offset += n;
  }

  finish(): void {
    if (this.pendingCr >= 0) this.push(this.pendingCr + 1);
    this.pendingCr = -1;
  }

  private push(end: number): void {
    this.ends.push(end);
    this.filled.push(this.lineFilled);
    this.lineFilled = false;
    this.breaksSeen++;
  }

  /** Line number of the character at `offset`, and the non-blank lines before it. Offsets must not decrease. */
  at(offset: number): { line: number; nonBlankBefore: number } {
    while (this.head < this.ends.length && this.ends[this.head]! <= offset) {
      if (this.filled[this.head]) this.filledDone++;
      this.line++;
      this.head++;
    }
    if (this.head > 4096) {
      this.ends = this.ends.slice(this.head);
      this.filled = this.filled.slice(this.head);
      this.head = 0;
    }
    return { line: this.line, nonBlankBefore: this.filledDone };
  }

  /** Lines scanned so far, for messages about bytes not yet parsed. */
  get linesScanned(): number {
    return this.breaksSeen + 1;
  }

  /** After finish(): all non-blank physical lines of what was scanned. */
  nonBlankTotal(): number {
    this.at(Number.POSITIVE_INFINITY);
    return this.filledDone + (this.lineFilled ? 1 : 0);
  }
}

/** Index of the first byte that breaks UTF-8, for the line number of a message. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  // A character begun in the previous chunk ends with continuation bytes here.
  while (i < 3 && i < b.length && (b[i]! & 0xc0) === 0x80) i++;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined) return i;
      if (k === 1 ? d < lo || d > hi : (d & 0xc0) !== 0x80) return i;
    }
    i += n + 1;
  }
  return -1;
}

function countBreaks(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i];
    if (b === 10 || (b === 13 && bytes[i + 1] !== 10)) n++;
  }
  return n;
}

/**
 * In V8 a substring of 13 characters or more is a view into the string it was cut from, so one
 * cell a caller keeps (a name in a lookup table) would keep the whole parsed chunk alive, and
 * a few such cells the whole file. Copies keep each cell as small as its text; shorter
 * substrings are copies already.
 */
function detach(cells: string[]): string[] {
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    if (cell.length >= 13) cells[i] = ` ${cell}`.slice(1);
  }
  return cells;
}

export class RecordReader {
  encoding: TextEncodingName;
  bytesRead: number;
  private decoder: ChunkDecoder;
  private asciiSoFar = true;
  private readonly scanner: LineScanner;
  private readonly splitter: RecordSplitter;
  /** Records of the last chunk: cells, and where each starts in the text. */
  private cells: string[][] = [];
  private starts: number[] = [];
  private eof = false;
  private feeding = true;
  private readonly buffer: Buffer;

  private constructor(
    private readonly handle: fs.FileHandle,
    private readonly options: RecordReaderOptions,
  ) {
    this.encoding = options.encoding;
    this.bytesRead = options.start;
    this.decoder = chunkDecoder(options.encoding, options.strict);
    this.scanner = new LineScanner(options.delimiter);
    this.buffer = Buffer.allocUnsafe(options.chunkSize ?? DEFAULT_CHUNK);
    this.splitter = new RecordSplitter(options.delimiter, (cells, start) => {
      this.cells.push(detach(cells));
      this.starts.push(start);
    });
  }

  static async open(options: RecordReaderOptions): Promise<RecordReader> {
    const handle = await fs.open(options.file, 'r');
    return new RecordReader(handle, options);
  }

  /** Records in file order. After stop() it ends at once; the reader can still count lines. */
  async *records(): AsyncGenerator<RawRecord> {
    for (;;) {
      const { cells, starts } = this;
      for (let i = 0; i < cells.length; i++) {
        const at = this.scanner.at(starts[i]!);
        yield { cells: cells[i]!, line: at.line, nonBlankBefore: at.nonBlankBefore };
        if (!this.feeding) return;
      }
      this.cells = [];
      this.starts = [];
      const failure = this.splitter.failure;
      if (failure) throw this.syntaxError(failure.code, failure.start);
      if (this.eof) return;
      await this.readChunk();
    }
  }

  /** No more records are wanted: later bytes are still read by countNonBlankLines, never parsed. */
  stop(): void {
    this.feeding = false;
    this.cells = [];
    this.starts = [];
  }

  /** Reads to the end and returns the non-blank physical lines of the whole file. */
  async countNonBlankLines(): Promise<number> {
    this.stop();
    while (!this.eof) {
      await this.readChunk();
      this.scanner.at(Number.POSITIVE_INFINITY);
    }
    return this.scanner.nonBlankTotal();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async readChunk(): Promise<void> {
    const { bytesRead } = await this.handle.read(this.buffer, 0, this.buffer.length, this.bytesRead);
    this.bytesRead += bytesRead;
    const final = bytesRead === 0;
    if (!final) this.options.onProgress?.(this.bytesRead);
    const text = this.decode(this.buffer.subarray(0, bytesRead), final);
    if (text !== '') {
      this.scanner.scan(text);
      if (this.feeding) this.splitter.write(text);
    }
    if (final) {
      this.eof = true;
      this.scanner.finish();
      if (this.feeding) this.splitter.end();
    }
  }

  private decode(bytes: Uint8Array, final: boolean): string {
    try {
      const text = this.decoder.decode(bytes, final);
      if (this.asciiSoFar && text.length !== bytes.length) this.asciiSoFar = false;
      return text;
    } catch (e) {
      if (!(e instanceof InvalidUtf8Error)) throw e;
      // Bytes past the first table are only counted, so they may be anything.
      if ((this.options.lateFallback && this.asciiSoFar) || !this.feeding) {
        if (this.feeding) this.encoding = 'windows-1252';
        this.decoder = chunkDecoder('windows-1252', false);
        return this.decoder.decode(bytes, final);
      }
      if (this.options.lateFallback) {
        const bad = firstInvalidUtf8(bytes);
        throw new MixedEncodingError(this.scanner.linesScanned + countBreaks(bytes, bad < 0 ? 0 : bad));
      }
      throw e;
    }
  }

  private syntaxError(code: RecordSyntaxCode, start: number): RecordSyntaxError {
    const line = this.scanner.at(start).line;
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      return new RecordSyntaxError(line, code, 'a quoted field starts on this line and is never closed');
    }
    return new RecordSyntaxError(
      line,
      code,
      `a record starting on this line is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB; a closing quote is probably missing`,
    );
  }
}
