import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/tmp.js';

const tempDir = useTempDir();

describe('import --won/--lost', () => {
  it('matches a status word written with _ or - as the cells are matched', () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.kinerja');
    expect(runCli(['init', '--workspace', ws]).code).toBe(0);
    const file = path.join(dir, 'deals.csv');
    fs.writeFileSync(
      file,
      'external_id,owner,status,amount,created_at,closed_at\n' +
        'A,Budi,Deal Won,1500000,2026-03-01,2026-03-11\n' +
        'B,Budi,Deal-Lost,10,2026-03-01,2026-03-20\n',
    );
    const imported = runCli([
      'import',
      file,
      '--workspace',
      ws,
      '--kind',
      'deals',
      '--won',
      'Deal_Won',
      '--lost',
      'deal  lost',
    ]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const kpi = runCli([
      'kpi',
      '--workspace',
      ws,
      '--kpi',
      'revenue,win_rate',
      '--period',
      '2026-03',
      '--json',
    ]);
    expect(kpi.stderr).toBe('');
    const values = Object.fromEntries(
      (JSON.parse(kpi.stdout) as { kpi: string; value: number | null }[]).map((r) => [r.kpi, r.value]),
    );
    expect(values).toEqual({ revenue: 1500000, win_rate: 0.5 });
  });
});
