import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from '@e965/xlsx';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromIso } from '../../../../shared/kpi/periods.js';
import { detectSpreadsheetFormat, listSheets, readSheetRows, SpreadsheetError } from './index.js';
import { makeTempDir, readAll, rejection } from './test-workbooks.js';

interface CfbLibrary {
  utils: { cfb_new(): unknown; cfb_add(container: unknown, name: string, content: Buffer): void };
  write(container: unknown, options: { type: 'buffer' }): Buffer;
}

const date = (iso: string) => ({ kind: 'date' as const, day: dayFromIso(iso) });

let dir: string;
let xls: Buffer;
beforeAll(async () => {
  dir = await makeTempDir();
  // SheetJS writes real BIFF8 (an OLE2 compound file), the format Excel 97–2003 saves.
  const book = XLSX.utils.book_new();
  const orders = XLSX.utils.aoa_to_sheet([
    ['Order Date', 'Customer', 'Sales', 'Returned', 'Postal Code'],
    [43_468, 'Darren Powers', 16.448, false, '77095'],
    [43_469, '__proto__', 1234.5, true, 'C0A'],
  ]);
  orders['A2']!.z = 'm/d/yy';
  orders['A3']!.z = 'dd/mm/yyyy';
  XLSX.utils.sheet_add_aoa(orders, [[null, 'sparse row', null, null, null, 'far right']], { origin: 'A17' });
  XLSX.utils.book_append_sheet(book, orders, 'Orders');
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Region'], ['West']]), 'People');
  xls = XLSX.write(book, { type: 'buffer', bookType: 'biff8' }) as Buffer;
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('xls', () => {
  it('is recognised by its OLE2 signature, whatever its name', async () => {
    expect(detectSpreadsheetFormat(xls.subarray(0, 4096))).toBe('xls');
    const misnamed = path.join(dir, 'actually-xls.xlsx');
    await fs.writeFile(misnamed, xls);
    expect(await listSheets(misnamed)).toEqual({ sheets: ['Orders', 'People'], format: 'xls' });
  });

  it('reads text, numbers, booleans, dates and sparse rows with their row numbers', async () => {
    const file = path.join(dir, 'orders.xls');
    await fs.writeFile(file, xls);
    expect(await readAll(file)).toEqual([
      { row: 1, cells: ['Order Date', 'Customer', 'Sales', 'Returned', 'Postal Code'] },
      { row: 2, cells: [date('2019-01-03'), 'Darren Powers', 16.448, false, '77095'] },
      { row: 3, cells: [date('2019-01-04'), '__proto__', 1234.5, true, 'C0A'] },
      { row: 17, cells: [null, 'sparse row', null, null, null, 'far right'] },
    ]);
    expect(await readAll(file, { sheet: 'people' })).toEqual([
      { row: 1, cells: ['Region'] },
      { row: 2, cells: ['West'] },
    ]);
  });

  it('lists the sheets when the one asked for does not exist', async () => {
    const file = path.join(dir, 'orders.xls');
    await fs.writeFile(file, xls);
    expect((await rejection(readAll(file, { sheet: 'Returns' }))).message).toBe(
      `${file}: there is no sheet named 'Returns'; the sheets are 'Orders', 'People'`,
    );
  });

  it('reports damaged compound files clearly', async () => {
    const truncated = path.join(dir, 'truncated.xls');
    await fs.writeFile(truncated, xls.subarray(0, 1500));
    const error = await rejection(readAll(truncated));
    expect(error).toBeInstanceOf(SpreadsheetError);
    expect(error.message.startsWith(`${truncated}: `)).toBe(true);
    const header = Buffer.concat([xls.subarray(0, 8), Buffer.alloc(600, 0xff)]);
    const garbage = path.join(dir, 'garbage.xls');
    await fs.writeFile(garbage, header);
    expect(await rejection(listSheets(garbage))).toBeInstanceOf(SpreadsheetError);
  });

  it('explains password-protected workbooks and other compound documents', async () => {
    const { CFB } = XLSX as unknown as { CFB: CfbLibrary };
    // Excel saves a password-protected .xlsx as an OLE2 container holding the encrypted package.
    const encrypted = CFB.utils.cfb_new();
    CFB.utils.cfb_add(encrypted, '/EncryptionInfo', Buffer.alloc(200, 1));
    CFB.utils.cfb_add(encrypted, '/EncryptedPackage', Buffer.alloc(5000, 2));
    const locked = path.join(dir, 'locked.xlsx');
    await fs.writeFile(locked, CFB.write(encrypted, { type: 'buffer' }));
    expect((await rejection(readAll(locked))).message).toBe(
      `${locked}: the workbook is password-protected; save it without a password`,
    );
    const word = CFB.utils.cfb_new();
    CFB.utils.cfb_add(word, '/WordDocument', Buffer.alloc(5000, 2));
    const doc = path.join(dir, 'letter.xls');
    await fs.writeFile(doc, CFB.write(word, { type: 'buffer' }));
    expect((await rejection(listSheets(doc))).message).toBe(
      `${doc}: this Office file holds no Excel workbook (it may be a Word or PowerPoint document)`,
    );
  });

  it('either reads or refuses a workbook with corrupted bytes, never anything else', async () => {
    const file = path.join(dir, 'flipped.xls');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: xls.length - 1 }), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        async (flips) => {
          const bytes = Buffer.from(xls);
          for (const [at, mask] of flips) bytes[at]! ^= mask;
          await fs.writeFile(file, bytes);
          try {
            for await (const row of readSheetRows(file)) expect(Array.isArray(row.cells)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(SpreadsheetError);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reports progress over the whole file', async () => {
    const file = path.join(dir, 'progress.xls');
    await fs.writeFile(file, xls);
    const seen: [number, number][] = [];
    for await (const _ of readSheetRows(file, { onProgress: (read, total) => seen.push([read, total]) }));
    expect(seen.at(-1)).toEqual([xls.length, xls.length]);
  });
});

const superstore = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../../shared/datasets/superstore_tableau_xls/Sample - Superstore.xls',
);
const haveSuperstore = existsSync(superstore);
if (!haveSuperstore) {
  console.warn(`Skipping the Superstore .xls check: ${superstore} is not present on this machine.`);
}

describe.skipIf(!haveSuperstore)('the real Tableau Superstore .xls (BIFF8 saved by Mac Excel)', () => {
  it('has the three sheets, 10,194 orders and Excel serial dates', async () => {
    const info = await listSheets(superstore);
    expect(info.format).toBe('xls');
    expect([...info.sheets].sort()).toEqual(['Orders', 'People', 'Returns']);
    let header: unknown[] = [];
    let first: unknown[] = [];
    let data = 0;
    let lastRow = 0;
    for await (const { row, cells } of readSheetRows(superstore, { sheet: 'Orders' })) {
      if (row === 1) header = cells;
      else data += 1;
      if (row === 2) first = cells;
      lastRow = row;
    }
    expect(data).toBe(10_194);
    expect(lastRow).toBe(10_195);
    const orderDate = header.indexOf('Order Date');
    expect(orderDate).toBeGreaterThanOrEqual(0);
    expect(first[orderDate]).toEqual(date('2019-01-03'));
    expect(first[header.indexOf('Postal Code')]).toBe('77095');
    expect(await readAll(superstore, { sheet: 'People' })).toHaveLength(5);
    expect(await readAll(superstore, { sheet: 'Returns' })).toHaveLength(801);
  });

  it('gives the same rows through the XLSX reader once SheetJS has converted it', async () => {
    const book = XLSX.read(await fs.readFile(superstore), { type: 'buffer', cellNF: true });
    const converted = path.join(dir, 'superstore.xlsx');
    await fs.writeFile(
      converted,
      XLSX.write(book, { type: 'buffer', bookType: 'xlsx', bookSST: true, compression: true }) as Buffer,
    );
    for (const sheet of ['Orders', 'People', 'Returns']) {
      expect(await readAll(converted, { sheet }), sheet).toEqual(await readAll(superstore, { sheet }));
    }
  }, 60_000);
});
