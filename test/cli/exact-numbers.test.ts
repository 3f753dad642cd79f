import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/tmp.js';

const tempDir = useTempDir();

function workspaceWith(kind: string, csv: string): string {
  const dir = tempDir();
  const ws = path.join(dir, 'w.kinerja');
  expect(runCli(['init', '--workspace', ws, '--name', 'PT Uji', '--locale', 'en-US']).code).toBe(0);
  const file = path.join(dir, `${kind}.csv`);
  fs.writeFileSync(file, csv);
  const res = runCli(['import', file, '--workspace', ws, '--kind', kind]);
  expect(res.stderr).toBe('');
  return ws;
}

const kpiJson = (ws: string, ...args: string[]) => {
  const res = runCli(['kpi', '--workspace', ws, '--json', ...args]);
  expect(res.stderr).toBe('');
  return JSON.parse(res.stdout) as { kpi: string; period: string; scope: object; value: number | null }[];
};

/** A printed value as exact ten-thousandths, refusing anything with more than 4 decimals. */
function e4(value: number | null): number {
  const text = String(value ?? 0);
  expect(text, 'a count prints with at most 4 decimals, never float noise').toMatch(/^-?\d+(\.\d{1,4})?$/);
  return Math.round(Number(text) * 10_000);
}

describe('counts spread over the days of a range row add back to the integer given', () => {
  const csv = `date_from,date_to,source,sessions,users
2026-03-02,2026-03-08,Organic,10,7
2026-03-02,2026-03-08,Direct,13,13
`;

  it('7 days of a 10-session row sum to exactly 10; the month prints 10 in --json and text', () => {
    const ws = workspaceWith('web', csv);
    const days = kpiJson(
      ws,
      '--kpi',
      'web_sessions',
      '--period',
      '2026-W10',
      '--grain',
      'day',
      '--scope',
      'source=Organic',
    );
    expect(days).toHaveLength(7);
    expect(days.reduce((s, r) => s + e4(r.value), 0)).toBe(10 * 10_000);

    const bySource = kpiJson(ws, '--kpi', 'web_sessions,web_users', '--period', '2026-03', '--by', 'source');
    expect(bySource.map((r) => [r.kpi, Object.values(r.scope)[0], r.value])).toEqual([
      ['web_sessions', 'Direct', 13],
      ['web_sessions', 'Organic', 10],
      ['web_users', 'Direct', 13],
      ['web_users', 'Organic', 7],
    ]);

    const text = runCli([
      'kpi',
      '--workspace',
      ws,
      '--kpi',
      'web_sessions',
      '--period',
      '2026-03',
      '--by',
      'source',
    ]);
    expect(text.stderr).toBe('');
    expect(text.stdout).toMatch(/web_sessions\s+2026-03\s+\S*Direct\S*\s+13\s/);
    expect(text.stdout).not.toMatch(/13\.0000|12\.9999|10\.0000|9\.9999/);
  });
});

describe('money is exact to four decimals, past 2^53 ten-thousandths', () => {
  it('3,000 deals of Rp 1.000.000.000.000,1234 add up to the exact decimal', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const day = new Date(Date.UTC(2016, 0, 1 + i)).toISOString().slice(0, 10);
      return `D${i},Budi,won,"1.000.000.000.000,1234",${day},${day}`;
    });
    const ws = workspaceWith(
      'deals',
      `external_id,owner,status,amount,created_at,closed_at\n${rows.join('\n')}\n`,
    );
    const all = kpiJson(ws, '--kpi', 'revenue,avg_deal_size', '--period', '2016-01-01..2024-12-31');
    // Σ = 3,000,000,000,000,370.2: printed as the double nearest to that exact decimal.
    expect(all[0]!.value).toBe(Number('3000000000000370.2'));
    expect(all[1]!.value).toBe(1_000_000_000_000.1234);
    // 2016 has 366 of the days.
    expect(kpiJson(ws, '--kpi', 'revenue', '--period', '2016')[0]!.value).toBe(
      Number('366000000000045.1644'),
    );
  });

  it('an amount with more than four decimals is kept to four, and the summary says so', () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.kinerja');
    runCli(['init', '--workspace', ws]);
    const file = path.join(dir, 'deals.csv');
    fs.writeFileSync(
      file,
      'external_id,status,amount,closed_at\nA,won,22.3680,2026-03-01\nB,won,2236.71510474,2026-03-02\n',
    );
    const res = runCli(['import', file, '--workspace', ws, '--kind', 'deals']);
    expect(res.stderr).toBe('');
    expect(res.stdout).toMatch(
      /amount → amount: .*amounts kept to 4 decimal places \(the file has up to 8; rounded half to even\)/,
    );
    const kpi = runCli(['kpi', '--workspace', ws, '--kpi', 'revenue', '--period', '2026-03', '--json']);
    expect(JSON.parse(kpi.stdout)).toMatchObject([{ value: 2259.0831 }]);
  });
});
