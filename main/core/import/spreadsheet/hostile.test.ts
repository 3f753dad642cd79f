import fs from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSpreadsheetFormat, listSheets, readSheetRows, SpreadsheetError, writeXlsx } from './index.js';
import {
  buildWorkbook,
  buildZip,
  makeTempDir,
  readAll,
  rejection,
  workbookEntries,
  worksheet,
  type RawEntry,
} from './test-workbooks.js';

let dir: string;
let good: Buffer;
beforeAll(async () => {
  dir = await makeTempDir();
  const file = path.join(dir, 'good.xlsx');
  await writeXlsx(file, [
    {
      name: 'Deals',
      rows: [['Owner', 'Amount'], ...Array.from({ length: 50 }, (_, i) => [`Rep ${i}`, i * 1000])],
    },
  ]);
  good = await fs.readFile(file);
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function place(bytes: Buffer, name = `hostile-${(counter += 1)}.xlsx`): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, bytes);
  return file;
}

/** A sheet of ordinary rows: about 60 bytes each, compressing roughly 5:1 to 15:1. */
function ordinarySheet(rows: number): string {
  const parts: string[] = [];
  for (let r = 1; r <= rows; r += 1) {
    parts.push(
      `<row r="${r}"><c r="A${r}"><v>${(r * 7919) % 100_003}</v></c><c r="B${r}" t="inlineStr"><is><t>n${(r * 104_729) % 9973}</t></is></c></row>`,
    );
  }
  return worksheet(parts.join(''));
}

/** A sheet that is mostly one repeated byte: valid XML that deflates about 1000:1. */
function paddedSheet(padBytes: number): string {
  return worksheet(`<row r="1"><c r="A1"><v>1</v></c></row>${' '.repeat(padBytes)}`);
}

describe('zip bombs', () => {
  it('refuses a sheet whose compression ratio is absurd, with the default limits', async () => {
    const file = await place(buildWorkbook({ sheets: [{ name: 'S', xml: paddedSheet(5 * 1024 * 1024) }] }));
    const error = await rejection(readAll(file));
    expect(error).toBeInstanceOf(SpreadsheetError);
    expect(error.message).toBe(
      `${file}: the workbook looks like a zip bomb (entry xl/worksheets/sheet1.xml inflates beyond 200 times its compressed size)`,
    );
  });

  it('applies a lower ratio limit set by the caller to an ordinary sheet', async () => {
    const sheet = ordinarySheet(40_000);
    const file = await place(buildWorkbook({ sheets: [{ name: 'S', xml: sheet }] }));
    const stat = await fs.stat(file);
    expect(sheet.length / stat.size).toBeGreaterThan(4);
    expect(await readAll(file)).toHaveLength(40_000);
    const error = await rejection(readAll(file, { limits: { maxRatio: 3 } }));
    expect(error.message).toContain(
      'looks like a zip bomb (entry xl/worksheets/sheet1.xml inflates beyond 3 times',
    );
  });

  it('stops inflating as soon as an entry passes the size it declared', async () => {
    // The headers claim 2 KiB, so no check on declared sizes can catch this one.
    const bomb = paddedSheet(200 * 1024 * 1024);
    const entries = workbookEntries({
      sheets: [{ name: 'S', xml: bomb }],
      override: { 'xl/worksheets/sheet1.xml': { declaredSize: 2048 } },
    });
    const file = await place(buildZip(entries));
    const compressed = (await fs.stat(file)).size;
    let lastBytesRead = 0;
    const started = performance.now();
    const error = await rejection(
      (async () => {
        for await (const _ of readSheetRows(file, {
          onProgress: (bytesRead) => {
            lastBytesRead = bytesRead;
          },
        }));
      })(),
    );
    expect(error.message).toContain(
      'looks like a zip bomb (entry xl/worksheets/sheet1.xml inflates beyond its declared size of 2 KiB)',
    );
    // Reading runs at most a couple of 64 KiB chunks ahead of inflating.
    expect(compressed).toBeGreaterThan(180 * 1024);
    expect(lastBytesRead).toBeLessThan(140 * 1024);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('counts shared strings and the sheet together toward the total', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => `<si><t>item ${(i * 7919) % 100_003}</t></si>`);
    const sst = `<sst>${items.join('')}</sst>`;
    const file = await place(
      buildWorkbook({ sheets: [{ name: 'S', xml: ordinarySheet(8_000) }], sharedStrings: sst }),
    );
    expect(sst.length).toBeLessThan(700 * 1024);
    expect(ordinarySheet(8_000).length).toBeLessThan(1024 * 1024);
    expect(await readAll(file)).toHaveLength(8_000);
    const error = await rejection(readAll(file, { limits: { maxTotalInflatedBytes: 1024 * 1024 } }));
    expect(error.message).toContain(
      '(entry xl/worksheets/sheet1.xml inflates beyond the limit of 1 MiB unpacked in total)',
    );
  });

  it('enforces the total unpacked size across the parts of one read', async () => {
    const file = await place(buildWorkbook({ sheets: [{ name: 'S', xml: ordinarySheet(40_000) }] }));
    const error = await rejection(readAll(file, { limits: { maxTotalInflatedBytes: 1024 * 1024 } }));
    expect(error.message).toBe(
      `${file}: the workbook looks like a zip bomb (entry xl/worksheets/sheet1.xml inflates beyond the limit of 1 MiB unpacked in total)`,
    );
  });

  it('refuses an archive with too many entries before reading any of them', async () => {
    const filler: RawEntry[] = Array.from({ length: 10_001 }, (_, i) => ({
      name: `customXml/item${i}.xml`,
      data: '',
    }));
    const file = await place(buildWorkbook({ sheets: [{ name: 'S', xml: worksheet('') }], extra: filler }));
    expect((await rejection(readAll(file))).message).toBe(
      `${file}: the workbook looks like a zip bomb (it has 10006 entries; at most 10000 are accepted)`,
    );
    const small = await place(good);
    expect(
      (await rejection(listSheets(small).then(() => readAll(small, { limits: { maxEntries: 3 } })))).message,
    ).toContain('at most 3 are accepted');
  });
});

describe('damaged and foreign files', () => {
  it('reports an empty file', async () => {
    const file = await place(Buffer.alloc(0));
    expect((await rejection(readAll(file))).message).toBe(`${file}: the file is empty`);
    expect((await rejection(listSheets(file))).message).toBe(`${file}: the file is empty`);
  });

  it('reports a missing file', async () => {
    const file = path.join(dir, 'nope.xlsx');
    expect((await rejection(readAll(file))).message).toBe(`${file}: the file does not exist`);
  });

  it('reports a binary file renamed .xlsx', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(200, 7)]);
    const file = await place(png, 'picture.xlsx');
    expect((await rejection(readAll(file))).message).toBe(
      `${file}: this is not an XLSX or XLS workbook (its content is neither XLSX nor XLS)`,
    );
  });

  it('says what to do with text and web pages saved under an Excel name', async () => {
    const csv = await place(Buffer.from('date,amount\n2026-03-01,5\n'), 'export.xlsx');
    expect((await rejection(readAll(csv))).message).toContain(
      'it looks like a text file; if it is CSV, import it as CSV',
    );
    const html = await place(
      Buffer.from('<html><body><table><tr><td>1</td></tr></table></body></html>'),
      'report.xls',
    );
    expect((await rejection(listSheets(html))).message).toContain('it is a web page (HTML)');
  });

  it('tells other zip-based documents from workbooks', async () => {
    const ods = await place(
      buildZip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', method: 0 }]),
    );
    expect((await rejection(readAll(ods))).message).toContain('this is an OpenDocument file');
    const docx = await place(buildZip([{ name: 'word/document.xml', data: '<w:document/>' }]));
    expect((await rejection(listSheets(docx))).message).toContain('this is a Word document');
    const zip = await place(buildZip([{ name: 'notes.txt', data: 'hello' }]));
    expect((await rejection(listSheets(zip))).message).toContain(
      'this is a zip archive but not an Excel workbook',
    );
  });

  it('reports a truncated zip at every cut without crashing or hanging', async () => {
    const cuts = new Set<number>([1, 3, 4, 29, 30, 100, good.length - 23, good.length - 22, good.length - 1]);
    for (let at = 0; at < good.length; at += Math.max(1, Math.floor(good.length / 40))) cuts.add(at);
    for (const cut of cuts) {
      if (cut <= 0 || cut >= good.length) continue;
      const file = await place(good.subarray(0, cut));
      const error = await rejection(readAll(file));
      expect(error, `cut at ${cut}`).toBeInstanceOf(SpreadsheetError);
      expect(error.message.startsWith(`${file}: `)).toBe(true);
    }
    const file = await place(good.subarray(0, good.length - 40));
    expect((await rejection(readAll(file))).message).toBe(
      `${file}: the file is truncated or corrupt (no zip directory at its end)`,
    );
  });

  it('either reads or refuses a workbook with corrupted bytes, never anything else', async () => {
    const file = path.join(dir, 'flipped.xlsx');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: good.length - 1 }), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        async (flips) => {
          const bytes = Buffer.from(good);
          for (const [at, mask] of flips) bytes[at]! ^= mask;
          await fs.writeFile(file, bytes);
          try {
            for await (const row of readSheetRows(file)) expect(Array.isArray(row.cells)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(SpreadsheetError);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('detects a damaged entry by its checksum', async () => {
    const entries = workbookEntries({
      sheets: [{ name: 'S', xml: worksheet('<row r="1"><c r="A1"><v>1</v></c></row>') }],
    });
    const bytes = buildZip(entries.map((entry) => ({ ...entry, method: 0 })));
    const at = bytes.indexOf('<v>1</v>');
    bytes[at + 3] = '2'.charCodeAt(0);
    const file = await place(bytes);
    expect((await rejection(readAll(file))).message).toBe(
      `${file}: the file is truncated or corrupt (the entry xl/worksheets/sheet1.xml fails its checksum)`,
    );
  });

  it('refuses encrypted entries, duplicate names and DOCTYPEs', async () => {
    const sheet = worksheet('<row r="1"><c r="A1"><v>1</v></c></row>');
    const encrypted = await place(
      buildWorkbook({
        sheets: [{ name: 'S', xml: sheet }],
        override: { 'xl/worksheets/sheet1.xml': { flags: 1 } },
      }),
    );
    expect((await rejection(readAll(encrypted))).message).toContain('password-protected');
    const twice = await place(
      buildZip([
        ...workbookEntries({ sheets: [{ name: 'S', xml: sheet }] }),
        { name: 'xl/worksheets/sheet1.xml', data: sheet },
      ]),
    );
    expect((await rejection(readAll(twice))).message).toContain(
      'holds the entry xl/worksheets/sheet1.xml twice',
    );
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>' +
      '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>';
    const doctype = await place(buildWorkbook({ sheets: [{ name: 'S', xml: laughs }] }));
    expect((await rejection(readAll(doctype))).message).toBe(
      `${doctype}: the file is corrupt (xl/worksheets/sheet1.xml: DOCTYPE and other declarations are not accepted)`,
    );
  });

  it('reads ZIP64 archives', async () => {
    const entries = workbookEntries({
      sheets: [{ name: 'S', xml: worksheet('<row r="1"><c r="A1"><v>64</v></c></row>') }],
    });
    const file = await place(buildZip(entries, { zip64: true }));
    expect(await readAll(file)).toEqual([{ row: 1, cells: [64] }]);
    const tooMany = await place(buildZip([...entries, { name: 'a', data: 'a' }], { zip64: true }));
    expect((await rejection(readAll(tooMany, { limits: { maxEntries: 5 } }))).message).toContain(
      'it has 6 entries',
    );
  });

  it('reads stored (uncompressed) entries and UTF-16 parts', async () => {
    const sheet = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(
        worksheet('<row r="1"><c r="A1" t="inlineStr"><is><t>Rupiah ₹ € ü</t></is></c></row>'),
        'utf16le',
      ),
    ]);
    const entries = workbookEntries({ sheets: [{ name: 'S', xml: sheet }] }).map((entry) => ({
      ...entry,
      method: 0 as const,
    }));
    const file = await place(buildZip(entries));
    expect(await readAll(file)).toEqual([{ row: 1, cells: ['Rupiah ₹ € ü'] }]);
  });
});

describe('detectSpreadsheetFormat', () => {
  it('goes by content, not by name', async () => {
    expect(detectSpreadsheetFormat(good.subarray(0, 4096))).toBe('xlsx');
    expect(detectSpreadsheetFormat(Buffer.from('d0cf11e0a1b11ae1000000', 'hex'))).toBe('xls');
    expect(detectSpreadsheetFormat(buildZip([{ name: 'word/document.xml', data: 'x' }]))).toBeNull();
    expect(detectSpreadsheetFormat(Buffer.from('PK'))).toBeNull();
    expect(detectSpreadsheetFormat(Buffer.from('Owner,Amount\n'))).toBeNull();
    expect(detectSpreadsheetFormat(Buffer.alloc(0))).toBeNull();
  });
});
