import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KinerjaError } from '../../shared/contract/errors.js';
import { importFile, type ImportFileOptions } from '../../main/core/import/pipeline.js';
import { Workspace } from '../../main/core/workspace.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/tmp.js';

// Data that reads without an error but is probably wrong is imported as written and named in the
// summary (row and column); data no sane reading fits is refused, row by row.

const tempDir = useTempDir();
let ws: Workspace | undefined;
afterEach(() => ws?.close());

function setup(name: string, content: string | Buffer) {
  const dir = tempDir();
  ws = Workspace.create(path.join(dir, 'w.kinerja'), { name: 'PT Uji' });
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return { dir, ws, file };
}

const run = (w: Workspace, file: string, options: ImportFileOptions) =>
  importFile(w.db, w.settings, file, options);

async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(KinerjaError);
  return (e as KinerjaError).message;
}

describe('warnings in the import summary', () => {
  it('a Windows-1252 file with rows pasted in as UTF-8: those rows are read as UTF-8 and named', async () => {
    const bytes = Buffer.concat([
      Buffer.from('external_id,owner,status,amount,closed_at\n'),
      Buffer.from('A,Jos\xe9 Rizal,won,100,2026-01-05\n', 'latin1'),
      Buffer.from('B,Budi,won,100,2026-01-06\n'),
      Buffer.from('C,Ana M\u00fcller,won,100,2026-01-07\n', 'utf8'),
      Buffer.from('D,Andr\u00e9 Gunawan,won,100,2026-01-08\n', 'utf8'),
    ]);
    const { ws: w, file } = setup('deals.csv', bytes);
    const s = await run(w, file, { kind: 'deals' });
    const owners = w.db.prepare('SELECT name FROM people ORDER BY name').pluck().all();
    expect(owners).toEqual(['Ana Müller', 'André Gunawan', 'Budi', 'José Rizal']);
    expect(s.warnings).toMatchObject([{ code: 'mixed_encoding', rows: [4, 5], count: 2 }]);
    expect(s.warnings[0]!.message).toBe(
      'rows 4, 5: UTF-8 text in a file otherwise in Windows-1252 (it mixes two encodings); read as UTF-8, check these rows',
    );
  });

  it('two columns of one name: the unread one is named; --map on that name is refused', async () => {
    const { ws: w, file } = setup(
      'deals.csv',
      'external_id,owner,status,amount,closed_at,amount\nA,Budi,won,100,2026-01-05,999\n',
    );
    const s = await run(w, file, { kind: 'deals', dryRun: true });
    expect(s.warnings).toMatchObject([{ code: 'duplicate_header', column: 'amount', positions: [4, 6] }]);
    expect(s.warnings[0]!.message).toBe("columns 4 and 6 are both named 'amount'; only column 4 is read");
    expect(await refusal(run(w, file, { kind: 'deals', map: ['amount=amount'] }))).toBe(
      `${file}: --map names the column 'amount', but columns 4 and 6 are both named so; rename one of them in the file`,
    );
    expect(w.db.prepare('SELECT count(*) FROM import_batches').pluck().get()).toBe(0);
  });

  it('won deals with a negative amount and deals closed before they were created: row and column', async () => {
    const { ws: w, file } = setup(
      'deals.csv',
      'external_id,owner,status,amount,created_at,closed_at\n' +
        'A,Budi,won,-100,2026-01-01,2026-01-05\n' +
        'B,Budi,lost,-50,2026-01-01,2026-01-05\n' +
        'C,Budi,won,100,2026-02-10,2026-02-01\n' +
        'D,Budi,won,(250),2026-01-01,2026-01-05\n',
    );
    const s = await run(w, file, { kind: 'deals' });
    expect(s.inserted).toBe(4);
    expect(s.warnings).toMatchObject([
      { code: 'negative_won_amount', column: 'amount', rows: [2, 5], count: 2 },
      { code: 'closed_before_created', column: 'closed_at', rows: [4], count: 1 },
    ]);
    expect(s.warnings.map((x) => x.message)).toEqual([
      'rows 2, 5, column amount: a won deal with a negative amount; it lowers revenue',
      'row 4, column closed_at: the deal closes before it was created; its sales cycle is negative',
    ]);
  });

  it('the CLI prints each warning under the summary', () => {
    const dir = tempDir();
    const file = path.join(dir, 'deals.csv');
    fs.writeFileSync(file, 'external_id,owner,status,amount,closed_at\nA,Budi,won,-100,2026-01-05\n');
    const wsFile = path.join(dir, 'w.kinerja');
    expect(runCli(['init', '--workspace', wsFile]).code).toBe(0);
    const r = runCli(['import', file, '--workspace', wsFile, '--kind', 'deals']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(
      'Warning: row 2, column amount: a won deal with a negative amount; it lowers revenue\n',
    );
  });
});

describe('values no sane reading fits are refused', () => {
  it('a date outside 1990–2100 (a 9999-12-31 "no end") is a problem of its row, with the range expected', async () => {
    const { ws: w, file } = setup(
      'deals.csv',
      'external_id,owner,status,amount,closed_at\nA,Budi,won,100,2026-01-05\nB,Budi,won,100,9999-12-31\nC,Budi,won,100,1899-12-30\n',
    );
    const message = await refusal(run(w, file, { kind: 'deals' }));
    expect(message).toContain(
      "row 3, column closed_at: '9999-12-31'; expected a date from 1990-01-01 to 2100-12-31",
    );
    expect(message).toContain(
      "row 4, column closed_at: '1899-12-30'; expected a date from 1990-01-01 to 2100-12-31",
    );
    expect(w.db.prepare('SELECT count(*) FROM deals').pluck().get()).toBe(0);
    const s = await run(w, file, { kind: 'deals', skipInvalid: true });
    expect(s).toMatchObject({ inserted: 1, rejected: 2 });
  });

  it('a manual value written 0x10 is not read as 16, in a file or on the command line', async () => {
    const { dir, ws: w, file } = setup('values.csv', 'kpi,period,scope,value\nleads,2026-01,,0x10\n');
    expect(await refusal(run(w, file, { kind: 'kpi_values' }))).toContain(
      "row 2, column value: '0x10'; expected a number",
    );
    w.close();
    ws = undefined;
    const wsFile = path.join(dir, 'w.kinerja');
    const r = runCli([
      'target',
      'set',
      '--workspace',
      wsFile,
      '--kpi',
      'revenue',
      '--period',
      '2026-03',
      '--value',
      '0x10',
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("'0x10' is not a number");
    const list = runCli(['kpi', '--workspace', wsFile, '--kpi', 'revenue', '--period', '2026-03', '--json']);
    expect(JSON.parse(list.stdout)).toMatchObject([{ target: null }]);
  });
});
