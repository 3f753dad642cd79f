import fs from 'node:fs/promises';
import { Parser } from 'csv-parse';
import { chunkDecoder, InvalidUtf8Error, type ChunkDecoder, type TextEncodingName } from './encoding.js';
import type { Delimiter } from './sniff.js';

/**
 * Streams a text file as CSV records, each with the physical line it starts on. Bytes are
 * decoded here (csv-parse knows no Windows-1252) and handed to csv-parse as UTF-8; line numbers
 * are counted here too, because csv-parse counts a CRLF inside a quoted field as two lines.
 * Only one chunk and the records parsed from it are held at a time.
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

/** A csv-parse error with the line of the record it happened in. */
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

/**
 * Physical line breaks (CRLF, LF or a lone CR, each one break) by byte offset in the UTF-8 that
 * csv-parse receives, with whether each line holds anything. Breaks are kept only until the
 * records before them have been numbered.
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

  scan(buf: Uint8Array): void {
    const blank = this.blank;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (this.pendingCr >= 0) {
        const cr = this.pendingCr;
        this.pendingCr = -1;
        if (b === 10) {
          this.push(this.offset + i + 1);
          continue;
        }
        this.push(cr + 1);
      }
      if (b === 13) this.pendingCr = this.offset + i;
      else if (b === 10) this.push(this.offset + i + 1);
      else if (!this.lineFilled && blank[b] === 0) this.lineFilled = true;
    }
    this.offset += buf.length;
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

  /** Line number of the byte at `offset`, and the non-blank lines before it. Offsets must not decrease. */
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

interface Parsed {
  cells: string[];
  end: number;
}

interface ParserInternals {
  api?: { state?: { expectedRecordLength?: unknown } };
}

/**
 * Takes records as csv-parse pushes them, with the byte offset where each ends (`info.bytes` is
 * set just before the push; the `on_record` context would copy the whole info object per record).
 */
class RecordParser extends Parser {
  constructor(
    options: ConstructorParameters<typeof Parser>[0],
    private readonly sink: (cells: string[], end: number) => void,
  ) {
    super(options);
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) return super.push(null, encoding);
    const cells = chunk as string[];
    this.sink(cells, this.info.bytes);
    // csv-parse builds an error object for every record whose length differs from the first
    // record's, even with relax_column_count; after a one-cell title or `#` line that is every
    // row, four times the parse time. Comparing with the previous record instead keeps the cost
    // to the rows where the width changes. Only speed depends on this internal field.
    const state = (this as unknown as ParserInternals).api?.state;
    if (state && typeof state.expectedRecordLength === 'number') state.expectedRecordLength = cells.length;
    return true;
  }
}

export class RecordReader {
  encoding: TextEncodingName;
  bytesRead: number;
  private decoder: ChunkDecoder;
  private asciiSoFar = true;
  private readonly scanner: LineScanner;
  private readonly parser: RecordParser;
  private queue: Parsed[] = [];
  private lastEnd = 0;
  private parserError: unknown = null;
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
    this.parser = new RecordParser(
      {
        delimiter: options.delimiter,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: false,
        max_record_size: MAX_RECORD_CHARS,
      },
      (cells, end) => this.queue.push({ cells, end }),
    );
    this.parser.on('error', (e) => {
      this.parserError ??= e;
    });
    this.parser.resume();
  }

  static async open(options: RecordReaderOptions): Promise<RecordReader> {
    const handle = await fs.open(options.file, 'r');
    return new RecordReader(handle, options);
  }

  /** Records in file order. After stop() it ends at once; the reader can still count lines. */
  async *records(): AsyncGenerator<RawRecord> {
    for (;;) {
      for (let i = 0; i < this.queue.length; i++) {
        const r = this.queue[i]!;
        const start = this.lastEnd;
        this.lastEnd = r.end;
        const at = this.scanner.at(start);
        yield { cells: r.cells, line: at.line, nonBlankBefore: at.nonBlankBefore };
        if (!this.feeding) return;
      }
      this.queue = [];
      if (this.parserError) throw this.syntaxError(this.parserError);
      if (this.eof) return;
      await this.readChunk();
    }
  }

  /** No more records are wanted: later bytes are still read by countNonBlankLines, never parsed. */
  stop(): void {
    this.feeding = false;
    this.queue = [];
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
    this.parser.destroy();
    await this.handle.close();
  }

  private async readChunk(): Promise<void> {
    const { bytesRead } = await this.handle.read(this.buffer, 0, this.buffer.length, this.bytesRead);
    this.bytesRead += bytesRead;
    const final = bytesRead === 0;
    if (!final) this.options.onProgress?.(this.bytesRead);
    const text = this.decode(this.buffer.subarray(0, bytesRead), final);
    if (text !== '') {
      const utf8 = Buffer.from(text, 'utf8');
      this.scanner.scan(utf8);
      if (this.feeding) await this.write(utf8);
    }
    if (final) {
      this.eof = true;
      this.scanner.finish();
      if (this.feeding) await this.endParser();
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

  private write(buf: Buffer): Promise<void> {
    if (this.parserError) return Promise.resolve();
    return new Promise((resolve) => {
      this.parser.write(buf, (err) => {
        if (err) this.parserError ??= err;
        resolve();
      });
    });
  }

  private endParser(): Promise<void> {
    if (this.parserError) return Promise.resolve();
    return new Promise((resolve) => {
      this.parser.once('error', () => resolve());
      this.parser.end(() => resolve());
    });
  }

  private syntaxError(e: unknown): RecordSyntaxError {
    const line = this.scanner.at(this.lastEnd).line;
    const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : 'CSV_ERROR';
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      return new RecordSyntaxError(line, code, 'a quoted field starts on this line and is never closed');
    }
    if (code === 'CSV_MAX_RECORD_SIZE') {
      return new RecordSyntaxError(
        line,
        code,
        `a record starting on this line is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB; a closing quote is probably missing`,
      );
    }
    return new RecordSyntaxError(line, code, e instanceof Error ? e.message : String(e));
  }
}
