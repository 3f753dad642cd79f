import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

let dir: string;
let workspace: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-test-'));
  workspace = path.join(dir, 'w.kinerja');
  expect(runCli(['init', '--workspace', workspace, '--name', 'PT Uji']).code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('kinerja kpi refuses a question too large to answer', () => {
  it('names the periods, scopes and KPIs asked for and the limit, and prints no rows', () => {
    const res = runCli([
      'kpi',
      '--workspace',
      workspace,
      '--kpi',
      'revenue,leads,win_rate,deals_won,mql',
      '--period',
      '1990-01-01..2100-12-31',
      '--grain',
      'day',
      '--json',
    ]);
    expect(res.code).not.toBe(0);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain(
      'This question asks for 40,542 day periods × 1 scope × 5 KPIs = 202,710 values; the limit is 200,000',
    );
  });

  it('refuses the whole calendar by its years, before sizing it', () => {
    const res = runCli([
      'kpi',
      '--workspace',
      workspace,
      '--period',
      '0001-01-01..9999-12-31',
      '--grain',
      'day',
    ]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(
      "'0001-01-01..9999-12-31' reaches outside the years Kinerja works in: periods are between 1990 and 2100",
    );
  });

  it('answers ten years by day of one KPI', () => {
    const res = runCli([
      'kpi',
      '--workspace',
      workspace,
      '--kpi',
      'revenue',
      '--period',
      '2016-01-01..2025-12-31',
      '--grain',
      'day',
      '--json',
    ]);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toHaveLength(3653);
  });
});
