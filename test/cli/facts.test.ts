import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/tmp.js';

const tempDir = useTempDir();

function setup() {
  const dir = tempDir();
  const ws = path.join(dir, 'w.kinerja');
  expect(runCli(['init', '--workspace', ws, '--name', 'PT Uji']).code).toBe(0);
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  return { dir, ws, write };
}

const kpiJson = (ws: string, ...args: string[]) => {
  const res = runCli(['kpi', '--workspace', ws, '--json', ...args]);
  expect(res.stderr).toBe('');
  return JSON.parse(res.stdout) as { kpi: string; period: string; scope: object; value: number | null }[];
};

describe('import, kpi, target, undo, backup and restore from the command line', () => {
  it('imports a batch, answers kpi --json in base units, and undo restores the numbers', () => {
    const { ws, write } = setup();
    const a = write(
      'a.csv',
      'external_id,owner,status,amount,created_at,closed_at\nA,Budi,won,1500000.50,2026-03-01,2026-03-11\nB,Budi,lost,10,2026-03-01,2026-03-20\n',
    );
    const first = runCli(['import', a, '--workspace', ws, '--kind', 'deals', '--json']);
    expect(JSON.parse(first.stdout)).toMatchObject({ batchId: 1, read: 2, inserted: 2 });
    expect(kpiJson(ws, '--kpi', 'revenue,win_rate,sales_cycle_days', '--period', '2026-03')).toEqual([
      {
        kpi: 'revenue',
        period: '2026-03',
        scope: {},
        value: 1500000.5,
        target: null,
        achievement: null,
        status: 'grey',
      },
      {
        kpi: 'win_rate',
        period: '2026-03',
        scope: {},
        value: 0.5,
        target: null,
        achievement: null,
        status: 'grey',
      },
      {
        kpi: 'sales_cycle_days',
        period: '2026-03',
        scope: {},
        value: 10,
        target: null,
        achievement: null,
        status: 'grey',
      },
    ]);
    const b = write(
      'b.csv',
      'external_id,owner,status,amount,created_at,closed_at\nB,Budi,won,10,2026-03-01,2026-03-20\n',
    );
    expect(runCli(['import', b, '--workspace', ws, '--kind', 'deals']).stdout).toMatch(
      /Imported batch 2: 1 rows read, 0 inserted, 1 updated/,
    );
    expect(kpiJson(ws, '--kpi', 'win_rate', '--period', '2026-03')[0]!.value).toBe(1);
    expect(runCli(['undo-import', '2', '--workspace', ws]).stdout).toMatch(
      /Undid batch 2: 0 rows removed, 1 rows restored/,
    );
    expect(kpiJson(ws, '--kpi', 'win_rate', '--period', '2026-03')[0]!.value).toBe(0.5);
    // The same file again changes nothing.
    expect(runCli(['import', a, '--workspace', ws, '--kind', 'deals']).stdout).toMatch(
      /0 inserted, 0 updated, 2 unchanged/,
    );
  });

  it('a bad file is refused whole, each problem named by row and column, and nothing changes', () => {
    const { ws, write } = setup();
    const bad = write(
      'bad.csv',
      'external_id,status,amount,closed_at\nA,won,100,2026-03-01\nB,won,lots,2026-03-02\nC,lost,5,2026-02-30\n',
    );
    const res = runCli(['import', bad, '--workspace', ws, '--kind', 'deals']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(bad);
    expect(res.stderr).toMatch(/row 3, column amount: 'lots'; expected a number such as 1.234.567,89/);
    expect(res.stderr).toMatch(/row 4, column closed_at: '2026-02-30'; expected a real calendar date/);
    expect(kpiJson(ws, '--kpi', 'revenue', '--period', '2026-03')[0]!.value).toBeNull();
    const noStatus = write('nostatus.csv', 'external_id,amount\nA,1\n');
    expect(runCli(['import', noStatus, '--workspace', ws, '--kind', 'deals']).stderr).toMatch(
      /no column for 'status'/,
    );
  });

  it('target set --amber-at 80 keeps that threshold, and kpi reads the status with it', () => {
    const { ws, write } = setup();
    // 850 against a target of 1000 is 85%: amber from 80%, red from the default 90%.
    runCli([
      'import',
      write('d.csv', 'external_id,owner,status,amount,closed_at\nA,Budi,won,850,2026-03-11\n'),
      '--workspace',
      ws,
      '--kind',
      'deals',
    ]);
    const target = (...extra: string[]) =>
      runCli([
        'target',
        'set',
        '--workspace',
        ws,
        '--kpi',
        'revenue',
        '--period',
        '2026-03',
        '--value',
        '1000',
        ...extra,
      ]);
    const status = () => kpiJson(ws, '--kpi', 'revenue', '--period', '2026-03')[0];
    expect(target('--amber-at', '80').code).toBe(0);
    expect(status()).toMatchObject({ value: 850, target: 1000, achievement: 0.85, status: 'amber' });
    expect(target('--amber-at', '90%').code).toBe(0);
    expect(status()).toMatchObject({ achievement: 0.85, status: 'red' });
    expect(target('--amber-at', '0.8').code).toBe(0);
    expect(status()).toMatchObject({ status: 'amber' });
    // Without it the target follows the workspace's 90% again.
    expect(target().code).toBe(0);
    expect(status()).toMatchObject({ status: 'red' });
    const tooHigh = target('--amber-at', '150');
    expect(tooHigh.code).not.toBe(0);
    expect(tooHigh.stderr).toMatch(/amber from 1\.5; expected a share of the target below 100%/);
    const words = target('--amber-at', 'delapan puluh');
    expect(words.code).not.toBe(0);
    expect(words.stderr).toMatch(/'delapan puluh' is not a share; write it as 80, 80% or 0\.8/);
    expect(status()).toMatchObject({ status: 'red' });
  });

  it('target set keeps revisions and kpi shows achievement and status', () => {
    const { ws, write } = setup();
    runCli([
      'import',
      write('d.csv', 'external_id,owner,status,amount,closed_at\nA,Budi Santoso,won,900,2026-03-11\n'),
      '--workspace',
      ws,
      '--kind',
      'deals',
    ]);
    expect(
      runCli([
        'target',
        'set',
        '--workspace',
        ws,
        '--kpi',
        'revenue',
        '--period',
        '2026-03',
        '--scope',
        'owner=Budi Santoso',
        '--value',
        '1000',
      ]).stdout,
    ).toMatch(/set to 1000/);
    expect(
      runCli([
        'target',
        'set',
        '--workspace',
        ws,
        '--kpi',
        'revenue',
        '--period',
        '2026-03',
        '--scope',
        'owner=Budi Santoso',
        '--value',
        '800',
        '--reason',
        'Lebaran',
      ]).stdout,
    ).toMatch(/changed from 1000 to 800/);
    expect(kpiJson(ws, '--kpi', 'revenue', '--period', '2026-03', '--by', 'owner')).toEqual([
      {
        kpi: 'revenue',
        period: '2026-03',
        scope: { owner: 'Budi Santoso' },
        value: 900,
        target: 800,
        achievement: 1.125,
        status: 'green',
      },
    ]);
    const bad = runCli([
      'target',
      'set',
      '--workspace',
      ws,
      '--kpi',
      'revenue',
      '--period',
      '2026-03',
      '--value',
      'banyak',
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/'banyak' is not a number/);
    const csv = runCli([
      'kpi',
      '--workspace',
      ws,
      '--kpi',
      'revenue',
      '--period',
      '2026-03',
      '--by',
      'owner',
      '--csv',
    ]);
    expect(csv.stdout.trim().split('\n')).toEqual([
      'kpi,period,scope,value,target,achievement,status',
      'revenue,2026-03,owner=Budi Santoso,900,800,1.125,green',
    ]);
  });

  it('backup and restore round-trip', () => {
    const { dir, ws, write } = setup();
    runCli([
      'import',
      write('d.csv', 'external_id,status,amount,closed_at\nA,won,100,2026-03-11\n'),
      '--workspace',
      ws,
      '--kind',
      'deals',
    ]);
    const backup = path.join(dir, 'backup.kinerja');
    expect(runCli(['backup', '--workspace', ws, '--out', backup]).code).toBe(0);
    runCli([
      'import',
      write('e.csv', 'external_id,status,amount,closed_at\nB,won,50,2026-03-12\n'),
      '--workspace',
      ws,
      '--kind',
      'deals',
    ]);
    expect(kpiJson(ws, '--kpi', 'revenue', '--period', '2026-03')[0]!.value).toBe(150);
    expect(runCli(['restore', backup, '--workspace', ws]).stdout).toMatch(
      /previous file is kept as .*before-restore/,
    );
    expect(kpiJson(ws, '--kpi', 'revenue', '--period', '2026-03')[0]!.value).toBe(100);
  });
});
