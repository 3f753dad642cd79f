import fs from 'node:fs/promises';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayFromIso } from '../../../../shared/kpi/periods.js';
import { listSheets, readSheetRows, SpreadsheetError, writeXlsx } from './index.js';
import {
  buildWorkbook,
  makeTempDir,
  readAll,
  rejection,
  sharedStrings,
  styles,
  worksheet,
} from './test-workbooks.js';

let dir: string;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function place(bytes: Buffer, name = `book-${(counter += 1)}.xlsx`): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, bytes);
  return file;
}

const date = (iso: string) => ({ kind: 'date' as const, day: dayFromIso(iso) });

describe('sheets', () => {
  let file: string;
  beforeAll(async () => {
    file = path.join(dir, 'two-sheets.xlsx');
    await writeXlsx(file, [
      {
        name: 'Deals',
        rows: [
          ['Owner', 'Amount'],
          ['Budi Santoso', 1_250_000],
          ['Siti Rahayu', 980_500.5],
        ],
      },
      {
        name: 'Leads & Sources',
        rows: [
          ['Source', 'Leads'],
          ['Meta Ads', 42],
        ],
      },
    ]);
  });

  it('lists the sheets in workbook order', async () => {
    expect(await listSheets(file)).toEqual({ sheets: ['Deals', 'Leads & Sources'], format: 'xlsx' });
  });

  it('reads the first sheet by default', async () => {
    expect(await readAll(file)).toEqual([
      { row: 1, cells: ['Owner', 'Amount'] },
      { row: 2, cells: ['Budi Santoso', 1_250_000] },
      { row: 3, cells: ['Siti Rahayu', 980_500.5] },
    ]);
  });

  it('reads the sheet asked for, exactly or ignoring case', async () => {
    const expected = [
      { row: 1, cells: ['Source', 'Leads'] },
      { row: 2, cells: ['Meta Ads', 42] },
    ];
    expect(await readAll(file, { sheet: 'Leads & Sources' })).toEqual(expected);
    expect(await readAll(file, { sheet: 'leads & sources' })).toEqual(expected);
  });

  it('names the file and lists the sheets when the sheet does not exist', async () => {
    const error = await rejection(readAll(file, { sheet: 'Targets' }));
    expect(error).toBeInstanceOf(SpreadsheetError);
    expect(error.message).toBe(
      `${file}: there is no sheet named 'Targets'; the sheets are 'Deals', 'Leads & Sources'`,
    );
  });

  it('can be iterated more than once', async () => {
    const rows = readSheetRows(file);
    const first: number[] = [];
    for await (const row of rows) first.push(row.row);
    const second: number[] = [];
    for await (const row of rows) second.push(row.row);
    expect(second).toEqual(first);
  });

  it('leaves chart sheets out of the list', async () => {
    const bytes = buildWorkbook({
      sheets: [{ name: 'Data', xml: worksheet('<row r="1"><c r="A1"><v>1</v></c></row>') }],
      extra: [
        {
          name: 'xl/workbook.xml',
          data:
            '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
            '<sheet name="Chart1" sheetId="2" r:id="rId9"/><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        },
        {
          name: 'xl/_rels/workbook.xml.rels',
          data:
            '<Relationships><Relationship Id="rId1" Type="http://x/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
            '<Relationship Id="rId9" Type="http://x/relationships/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>',
        },
      ],
    });
    const chart = await place(bytes);
    expect((await listSheets(chart)).sheets).toEqual(['Data']);
    expect(await readAll(chart)).toEqual([{ row: 1, cells: [1] }]);
    expect((await rejection(readAll(chart, { sheet: 'Chart1' }))).message).toContain('is a chart sheet');
  });
});

describe('cell values', () => {
  it('reads shared strings, rich text, inline strings, formulas, booleans and errors', async () => {
    const sst = sharedStrings([
      '<si><t>Owner</t></si>',
      '<si><r><rPr><b/></rPr><t>Budi </t></r><r><t xml:space="preserve">Santoso</t></r></si>',
      '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si>',
      '<si><t>line one_x000D_&#10;line two &amp; &lt;more&gt;</t></si>',
      '<si><t/></si>',
    ]);
    const sheet = worksheet(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>' +
        '<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>' +
        '<row r="2"><c r="A2" t="inlineStr"><is><t>inline</t></is></c>' +
        '<c r="B2" t="inlineStr"><is><r><t>rich </t></r><r><rPr><i/></rPr><t>inline</t></r></is></c>' +
        '<c r="C2" t="str"><f>CONCAT("a","b")</f><v>ab</v></c><c r="D2"><f>1+1</f><v>2</v></c>' +
        '<c r="E2"><f>A1</f></c><c r="F2" t="b"><v>1</v></c><c r="G2" t="b"><v>0</v></c>' +
        '<c r="H2" t="e"><v>#N/A</v></c><c r="I2" t="e"><v>#DIV/0!</v></c><c r="J2"><v>-1.5E-3</v></c>' +
        '<c r="K2"><v><![CDATA[7]]></v></c></row>',
    );
    const file = await place(buildWorkbook({ sheets: [{ name: 'S', xml: sheet }], sharedStrings: sst }));
    expect(await readAll(file)).toEqual([
      { row: 1, cells: ['Owner', 'Budi Santoso', '東京', 'line one\r\nline two & <more>'] },
      { row: 2, cells: ['inline', 'rich inline', 'ab', 2, null, true, false, null, null, -0.0015, 7] },
    ]);
  });

  it('fails clearly on a shared string index the workbook does not have', async () => {
    const file = await place(
      buildWorkbook({
        sheets: [{ name: 'S', xml: worksheet('<row r="4"><c r="A4" t="s"><v>3</v></c></row>') }],
        sharedStrings: sharedStrings(['<si><t>a</t></si>']),
      }),
    );
    expect((await rejection(readAll(file))).message).toBe(
      `${file}: sheet 'S', row 4: a cell refers to shared string 3, but the workbook has 1`,
    );
  });

  it('keeps sparse rows sparse and the sheet its own row numbers', async () => {
    const sheet = worksheet(
      '<row r="2" spans="1:6"><c r="C2"><v>1</v></c><c r="F2"><v>2</v></c></row>' +
        '<row r="5" s="3" customFormat="1"/>' +
        '<row r="6"><c r="A6" s="0"/><c r="B6" t="s"><v>0</v></c><c r="C6"/></row>' +
        '<row r="17"><c r="B17"><v>3</v></c><c><v>4</v></c></row>' +
        '<row><c r="A18"><v>5</v></c></row>' +
        '<row r="1048576"><c r="XFD1048576"><v>6</v></c></row>',
    );
    const file = await place(
      buildWorkbook({
        sheets: [{ name: 'S', xml: sheet }],
        sharedStrings: sharedStrings(['<si><t></t></si>']),
      }),
    );
    const rows = await readAll(file);
    expect(rows.slice(0, 3)).toEqual([
      { row: 2, cells: [null, null, 1, null, null, 2] },
      { row: 17, cells: [null, 3, 4] },
      { row: 18, cells: [5] },
    ]);
    expect(rows[3]!.row).toBe(1_048_576);
    expect(rows[3]!.cells).toHaveLength(16_384);
    expect(rows[3]!.cells[16_383]).toBe(6);
  });

  it('refuses cell references beyond column XFD', async () => {
    const file = await place(
      buildWorkbook({ sheets: [{ name: 'S', xml: worksheet('<row r="3"><c r="XFE3"><v>1</v></c></row>') }] }),
    );
    expect((await rejection(readAll(file))).message).toBe(
      `${file}: sheet 'S', row 3: the cell reference 'XFE3' is not one Excel allows`,
    );
  });

  it('keeps __proto__, constructor and prototype as plain text', async () => {
    const file = path.join(dir, 'proto.xlsx');
    await writeXlsx(file, [
      {
        name: 'Data',
        rows: [
          ['__proto__', 'constructor', 'prototype', 'toString'],
          ['{"polluted":true}', 1, 2, 3],
        ],
      },
    ]);
    const bytes = buildWorkbook({
      sheets: [
        {
          name: '__proto__',
          xml: worksheet(
            '<row r="1" __proto__="x" constructor="y"><c r="A1" t="s" __proto__="z"><v>0</v></c>' +
              '<c r="B1" t="s"><v>1</v></c></row>',
          ),
        },
      ],
      sharedStrings: sharedStrings(['<si><t>__proto__</t></si>', '<si><t>constructor</t></si>']),
    });
    const crafted = await place(bytes);
    const rows = [...(await readAll(file)), ...(await readAll(crafted, { sheet: '__proto__' }))];
    expect(rows[0]!.cells).toEqual(['__proto__', 'constructor', 'prototype', 'toString']);
    expect(rows[2]!.cells).toEqual(['__proto__', 'constructor']);
    for (const row of rows) expect(Array.isArray(row.cells)).toBe(true);
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('x');
    expect(Object.prototype).not.toHaveProperty('z');
    expect((await listSheets(crafted)).sheets).toEqual(['__proto__']);
  });

  it('round-trips a 32,767-character cell, inline and shared', async () => {
    const long = 'Rp 1.234.567 — ' + 'x'.repeat(32_767 - 15);
    expect(long).toHaveLength(32_767);
    const file = path.join(dir, 'long.xlsx');
    await writeXlsx(file, [{ name: 'Long', rows: [[long, 1]] }]);
    expect(await readAll(file)).toEqual([{ row: 1, cells: [long, 1] }]);
    const shared = await place(
      buildWorkbook({
        sheets: [{ name: 'S', xml: worksheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>') }],
        sharedStrings: sharedStrings([`<si><t>${long}</t></si>`]),
      }),
    );
    expect(await readAll(shared)).toEqual([{ row: 1, cells: [long] }]);
    const tooLong = await rejection(
      writeXlsx(path.join(dir, 'too-long.xlsx'), [{ name: 'L', rows: [[long + 'y']] }]),
    );
    expect(tooLong.message).toContain('cell A1 has 32768 characters; Excel allows 32767');
  });
});

describe('dates', () => {
  // Styles: 0 General, 1 builtin 14, 2 builtin 22 (date and time), 3 custom dd/mm/yyyy,
  // 4 custom with a locale prefix and literal text, 5 custom number with quoted "d",
  // 6 builtin 4 (#,##0.00), 7 custom [h]:mm:ss, 8 custom 0.0 "days", 9 custom yyyy-mm-dd.
  const dateStyles = styles([0, 14, 22, 164, 165, 166, 4, 167, 168, 169], {
    164: 'dd/mm/yyyy',
    165: '[$-421]dddd, d mmmm yyyy;@',
    166: '#,##0 "d"',
    167: '[h]:mm:ss',
    168: '0.0 "days"',
    169: 'yyyy-mm-dd',
  });
  const cell = (ref: string, style: number, value: number | string) =>
    `<c r="${ref}" s="${style}"><v>${value}</v></c>`;

  it('turns date-formatted serials into days in the 1900 system, around its phantom 29 February', async () => {
    const sheet = worksheet(
      `<row r="1">${cell('A1', 1, 59)}${cell('B1', 1, 60)}${cell('C1', 1, 61)}${cell('D1', 1, 1)}${cell('E1', 1, 0)}</row>` +
        `<row r="2">${cell('A2', 1, 43468)}${cell('B2', 2, 43468.75)}${cell('C2', 3, 45366)}${cell('D2', 4, 45366.5)}</row>` +
        `<row r="3">${cell('A3', 5, 45366)}${cell('B3', 6, 45366)}${cell('C3', 0, 45366)}${cell('D3', 8, 45366)}</row>` +
        `<row r="4">${cell('A4', 7, 1.5)}${cell('B4', 9, 43468)}${cell('C4', 1, -1)}${cell('D4', 1, 43468.99999999999)}</row>` +
        '<row r="5"><c r="A5" t="d"><v>2026-03-15T10:00:00</v></c><c r="B5" s="42"><v>43468</v></c></row>',
    );
    const file = await place(buildWorkbook({ sheets: [{ name: 'D', xml: sheet }], styles: dateStyles }));
    expect(await readAll(file)).toEqual([
      {
        row: 1,
        cells: [
          date('1900-02-28'),
          date('1900-02-28'),
          date('1900-03-01'),
          date('1900-01-01'),
          date('1899-12-31'),
        ],
      },
      { row: 2, cells: [date('2019-01-03'), date('2019-01-03'), date('2024-03-15'), date('2024-03-15')] },
      { row: 3, cells: [45366, 45366, 45366, 45366] },
      // Time-only formats count as date formats too; the time of day is dropped.
      { row: 4, cells: [date('1900-01-01'), date('2019-01-03'), -1, date('2019-01-04')] },
      { row: 5, cells: [date('2026-03-15'), 43468] },
    ]);
  });

  it('counts from 1904-01-01 when the workbook uses the 1904 date system', async () => {
    const sheet = worksheet(
      `<row r="1">${cell('A1', 1, 0)}${cell('B1', 1, 59)}${cell('C1', 1, 60)}${cell('D1', 3, 41_926)}${cell('E1', 0, 41_926)}</row>`,
    );
    const file = await place(
      buildWorkbook({ sheets: [{ name: 'D', xml: sheet }], styles: dateStyles, date1904: true }),
    );
    expect(await readAll(file)).toEqual([
      {
        row: 1,
        cells: [date('1904-01-01'), date('1904-02-29'), date('1904-03-01'), date('2018-10-15'), 41_926],
      },
    ]);
  });
});

describe('interoperability', () => {
  it('reads what SheetJS writes (shared strings, dates, booleans, two sheets)', async () => {
    const book = XLSX.utils.book_new();
    const deals = XLSX.utils.aoa_to_sheet([
      ['Order Date', 'Owner', 'Amount', 'Won'],
      [43468, 'Budi', 1500.25, true],
      [43469, 'Siti', 99, false],
    ]);
    deals['A2']!.z = 'm/d/yy';
    deals['A3']!.z = 'dd/mm/yyyy';
    XLSX.utils.book_append_sheet(book, deals, 'Orders');
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['Returned'], ['Yes']]), 'Returns');
    const bytes = XLSX.write(book, {
      type: 'buffer',
      bookType: 'xlsx',
      bookSST: true,
      compression: true,
    }) as Buffer;
    const file = await place(bytes);
    expect(await listSheets(file)).toEqual({ sheets: ['Orders', 'Returns'], format: 'xlsx' });
    expect(await readAll(file)).toEqual([
      { row: 1, cells: ['Order Date', 'Owner', 'Amount', 'Won'] },
      { row: 2, cells: [date('2019-01-03'), 'Budi', 1500.25, true] },
      { row: 3, cells: [date('2019-01-04'), 'Siti', 99, false] },
    ]);
    expect(await readAll(file, { sheet: 'Returns' })).toEqual([
      { row: 1, cells: ['Returned'] },
      { row: 2, cells: ['Yes'] },
    ]);
  });

  it('writes what SheetJS reads', async () => {
    const file = path.join(dir, 'for-sheetjs.xlsx');
    await writeXlsx(file, [
      { name: 'One', rows: [['a', 1, null, 'b'], [], [null, 2.5]] },
      { name: 'Two', rows: [['=1+1', '  padded  ']] },
    ]);
    const book = XLSX.read(await fs.readFile(file), { type: 'buffer' });
    expect(book.SheetNames).toEqual(['One', 'Two']);
    expect(XLSX.utils.sheet_to_json(book.Sheets.One!, { header: 1, defval: null })).toEqual([
      ['a', 1, null, 'b'],
      [null, null, null, null],
      [null, 2.5, null, null],
    ]);
    const two = book.Sheets.Two!;
    expect(two['A1']).toMatchObject({ t: 's', v: '=1+1' });
    expect(two['A1']!.f).toBeUndefined();
    expect(two['B1']).toMatchObject({ t: 's', v: '  padded  ' });
  });
});

describe('writer', () => {
  it('round-trips any text and any finite number', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.double(), fc.constant(null)), {
            maxLength: 5,
          }),
          {
            maxLength: 6,
          },
        ),
        async (rows) => {
          const finite = rows.map((row) =>
            row.map((v) => (typeof v === 'number' && !Number.isFinite(v) ? 0 : v)),
          );
          const file = path.join(dir, `prop-${(n += 1)}.xlsx`);
          await writeXlsx(file, [{ name: 'P', rows: finite }]);
          const expected = finite
            .map((row, i) => {
              const cells = row.map((v) => {
                if (typeof v === 'number') return Object.is(v, -0) ? 0 : v;
                if (v === null || v === '') return null;
                return v.replace(
                  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
                  '\uFFFD',
                );
              });
              while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
              return { row: i + 1, cells };
            })
            .filter((row) => row.cells.length > 0);
          expect(await readAll(file)).toEqual(expected);
          await fs.rm(file);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses sheet names Excel would refuse and leaves no partial file', async () => {
    const file = path.join(dir, 'bad-names.xlsx');
    for (const sheets of [
      [],
      [{ name: 'a/b', rows: [] }],
      [{ name: 'x'.repeat(32), rows: [] }],
      [
        { name: 'Deals', rows: [] },
        { name: 'DEALS', rows: [] },
      ],
    ]) {
      expect(await rejection(writeXlsx(file, sheets))).toBeInstanceOf(SpreadsheetError);
    }
    const infinite = await rejection(writeXlsx(file, [{ name: 'N', rows: [[1], [Infinity]] }]));
    expect(infinite.message).toContain("sheet 'N', cell A2: Infinity cannot be stored");
    expect(await fs.readdir(dir)).not.toContain('bad-names.xlsx');
    expect((await fs.readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
