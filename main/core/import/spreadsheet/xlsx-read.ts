/**
 * XLSX reading on top of the guarded zip reader: the workbook's small parts (relationships,
 * workbook, styles, shared strings) are loaded whole, the chosen sheet is inflated and scanned
 * as a stream so memory does not grow with the number of rows.
 */
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path/posix';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TextDecoder } from 'node:util';
import { dayFromYmd } from '../../../../shared/kpi/periods.js';
import { isBuiltinDateFormat, isDateFormatCode, serialToDay } from './dates.js';
import { fail, SpreadsheetError, type ZipLimits } from './errors.js';
import { MAX_COLUMNS, MAX_ROWS, pickSheetName, type SheetCell, type SheetRow } from './types.js';
import { getAttr, parseAttrs, XmlError, type XmlHandler, XmlScanner } from './xml.js';
import { InflateBudget, type ZipEntry, ZipReader } from './zip-read.js';

/** How long reading may hold the event loop before it lets timers and I/O run. */
const MAX_BUSY_MS = 15;

interface WorkbookSheet {
  name: string;
  part: string | null;
  kind: 'worksheet' | 'chartsheet' | 'other';
}

interface Workbook {
  sheets: WorkbookSheet[];
  date1904: boolean;
  stylesPart: string | null;
  sharedStringsPart: string | null;
}

type Progress = (bytes: number) => void;

/** Decodes an entry's bytes, honouring the UTF-16 byte order marks the XML spec allows. */
function makeDecoder(first: Buffer): TextDecoder {
  if (first.length >= 2 && first[0] === 0xff && first[1] === 0xfe) return new TextDecoder('utf-16le');
  if (first.length >= 2 && first[0] === 0xfe && first[1] === 0xff) return new TextDecoder('utf-16be');
  return new TextDecoder('utf-8');
}

function corruptPart(file: string, part: string, error: unknown): never {
  if (error instanceof SpreadsheetError) throw error;
  if (error instanceof XmlError) fail(file, `the file is corrupt (${part}: ${error.message})`);
  throw error;
}

/** Streams one entry through a handler; for the small parts, whose content is needed whole. */
async function scanEntry(
  zip: ZipReader,
  entry: ZipEntry,
  budget: InflateBudget,
  handler: XmlHandler,
  progress: Progress,
): Promise<void> {
  const scanner = new XmlScanner(handler);
  let decoder: TextDecoder | null = null;
  let busySince = performance.now();
  try {
    for await (const chunk of zip.read(entry, budget, progress)) {
      decoder ??= makeDecoder(chunk);
      scanner.write(decoder.decode(chunk, { stream: true }));
      if (scanner.isStopped) return;
      // Inflated chunks that are already buffered arrive without a macrotask in between.
      if (performance.now() - busySince > MAX_BUSY_MS) {
        await nextTurn();
        busySince = performance.now();
      }
    }
    if (decoder) scanner.write(decoder.decode());
    scanner.end();
  } catch (error) {
    corruptPart(zip.file, entry.name, error);
  }
}

/** Resolves a relationship target against the folder of the part that holds it. */
function resolveTarget(sourcePart: string, target: string): string {
  const clean = target.replace(/\\/g, '/');
  if (clean.startsWith('/')) return path.normalize(clean.slice(1));
  return path.normalize(path.join(path.dirname(sourcePart), clean));
}

interface Relationship {
  type: string;
  target: string;
  external: boolean;
}

async function readRelationships(
  zip: ZipReader,
  sourcePart: string,
  budget: InflateBudget,
  progress: Progress,
): Promise<Map<string, Relationship>> {
  const relsPart = path.join(path.dirname(sourcePart), '_rels', `${path.basename(sourcePart)}.rels`);
  const rels = new Map<string, Relationship>();
  const entry = zip.find(relsPart);
  if (!entry) return rels;
  const attrs = new Map<string, string>();
  await scanEntry(
    zip,
    entry,
    budget,
    {
      open(name, raw) {
        if (name !== 'Relationship') return;
        parseAttrs(raw, attrs);
        const id = attrs.get('Id');
        const target = attrs.get('Target');
        if (id === undefined || target === undefined) return;
        rels.set(id, {
          type: attrs.get('Type') ?? '',
          target,
          external: attrs.get('TargetMode') === 'External',
        });
      },
      close() {},
      text() {},
    },
    progress,
  );
  return rels;
}

const relType = (rel: Relationship): string => rel.type.slice(rel.type.lastIndexOf('/') + 1);

function notAWorkbook(zip: ZipReader): never {
  const has = (name: string): boolean => zip.find(name) !== undefined;
  if (has('xl/workbook.bin')) {
    fail(zip.file, 'this is a binary Excel workbook (.xlsb), which cannot be read; save it as .xlsx');
  }
  if (has('mimetype') || has('content.xml')) {
    fail(zip.file, 'this is an OpenDocument file, not an Excel workbook; save it as .xlsx or CSV');
  }
  if (has('word/document.xml')) fail(zip.file, 'this is a Word document, not an Excel workbook');
  if (has('ppt/presentation.xml')) fail(zip.file, 'this is a PowerPoint file, not an Excel workbook');
  return fail(zip.file, 'this is a zip archive but not an Excel workbook (it has no xl/workbook.xml)');
}

async function loadWorkbook(zip: ZipReader, budget: InflateBudget, progress: Progress): Promise<Workbook> {
  let workbookPart = 'xl/workbook.xml';
  const rootRels = await readRelationships(zip, '', budget, progress);
  for (const rel of rootRels.values()) {
    if (!rel.external && relType(rel) === 'officeDocument') workbookPart = resolveTarget('', rel.target);
  }
  const workbookEntry = zip.find(workbookPart) ?? zip.find('xl/workbook.xml');
  if (!workbookEntry) notAWorkbook(zip);
  workbookPart = workbookEntry.name;

  const declared: { name: string; id: string | undefined; sheetId: string | undefined }[] = [];
  let date1904 = false;
  const attrs = new Map<string, string>();
  await scanEntry(
    zip,
    workbookEntry,
    budget,
    {
      open(name, raw) {
        if (name === 'workbookPr') {
          const value = parseAttrs(raw, attrs).get('date1904');
          date1904 = value === '1' || value === 'true';
        } else if (name === 'sheet') {
          parseAttrs(raw, attrs);
          const sheetName = attrs.get('name');
          if (sheetName !== undefined) {
            declared.push({ name: sheetName, id: attrs.get('id'), sheetId: attrs.get('sheetId') });
          }
        }
      },
      close() {},
      text() {},
    },
    progress,
  );

  const rels = await readRelationships(zip, workbookPart, budget, progress);
  const sheets: WorkbookSheet[] = declared.map(({ name, id, sheetId }) => {
    const rel = id === undefined ? undefined : rels.get(id);
    if (!rel) {
      // Without relationships, fall back to the layout every writer uses.
      const guess = sheetId === undefined ? null : `xl/worksheets/sheet${sheetId}.xml`;
      return { name, part: guess, kind: 'worksheet' };
    }
    const type = relType(rel);
    const kind = type === 'worksheet' ? 'worksheet' : type === 'chartsheet' ? 'chartsheet' : 'other';
    return { name, part: rel.external ? null : resolveTarget(workbookPart, rel.target), kind };
  });
  let stylesPart: string | null = null;
  let sharedStringsPart: string | null = null;
  for (const rel of rels.values()) {
    if (rel.external) continue;
    if (relType(rel) === 'styles') stylesPart = resolveTarget(workbookPart, rel.target);
    if (relType(rel) === 'sharedStrings') sharedStringsPart = resolveTarget(workbookPart, rel.target);
  }
  const folder = path.dirname(workbookPart);
  stylesPart ??= zip.find(path.join(folder, 'styles.xml'))?.name ?? null;
  sharedStringsPart ??= zip.find(path.join(folder, 'sharedStrings.xml'))?.name ?? null;
  return { sheets, date1904, stylesPart, sharedStringsPart };
}

/** `_x000D_`-style escapes, which OOXML uses for characters XML cannot carry. */
export function unescapeOoxml(text: string): string {
  if (text.indexOf('_x') < 0) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Collects the visible text of `<si>`/`<is>` string items: plain `<t>` or rich-text runs, without
 * the phonetic guides (`<rPh>`) that East Asian workbooks attach.
 */
class StringItemCollector {
  private depthInPhonetic = 0;
  private inText = false;
  text = '';

  reset(): void {
    this.depthInPhonetic = 0;
    this.inText = false;
    this.text = '';
  }

  open(name: string): void {
    if (name === 'rPh') this.depthInPhonetic += 1;
    else if (name === 't' && this.depthInPhonetic === 0) this.inText = true;
  }

  close(name: string): void {
    if (name === 'rPh') this.depthInPhonetic -= 1;
    else if (name === 't') this.inText = false;
  }

  add(value: string): void {
    if (this.inText) this.text += value;
  }
}

async function loadSharedStrings(
  zip: ZipReader,
  part: string,
  budget: InflateBudget,
  progress: Progress,
): Promise<string[]> {
  const entry = zip.find(part);
  if (!entry) return [];
  const strings: string[] = [];
  const item = new StringItemCollector();
  let inItem = false;
  await scanEntry(
    zip,
    entry,
    budget,
    {
      open(name) {
        if (name === 'si') {
          inItem = true;
          item.reset();
        } else if (inItem) {
          item.open(name);
        }
      },
      close(name) {
        if (name === 'si') {
          inItem = false;
          strings.push(unescapeOoxml(item.text));
        } else if (inItem) {
          item.close(name);
        }
      },
      text(value) {
        if (inItem) item.add(value);
      },
    },
    progress,
  );
  return strings;
}

/** For each cell style index (`s`), whether its number format shows a date. */
async function loadDateStyles(
  zip: ZipReader,
  part: string | null,
  budget: InflateBudget,
  progress: Progress,
): Promise<boolean[]> {
  const entry = part === null ? undefined : zip.find(part);
  if (!entry) return [];
  const customFormats = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  let xfDepth = 0;
  const attrs = new Map<string, string>();
  await scanEntry(
    zip,
    entry,
    budget,
    {
      open(name, raw) {
        if (name === 'numFmt') {
          parseAttrs(raw, attrs);
          const id = Number(attrs.get('numFmtId'));
          const code = attrs.get('formatCode');
          if (Number.isInteger(id) && code !== undefined) customFormats.set(id, code);
        } else if (name === 'cellXfs') {
          inCellXfs = true;
        } else if (inCellXfs && name === 'xf') {
          if (xfDepth === 0) xfFormats.push(Number(getAttr(raw, 'numFmtId') ?? '0'));
          xfDepth += 1;
        }
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
        else if (inCellXfs && name === 'xf') xfDepth -= 1;
      },
      text() {},
    },
    progress,
  );
  return xfFormats.map((id) => {
    // A workbook may redefine a built-in id; its own code then decides.
    const custom = customFormats.get(id);
    return custom !== undefined ? isDateFormatCode(custom) : isBuiltinDateFormat(id);
  });
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/;

/**
 * The state machine over one worksheet's XML. Completed rows go to `ready`; the scanner is
 * stopped at `</sheetData>` so trailing parts (conditional formats, extensions) are not parsed.
 */
class SheetParser implements XmlHandler {
  readonly ready: SheetRow[] = [];
  scanner: XmlScanner | null = null;
  sawSheetData = false;

  private inSheetData = false;
  private rowNumber = 0;
  private cells: SheetCell[] | null = null;
  private column = -1;
  private cellType = '';
  private cellStyle = -1;
  private inCell = false;
  private inValue = false;
  private inInline = false;
  private value = '';
  private hasValue = false;
  private readonly inline = new StringItemCollector();

  constructor(
    private readonly file: string,
    private readonly sheetName: string,
    private readonly sharedStrings: string[],
    private readonly dateStyles: boolean[],
    private readonly date1904: boolean,
  ) {}

  private problem(what: string): never {
    return fail(this.file, `sheet '${this.sheetName}', row ${this.rowNumber}: ${what}`);
  }

  open(name: string, attrs: string): void {
    if (!this.inSheetData) {
      if (name === 'sheetData') {
        this.inSheetData = true;
        this.sawSheetData = true;
      }
      return;
    }
    if (this.inCell) {
      if (name === 'v') {
        this.inValue = true;
        this.hasValue = true;
      } else if (name === 'is') {
        this.inInline = true;
        this.hasValue = true;
        this.inline.reset();
      } else if (this.inInline) {
        this.inline.open(name);
      }
      return;
    }
    if (name === 'c') {
      if (this.cells === null) return;
      this.inCell = true;
      this.hasValue = false;
      this.value = '';
      const ref = getAttr(attrs, 'r');
      this.column = ref === undefined ? this.column + 1 : this.columnOf(ref);
      this.cellType = getAttr(attrs, 't') ?? 'n';
      const style = getAttr(attrs, 's');
      this.cellStyle = style === undefined ? -1 : Number(style);
    } else if (name === 'row') {
      const ref = getAttr(attrs, 'r');
      const next = ref === undefined ? this.rowNumber + 1 : Number(ref);
      if (!Number.isInteger(next) || next < 1 || next > MAX_ROWS) {
        this.problem(`the row number '${ref ?? ''}' is not one Excel allows`);
      }
      this.rowNumber = next;
      this.cells = [];
      this.column = -1;
    }
  }

  private columnOf(ref: string): number {
    let column = 0;
    let i = 0;
    for (; i < ref.length; i += 1) {
      const c = ref.charCodeAt(i) | 0x20;
      if (c < 97 || c > 122) break;
      column = column * 26 + (c - 96);
    }
    if (i === 0 || column > MAX_COLUMNS) this.problem(`the cell reference '${ref}' is not one Excel allows`);
    return column - 1;
  }

  close(name: string): void {
    if (!this.inSheetData) return;
    if (this.inCell) {
      if (name === 'v') this.inValue = false;
      else if (name === 'is') this.inInline = false;
      else if (this.inInline) this.inline.close(name);
      else if (name === 'c') this.finishCell();
      return;
    }
    if (name === 'row') {
      const cells = this.cells;
      this.cells = null;
      if (cells === null) return;
      let end = cells.length;
      while (end > 0 && cells[end - 1] === null) end -= 1;
      if (end === 0) return;
      cells.length = end;
      this.ready.push({ row: this.rowNumber, cells });
    } else if (name === 'sheetData') {
      this.inSheetData = false;
      this.scanner?.stop();
    }
  }

  text(value: string): void {
    if (this.inValue) this.value += value;
    else if (this.inInline) this.inline.add(value);
  }

  private finishCell(): void {
    this.inCell = false;
    const cells = this.cells!;
    const cell = this.hasValue ? this.convert() : null;
    const column = this.column;
    while (cells.length < column) cells.push(null);
    if (cells.length === column) cells.push(cell);
    else cells[column] = cell;
  }

  private convert(): SheetCell {
    const text = this.value;
    switch (this.cellType) {
      case 's': {
        const index = Number(text);
        const shared = this.sharedStrings[index];
        if (!Number.isInteger(index) || shared === undefined) {
          this.problem(
            `a cell refers to shared string ${text.trim()}, but the workbook has ${this.sharedStrings.length}`,
          );
        }
        return shared === '' ? null : shared;
      }
      case 'inlineStr': {
        const inline = unescapeOoxml(this.inline.text);
        return inline === '' ? null : inline;
      }
      case 'str':
        return text === '' ? null : unescapeOoxml(text);
      case 'b':
        return text.trim() === '1' || text.trim() === 'true';
      case 'e':
        return null;
      case 'd': {
        const match = isoDate.exec(text.trim());
        if (!match) return text === '' ? null : text;
        try {
          return { kind: 'date', day: dayFromYmd(Number(match[1]), Number(match[2]), Number(match[3])) };
        } catch {
          return text;
        }
      }
      default: {
        const trimmed = text.trim();
        if (trimmed === '') return null;
        const number = Number(trimmed);
        if (!Number.isFinite(number)) return trimmed;
        if (this.cellStyle >= 0 && this.dateStyles[this.cellStyle] === true) {
          const day = serialToDay(number, this.date1904);
          if (day !== null) return { kind: 'date', day };
        }
        return number;
      }
    }
  }
}

function chooseSheet(file: string, book: Workbook, wanted: string | undefined): WorkbookSheet {
  const worksheets = book.sheets.filter((sheet) => sheet.kind === 'worksheet');
  if (wanted !== undefined) {
    const other = book.sheets.find((sheet) => sheet.kind !== 'worksheet' && sheet.name === wanted);
    if (other && !worksheets.some((sheet) => sheet.name === wanted)) {
      fail(
        file,
        `the sheet '${wanted}' is a ${other.kind === 'chartsheet' ? 'chart' : 'special'} sheet without cells`,
      );
    }
  }
  const name = pickSheetName(
    file,
    worksheets.map((sheet) => sheet.name),
    wanted,
    fail,
  );
  return worksheets.find((sheet) => sheet.name === name)!;
}

export async function listXlsxSheets(
  file: string,
  handle: FileHandle,
  size: number,
  limits: ZipLimits,
): Promise<string[]> {
  const zip = await ZipReader.open(file, handle, size, limits);
  const book = await loadWorkbook(zip, new InflateBudget(limits), () => {});
  return book.sheets.filter((sheet) => sheet.kind === 'worksheet').map((sheet) => sheet.name);
}

export async function* readXlsxRows(
  file: string,
  handle: FileHandle,
  size: number,
  options: {
    sheet?: string;
    limits: ZipLimits;
    onProgress?: (bytesRead: number, totalBytes: number) => void;
  },
): AsyncGenerator<SheetRow, void, undefined> {
  let bytesRead = 0;
  const onProgress = options.onProgress;
  const progress: Progress = (bytes) => {
    bytesRead = Math.min(size, bytesRead + bytes);
    onProgress?.(bytesRead, size);
  };
  onProgress?.(0, size);
  const budget = new InflateBudget(options.limits);
  const zip = await ZipReader.open(file, handle, size, options.limits);
  const book = await loadWorkbook(zip, budget, progress);
  const sheet = chooseSheet(file, book, options.sheet);
  const entry = sheet.part === null ? undefined : zip.find(sheet.part);
  if (!entry) fail(file, `the file is corrupt (the part of sheet '${sheet.name}' is missing)`);
  const sharedStrings =
    book.sharedStringsPart === null
      ? []
      : await loadSharedStrings(zip, book.sharedStringsPart, budget, progress);
  const dateStyles = await loadDateStyles(zip, book.stylesPart, budget, progress);

  const parser = new SheetParser(file, sheet.name, sharedStrings, dateStyles, book.date1904);
  const scanner = new XmlScanner(parser);
  parser.scanner = scanner;
  let decoder: TextDecoder | null = null;
  let busySince = performance.now();
  const feed = (text: string, last: boolean): void => {
    try {
      scanner.write(text);
      if (last) scanner.end();
    } catch (error) {
      corruptPart(file, entry.name, error);
    }
  };
  for await (const chunk of zip.read(entry, budget, progress)) {
    // After </sheetData> the rest is still inflated (it is small) so the entry's CRC is checked.
    if (scanner.isStopped) continue;
    decoder ??= makeDecoder(chunk);
    feed(decoder.decode(chunk, { stream: true }), false);
    for (const row of parser.ready) yield row;
    parser.ready.length = 0;
    if (performance.now() - busySince > MAX_BUSY_MS) {
      await nextTurn();
      busySince = performance.now();
    }
  }
  if (!scanner.isStopped) feed(decoder ? decoder.decode() : '', true);
  for (const row of parser.ready) yield row;
  parser.ready.length = 0;
  if (bytesRead < size) onProgress?.(size, size);
}
