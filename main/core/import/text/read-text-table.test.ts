import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/helpers/tmp.js';
import { openTextTable, TextTableError } from './read-text-table.js';
import { fixture, readAll } from './test-helpers.js';

const tempDir = useTempDir();

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

async function expectProblem(file: string, problem: string, message: RegExp): Promise<TextTableError> {
  const error = await openTextTable(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TextTableError);
  const e = error as TextTableError;
  expect(e.problem).toBe(problem);
  expect(e.message).toMatch(message);
  return e;
}

describe('exports as users bring them', () => {
  it('GA4 report: 9 # lines, CRLF, no final newline, date range from Start/End date', async () => {
    const { info, rows, end } = await readAll(fixture('ga4-landing-page.csv'));
    expect(info.encoding).toBe('utf-8');
    expect(info.delimiter).toBe(',');
    expect(info.headerLine).toBe(10);
    expect(info.headers).toEqual([
      'Landing page',
      'Sessions',
      'Active users',
      'New users',
      'Average engagement time per session',
      'Key events',
      'Total revenue',
      'Session key event rate',
    ]);
    expect(info.preamble).toHaveLength(9);
    expect(info.preamble[0]).toBe('# ----------------------------------------');
    expect(info.preamble[5]).toBe('#');
    expect(info.preamble[7]).toBe('# Start date: 20250301');
    expect(info.dateRange).toEqual({ from: '2025-03-01', to: '2025-03-31' });
    expect(rows.map((r) => r.line)).toEqual([11, 12, 13, 14]);
    expect(rows[2]!.cells).toEqual(['(not set)', '97', '95', '80', '0', '0', '0', '0']);
    expect(rows[3]!.cells.at(-1)).toBe('0.078125');
    expect(end).toMatchObject({ skippedLines: 9, skippedTotals: 0, moreTables: false, rows: 4 });
  });

  it('GA4 reports snapshot: only the first table, the rest reported and counted', async () => {
    const { info, rows, end } = await readAll(fixture('ga4-reports-snapshot.csv'));
    expect(info.headers).toEqual(['Nth week', 'Active users']);
    expect(info.headerLine).toBe(9);
    expect(info.preamble).toHaveLength(8);
    expect(info.dateRange).toEqual({ from: '2025-01-01', to: '2025-03-31' });
    expect(rows).toHaveLength(13);
    expect(rows[0]).toEqual({ line: 10, cells: ['0000', '31'] });
    expect(rows.at(-1)).toEqual({ line: 22, cells: ['0012', '62'] });
    // 8 preamble lines + the 22 non-blank lines of the later tables.
    expect(end).toMatchObject({ moreTables: true, stoppedAtLine: 24, skippedLines: 30, rows: 13 });
  });

  it('UA Dutch: blank line after the preamble, locale numbers, totals row left to the caller, second table skipped', async () => {
    const { info, rows, end } = await readAll(fixture('ua-browser-nl.csv'));
    expect(info.headerLine).toBe(7);
    expect(info.headers).toHaveLength(11);
    expect(info.headers[6]).toBe("Pagina's/sessie");
    expect(info.preamble).toEqual([
      '# ----------------------------------------',
      '# All Web Site Data',
      '# Browser & OS',
      '# 20140901-20140930',
      '# ----------------------------------------',
    ]);
    expect(info.dateRange).toEqual({ from: '2014-09-01', to: '2014-09-30' });
    expect(rows[0]!.cells.slice(2, 7)).toEqual(['1.873', '97,12%', '1.819', '81,40%', '1,22']);
    expect(rows[3]!.cells[3]).toBe('99,88%');
    expect(rows[0]!.cells[10]).toBe('US$\u00a00,00');
    // The totals row has empty dimensions and is not a `Total` row: the caller decides with the mapping.
    expect(rows[4]!.cells.slice(0, 3)).toEqual(['', '', '2.893']);
    expect(rows).toHaveLength(5);
    expect(end).toMatchObject({ moreTables: true, stoppedAtLine: 14, skippedTotals: 0, skippedLines: 5 + 5 });
  });

  it('Google Ads: title and date-range lines, quoted thousands, " --" nulls, Total: rows', async () => {
    const { info, rows, end } = await readAll(fixture('google-ads-campaign-report.csv'));
    expect(info.headerLine).toBe(3);
    expect(info.preamble).toEqual(['Campaign report', 'March 1, 2025 - March 31, 2025']);
    expect(info.dateRange).toEqual({ from: '2025-03-01', to: '2025-03-31' });
    expect(info.headers).toHaveLength(19);
    expect(info.headers.slice(11, 13)).toEqual(['Impr.', 'Interactions']);
    expect(rows.map((r) => r.cells[1])).toEqual([
      'Batik Ramadan - Search',
      'Promo, Lebaran - PMax',
      'Brand - Search',
    ]);
    expect(rows[0]!.cells[3]).toBe(' --');
    expect(rows[0]!.cells[11]).toBe('25,881');
    expect(rows[1]!.cells[17]).toBe('1,037.00');
    expect(end).toMatchObject({ skippedLines: 2, skippedTotals: 4, moreTables: false, rows: 3 });
  });

  it('Google Ads "All time" has no date range', async () => {
    const file = write(
      'all-time.csv',
      'Campaign report\nAll time\nCampaign,Cost,Clicks\nBrand,10.00,"1,200"\nTotal: Account,10.00,"1,200"\n',
    );
    const { info, rows, end } = await readAll(file);
    expect(info.preamble).toEqual(['Campaign report', 'All time']);
    expect(info.dateRange).toBeNull();
    expect(rows).toEqual([{ line: 4, cells: ['Brand', '10.00', '1,200'] }]);
    expect(end.skippedTotals).toBe(1);
  });

  it('Meta Ads: BOM, quoted headers, the account summary row is kept for the caller', async () => {
    const { info, rows } = await readAll(fixture('meta-ads-campaigns.csv'));
    expect(info.encoding).toBe('utf-8-bom');
    expect(info.headers[0]).toBe('Campaign name');
    expect(info.headers[5]).toBe('Amount spent (IDR)');
    expect(rows[0]!.cells.slice(0, 3)).toEqual(['', '52310', '80112']);
    expect(rows[1]!.cells[0]).toBe('Lebaran Sale \u2013 Jakarta');
    expect(rows[3]!.cells.slice(0, 5)).toEqual(['Add to Cart_28/03', '', '', '', 'IDR']);
  });

  it('Search Console: a quoted cell over three lines with "" escapes', async () => {
    const { rows } = await readAll(fixture('gsc-queries.csv'));
    expect(rows.map((r) => r.line)).toEqual([2, 3, 6, 7]);
    expect(rows[1]!.cells).toEqual([
      '-site:facebook.com -site:instagram.com \n"batik" \n+"tulis"',
      '0',
      '3',
      '0%',
      '9.67',
    ]);
    expect(rows[3]!.cells).toEqual(['toko batik sari', '9', '20', '45%', '1']);
  });

  it('Clarity: metadata block and blank lines above the header, every cell quoted', async () => {
    const { info, rows, end } = await readAll(fixture('clarity-top-pages.csv'));
    expect(info.encoding).toBe('utf-8-bom');
    expect(info.headerLine).toBe(5);
    expect(info.headers).toEqual(['Metric', 'Top pages', 'No. of sessions']);
    expect(info.preamble).toEqual([
      'Project name,Toko Batik Sari',
      'Date range,03/01/2025 12:00 AM - 03/31/2025 11:59 PM',
    ]);
    expect(info.dateRange).toEqual({ from: '2025-03-01', to: '2025-03-31' });
    expect(rows[0]).toEqual({ line: 6, cells: ['', 'https://tokobatiksari.id/', '412'] });
    expect(end).toMatchObject({ skippedLines: 2, rows: 3 });
  });

  it('A/B test: semicolons, CRLF, no final newline, a row of empty metrics', async () => {
    const { info, rows } = await readAll(fixture('ab-test-control.csv'));
    expect(info.delimiter).toBe(';');
    expect(info.headers[3]).toBe('# of Impressions');
    expect(rows[1]!.cells).toEqual(['Control Campaign', '2.03.2025', '1911', '', '', '', '', '', '', '']);
    expect(rows[2]!.cells.at(-1)).toBe('433');
  });

  it('Windows-1252 bytes (0x84, 0xA0, 0x93/0x94) fall back from UTF-8', async () => {
    const { info, rows, end } = await readAll(fixture('sales-sample-cp1252.csv'));
    expect(info.encoding).toBe('windows-1252');
    expect(end.encoding).toBe('windows-1252');
    expect(rows[1]!.cells[7]).toBe('Storv\u201egen  8');
    expect(rows[1]!.cells[8]).toBe('Lule\u00e5');
    expect(rows[2]!.cells.slice(6, 8)).toEqual(['Caf\u00e9 Mart\u00edn', '\u201cRambla\u201d 23']);
    expect(rows[3]!.cells[6]).toBe('Casa\u00a0Bella');
  });

  it.each([
    ['google-ads-excel-utf16le.csv', 'utf-16le'],
    ['google-ads-excel-utf16be.csv', 'utf-16be'],
  ])('Google Ads "Excel .csv" %s: UTF-16 with BOM and tabs', async (name, encoding) => {
    const { info, rows, end } = await readAll(fixture(name));
    expect(info.encoding).toBe(encoding);
    expect(info.delimiter).toBe('\t');
    expect(info.headers).toEqual(['Campaign', 'Campaign type', 'Impr.', 'Clicks', 'Cost', 'Currency code']);
    expect(info.dateRange).toEqual({ from: '2025-03-01', to: '2025-03-31' });
    expect(rows[1]).toEqual({
      line: 5,
      cells: ['Promo, Lebaran - PMax', 'Performance Max', '120,456', '3,311', '3245508.42', 'IDR'],
    });
    expect(end).toMatchObject({ rows: 2, skippedTotals: 1, skippedLines: 2 });
  });

  it('Salesforce: Grand Totals counted, the confidentiality footer skipped', async () => {
    const { info, rows, end } = await readAll(fixture('salesforce-opportunities.csv'));
    expect(info.headers[0]).toBe('Opportunity Owner');
    expect(rows.map((r) => r.cells[0])).toEqual(['Budi Santoso', 'Sari Dewi']);
    expect(end).toMatchObject({ skippedTotals: 1, moreTables: true, skippedLines: 2, stoppedAtLine: 7 });
  });

  it('pipe-delimited, with a pipe inside quotes and an Indonesian Jumlah row', async () => {
    const { info, rows, end } = await readAll(fixture('pipe-delimited.csv'));
    expect(info.delimiter).toBe('|');
    expect(rows[1]!.cells[2]).toBe('Lebaran | Carousel');
    expect(rows[0]!.cells[2]).toBe('Ramadan, Search');
    expect(end).toMatchObject({ rows: 3, skippedTotals: 1 });
  });

  it('__proto__ and constructor are plain headers', async () => {
    const { info, rows } = await readAll(fixture('proto-headers.csv'));
    expect(info.headers).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'amount']);
    expect(rows[1]!.cells).toEqual(['e', 'f', 'g', 'h', '2']);
    expect(Object.getPrototypeOf(rows[0]!.cells)).toBe(Array.prototype);
  });

  it('a header-only file has headers and no rows', async () => {
    const { info, rows, end } = await readAll(fixture('header-only.csv'));
    expect(info.headers).toEqual(['Search Appearance', 'Clicks', 'Impressions', 'CTR', 'Position']);
    expect(info.sampleRows).toEqual([]);
    expect(rows).toEqual([]);
    expect(end).toMatchObject({ rows: 0, skippedLines: 0, moreTables: false });
  });

  it('sampleRows are exactly the first rows that rows() yields', async () => {
    for (const name of fs.readdirSync(fixture('.')).filter((n) => n.endsWith('.csv') && n !== 'empty.csv')) {
      const { info, rows } = await readAll(fixture(name));
      expect(info.sampleRows, name).toEqual(rows.slice(0, 50));
    }
  });
});

describe('files that are not tables', () => {
  it('empty file', async () => {
    await expectProblem(fixture('empty.csv'), 'empty', /empty\.csv: the file is empty$/);
  });

  it('only a byte-order mark, blank lines or empty cells', async () => {
    await expectProblem(write('bom.csv', '\uFEFF'), 'empty', /the file is empty/);
    await expectProblem(write('blank.csv', '\r\n  \n\t\n'), 'empty', /the file is empty/);
    await expectProblem(write('commas.csv', ',,,\n,,,\n'), 'empty', /the file is empty/);
  });

  it('only # comment lines', async () => {
    await expectProblem(
      write('comments.csv', '# Start date: 20250101\n# End date: 20250131\n'),
      'no_table',
      /only '#' comment/,
    );
  });

  it('a binary file renamed .csv', async () => {
    const zip = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1'), Buffer.alloc(200, 7)]);
    const e = await expectProblem(
      write('report.csv', zip),
      'binary',
      /report\.csv: this is not a text table \(it looks like a binary file\)$/,
    );
    expect(e.kind).toBe('invalid_request');
  });

  it('control characters without NUL bytes are binary too', async () => {
    const bytes = Buffer.from(
      Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 1 + (i % 8) : 65 + (i % 26))),
    );
    await expectProblem(write('blob.csv', bytes), 'binary', /binary file/);
  });

  it('a missing file', async () => {
    const e = await expectProblem(path.join(tempDir(), 'nope.csv'), 'not_found', /nope\.csv: no such file/);
    expect(e.kind).toBe('not_found');
  });

  it('an unclosed quote names the line where the field starts', async () => {
    await expectProblem(
      write('broken.csv', 'Name,Amount\nBudi,10\n"Sari,20\nAni,30\n'),
      'malformed',
      /broken\.csv: line 3: a quoted field starts on this line and is never closed/,
    );
  });

  it('an unclosed quote far down the file fails the read, not the open', async () => {
    const body = Array.from({ length: 200 }, (_, i) => `Budi ${i},${i}`).join('\n');
    const table = await openTextTable(write('late.csv', `Name,Amount\n${body}\n"Sari,20\nAni,30\n`));
    const read = async () => {
      for await (const _ of table.rows()) void _;
    };
    await expect(read()).rejects.toThrow(
      /late\.csv: line 202: a quoted field starts on this line and is never closed/,
    );
  });
});

describe('shapes and edge cases', () => {
  it('a 32,767-character cell (the Excel limit) comes through whole', async () => {
    const middle = '"quoted", and\nnew line';
    const long = 'x'.repeat(16000) + middle + 'y'.repeat(32767 - 16000 - middle.length);
    expect(long).toHaveLength(32767);
    const file = write('long.csv', `Caption,Likes\n"${long.replace(/"/g, '""')}",12\nshort,3\n`);
    const { rows } = await readAll(file);
    expect(rows[0]!.cells[0]).toBe(long);
    expect(rows[1]).toEqual({ line: 4, cells: ['short', '3'] });
  });

  it('CR-only line endings', async () => {
    const { rows, info } = await readAll(write('cr.csv', 'Date,Views\r01/06/2021,7831\r02/06/2021,7798'));
    expect(info.headers).toEqual(['Date', 'Views']);
    expect(rows).toEqual([
      { line: 2, cells: ['01/06/2021', '7831'] },
      { line: 3, cells: ['02/06/2021', '7798'] },
    ]);
  });

  it('trailing all-empty rows are skipped without being counted', async () => {
    const { rows, end } = await readAll(write('trail.csv', 'A,B,C\r\n1,2,3\r\n,,\r\n,,\r\n\r\n'));
    expect(rows).toHaveLength(1);
    expect(end).toMatchObject({ skippedLines: 0, skippedTotals: 0, moreTables: false });
  });

  it('a stray blank line inside the data does not end the table', async () => {
    const { rows, end } = await readAll(
      write('gap.csv', 'Owner,Deal,Amount\nBudi,ERP,100\n\nSari,CRM,200\n'),
    );
    expect(rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [2, 'Budi'],
      [4, 'Sari'],
    ]);
    expect(end.moreTables).toBe(false);
  });

  it('the same header again after a blank line starts another table', async () => {
    const { rows, end } = await readAll(
      write('twice.csv', 'Owner,Amount\nBudi,100\n\nOwner,Amount\nSari,200\n'),
    );
    expect(rows).toHaveLength(1);
    expect(end).toMatchObject({ moreTables: true, stoppedAtLine: 4, skippedLines: 2 });
  });

  it('totals rows wherever they are, but not names that start with "Total"', async () => {
    const file = write(
      'totals.csv',
      [
        'Account,Amount',
        'Total Wine & More,100',
        'Totals,100',
        'Grand Total,100',
        ',,Total:,100',
        'TOTAL (IDR),100',
        'Subtotal,5',
        'Jumlah,100',
        'Totalindo,7',
        'Acme,1',
      ].join('\n'),
    );
    const { rows, end } = await readAll(file);
    expect(rows.map((r) => r.cells[0])).toEqual(['Total Wine & More', 'Totalindo', 'Acme']);
    expect(end.skippedTotals).toBe(6);
  });

  it('ragged rows keep their own length', async () => {
    const { info, rows } = await readAll(
      write('ragged.csv', 'Date,Week 0,Week 1,Week 2\nMar 16 - Mar 22,73,2,1\nMar 23 - Mar 29,71\n'),
    );
    expect(info.headers).toHaveLength(4);
    expect(rows[1]!.cells).toEqual(['Mar 23 - Mar 29', '71']);
  });

  it('a header wider than every row (a GA4 cohort table) is still the header', async () => {
    const { info, rows } = await readAll(
      write(
        'cohort.csv',
        'Date,Week 0,Week 1,Week 2,Week 3\nJun 14 - Jun 20,73,2,1\nJun 21 - Jun 27,71,0,0\nJun 28 - Jul 4,75,0,1\n',
      ),
    );
    expect(info.headers[0]).toBe('Date');
    expect(rows).toHaveLength(3);
  });

  it('a header of years is found by its width', async () => {
    const { info, rows } = await readAll(
      write('years.csv', 'Sales by year\nProduct,2023,2024,2025\nBatik,10,12,15\nKain,3,4,5\n'),
    );
    expect(info.headers).toEqual(['Product', '2023', '2024', '2025']);
    expect(info.preamble).toEqual(['Sales by year']);
    expect(rows).toHaveLength(2);
  });

  it('a "# of …" header directly above numeric data is the header, not a comment', async () => {
    const { info, rows } = await readAll(write('count.csv', '# of Leads,Month\n5,2025-01\n7,2025-02\n'));
    expect(info.headers).toEqual(['# of Leads', 'Month']);
    expect(info.preamble).toEqual([]);
    expect(rows).toHaveLength(2);
  });

  it('a row-number column called "#" is a header', async () => {
    const { info } = await readAll(write('hash.csv', '#,Name,Amount\n1,Budi,10\n2,Sari,20\n'));
    expect(info.headers).toEqual(['#', 'Name', 'Amount']);
  });

  it('duplicate and padded headers are kept, trimmed, and a second BOM is removed', async () => {
    const { info } = await readAll(write('dup.csv', '\uFEFF\uFEFF Name , Amount,Amount\nBudi,1,2\n'));
    expect(info.headers).toEqual(['Name', 'Amount', 'Amount']);
  });

  it('delimiter and encoding can be forced', async () => {
    const file = write('forced.csv', 'a;b;c,d\n1;2;3,4\n');
    expect((await readAll(file)).info.delimiter).toBe(';');
    const forced = await readAll(file, { delimiter: ',' });
    expect(forced.info.headers).toEqual(['a;b;c', 'd']);
    const latin = await readAll(write('utf8.csv', 'Name,City\nBudi,K\u00f6ln\n'), {
      encoding: 'windows-1252',
    });
    expect(latin.rows[0]!.cells[1]).toBe('K\u00c3\u00b6ln');
  });

  it('rows() can be read twice, and end() is only known after reading', async () => {
    const table = await openTextTable(fixture('google-ads-campaign-report.csv'));
    expect(() => table.end()).toThrow(/only known once rows\(\) has been read/);
    const first: string[][] = [];
    for await (const r of table.rows()) first.push(r.cells);
    const second: string[][] = [];
    for await (const r of table.rows()) second.push(r.cells);
    expect(second).toEqual(first);
    expect(table.end().rows).toBe(3);
  });

  it('a file changed after opening is refused', async () => {
    const file = write('changing.csv', 'Name,Amount\nBudi,1\n');
    const table = await openTextTable(file);
    fs.appendFileSync(file, 'Sari,2\n');
    const read = async () => {
      for await (const _ of table.rows()) void _;
    };
    await expect(read()).rejects.toThrow(/changing\.csv: the file changed after it was opened/);
  });

  it('reports progress up to the file size', async () => {
    const seen: number[] = [];
    const file = write('progress.csv', 'Name,Amount\n' + 'Budi,1\n'.repeat(30000));
    const table = await openTextTable(file, { onProgress: (p) => seen.push(p.bytesRead) });
    for await (const _ of table.rows()) void _;
    const size = fs.statSync(file).size;
    expect(seen.length).toBeGreaterThan(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(size);
    expect(table.progress()).toEqual({ bytesRead: size, totalBytes: size });
  });
});
