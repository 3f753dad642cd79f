import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kinerjaBin, projectRoot, runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/tmp.js';

// A user who stops `kinerja import` (Ctrl+C, kill, a closed terminal) gets either no batch or the
// whole batch, and no process of that import goes on by itself afterwards.

const tempDir = useTempDir();
const started: ChildProcess[] = [];
const importers: number[] = [];
afterEach(() => {
  for (const c of started.splice(0)) c.kill('SIGKILL');
  for (const pid of importers.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `probe` returns true, checking every 10 ms. */
async function until(probe: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const ROWS = 20_000;

function dealsCsv(dir: string): string {
  const file = path.join(dir, 'deals.csv');
  const lines = ['external_id,owner,team,status,amount,created_at,closed_at'];
  for (let i = 0; i < ROWS; i++)
    lines.push(
      `D${i},Budi Santoso,Tim Jakarta,won,1500000,2026-01-01,2026-02-${String((i % 28) + 1).padStart(2, '0')}`,
    );
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/**
 * Loaded into the importing process (the launcher passes its node flags on to the child): holds
 * the import still, with its event loop blocked as by a long index rebuild, at one point of the
 * end — just before the batch is saved, or just after — until the test says go.
 */
function pauseHook(dir: string): string {
  const hook = path.join(dir, 'pause-hook.mjs');
  fs.writeFileSync(
    hook,
    `import fs from 'node:fs';
import { createRequire } from 'node:module';
const at = process.env.PAUSE_AT;
const dir = process.env.PAUSE_DIR;
if (process.env.KINERJA_PARENT_PID && at) {
  const Database = createRequire(${JSON.stringify(path.join(projectRoot, 'package.json'))})('better-sqlite3');
  const pause = () => {
    fs.writeFileSync(dir + '/paused', String(process.pid));
    const cell = new Int32Array(new SharedArrayBuffer(4));
    while (!fs.existsSync(dir + '/go')) Atomics.wait(cell, 0, 0, 20);
  };
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (sql) {
    if (at === 'before-commit' && sql.startsWith('UPDATE import_batches SET summary')) pause();
    return prepare.call(this, sql);
  };
  const exec = Database.prototype.exec;
  Database.prototype.exec = function (sql) {
    const result = exec.call(this, sql);
    if (at === 'after-commit' && sql === 'COMMIT') pause();
    return result;
  };
}
`,
  );
  return hook;
}

/** Starts an import held at `at`, then stops the launcher with `signal`; returns the workspace. */
async function importStoppedAt(at: 'before-commit' | 'after-commit', signal: 'SIGKILL' | 'SIGTERM') {
  const dir = tempDir();
  const ws = path.join(dir, 'w.kinerja');
  expect(runCli(['init', '--workspace', ws]).code).toBe(0);
  const launcher = spawn(
    process.execPath,
    ['--import', pauseHook(dir), kinerjaBin, 'import', dealsCsv(dir), '--workspace', ws, '--kind', 'deals'],
    { cwd: projectRoot, env: { ...process.env, PAUSE_AT: at, PAUSE_DIR: dir }, stdio: 'ignore' },
  );
  started.push(launcher);
  const exited = new Promise((r) => launcher.once('exit', r));
  const paused = path.join(dir, 'paused');
  await until(() => fs.existsSync(paused) && fs.readFileSync(paused, 'utf8') !== '', 'the import to pause');
  const importer = Number(fs.readFileSync(paused, 'utf8'));
  importers.push(importer);
  expect(importer).not.toBe(launcher.pid);
  launcher.kill(signal);
  await exited;
  fs.writeFileSync(path.join(dir, 'go'), '');
  await until(() => !alive(importer), 'the importing process to end', 20_000);
  return ws;
}

function history(ws: string): { id: number; summary: { read?: number; inserted?: number } }[] {
  const r = runCli(['import-history', '--workspace', ws, '--json']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { id: number; summary: { read?: number; inserted?: number } }[];
}

describe('stopping kinerja import', () => {
  it.each(['SIGKILL', 'SIGTERM'] as const)(
    '%s to the launcher while the import is about to be saved: the import dies with it and saves nothing',
    async (signal) => {
      const ws = await importStoppedAt('before-commit', signal);
      expect(history(ws)).toEqual([]);
      const deals = runCli(['kpi', '--workspace', ws, '--kpi', 'deals_won', '--period', '2026-02', '--json']);
      expect(JSON.parse(deals.stdout)).toMatchObject([{ value: null }]);
    },
    90_000,
  );

  it.each(['SIGKILL', 'SIGTERM'] as const)(
    '%s to the launcher after the batch was saved, before the summary: the whole batch is in the import history',
    async (signal) => {
      const ws = await importStoppedAt('after-commit', signal);
      expect(history(ws)).toMatchObject([{ id: 1, summary: { read: ROWS, inserted: ROWS } }]);
      const deals = runCli(['kpi', '--workspace', ws, '--kpi', 'deals_won', '--period', '2026-02', '--json']);
      expect(JSON.parse(deals.stdout)).toMatchObject([{ value: ROWS }]);
    },
    90_000,
  );
});

describe('kinerja import-history', () => {
  it('lists each batch with its file and counts, newest first', () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.kinerja');
    expect(runCli(['init', '--workspace', ws]).code).toBe(0);
    const file = path.join(dir, 'deals.csv');
    fs.writeFileSync(file, 'external_id,owner,status,amount,closed_at\nA,Budi,won,100,2026-01-05\n');
    expect(runCli(['import', file, '--workspace', ws, '--kind', 'deals']).code).toBe(0);
    const r = runCli(['import-history', '--workspace', ws]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /^Batch 1 {2}\S+ {2}deals {2}deals\.csv: 1 rows read, 1 inserted, 0 updated, 0 rejected\n$/,
    );
  });
});
