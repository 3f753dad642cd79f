/**
 * A corpus of hostile and malformed files, each imported through the same calls the app and
 * the CLI use (import/detect, then import/file). Every file is either read as the user meant it
 * or refused with a message that names the file (and the row and column where there is one),
 * is short, is never an internal error, and leaves the workspace exactly as it was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../shared/contract/api.js';
import { createDispatch, type Dispatch } from '../../main/core/dispatch.js';
import { Session } from '../../main/core/session.js';
import { workspaceDigest } from '../helpers/workspace.js';
import {
  buildWorkbook,
  buildZip,
  worksheet,
  styles,
} from '../../main/core/import/spreadsheet/test-workbooks.js';
import { projectRoot, runCli } from '../helpers/cli.js';
import { dayFromIso } from '../../shared/kpi/periods.js';

let dir: string;
let session: Session;
let dispatch: Dispatch;
let workspaceFile: string;

const SPEND_HEADER = 'date,amount,source,kind';
const spendRows = (n: number, from = 1) =>
  Array.from(
    { length: n },
    (_, i) =>
      `2026-02-${String(((from + i - 1) % 28) + 1).padStart(2, '0')},${1000 + i},Google Ads,marketing`,
  );
const csv = (lines: string[], eol = '\n') => lines.join(eol) + eol;

const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const num = (ref: string, value: number | string, style?: number) =>
  `<c r="${ref}"${style === undefined ? '' : ` s="${style}"`}><v>${value}</v></c>`;
const headerRow = `<row r="1">${inline('A1', 'date')}${inline('B1', 'amount')}${inline('C1', 'source')}${inline('D1', 'kind')}</row>`;
const spendRow = (r: number, date: string, amount: string) =>
  `<row r="${r}">${date}${amount}${inline(`C${r}`, 'Meta Ads')}${inline(`D${r}`, 'marketing')}</row>`;
/** A workbook whose date column is styled as a date (numFmt 14), so serials read as days. */
const spendWorkbook = (rows: string) =>
  buildWorkbook({ sheets: [{ name: 'Spend', xml: worksheet(headerRow + rows) }], styles: styles([0, 14]) });

function utf16(text: string, order: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from(text, 'utf16le');
  const bytes = order === 'le' ? le : Buffer.from(le.map((_, i) => le[i ^ 1]!));
  const mark = order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return bom ? Buffer.concat([Buffer.from(mark), bytes]) : bytes;
}

type Outcome =
  /** Refused: the message holds each fragment (the file's path is always checked). */
  | { refused: (string | RegExp)[] }
  /** Imported: this many rows; `check` looks at what was stored. */
  | { imported: number; check?: (db: Database.Database) => void };

interface Case {
  name: string;
  file: string;
  kind?: 'deals' | 'leads' | 'spend' | 'web' | 'social' | 'kpi_values';
  /** The file's content; null makes a folder of that name. */
  bytes: () => Buffer | string | null;
  outcome: Outcome;
  options?: Record<string, unknown>;
}

const bigCell = '9'.repeat(1_000_000);
const wideHeader = Array.from({ length: 50_000 }, (_, i) => `col${i}`).join(',');

const cases: Case[] = [
  // Empty and almost empty
  { name: 'an empty file', file: 'empty.csv', bytes: () => '', outcome: { refused: ['the file is empty'] } },
  {
    name: 'a UTF-8 byte-order mark and nothing else',
    file: 'bom-only.csv',
    bytes: () => Buffer.from([0xef, 0xbb, 0xbf]),
    outcome: { refused: ['the file is empty'] },
  },
  {
    name: 'a UTF-16 byte-order mark and nothing else',
    file: 'bom16-only.csv',
    bytes: () => Buffer.from([0xff, 0xfe]),
    outcome: { refused: ['the file is empty'] },
  },
  {
    name: 'blank lines only',
    file: 'blank-lines.csv',
    bytes: () => '\n\r\n   \n\t\n',
    outcome: { refused: [/empty|no table/] },
  },
  {
    name: "only '#' comment lines",
    file: 'comments-only.csv',
    bytes: () => '# Start date: 20260101\n# End date: 20260131\n#\n',
    outcome: { refused: ["no table found: the file has only '#' comment lines"] },
  },
  {
    name: 'a header and no rows',
    file: 'header-only.csv',
    bytes: () => SPEND_HEADER + '\n',
    outcome: { refused: ['no data rows below the header', 'nothing was imported'] },
  },
  {
    name: 'a header and a totals row only',
    file: 'totals-only.csv',
    bytes: () => csv([SPEND_HEADER, 'Total,5000,,']),
    outcome: { refused: ['no data rows below the header'] },
  },
  // Size
  {
    name: 'a header of 50,000 columns, none of them known',
    file: 'wide.csv',
    bytes: () => csv([wideHeader, wideHeader.replace(/col/g, '')]),
    outcome: { refused: ["no column for 'amount'", 'col0, col1', 'col9 and 49,990 more'] },
  },
  {
    name: 'a 1 MB number cell',
    file: 'big-number.csv',
    bytes: () => csv([SPEND_HEADER, `2026-02-01,${bigCell},Google Ads,marketing`]),
    outcome: { refused: ['row 2, column amount', '(1,000,000 characters)', 'expected a number'] },
  },
  {
    name: 'a 1 MB text cell',
    file: 'big-text.csv',
    bytes: () => csv([SPEND_HEADER, `2026-02-01,5,${'G'.repeat(1_000_000)},marketing`]),
    outcome: { refused: ['row 2, column source', 'text of at most 10,000 characters'] },
  },
  {
    name: 'a 1 MB header cell',
    file: 'big-header.csv',
    bytes: () => csv([`date,amount,${'h'.repeat(1_000_000)}`, '2026-02-01,5,x']),
    outcome: { imported: 1 },
  },
  {
    name: 'a 1 MB line without a delimiter',
    file: 'one-long-line.csv',
    bytes: () => 'x'.repeat(1_000_000) + '\n',
    outcome: { refused: ["no column for 'amount'"] },
  },
  // Line endings and quotes
  {
    name: 'a CRLF header typed above LF rows',
    file: 'mixed-eol.csv',
    bytes: () => SPEND_HEADER + '\r\n' + csv(spendRows(5)),
    outcome: { imported: 5 },
  },
  {
    name: 'CRLF, LF and CR line endings mixed in equal measure',
    file: 'mixed-eol-2.csv',
    bytes: () => SPEND_HEADER + '\r\n' + spendRows(2).join('\n') + '\r' + spendRows(1, 3)[0] + '\r\n',
    outcome: { refused: ['the file mixes line endings (CRLF, LF and CR)'] },
  },
  {
    name: 'old Mac CR line endings only',
    file: 'cr-only.csv',
    bytes: () => csv([SPEND_HEADER, ...spendRows(3)], '\r'),
    outcome: { imported: 3 },
  },
  {
    name: 'an unbalanced quote',
    file: 'open-quote.csv',
    bytes: () => csv([SPEND_HEADER, '2026-02-01,"5,Google Ads,marketing', ...spendRows(2)]),
    outcome: { refused: ['line 2', 'a quoted field starts on this line and is never closed'] },
  },
  {
    name: 'a stray quote inside an unquoted cell',
    file: 'stray-quote.csv',
    bytes: () => csv([SPEND_HEADER, '2026-02-01,5"0,Google Ads,marketing']),
    outcome: { refused: ['row 2, column amount', `'5"0'`] },
  },
  {
    name: 'rows with more cells than the header',
    file: 'ragged.csv',
    bytes: () => csv([SPEND_HEADER, '2026-02-01,5,Google Ads,marketing,extra,more', ...spendRows(2)]),
    outcome: { imported: 3 },
  },
  // Bytes and encodings
  {
    name: 'a NUL byte in the header',
    file: 'nul-header.csv',
    bytes: () => csv(['date,amount\0,source,kind', ...spendRows(2)]),
    outcome: { refused: ['line 1: the text holds NUL bytes'] },
  },
  {
    name: 'a NUL byte in a cell far down the file',
    file: 'nul-late.csv',
    bytes: () => csv([SPEND_HEADER, ...spendRows(400), '2026-02-03,7,Goo\0gle,marketing']),
    outcome: { refused: ['row 402, column source', 'Goo\\x00gle', 'without NUL bytes'] },
  },
  {
    name: 'UTF-16 LE without a byte-order mark',
    file: 'utf16le-nobom.csv',
    bytes: () => utf16(csv([SPEND_HEADER, ...spendRows(2)], '\r\n'), 'le', false),
    outcome: { refused: ['UTF-16 LE text without a byte-order mark'] },
  },
  {
    name: 'UTF-16 BE without a byte-order mark',
    file: 'utf16be-nobom.csv',
    bytes: () => utf16(csv([SPEND_HEADER, ...spendRows(2)], '\r\n'), 'be', false),
    outcome: { refused: ['UTF-16 BE text without a byte-order mark'] },
  },
  {
    name: 'UTF-16 LE with its byte-order mark, tab-separated',
    file: 'utf16le.csv',
    bytes: () =>
      utf16(
        csv(
          [SPEND_HEADER, ...spendRows(2)].map((l) => l.replace(/,/g, '\t')),
          '\r\n',
        ),
        'le',
        true,
      ),
    outcome: { imported: 2 },
  },
  {
    name: 'UTF-16 BE with its byte-order mark',
    file: 'utf16be.csv',
    bytes: () => utf16(csv([SPEND_HEADER, ...spendRows(2)], '\r\n'), 'be', true),
    outcome: { imported: 2 },
  },
  {
    name: 'Latin-1 (Windows-1252) names',
    file: 'latin1.csv',
    bytes: () => Buffer.from(csv([SPEND_HEADER, '2026-02-01,5,Caf\xe9 Ads,marketing']), 'latin1'),
    outcome: {
      imported: 1,
      check: (db) => expect(db.prepare('SELECT name FROM sources').pluck().all()).toContain('Café Ads'),
    },
  },
  {
    name: 'a PNG picture renamed .csv',
    file: 'picture.csv',
    bytes: () =>
      Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(300, 7)]),
    outcome: { refused: ['it looks like a binary file'] },
  },
  // Values
  {
    name: 'numbers written 1.234.567,89 and 1,234,567.89 in one column, each read by its own form',
    file: 'mixed-marks.csv',
    bytes: () =>
      csv([
        SPEND_HEADER,
        '2026-02-01,"1.234.567,89",Toko A,marketing',
        '2026-02-02,"1,234,567.89",Toko A,marketing',
      ]),
    outcome: {
      imported: 2,
      check: (db) =>
        expect(
          db
            .prepare("SELECT amount_e4 FROM spend JOIN sources s ON s.id = source_id WHERE s.name = 'Toko A'")
            .pluck()
            .all(),
        ).toEqual([12_345_678_900, 12_345_678_900]),
    },
  },
  {
    name: 'both decimal marks in one column and a value only a mark can settle',
    file: 'mixed-marks-ambiguous.csv',
    bytes: () =>
      csv([
        SPEND_HEADER,
        '2026-02-01,"1.234.567,89",Google Ads,marketing',
        '2026-02-02,"1,234,567.89",Google Ads,marketing',
        '2026-02-03,"1,234",Google Ads,marketing',
      ]),
    outcome: { refused: ["column 'amount'", "has ',' as decimal mark but", 'add --decimal'] },
  },
  {
    name: 'amounts that are not numbers (NaN, Infinity, 1e400)',
    file: 'not-numbers.csv',
    bytes: () =>
      csv([
        SPEND_HEADER,
        '2026-02-01,NaN,Google Ads,marketing',
        '2026-02-02,Infinity,Google Ads,marketing',
        '2026-02-03,1e400,Google Ads,marketing',
      ]),
    outcome: {
      refused: ['3 problems', 'row 2, column amount', 'row 3, column amount', 'row 4, column amount'],
    },
  },
  {
    name: 'dates that do not exist (0000-00-00, 2026-02-30)',
    file: 'bad-dates.csv',
    bytes: () =>
      csv([SPEND_HEADER, '0000-00-00,5,Google Ads,marketing', '2026-02-30,5,Google Ads,marketing']),
    outcome: { refused: ['row 2, column date', 'row 3, column date', 'expected a real calendar date'] },
  },
  {
    name: 'the year 9999 (a real date) and the year 10000',
    file: 'year-9999.csv',
    bytes: () =>
      csv([SPEND_HEADER, '9999-12-31,5,Google Ads,marketing', '10000-01-01,5,Google Ads,marketing']),
    // Both are refused: 9999 is a real date but outside the years any KPI period holds.
    outcome: {
      refused: [
        '2 problems',
        'row 2, column date',
        'expected a date from 1990-01-01 to 2100-12-31',
        'row 3, column date',
      ],
    },
  },
  {
    name: 'spreadsheet-formula injection in text cells',
    file: 'injection.csv',
    bytes: () =>
      csv([SPEND_HEADER, `2026-02-01,5,"=cmd|' /C calc'!A0",marketing`, '2026-02-02,6,@SUM(1+1),marketing']),
    outcome: {
      imported: 2,
      // Stored as the text it is; exports neutralise it (see export tests).
      check: (db) =>
        expect(db.prepare('SELECT name FROM sources').pluck().all()).toContain("=cmd|' /C calc'!A0"),
    },
  },
  {
    name: 'the same header twice',
    file: 'duplicate-headers.csv',
    bytes: () => csv(['date,amount,amount,source,kind', '2026-02-01,5,7,Google Ads,marketing']),
    outcome: { imported: 1 },
  },
  {
    name: '__proto__ and constructor as headers and values',
    file: 'proto.csv',
    bytes: () =>
      csv(['__proto__,constructor,date,amount,source', '__proto__,constructor,2026-02-01,5,__proto__']),
    outcome: { imported: 1 },
  },
  // Workbooks
  {
    name: 'a truncated workbook',
    file: 'truncated.xlsx',
    bytes: () => {
      const good = spendWorkbook(spendRow(2, num('A2', 46054, 1), num('B2', 5)));
      return good.subarray(0, Math.floor(good.length / 2));
    },
    outcome: { refused: ['the file is truncated or corrupt'] },
  },
  {
    name: 'a zip that holds no workbook',
    file: 'notes.xlsx',
    bytes: () => buildZip([{ name: 'notes.txt', data: 'hello' }]),
    outcome: { refused: ['this is a zip archive but not an Excel workbook'] },
  },
  {
    name: 'a zip that holds no workbook, named .csv',
    file: 'archive.csv',
    bytes: () => buildZip([{ name: 'report/data.csv', data: SPEND_HEADER }]),
    outcome: { refused: ['this is a zip archive but not an Excel workbook'] },
  },
  {
    name: 'a Word document renamed .xlsx',
    file: 'letter.xlsx',
    bytes: () => buildZip([{ name: 'word/document.xml', data: '<w:document/>' }]),
    outcome: { refused: ['this is a Word document'] },
  },
  {
    name: 'an empty zip archive',
    file: 'empty-zip.xlsx',
    bytes: () => buildZip([]),
    outcome: { refused: [/not an Excel workbook|truncated or corrupt/] },
  },
  {
    name: 'a zip bomb',
    file: 'bomb.xlsx',
    bytes: () =>
      buildWorkbook({
        sheets: [{ name: 'S', xml: worksheet(headerRow + ' '.repeat(20 * 1024 * 1024)) }],
      }),
    outcome: { refused: ['the workbook looks like a zip bomb'] },
  },
  {
    name: 'an external entity (XXE)',
    file: 'xxe.xlsx',
    bytes: () =>
      buildWorkbook({
        sheets: [
          {
            name: 'S',
            xml:
              '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
              `<worksheet><sheetData>${headerRow}<row r="2">${inline('A2', '&xxe;')}</row></sheetData></worksheet>`,
          },
        ],
      }),
    outcome: { refused: ['DOCTYPE and other declarations are not accepted'] },
  },
  {
    name: 'billion laughs',
    file: 'laughs.xlsx',
    bytes: () => {
      const defs = ['<!ENTITY l0 "lol">'];
      for (let i = 1; i < 10; i++) defs.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
      return buildWorkbook({
        sheets: [
          {
            name: 'S',
            xml: `<?xml version="1.0"?><!DOCTYPE lolz [${defs.join('')}]><worksheet><sheetData><row r="1">${inline('A1', '&l9;')}</row></sheetData></worksheet>`,
          },
        ],
      });
    },
    outcome: { refused: ['DOCTYPE and other declarations are not accepted'] },
  },
  {
    name: 'a sheet of a million empty rows',
    file: 'million-empty-rows.xlsx',
    bytes: () => {
      const rows: string[] = [headerRow];
      for (let r = 2; r <= 1_000_001; r++) rows.push(`<row r="${r}"/>`);
      return buildWorkbook({ sheets: [{ name: 'S', xml: worksheet(rows.join('')) }] });
    },
    outcome: { refused: ['no data rows below the header'] },
  },
  {
    name: 'a header and a cell on the last row Excel allows',
    file: 'last-row.xlsx',
    bytes: () => spendWorkbook(spendRow(1_048_576, num('A1048576', 46054, 1), num('B1048576', 5))),
    outcome: { imported: 1 },
  },
  {
    name: 'formula cells with and without a cached value',
    file: 'formulas.xlsx',
    bytes: () =>
      spendWorkbook(
        spendRow(2, num('A2', 46054, 1), '<c r="B2"><f>SUM(1,2)</f><v>3</v></c>') +
          spendRow(3, num('A3', 46055, 1), '<c r="B3"><f>SUM(1,2)</f></c>'),
      ),
    outcome: { refused: ['row 3'] },
  },
  {
    name: 'dates as 1900 serial numbers',
    file: 'serials.xlsx',
    bytes: () => spendWorkbook(spendRow(2, num('A2', 46054, 1), num('B2', 5))),
    outcome: {
      imported: 1,
      check: (db) =>
        expect(
          db
            .prepare(
              "SELECT count(*) FROM spend JOIN sources s ON s.id = source_id WHERE s.name = 'Meta Ads' AND day_from = ?",
            )
            .pluck()
            .get(dayFromIso('2026-02-01')),
        ).toBe(1),
    },
  },
  {
    name: "a date serial of the year 9999, a negative one and one past Excel's calendar",
    file: 'serial-extremes.xlsx',
    bytes: () =>
      spendWorkbook(
        spendRow(2, num('A2', 2958465, 1), num('B2', 5)) +
          spendRow(3, num('A3', -5, 1), num('B3', 5)) +
          spendRow(4, num('A4', 1e20, 1), num('B4', 5)),
      ),
    outcome: {
      refused: [
        '3 problems',
        'row 2, column date',
        'row 3, column date',
        'row 4, column date',
        'Excel serial -5',
      ],
    },
  },
  {
    name: 'a sheet name that is not in the workbook',
    file: 'wrong-sheet.xlsx',
    bytes: () => spendWorkbook(spendRow(2, num('A2', 46054, 1), num('B2', 5))),
    options: { sheet: 'Nope' },
    outcome: { refused: ["there is no sheet named 'Nope'", "'Spend'"] },
  },
  {
    name: 'an OLE2 (XLS) file cut short',
    file: 'cut.xls',
    bytes: () => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600, 0)]),
    outcome: { refused: ['the file is damaged or cut short: it is not a readable Excel 97–2003 workbook'] },
  },
  {
    name: 'a real XLS workbook cut in half',
    file: 'half.xls',
    bytes: () => {
      const whole = fs.readFileSync(path.join(projectRoot, 'test/fixtures/spreadsheets/pipeline.xls'));
      return whole.subarray(0, Math.floor(whole.length / 2));
    },
    kind: 'deals',
    outcome: { refused: ['the file is damaged or cut short'] },
  },
  {
    name: 'a folder where a file was expected',
    file: 'folder.csv',
    bytes: () => null,
    outcome: { refused: ['this is a folder, not a file'] },
  },
];

const importedRows = (reply: Reply<unknown>) =>
  reply.ok ? (reply.value as { inserted: number; updated: number; unchanged: number }) : null;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-hostile-'));
  workspaceFile = path.join(dir, 'corpus.kinerja');
  session = new Session();
  dispatch = createDispatch({ session });
  await dispatch('workspace/create', { path: workspaceFile, name: 'PT Uji' });
  // Something to lose: a workspace with data in it.
  const seed = path.join(dir, 'seed.csv');
  fs.writeFileSync(seed, csv([SPEND_HEADER, ...spendRows(5)]));
  const reply = await dispatch('import/file', { path: seed, kind: 'spend' });
  expect(reply.ok).toBe(true);
});

afterAll(() => {
  session?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('hostile files through import/detect and import/file', () => {
  it('the corpus holds at least 40 files', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const file = path.join(dir, c.file);
    const bytes = c.bytes();
    if (bytes === null) fs.mkdirSync(file);
    else fs.writeFileSync(file, bytes);
    const before = workspaceDigest(workspaceFile);
    const request = { path: file, kind: c.kind ?? 'spend', ...c.options };

    // Detection either describes the file or refuses it as the import does; never an internal error.
    const detected = await dispatch('import/detect', request);
    if (!detected.ok) expect(detected.error.kind).not.toBe('internal');

    const reply = await dispatch('import/file', request);
    if ('refused' in c.outcome) {
      expect(reply.ok, JSON.stringify(importedRows(reply))).toBe(false);
      if (reply.ok) return;
      const { message, kind } = reply.error;
      expect(kind).not.toBe('internal');
      expect(message).not.toMatch(/Internal error/);
      expect(message).toContain(file);
      for (const fragment of c.outcome.refused) {
        if (typeof fragment === 'string') expect(message).toContain(fragment);
        else expect(message).toMatch(fragment);
      }
      // Short whatever the input: never the megabytes of a cell or a header.
      expect(message.length).toBeLessThan(4000);
      expect(workspaceDigest(workspaceFile)).toBe(before);
      if (!detected.ok) expect(detected.error.message.length).toBeLessThan(4000);
    } else {
      expect(reply.ok, reply.ok ? '' : reply.error.message.slice(0, 500)).toBe(true);
      const counts = importedRows(reply)!;
      expect(counts.inserted + counts.updated + counts.unchanged).toBe(c.outcome.imported);
      if (c.outcome.check) {
        const db = new Database(workspaceFile, { readonly: true });
        try {
          c.outcome.check(db);
        } finally {
          db.close();
        }
      }
    }
  });
});

describe('workspace files that are not workspaces', () => {
  it.each([
    ['a text file', 'notes.kinerja', () => 'this is not a database\n'],
    ['zero bytes', 'zero.kinerja', () => ''],
    [
      'random bytes',
      'noise.kinerja',
      () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)),
    ],
    ['a SQLite file of another program', 'other.kinerja', () => otherSqlite()],
    ['a workspace cut short', 'cut.kinerja', () => fs.readFileSync(workspaceFile).subarray(0, 1000)],
  ])('%s is refused when opened, and left as it was', async (_name, name, bytes) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes());
    const was = fs.readFileSync(file);
    const other = new Session();
    try {
      const reply = await createDispatch({ session: other })('workspace/open', { path: file });
      expect(reply.ok).toBe(false);
      if (reply.ok) return;
      expect(reply.error.kind).not.toBe('internal');
      expect(reply.error.message).toContain(file);
    } finally {
      other.close();
    }
    expect(fs.readFileSync(file).equals(was)).toBe(true);
  });
});

function otherSqlite(): Buffer {
  const file = path.join(dir, 'other-program.sqlite');
  const db = new Database(file);
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES (1)');
  db.close();
  return fs.readFileSync(file);
}

describe('the CLI refuses hostile files in the same words', () => {
  it('prints a short message naming the file and exits non-zero, leaving the workspace as it was', () => {
    const cliWorkspace = path.join(dir, 'cli.kinerja');
    expect(runCli(['init', '--workspace', cliWorkspace]).code).toBe(0);
    const before = workspaceDigest(cliWorkspace);
    for (const name of ['wide.csv', 'big-number.csv', 'utf16le-nobom.csv', 'truncated.xlsx', 'notes.xlsx']) {
      const c = cases.find((x) => x.file === name)!;
      const file = path.join(dir, `cli-${name}`);
      fs.writeFileSync(file, c.bytes()!);
      const res = runCli(['import', file, '--workspace', cliWorkspace, '--kind', 'spend']);
      expect(res.code, name).not.toBe(0);
      expect(res.stderr).toContain(file);
      expect(res.stderr).not.toMatch(/Internal error/);
      expect(res.stderr.length, name).toBeLessThan(4000);
      for (const fragment of (c.outcome as { refused: (string | RegExp)[] }).refused)
        if (typeof fragment === 'string') expect(res.stderr).toContain(fragment);
    }
    expect(workspaceDigest(cliWorkspace)).toBe(before);
  });
});
