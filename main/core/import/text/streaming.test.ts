import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../../test/helpers/tmp.js';
import { openTextTable, TextTableError } from './read-text-table.js';

const tempDir = useTempDir();

/** Writes `count` generated data rows in 1 MB pieces, so the test itself stays small in memory. */
function writeRows(file: string, head: string, count: number, row: (i: number) => string, tail = ''): void {
  const fd = fs.openSync(file, 'w');
  let buf = head;
  for (let i = 0; i < count; i++) {
    buf += row(i);
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf + tail);
  fs.closeSync(fd);
}

const dealRow = (i: number) =>
  `2025-${String((i % 12) + 1).padStart(2, '0')}-15,Deal ${i} "Ramadan",Budi Santoso ${i % 7},"${(i * 37) % 1000},000",open\r\n`;

describe('streaming', () => {
  it('300,000 rows: the first row arrives long before the file is read, rows and lines all accounted for', async () => {
    const file = path.join(tempDir(), 'deals.csv');
    writeRows(
      file,
      'Campaign report\r\nAll time\r\ncreated_at,title,owner,amount,status\r\n',
      300_000,
      dealRow,
      'Total: Account,,,"1,000",\r\n',
    );
    const total = fs.statSync(file).size;
    const table = await openTextTable(file);
    expect(table.info.headerLine).toBe(3);
    expect(table.info.sampleRows).toHaveLength(50);

    let first: number | null = null;
    let count = 0;
    let lastLine = 0;
    for await (const row of table.rows()) {
      if (count === 0) first = table.progress().bytesRead;
      count++;
      lastLine = row.line;
    }
    expect(first).not.toBeNull();
    expect(first!).toBeLessThan(total / 10);
    expect(count).toBe(300_000);
    expect(lastLine).toBe(300_003);
    expect(table.end()).toMatchObject({
      rows: 300_000,
      skippedTotals: 1,
      skippedLines: 2,
      moreTables: false,
    });
    expect(table.progress()).toEqual({ bytesRead: total, totalBytes: total });
  }, 60_000);

  it('bytes that are not UTF-8 after pure ASCII switch the read to Windows-1252 in place', async () => {
    const file = path.join(tempDir(), 'late.csv');
    writeRows(file, 'Name,City\n', 100_000, (i) => `Budi ${i},Bandung\n`);
    fs.appendFileSync(file, Buffer.from('Caf\xe9 Nord,M\xfcnster\n', 'latin1'));
    const table = await openTextTable(file);
    expect(table.info.encoding).toBe('utf-8');
    let last: string[] = [];
    for await (const row of table.rows()) last = row.cells;
    expect(last).toEqual(['Caf\u00e9 Nord', 'M\u00fcnster']);
    expect(table.end().encoding).toBe('windows-1252');
    expect(table.info.encoding).toBe('windows-1252');
  }, 60_000);

  it('UTF-8 text followed far below by other bytes is refused, naming the line', async () => {
    const file = path.join(tempDir(), 'mixed.csv');
    const utf8 = Buffer.from('Name,City\nJos\u00e9,K\u00f6ln\n', 'utf8');
    const rows = Buffer.from(
      Array.from({ length: 100_000 }, (_, i) => `Budi ${i},Bandung\n`).join(''),
      'latin1',
    );
    const bad = Buffer.from('Caf\xe9,Paris\n', 'latin1');
    fs.writeFileSync(file, Buffer.concat([utf8, rows, bad]));
    const table = await openTextTable(file);
    const read = async () => {
      for await (const _ of table.rows()) void _;
    };
    const error = await read().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TextTableError);
    expect((error as TextTableError).problem).toBe('mixed_encoding');
    expect((error as TextTableError).message).toMatch(/mixed\.csv: line 100003: these bytes are not UTF-8/);
  }, 60_000);

  it('a stray quote early in a big file fails at the 8 MB record cap instead of swallowing the file', async () => {
    const file = path.join(tempDir(), 'stray.csv');
    writeRows(file, 'Name,Amount\n', 60, (i) => `Budi ${i},${i}\n`, '"Sari,20\n');
    fs.appendFileSync(file, 'Ani,30\n'.repeat(1_400_000));
    // The header probe reads past line 62, so the open already fails.
    await expect(openTextTable(file)).rejects.toThrow(
      /stray\.csv: line 62: a record starting on this line is longer than 8 MB; a closing quote is probably missing/,
    );
  }, 60_000);

  it('stopping early closes the file and leaves the table readable again', async () => {
    const file = path.join(tempDir(), 'early.csv');
    writeRows(file, 'Name,Amount\n', 50_000, (i) => `Budi ${i},${i}\n`);
    const table = await openTextTable(file);
    let seen = 0;
    for await (const _ of table.rows()) {
      if (++seen === 10) break;
    }
    let again = 0;
    for await (const _ of table.rows()) again++;
    expect(again).toBe(50_000);
  }, 60_000);
});
