import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFixedDemo, runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/tmp.js';

interface Line {
  kpi: string;
  weight: number;
  actual: number | null;
  target: number | null;
  achievement: number | null;
  points: number | null;
  effectiveWeight: number;
}
interface AppraisalJson {
  person: string;
  period: string;
  scorecard: string;
  cap: number;
  lines: Line[];
  score: number | null;
  rating: number | null;
}

const tempDir = useTempDir();
let workspace = '';
beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-appraisal-'));
  workspace = path.join(dir, 'demo.kinerja');
  const res = createFixedDemo(workspace);
  expect(res.stderr).toBe('');
  return () => fs.rmSync(dir, { recursive: true, force: true });
});

const appraisal = (person: string, period: string) => {
  const res = runCli([
    'appraisal',
    '--workspace',
    workspace,
    '--period',
    period,
    '--person',
    person,
    '--json',
  ]);
  expect(res.stderr).toBe('');
  return JSON.parse(res.stdout) as AppraisalJson;
};

describe('kinerja appraisal', () => {
  it.each([
    ['Budi Santoso', 'Penjualan'],
    ['Indah Permata', 'Pemasaran'],
  ])(
    "%s's lines are the numbers `kinerja kpi` gives for that person, and the score is their sum",
    (person, card) => {
      const a = appraisal(person, '2026-Q1');
      expect(a).toMatchObject({ person, period: '2026-Q1', scorecard: card, cap: 1.2 });
      const kpi = runCli([
        'kpi',
        '--workspace',
        workspace,
        '--period',
        '2026-Q1',
        '--scope',
        `owner=${person}`,
        '--kpi',
        a.lines.map((l) => l.kpi).join(','),
        '--json',
      ]);
      const rows = JSON.parse(kpi.stdout) as {
        kpi: string;
        value: number;
        target: number;
        achievement: number;
      }[];
      for (const line of a.lines) {
        const row = rows.find((r) => r.kpi === line.kpi)!;
        expect([line.actual, line.target, line.achievement]).toEqual([
          row.value,
          row.target,
          row.achievement,
        ]);
        if (line.achievement !== null) {
          expect(line.points).toBeCloseTo(line.effectiveWeight * Math.min(line.achievement, a.cap), 12);
        }
      }
      // Every demo person has a target for each KPI of their scorecard, so each line scores.
      expect(a.lines.every((l) => l.points !== null)).toBe(true);
      expect(a.lines.reduce((s, l) => s + l.weight, 0)).toBeCloseTo(1, 12);
      expect(a.score).toBeCloseTo(
        a.lines.reduce((s, l) => s + l.weight * Math.min(l.achievement!, a.cap), 0),
        12,
      );
      const bands = [1.1, 1, 0.9, 0.75, 0];
      expect(a.rating).toBe(5 - bands.findIndex((min) => a.score! >= min));
    },
  );

  it('prints the weighted table for people, in the workspace number format', () => {
    const res = runCli([
      'appraisal',
      '--workspace',
      workspace,
      '--period',
      '2026-Q1',
      '--person',
      'budi santoso',
    ]);
    expect(res.stderr).toBe('');
    const a = appraisal('Budi Santoso', '2026-Q1');
    expect(res.stdout).toContain('Budi Santoso (Tim Jakarta), 2026-Q1: scorecard Penjualan');
    expect(res.stdout).toMatch(/revenue\s+40%\s+Rp [\d.]+\s+Rp [\d.]+/);
    expect(res.stdout).toContain(`rating ${a.rating}`);
  });

  it.each([
    [['--person', 'Budi Santos'], "kinerja: Unknown owner 'Budi Santos'; did you mean 'Budi Santoso'"],
    [['--person', 'Budi Santoso', '--period', '2026-13'], 'kinerja: '],
  ])('%j is one clear line', (args, start) => {
    const res = runCli(['appraisal', '--workspace', workspace, '--period', '2026-Q1', ...args]);
    expect(res.code).not.toBe(0);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain(start);
    expect(res.stdout).toBe('');
  });

  it('says so when nobody assigned the person a scorecard', () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.kinerja');
    fs.writeFileSync(
      path.join(dir, 'deals.csv'),
      'external_id,owner,team,status,amount,created_at,closed_at\nD1,Ani,Tim A,won,100,2026-01-01,2026-01-11\n',
    );
    expect(runCli(['init', '--workspace', ws]).code).toBe(0);
    expect(runCli(['import', path.join(dir, 'deals.csv'), '--workspace', ws, '--kind', 'deals']).code).toBe(
      0,
    );
    const res = runCli(['appraisal', '--workspace', ws, '--period', '2026-Q1', '--person', 'Ani', '--json']);
    expect(res.code).not.toBe(0);
    expect(res.stderr.trim()).toBe(
      'kinerja: No scorecard is assigned to Ani or to Tim A; assign one under Appraisals',
    );
  });
});
