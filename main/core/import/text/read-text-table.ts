import fs from 'node:fs/promises';
import { KinerjaError } from '../../../../shared/contract/errors.js';
import {
  byteOrderMark,
  chunkDecoder,
  describeNonText,
  InvalidUtf8Error,
  looksBinary,
  SNIFF_BYTES,
  utf8ReadAsWindows1252,
  type TextEncodingName,
} from './encoding.js';
import { MixedEncodingError, RecordReader, RecordSyntaxError, type RawRecord } from './records.js';
import { isBlankText, skipLeadingComments, sniffDelimiter, SNIFF_LINES, type Delimiter } from './sniff.js';
import {
  classifyAfterBlank,
  ColumnProfile,
  dateRangeFromPreamble,
  detectHeader,
  HEADER_PROBE_ROWS,
  isBlankRecord,
  isCommentRecord,
  isTotalsRow,
  preambleText,
} from './structure.js';

/**
 * Reads the CSV and TSV exports users bring (GA4, Universal Analytics, Google Ads, Meta Ads,
 * Search Console, Clarity, Salesforce, spreadsheets) as one table: encoding and delimiter found,
 * preamble, title lines and totals rows skipped and counted, and anything after the first table
 * left out. Rows stream; memory does not grow with the file.
 */

export interface TextTableInfo {
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  delimiter: ',' | ';' | '\t' | '|';
  /** Trimmed; BOM removed; duplicates kept as in the file. */
  headers: string[];
  /** 1-based physical line number of the header. */
  headerLine: number;
  /** `#` lines and title/metadata lines above the header, as text. */
  preamble: string[];
  /** ISO dates from the preamble/title, if any. */
  dateRange: { from: string; to: string } | null;
  /** First up to 50 data rows (for detection/preview): exactly the first rows `rows()` yields. */
  sampleRows: { line: number; cells: string[] }[];
}

export interface TextTableEnd {
  /** Non-blank lines not imported: preamble and title lines, and everything after the first table. */
  skippedLines: number;
  skippedTotals: number;
  /** The first totals rows skipped: their line and the label that marked them. */
  totalsRows: SkippedTotalsRow[];
  /** Something other than data followed the first table (another table, a `#` block, a footer). */
  moreTables: boolean;
  rows: number;
  /** The encoding the rows were read in; differs from info.encoding only after a late fallback. */
  encoding: TextTableInfo['encoding'];
  /** Where the first table ended, when moreTables. */
  stoppedAtLine: number | null;
  /**
   * Rows of a Windows-1252 file whose text was UTF-8 (a file pasted together from two sources):
   * read as UTF-8 rather than stored as "MÃ¼ller"; how many, and the first lines.
   */
  utf8Rows: { count: number; lines: number[] };
}

/** Lines listed per warning; more are only counted. */
const MAX_LINES_LISTED = 10;

export interface SkippedTotalsRow {
  line: number;
  label: string;
}

/** Totals rows listed one by one in the summary; more are only counted. */
export const MAX_TOTALS_LISTED = 100;

export interface TextTableRow {
  /** 1-based physical line the row starts on. */
  line: number;
  /** As in the file, untrimmed; ragged rows keep their own length (not padded to the header). */
  cells: string[];
}

export interface TextTableProgress {
  bytesRead: number;
  totalBytes: number;
}

export interface OpenTextTableOptions {
  /** Skip detection: read in this encoding, without the Windows-1252 fallback. */
  encoding?: TextTableInfo['encoding'];
  delimiter?: TextTableInfo['delimiter'];
  onProgress?: (progress: TextTableProgress) => void;
}

export interface TextTable {
  info: TextTableInfo;
  /** Streams the data rows; each call reads the file again from the start. */
  rows(): AsyncIterable<TextTableRow>;
  /** Counts for the import summary; valid once rows() has been read to the end. */
  end(): TextTableEnd;
  progress(): TextTableProgress;
}

export type TextTableProblem =
  'not_found' | 'unreadable' | 'empty' | 'binary' | 'no_table' | 'malformed' | 'mixed_encoding' | 'changed';

/** Messages name the file, the line when there is one, and what to do about it. */
export class TextTableError extends KinerjaError {
  readonly problem: TextTableProblem;
  readonly line: number | null;
  constructor(file: string, problem: TextTableProblem, message: string, line: number | null = null) {
    super(
      problem === 'not_found' ? 'not_found' : 'invalid_request',
      `${file}: ${line ? `line ${line}: ` : ''}${message}`,
    );
    this.name = 'TextTableError';
    this.problem = problem;
    this.line = line;
  }
}

export const SAMPLE_ROWS = 50;

/** Bounds the header probe in files that open with thousands of blank or `#` lines. */
const MAX_PROBE_RECORDS = 2000;

/** The decoded start of the file the delimiter is sniffed from, at most this many characters. */
const MAX_SNIFF_CHARS = 1024 * 1024;

interface Plan {
  encoding: TextEncodingName;
  start: number;
  delimiter: Delimiter;
  strict: boolean;
  headerIndex: number;
}

/** Walks records: preamble, header, then data with totals rows and a stop at the next table. */
class TableWalker {
  headers: string[] = [];
  headerLine = 0;
  preamble: string[] = [];
  preambleRecords: string[][] = [];
  preambleNonBlank = 0;
  totals = 0;
  totalsRows: SkippedTotalsRow[] = [];
  rows = 0;
  stoppedAt: RawRecord | null = null;
  private index = 0;
  private afterBlank = false;
  private readonly profile = new ColumnProfile();

  constructor(
    readonly headerIndex: number,
    private readonly delimiter: Delimiter,
  ) {}

  push(record: RawRecord): TextTableRow | null {
    const i = this.index++;
    const { cells } = record;
    if (i < this.headerIndex) {
      if (!isBlankRecord(cells)) {
        this.preamble.push(preambleText(cells, this.delimiter));
        this.preambleRecords.push(cells);
      }
      return null;
    }
    if (i === this.headerIndex) {
      this.headers = cells.map((c, k) => (k === 0 ? c.replace(/^\uFEFF+/, '') : c).trim());
      this.headerLine = record.line;
      this.preambleNonBlank = record.nonBlankBefore;
      return null;
    }
    if (this.stoppedAt) return null;
    if (isBlankRecord(cells)) {
      this.afterBlank = true;
      return null;
    }
    if (this.afterBlank) {
      const verdict = classifyAfterBlank(cells, this.headers, this.profile);
      if (verdict === 'stop') {
        this.stoppedAt = record;
        return null;
      }
      if (verdict === 'totals') return this.skipTotals(record);
      this.afterBlank = false;
    } else if (isTotalsRow(cells)) {
      return this.skipTotals(record);
    }
    this.rows++;
    this.profile.add(cells);
    return { line: record.line, cells };
  }

  private skipTotals(record: RawRecord): null {
    this.totals++;
    if (this.totalsRows.length < MAX_TOTALS_LISTED) {
      const label = record.cells.find((c) => c.trim() !== '')!.trim();
      this.totalsRows.push({ line: record.line, label });
    }
    return null;
  }
}

async function statFile(file: string): Promise<{ size: number; mtimeMs: number }> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new TextTableError(file, 'not_found', 'no such file');
    throw new TextTableError(file, 'unreadable', `the file cannot be read (${code ?? String(e)})`);
  }
  if (!stat.isFile()) throw new TextTableError(file, 'unreadable', 'this is not a file');
  return { size: stat.size, mtimeMs: stat.mtimeMs };
}

async function readHead(file: string, size: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(SNIFF_BYTES, size));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Decodes the start of the file: enough lines below any `#` block to judge the delimiter. */
async function readSample(
  file: string,
  encoding: TextEncodingName,
  start: number,
  strict: boolean,
): Promise<{ text: string; complete: boolean }> {
  const handle = await fs.open(file, 'r');
  try {
    const decoder = chunkDecoder(encoding, strict);
    const buf = Buffer.allocUnsafe(64 * 1024);
    let text = '';
    let position = start;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, position);
      position += bytesRead;
      text += decoder.decode(buf.subarray(0, bytesRead), bytesRead === 0);
      if (bytesRead === 0) return { text, complete: true };
      if (text.length >= MAX_SNIFF_CHARS) return { text, complete: false };
      const body = skipLeadingComments(text);
      if ((body.match(/\r\n|\n|\r/g)?.length ?? 0) > SNIFF_LINES) return { text, complete: false };
    }
  } finally {
    await handle.close();
  }
}

/** Cells of a Windows-1252 row that hold UTF-8 text are decoded again; true when any was. */
function recodeUtf8Cells(cells: string[]): boolean {
  let changed = false;
  for (let i = 0; i < cells.length; i++) {
    const fixed = utf8ReadAsWindows1252(cells[i]!);
    if (fixed !== null) {
      cells[i] = fixed;
      changed = true;
    }
  }
  return changed;
}

function translate(file: string, e: unknown): unknown {
  if (e instanceof RecordSyntaxError) return new TextTableError(file, 'malformed', e.message, e.line);
  if (e instanceof MixedEncodingError) {
    return new TextTableError(
      file,
      'mixed_encoding',
      'these bytes are not UTF-8, but the lines above them are UTF-8 text, so the file mixes two encodings. ' +
        'Save it again as UTF-8 (a spreadsheet\'s "CSV UTF-8" option) and import it again.',
      e.line,
    );
  }
  return e;
}

interface Probe {
  delimiter: Delimiter;
  walker: TableWalker;
  sample: TextTableRow[];
}

async function probe(
  file: string,
  encoding: TextEncodingName,
  start: number,
  strict: boolean,
  options: OpenTextTableOptions,
): Promise<Probe> {
  const { text, complete } = await readSample(file, encoding, start, strict);
  if (complete && isBlankText(text.replace(/\uFEFF/g, '')))
    throw new TextTableError(file, 'empty', 'the file is empty');
  const delimiter = options.delimiter ?? sniffDelimiter(text, complete);

  const reader = await RecordReader.open({ file, encoding, start, delimiter, strict, lateFallback: false });
  try {
    const buffered: RawRecord[] = [];
    let tableRows = 0;
    let walker: TableWalker | null = null;
    const sample: TextTableRow[] = [];
    const feed = (r: RawRecord): boolean => {
      const row = walker!.push(r);
      if (row) sample.push(row);
      return sample.length >= SAMPLE_ROWS || walker!.stoppedAt !== null;
    };
    const startWalking = (): boolean => {
      const headerIndex = detectHeader(buffered);
      if (headerIndex === null) {
        if (buffered.length >= MAX_PROBE_RECORDS) {
          throw new TextTableError(
            file,
            'no_table',
            `no table found in the first ${MAX_PROBE_RECORDS} lines`,
          );
        }
        if (buffered.some((r) => isCommentRecord(r.cells))) {
          throw new TextTableError(file, 'no_table', "no table found: the file has only '#' comment lines");
        }
        throw new TextTableError(file, 'empty', 'the file is empty');
      }
      walker = new TableWalker(headerIndex, delimiter);
      return buffered.some(feed);
    };

    let done = false;
    for await (const r of reader.records()) {
      if (walker) {
        if (feed(r)) {
          done = true;
          break;
        }
        continue;
      }
      buffered.push(r);
      if (!isBlankRecord(r.cells) && !isCommentRecord(r.cells)) tableRows++;
      if (tableRows >= HEADER_PROBE_ROWS || buffered.length >= MAX_PROBE_RECORDS) {
        if (startWalking()) {
          done = true;
          break;
        }
      }
    }
    if (!walker && !done) startWalking();
    return { delimiter, walker: walker!, sample };
  } catch (e) {
    throw translate(file, e);
  } finally {
    await reader.close();
  }
}

/**
 * Opens a text table: finds its encoding, delimiter, header and preamble, and reads the first
 * rows. Encoding: a byte-order mark decides (UTF-8, UTF-16 LE/BE); otherwise UTF-8, read strictly,
 * and the read restarts as Windows-1252 when bytes that are not UTF-8 turn up.
 */
export async function openTextTable(file: string, options: OpenTextTableOptions = {}): Promise<TextTable> {
  const stat = await statFile(file);
  if (stat.size === 0) throw new TextTableError(file, 'empty', 'the file is empty');
  const head = await readHead(file, stat.size);
  const bom = byteOrderMark(head);
  const forced = options.encoding;
  let encoding: TextEncodingName = forced ?? bom?.encoding ?? 'utf-8';
  // A forced UTF-16 without a mark has NUL bytes by nature.
  const trustedMark = bom !== null || forced === 'utf-16le' || forced === 'utf-16be';
  if (looksBinary(head, encoding, trustedMark)) {
    const why = describeNonText(head);
    throw new TextTableError(file, 'binary', why.message, why.line);
  }
  // A forced encoding of the mark's own family still starts after the mark.
  const sameFamily =
    forced === undefined || bom?.encoding === forced || (bom?.encoding === 'utf-8-bom' && forced === 'utf-8');
  const start = bom && sameFamily ? bom.length : 0;
  const strict = forced === undefined && (encoding === 'utf-8' || encoding === 'utf-8-bom');

  let found: Probe;
  try {
    found = await probe(file, encoding, start, strict, options);
  } catch (e) {
    if (!(e instanceof InvalidUtf8Error)) throw e;
    encoding = 'windows-1252';
    found = await probe(file, encoding, start, false, options);
  }
  const { walker, sample } = found;
  const plan: Plan = { encoding, start, delimiter: found.delimiter, strict, headerIndex: walker.headerIndex };

  const info: TextTableInfo = {
    encoding,
    delimiter: plan.delimiter,
    headers: walker.headers,
    headerLine: walker.headerLine,
    preamble: walker.preamble,
    dateRange: dateRangeFromPreamble(walker.preambleRecords),
    sampleRows: sample,
  };

  let progress: TextTableProgress = { bytesRead: 0, totalBytes: stat.size };
  let last: TextTableEnd | null = null;

  async function* rows(): AsyncGenerator<TextTableRow> {
    const now = await statFile(file);
    if (now.size !== stat.size || now.mtimeMs !== stat.mtimeMs) {
      throw new TextTableError(file, 'changed', 'the file changed after it was opened; open it again');
    }
    last = null;
    progress = { bytesRead: 0, totalBytes: stat.size };
    const reader = await RecordReader.open({
      file,
      encoding: plan.encoding,
      start: plan.start,
      delimiter: plan.delimiter,
      strict: plan.strict && plan.encoding !== 'windows-1252',
      lateFallback: plan.strict && plan.encoding !== 'windows-1252',
      onProgress: (bytesRead) => {
        progress = { bytesRead, totalBytes: stat.size };
        options.onProgress?.(progress);
      },
    });
    const w = new TableWalker(plan.headerIndex, plan.delimiter);
    const utf8Rows = { count: 0, lines: [] as number[] };
    try {
      for await (const record of reader.records()) {
        const row = w.push(record);
        if (row) {
          // Only where Kinerja chose Windows-1252 itself: an encoding the caller forces is kept.
          if (plan.strict && reader.encoding === 'windows-1252' && recodeUtf8Cells(row.cells)) {
            if (utf8Rows.count++ < MAX_LINES_LISTED) utf8Rows.lines.push(row.line);
          }
          yield row;
        } else if (w.stoppedAt) break;
      }
      let tail = 0;
      if (w.stoppedAt) tail = (await reader.countNonBlankLines()) - w.stoppedAt.nonBlankBefore;
      progress = { bytesRead: stat.size, totalBytes: stat.size };
      info.encoding = reader.encoding;
      last = {
        skippedLines: w.preambleNonBlank + tail,
        skippedTotals: w.totals,
        totalsRows: w.totalsRows,
        moreTables: w.stoppedAt !== null,
        rows: w.rows,
        encoding: reader.encoding,
        stoppedAtLine: w.stoppedAt?.line ?? null,
        utf8Rows,
      };
    } catch (e) {
      throw translate(file, e);
    } finally {
      await reader.close();
    }
  }

  return {
    info,
    rows,
    end() {
      if (!last) throw new Error(`${file}: end() is only known once rows() has been read to the end`);
      return last;
    },
    progress: () => progress,
  };
}
