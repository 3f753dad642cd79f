import fs from 'node:fs/promises';
import Papa from 'papaparse';
import { chunkDecoder, InvalidUtf8Error, type ChunkDecoder, type TextEncodingName } from './encoding.js';
import type { Delimiter } from './sniff.js';

/**
 * Streams a text file as CSV records, each with the physical line it starts on. Bytes are
 * decoded here (to Windows-1252 and UTF-16 too) and the text is split by papaparse's documented
 * `Papa.parse` with a `step` callback, one chunk at a time; line numbers are counted here, on the
 * same text, at the offset each step reports (`meta.cursor`: in papaparse's type definitions and
 * its own tests, not on its docs page, so the records tests pin it). Only one chunk and the
 * records parsed from it are held at a time.
 *
 * The grammar is papaparse's, with its guesses about broken quotes turned into errors:
 * - The record delimiter is the first line break outside quotes (CRLF, LF or a lone CR); the
 *   other two are data. A final line break ends the last record; an empty line is a record of
 *   one empty cell.
 * - A field is quoted only when `"` is its first character; inside, `""` is one quote, and
 *   delimiters and line breaks are data.
 * - A quote inside an unquoted field is data: `ab"c` is `ab"c`, and ` "ab"` keeps its quotes.
 * - Blanks between a closing quote and the delimiter or line break are dropped: `"ab"  ,` is `ab`.
 * - Text after a closing quote (`"ab"c`) is an error naming the line its record starts on:
 *   papaparse would read on to a later quote and merge every line between into one cell. A
 *   quoted field still open at the end of the file is an error on the line it starts on, and so
 *   is a record longer than MAX_RECORD_CHARS, which bounds memory.
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
    readonly code: RecordSyntaxCode,
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

/** How much text the line-break count looks at: a few hundred lines of any export. */
export const NEWLINE_SNIFF_CHARS = 64 * 1024;

/** The first line break outside quotes; null while the text so far cannot tell. */
function firstNewline(text: string, delimiter: string, eof: boolean): Newline | null {
  const n = text.length;
  const delim = delimiter.charCodeAt(0);
  let fieldStart = true;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (fieldStart && c === QUOTE) {
      // Any quote but a doubled one ends the quoted part; one that does not really close it makes
      // the record an error whichever line break this finds.
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

/**
 * The record delimiter: the most common line break outside quotes in the first 64 KiB, the
 * first seen winning a tie (the first break of all when there is none in that stretch). A file
 * whose header was typed in Notepad (CRLF) above rows from another tool (LF) is then read as
 * lines, not as one long record. Papaparse would guess it from whichever chunk it sees first;
 * decided over a fixed stretch, it is the same for any chunk size. Null while the text so far
 * cannot tell.
 */
function detectNewline(text: string, delimiter: string, eof: boolean): Newline | null {
  const n = text.length;
  // One character past the stretch tells a CR at its end from a CRLF.
  if (!eof && n <= NEWLINE_SNIFF_CHARS) return null;
  const end = Math.min(n, NEWLINE_SNIFF_CHARS);
  const delim = delimiter.charCodeAt(0);
  const counts = new Map<Newline, number>();
  let fieldStart = true;
  let i = 0;
  scan: while (i < end) {
    const c = text.charCodeAt(i);
    if (fieldStart && c === QUOTE) {
      // A quoted part not closed inside the stretch ends the count.
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q === -1 || q >= end) break scan;
        if (text.charCodeAt(q + 1) !== QUOTE) {
          i = q + 1;
          break;
        }
        from = q + 2;
      }
      fieldStart = false;
      continue;
    }
    if (c === LF || c === CR) {
      const nl: Newline = c === CR ? (text.charCodeAt(i + 1) === LF ? '\r\n' : '\r') : '\n';
      counts.set(nl, (counts.get(nl) ?? 0) + 1);
      i += nl.length;
      fieldStart = true;
      continue;
    }
    fieldStart = c === delim;
    i++;
  }
  let best: Newline | null = null;
  let most = 0;
  for (const [nl, count] of counts)
    if (count > most) {
      best = nl;
      most = count;
    }
  return best ?? firstNewline(text, delimiter, eof);
}

export type RecordSyntaxCode = 'CSV_QUOTE_NOT_CLOSED' | 'CSV_INVALID_QUOTE' | 'CSV_MAX_RECORD_SIZE';

/**
 * Receives each record with the offsets in the whole text where it starts and ends (after its
 * line break); returning false stops the split.
 */
export type RecordSink = (cells: string[], start: number, end: number) => boolean | void;

/** The last record of a parse, held back: where it starts in `pending`, and papaparse's errors in it. */
interface Held {
  start: number;
  errors: Papa.ParseError[];
}

/**
 * InvalidQuotes: a quote papaparse could not take as closing, after which it read on. MissingQuotes
 * alone: a quoted field still open at the end.
 */
function syntaxCode(errors: readonly Papa.ParseError[]): RecordSyntaxCode {
  return errors.some((e) => e.code === 'InvalidQuotes') ? 'CSV_INVALID_QUOTE' : 'CSV_QUOTE_NOT_CLOSED';
}

/**
 * Splits text fed in pieces into records. Each piece is parsed with Papa.parse together with the
 * last record of the piece before, which is held back until a later record shows where it ends.
 */
class RecordSplitter {
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
    this.newline ??= detectNewline(this.pending, this.delimiter, eof);
    const held = this.newline === null ? null : this.parse(this.newline, eof);
    if (eof || this.failure || this.stopped) return;
    const pos = held?.start ?? 0;
    if (pos > 0) {
      this.pending = this.pending.slice(pos);
      this.base += pos;
    }
    if (this.pending.length > MAX_RECORD_CHARS) {
      // A quote followed by text explains the length better than a missing one.
      const badQuote = held !== null && syntaxCode(held.errors) === 'CSV_INVALID_QUOTE';
      const code = badQuote ? 'CSV_INVALID_QUOTE' : 'CSV_MAX_RECORD_SIZE';
      this.failure = { code, start: this.base };
      this.pending = '';
      return;
    }
    this.retryAt = pos === 0 ? Math.min(this.pending.length * 2, MAX_RECORD_CHARS + 1) : 0;
  }

  /**
   * Parses `pending` and hands out every record but the last, which is returned: it may go on
   * in the next piece. At the end of the text a line break is added when there is none, so the
   * last record ends like any other (papaparse reads a closing quote, or blanks after one, at
   * the very end of its input by other rules) and the one held back is the empty one after it.
   */
  private parse(newline: Newline, eof: boolean): Held | null {
    let text = this.pending;
    if (eof) {
      if (text === '') return null;
      if (!text.endsWith(newline)) text += newline;
    }
    // Papa.parse drops a byte-order mark at the start of its input. A record starting with
    // U+FEFF (files joined together) keeps it, as it would in the middle of a piece, when an
    // empty record is put before it and left out.
    const lead = text.charCodeAt(0) === 0xfeff ? newline.length : 0;
    // The line break added at the end is not part of the text.
    const length = this.pending.length;
    let rowStart = -lead;
    // The record held back, in locals: one object per record costs more than the rest.
    let cells: string[] | null = null;
    let start = 0;
    let end = 0;
    let errors: Papa.ParseError[] = [];
    Papa.parse<string[]>(lead > 0 ? newline + text : text, {
      delimiter: this.delimiter,
      newline,
      quoteChar: '"',
      escapeChar: '"',
      header: false,
      dynamicTyping: false,
      skipEmptyLines: false,
      step: (result, parser) => {
        const next = Math.min(result.meta.cursor - lead, length);
        if (rowStart >= 0) {
          if (cells !== null && !this.hand(cells, start, end, errors)) parser.abort();
          cells = result.data;
          start = rowStart;
          end = next;
          errors = result.errors;
        }
        rowStart = next;
      },
    });
    // Assigned in the callback, which type narrowing does not follow.
    if ((cells as string[] | null) === null) return null;
    if (eof && errors.length > 0 && !this.failure && !this.stopped) {
      this.failure = { code: syntaxCode(errors), start: this.base + start };
    }
    return { start, errors };
  }

  /** Hands out one record; false when the split stops there. */
  private hand(cells: string[], start: number, end: number, errors: Papa.ParseError[]): boolean {
    if (errors.length > 0) {
      this.failure = { code: syntaxCode(errors), start: this.base + start };
      return false;
    }
    if (this.sink(cells, this.base + start, this.base + end) === false) {
      this.stopped = true;
      return false;
    }
    return true;
  }
}

/** Splits a whole text into records; false when it stops at a syntax error (see the top). */
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
    if (code === 'CSV_INVALID_QUOTE') {
      return new RecordSyntaxError(
        line,
        code,
        'the record starting on this line has text after the closing quote of a quoted field; ' +
          'end a quoted field with a quote right before the delimiter or the line break, and write a quote inside it as ""',
      );
    }
    return new RecordSyntaxError(
      line,
      code,
      `a record starting on this line is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB; a closing quote is probably missing`,
    );
  }
}
