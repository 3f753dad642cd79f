import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../shared/contract/client.js';
import { createDispatch } from '../../main/core/dispatch.js';
import { importInWorker } from '../../main/core/import/run-import.js';
import { Session } from '../../main/core/session.js';
import { kinerjaBin, projectRoot, runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/tmp.js';

// What a user saves while an import, a preview or a restore runs is never lost, and a second
// process that wants to write is told who holds the workspace.

const workerScript = path.join(projectRoot, 'dist/node/import-worker.js');
const tempDir = useTempDir();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function dealsCsv(dir: string, rows: number): string {
  const file = path.join(dir, `deals-${rows}.csv`);
  const lines = ['external_id,owner,team,status,amount,created_at,closed_at'];
  for (let i = 0; i < rows; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`D${i},Budi Santoso,Tim Jakarta,${i % 3 ? 'won' : 'lost'},1500000,2026-01-01,2026-02-${day}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Deals of dealsCsv that are won: every row whose number is not a multiple of 3. */
const wonOf = (rows: number) => rows - Math.ceil(rows / 3);

function appLike(): { session: Session; client: Client } {
  const session = new Session({}, { program: 'the Kinerja app', lockOnOpen: true });
  const dispatch = createDispatch({ session, imports: importInWorker(workerScript) });
  return { session, client: createClient((name, req) => dispatch(name, req)) };
}

/** Resolves once `probe` returns true, checking every 10 ms. */
async function until(probe: () => Promise<boolean> | boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('writes made while an import or a preview runs', () => {
  it('a value saved during a preview is kept, and the preview changes nothing', async () => {
    const dir = tempDir();
    const file = dealsCsv(dir, 60_000);
    const { session, client } = appLike();
    await client.workspace.create({ path: path.join(dir, 'w.kinerja') });

    const preview = client.import.preview({ path: file, kind: 'deals', rows: 5 });
    await until(async () => (await client.import.progress({})) !== null, 'the preview to start');
    const saved = client.values.set({ kpi: 'leads', period: '2026-02', value: 42 });
    const target = client.targets.set({ kpi: 'revenue', period: '2026-02', value: 5e9, reason: 'plan' });
    // The UI can tell the user their change waits for the preview.
    await until(
      async () => ((await client.import.progress({}))?.waitingWrites ?? 0) > 0,
      'the write to be reported as waiting',
    );
    const summary = await preview;
    expect(summary).toMatchObject({ dryRun: true, read: 60_000, inserted: 60_000 });
    expect(summary.preview).toHaveLength(5);
    await saved;
    await target;

    // The preview wrote nothing; the value and the target are there.
    expect(await client.import.history({})).toEqual([]);
    expect(await client.values.list({ kpi: 'leads' })).toMatchObject([{ period: '2026-02', value: 42 }]);
    const [revenue] = await client.kpi.query({ kpis: ['revenue'], period: '2026-02' });
    expect(revenue).toMatchObject({ value: null, target: 5e9 });
    session.close();
  });

  it('a write during an import completes after the commit; reads are answered meanwhile', async () => {
    const dir = tempDir();
    // Long enough that SQLite's 5 s busy timeout would have run out for a write that raced it.
    const file = dealsCsv(dir, 400_000);
    const { session, client } = appLike();
    await client.workspace.create({ path: path.join(dir, 'w.kinerja') });
    await client.values.set({ kpi: 'leads', period: '2026-01', value: 7 });

    const events: string[] = [];
    const started = Date.now();
    const importing = client.import.file({ path: file, kind: 'deals' }).then((s) => {
      events.push('import done');
      return s;
    });
    await until(async () => ((await client.import.progress({}))?.rows ?? 0) > 0, 'the import to read rows');
    const write = client.values
      .set({ kpi: 'leads', period: '2026-02', value: 99, note: 'typed during the import' })
      .then((v) => {
        events.push('write done');
        return v;
      });
    // A read while the import holds SQLite's write lock is answered from the last commit.
    const [before] = await client.kpi.query({ kpis: ['leads'], period: '2026-01' });
    events.push('read done');
    expect(before!.value).toBe(7);

    const summary = await importing;
    const value = await write;
    const importMs = Date.now() - started;
    console.log(`write queued behind a ${importMs} ms import`);
    expect(summary.inserted).toBe(400_000);
    expect(value).toMatchObject({ value: 99, note: 'typed during the import' });
    expect(events).toEqual(['read done', 'import done', 'write done']);
    const [deals] = await client.kpi.query({ kpis: ['deals_won'], period: '2026-02' });
    expect(deals!.value).toBe(wonOf(400_000));
    expect(await client.values.list({ kpi: 'leads' })).toHaveLength(2);
    session.close();
  }, 120_000);

  it('a failed import still lets the queued write through', async () => {
    const dir = tempDir();
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      'external_id,status,amount,closed_at\n' +
        Array.from(
          { length: 30_000 },
          (_, i) => `X${i},won,${i === 29_999 ? 'banyak' : '100'},2026-01-05`,
        ).join('\n'),
    );
    const { session, client } = appLike();
    await client.workspace.create({ path: path.join(dir, 'w.kinerja') });
    const importing = client.import.file({ path: bad, kind: 'deals' });
    const write = client.values.set({ kpi: 'leads', period: '2026-03', value: 5 });
    await expect(importing).rejects.toMatchObject({ message: expect.stringMatching(/banyak/) });
    await expect(write).resolves.toMatchObject({ value: 5 });
    session.close();
  });
});

function serve(file: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [kinerjaBin, 'serve', '--workspace', file, '--port', '0']);
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
}

describe('cancelling an import', () => {
  it('stops the worker, keeps nothing, and the next write goes through at once', async () => {
    const dir = tempDir();
    const { session, client } = appLike();
    await client.workspace.create({ path: path.join(dir, 'w.kinerja') });
    const importing = client.import.file({ path: dealsCsv(dir, 300_000), kind: 'deals' });
    await until(
      async () => ((await client.import.progress({}))?.rows ?? 0) > 1000,
      'the import to read rows',
    );
    const write = client.values.set({ kpi: 'leads', period: '2026-04', value: 11 });
    expect(await client.import.cancel({})).toEqual({ cancelled: true });
    await expect(importing).rejects.toMatchObject({
      kind: 'cancelled',
      message: expect.stringMatching(/deals-300000\.csv: the import was cancelled; nothing was imported/),
    });
    // The terminated worker left no lock behind: the queued write and a new one succeed.
    await expect(write).resolves.toMatchObject({ value: 11 });
    await expect(client.values.set({ kpi: 'leads', period: '2026-05', value: 12 })).resolves.toBeTruthy();
    expect(await client.import.history({})).toEqual([]);
    const [deals] = await client.kpi.query({ kpis: ['deals_won'], period: '2026-02' });
    expect(deals!.value).toBeNull();
    expect(await client.import.cancel({})).toEqual({ cancelled: false });
    session.close();
  }, 60_000);
});

describe('one writer per workspace', () => {
  it('restore and import from a second process are refused while kinerja serve has the file; reads work', async () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.kinerja');
    const backup = path.join(dir, 'b.kinerja');
    expect(runCli(['init', '--workspace', ws, '--name', 'PT Satu Penulis']).code).toBe(0);
    expect(runCli(['backup', '--workspace', ws, '--out', backup]).code).toBe(0);
    const { child, url } = await serve(ws);
    const { origin, searchParams } = new URL(url);
    const call = (name: string, body: unknown) =>
      fetch(`${origin}/api/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Kinerja-Token': searchParams.get('token')! },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ ok: boolean }>);

    const restore = runCli(['restore', backup, '--workspace', ws]);
    expect(restore.code).not.toBe(0);
    expect(restore.stderr).toContain(`kinerja serve (process ${child.pid}`);
    expect(restore.stderr.trim().split('\n')).toHaveLength(1);
    const imp = runCli(['import', dealsCsv(dir, 3), '--workspace', ws, '--kind', 'deals']);
    expect(imp.code).not.toBe(0);
    expect(imp.stderr).toMatch(/open for writing in kinerja serve/);
    // Reading needs no lock.
    expect(runCli(['kpi', '--workspace', ws, '--kpi', 'revenue', '--period', '2026', '--json']).code).toBe(0);

    // The open session keeps working and its writes land in the file the others see.
    expect((await call('values/set', { kpi: 'leads', period: '2026-02', value: 12 })).ok).toBe(true);
    const kpi = runCli(['kpi', '--workspace', ws, '--kpi', 'leads', '--period', '2026-02', '--json']);
    expect(JSON.parse(kpi.stdout)).toMatchObject([{ value: 12 }]);
  });

  it('after the holder is killed, its stale lock is taken over', async () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.kinerja');
    expect(runCli(['init', '--workspace', ws]).code).toBe(0);
    const { child } = await serve(ws);
    expect(fs.existsSync(`${ws}.lock`)).toBe(true);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const imp = runCli(['import', dealsCsv(dir, 3), '--workspace', ws, '--kind', 'deals']);
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);
    // The command released the lock it took.
    expect(fs.existsSync(`${ws}.lock`)).toBe(false);
  });

  it.each(['SIGTERM', 'SIGKILL'] as const)(
    'an import whose process gets %s stops with it: no child finishes it behind the user',
    async (signal) => {
      const dir = tempDir();
      const ws = path.join(dir, 'w.kinerja');
      expect(runCli(['init', '--workspace', ws]).code).toBe(0);
      const parent = spawn(process.execPath, [
        kinerjaBin,
        'import',
        dealsCsv(dir, 300_000),
        '--workspace',
        ws,
        '--kind',
        'deals',
      ]);
      children.push(parent);
      // The import (in a child with a small young generation) holds the writer lock once it writes.
      let importer = 0;
      await until(() => {
        try {
          importer = (JSON.parse(fs.readFileSync(`${ws}.lock`, 'utf8')) as { pid: number }).pid;
          return true;
        } catch {
          return false; // not there yet, or being written
        }
      }, 'the import to take the lock');
      parent.kill(signal);
      const alive = () => {
        try {
          process.kill(importer, 0);
          return true;
        } catch {
          return false;
        }
      };
      await until(() => !alive(), 'the importing process to end', 10_000);
      const deals = runCli(['kpi', '--workspace', ws, '--kpi', 'deals_won', '--period', '2026-02', '--json']);
      expect(JSON.parse(deals.stdout)).toMatchObject([{ value: null }]);
      // Its stale lock does not stand in the way of the next write.
      expect(
        runCli([
          'target',
          'set',
          '--workspace',
          ws,
          '--kpi',
          'revenue',
          '--period',
          '2026-02',
          '--value',
          '1',
        ]).code,
      ).toBe(0);
    },
    60_000,
  );

  it('a second window of the same process on the same file is refused; the first keeps it', async () => {
    const dir = tempDir();
    const first = appLike();
    const info = await first.client.workspace.create({ path: path.join(dir, 'w.kinerja') });
    const second = appLike();
    await expect(second.client.workspace.open({ path: info.path })).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringMatching(/open for writing in the Kinerja app \(process \d+/),
    });
    await expect(
      first.client.values.set({ kpi: 'leads', period: '2026-01', value: 1 }),
    ).resolves.toBeTruthy();
    first.session.close();
    await expect(second.client.workspace.open({ path: info.path })).resolves.toMatchObject({
      path: info.path,
    });
    second.session.close();
  });

  it('another spelling of the path, or a symlink to the file, finds the same writer', async () => {
    const dir = tempDir();
    const first = appLike();
    const info = await first.client.workspace.create({ path: path.join(dir, 'w.kinerja') });
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.symlinkSync(info.path, path.join(dir, 'link.kinerja'));
    for (const other of [path.join(dir, 'sub', '..', 'w.kinerja'), path.join(dir, 'link.kinerja')]) {
      const res = runCli([
        'target',
        'set',
        '--workspace',
        other,
        '--kpi',
        'revenue',
        '--period',
        '2026-01',
        '--value',
        '5',
      ]);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toMatch(/open for writing in the Kinerja app/);
    }
    first.session.close();
  });

  it('names the holder in local time, and a lock that is a folder in words', async () => {
    const dir = tempDir();
    const ws = path.join(dir, 'w.kinerja');
    expect(runCli(['init', '--workspace', ws]).code).toBe(0);
    // A holder alive on this machine (this test's own process), started at 03:04 UTC.
    fs.writeFileSync(
      `${ws}.lock`,
      JSON.stringify({
        pid: process.pid,
        hostname: os.hostname(),
        program: 'kinerja serve',
        since: '2026-11-30T03:04:00.000Z',
      }),
    );
    const jakarta = spawnSync(
      process.execPath,
      [
        kinerjaBin,
        'target',
        'set',
        '--workspace',
        ws,
        '--kpi',
        'revenue',
        '--period',
        '2026-01',
        '--value',
        '1',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, TZ: 'Asia/Jakarta' },
      },
    );
    expect(jakarta.stderr).toContain(`kinerja serve (process ${process.pid}, since 2026-11-30 10:04)`);
    fs.rmSync(`${ws}.lock`);
    fs.mkdirSync(`${ws}.lock`);
    const folder = runCli([
      'target',
      'set',
      '--workspace',
      ws,
      '--kpi',
      'revenue',
      '--period',
      '2026-01',
      '--value',
      '1',
    ]);
    expect(folder.stderr.trim()).toMatch(
      /w\.kinerja\.lock should be the writer lock but is a folder; remove that folder/,
    );
  });

  it('a restore in the app waits for a running import, then replaces the file the app keeps using', async () => {
    const dir = tempDir();
    const { session, client } = appLike();
    const info = await client.workspace.create({ path: path.join(dir, 'w.kinerja') });
    await client.values.set({ kpi: 'leads', period: '2026-01', value: 3 });
    const backup = path.join(dir, 'b.kinerja');
    await client.workspace.backup({ path: backup });
    await client.values.set({ kpi: 'leads', period: '2026-01', value: 4 });

    const importing = client.import.file({ path: dealsCsv(dir, 40_000), kind: 'deals' });
    const restoring = client.workspace.restore({ backupPath: backup });
    const imported = await importing;
    const restored = await restoring;
    expect(imported.inserted).toBe(40_000);
    // The import finished in the file that was then kept aside, whole.
    expect(restored.keptAside).toMatch(/before-restore/);
    const aside = runCli([
      'kpi',
      '--workspace',
      restored.keptAside!,
      '--kpi',
      'deals_won',
      '--period',
      '2026-02',
      '--json',
    ]);
    expect(JSON.parse(aside.stdout)).toMatchObject([{ value: wonOf(40_000) }]);
    // The app now works in the restored file and writes there.
    expect(await client.values.list({ kpi: 'leads' })).toMatchObject([{ value: 3 }]);
    await client.values.set({ kpi: 'leads', period: '2026-02', value: 8 });
    session.close();
    const after = runCli([
      'kpi',
      '--workspace',
      info.path,
      '--kpi',
      'leads',
      '--period',
      '2026-02',
      '--json',
    ]);
    expect(JSON.parse(after.stdout)).toMatchObject([{ value: 8 }]);
  });
});
