/**
 * Builders for the tests: zip archives assembled byte by byte (so a test can make headers lie,
 * truncate or bloat them on purpose) and minimal workbooks made of hand-written parts.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { readSheetRows, type SheetRow, type ZipLimits } from './index.js';

export interface RawEntry {
  name: string;
  data: Buffer | string;
  /** 8 (deflate, the default) or 0 (stored). */
  method?: 0 | 8;
  /** Overrides of what the headers claim. */
  declaredSize?: number;
  declaredCompressedSize?: number;
  flags?: number;
}

/**
 * `zip64: true` writes what writers of very large archives emit: 0xFFFFFFFF placeholders in
 * the 32-bit fields, the real values in ZIP64 extra fields and a ZIP64 end-of-directory record.
 */
export function buildZip(entries: RawEntry[], options: { zip64?: boolean } = {}): Buffer {
  const zip64 = options.zip64 === true;
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    const method = entry.method ?? 8;
    const body = method === 8 ? zlib.deflateRawSync(data) : data;
    const name = Buffer.from(entry.name, 'utf8');
    const crc = zlib.crc32(data) >>> 0;
    const flags = (entry.flags ?? 0) | 0x800;
    const compressed = entry.declaredCompressedSize ?? body.length;
    const size = entry.declaredSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(zip64 ? 45 : 20, 4);
    header.writeUInt16LE(zip64 ? 45 : 20, 6);
    header.writeUInt16LE(flags, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(zip64 ? 0xffffffff : compressed, 20);
    header.writeUInt32LE(zip64 ? 0xffffffff : size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(zip64 ? 0xffffffff : offset, 42);
    let extra = Buffer.alloc(0);
    if (zip64) {
      extra = Buffer.alloc(28);
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(compressed), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
      header.writeUInt16LE(extra.length, 30);
    }
    central.push(header, name, extra);
    parts.push(local, name, body);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 8);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 10);
  end.writeUInt32LE(zip64 ? 0xffffffff : directory.length, 12);
  end.writeUInt32LE(zip64 ? 0xffffffff : offset, 16);
  if (!zip64) return Buffer.concat([...parts, directory, end]);
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(entries.length), 24);
  record.writeBigUInt64LE(BigInt(entries.length), 32);
  record.writeBigUInt64LE(BigInt(directory.length), 40);
  record.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([...parts, directory, record, locator, end]);
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function worksheet(sheetDataInner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN_NS}"><sheetData>${sheetDataInner}</sheetData></worksheet>`;
}

export function sharedStrings(items: string[]): string {
  return `<sst xmlns="${MAIN_NS}" count="${items.length}" uniqueCount="${items.length}">${items.join('')}</sst>`;
}

/** A styles part whose cellXfs use the given number format ids (index = `s` attribute). */
export function styles(xfNumFmtIds: number[], customFormats: Record<number, string> = {}): string {
  const custom = Object.entries(customFormats)
    .map(
      ([id, code]) =>
        `<numFmt numFmtId="${id}" formatCode="${code.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"/>`,
    )
    .join('');
  const xfs = xfNumFmtIds.map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"/>`);
  return (
    `<styleSheet xmlns="${MAIN_NS}"><numFmts count="${Object.keys(customFormats).length}">${custom}</numFmts>` +
    `<cellStyleXfs count="1"><xf numFmtId="49"/></cellStyleXfs>` +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs></styleSheet>`
  );
}

export interface WorkbookSpec {
  sheets: { name: string; xml: string | Buffer }[];
  sharedStrings?: string;
  styles?: string;
  date1904?: boolean;
  /** Entries added after the workbook's own (or used to replace one by name). */
  extra?: RawEntry[];
  /** Per-entry overrides, keyed by entry name. */
  override?: Record<string, Partial<RawEntry>>;
}

export function workbookEntries(spec: WorkbookSpec): RawEntry[] {
  const sheetList = spec.sheets
    .map(
      (sheet, i) =>
        `<sheet name="${sheet.name.replace(/&/g, '&amp;')}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
    )
    .join('');
  const rels = spec.sheets.map(
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  );
  if (spec.sharedStrings !== undefined) {
    rels.push(`<Relationship Id="rIdS" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`);
  }
  if (spec.styles !== undefined) {
    rels.push(`<Relationship Id="rIdY" Type="${REL_NS}/styles" Target="/xl/styles.xml"/>`);
  }
  const entries: RawEntry[] = [
    {
      name: '[Content_Types].xml',
      data: '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    },
    {
      name: '_rels/.rels',
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data:
        `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
        (spec.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>') +
        `<sheets>${sheetList}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
    },
    ...spec.sheets.map((sheet, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: sheet.xml })),
  ];
  if (spec.sharedStrings !== undefined)
    entries.push({ name: 'xl/sharedStrings.xml', data: spec.sharedStrings });
  if (spec.styles !== undefined) entries.push({ name: 'xl/styles.xml', data: spec.styles });
  for (const extra of spec.extra ?? []) {
    const at = entries.findIndex((entry) => entry.name === extra.name);
    if (at >= 0) entries[at] = extra;
    else entries.push(extra);
  }
  return entries.map((entry) => ({ ...entry, ...spec.override?.[entry.name] }));
}

export function buildWorkbook(spec: WorkbookSpec): Buffer {
  return buildZip(workbookEntries(spec));
}

export async function makeTempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'kinerja-sheet-'));
}

export async function readAll(
  file: string,
  options: { sheet?: string; limits?: Partial<ZipLimits> } = {},
): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of readSheetRows(file, options)) rows.push(row);
  return rows;
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}
