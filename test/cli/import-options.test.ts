import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/tmp.js';

const tempDir = useTempDir();

function setup() {
  const dir = tempDir();
  const ws = path.join(dir, 'w.kinerja');
  expect(runCli(['init', '--workspace', ws]).code).toBe(0);
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const kpi = (code: string, period: string) => {
    const res = runCli(['kpi', '--workspace', ws, '--kpi', code, '--period', period, '--json']);
    expect(res.stderr).toBe('');
    return (JSON.parse(res.stdout) as { value: number | null }[])[0]!.value;
  };
  /** Imports a file with these options, expecting it to succeed without a word on stderr. */
  const importOk = (file: string, kind: string, ...options: string[]) => {
    const res = runCli(['import', file, '--workspace', ws, '--kind', kind, ...options]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
  };
  return { ws, write, kpi, importOk };
}

describe('import --set reads its value as a cell of that field would be read', () => {
  it('a rate given as 45 is 45%, as the same 45 in a column is', () => {
    const { write, kpi, importOk } = setup();
    importOk(write('a.csv', 'date,source,sessions,bounce_rate\n2026-03-01,google,100,45\n'), 'web');
    importOk(
      write('b.csv', 'date,source,sessions\n2026-04-01,google,100\n'),
      'web',
      '--set',
      'bounce_rate=45',
    );
    expect(kpi('bounce_rate', '2026-03')).toBeCloseTo(0.45, 12);
    expect(kpi('bounce_rate', '2026-04')).toBeCloseTo(0.45, 12);
  });

  it('an amount written with thousands separators and a currency is read as in a column', () => {
    const { write, kpi, importOk } = setup();
    const file = write('spend.csv', 'date,source\n2026-03-01,Meta Ads\n2026-03-02,Meta Ads\n');
    importOk(file, 'spend', '--set', 'amount=Rp 1.500.000,50');
    expect(kpi('marketing_spend', '2026-03')).toBe(3000001);
  });

  it('a --set value that is no number is refused naming the option', () => {
    const { ws, write } = setup();
    const file = write('spend.csv', 'date,source\n2026-03-01,Meta Ads\n');
    const res = runCli(['import', file, '--workspace', ws, '--kind', 'spend', '--set', 'amount=lots']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('--set amount');
    expect(res.stderr).toContain("'lots'");
    expect(res.stderr).toMatch(/expected .*number|expected .*amount/);
  });
});

describe('import --won/--lost', () => {
  it('matches a status word written with _ or - as the cells are matched', () => {
    const { write, kpi, importOk } = setup();
    const file = write(
      'deals.csv',
      'external_id,owner,status,amount,created_at,closed_at\n' +
        'A,Budi,Deal Won,1500000,2026-03-01,2026-03-11\n' +
        'B,Budi,Deal-Lost,10,2026-03-01,2026-03-20\n',
    );
    importOk(file, 'deals', '--won', 'Deal_Won', '--lost', 'deal  lost');
    expect(kpi('revenue', '2026-03')).toBe(1500000);
    expect(kpi('win_rate', '2026-03')).toBe(0.5);
  });

  it('lists the status words it read as open, so a word that meant won does not vanish unseen', () => {
    const { ws, write, kpi } = setup();
    const file = write(
      'deals.csv',
      'external_id,status,amount,closed_at\nA,Menang,100,2026-01-05\nB,Deal,200,2026-01-06\nC,Deal,300,2026-01-07\nD,Batal,50,2026-01-08\n',
    );
    const res = runCli(['import', file, '--workspace', ws, '--kind', 'deals', '--json']);
    const summary = JSON.parse(res.stdout) as { formats: { field: string; format: string | null }[] };
    expect(summary.formats.find((f) => f.field === 'status')?.format).toBe(
      'read as open: "Deal" (2 rows), "Batal" (1 row); if any of these means won or lost, add it as a won or lost word',
    );
    expect(kpi('revenue', '2026-01')).toBe(100);
  });
});
