import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../shared/contract/client.js';
import { listBackups } from '../../main/core/db/backups.js';
import { migrations } from '../../main/core/db/migrations/index.js';
import { KINERJA_APPLICATION_ID } from '../../main/core/db/workspace-file.js';
import { createDispatch, handlers } from '../../main/core/dispatch.js';
import { Session } from '../../main/core/session.js';
import { Workspace } from '../../main/core/workspace.js';
import { kinerjaBin, runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/tmp.js';

// A workspace file that was damaged, marked read-only or is about to be changed in a big way
// (a migration, a restore) never loses what was in it, and says which file and what to do.

const tempDir = useTempDir();
const madeReadOnly: string[] = [];
afterEach(() => {
  // Let the temporary folders be removed.
  for (const p of madeReadOnly.splice(0)) fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644);
});

const hash = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function dealsCsv(dir: string, rows: number, prefix = 'D'): string {
  const file = path.join(dir, `deals-${prefix}-${rows}.csv`);
  const lines = ['external_id,owner,team,status,amount,created_at,closed_at'];
  for (let i = 0; i < rows; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`${prefix}${i},Budi Santoso,Tim Jakarta,won,1500000,2026-01-01,2026-02-${day}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** A workspace with 3000 won deals of Rp 1.500.000 in February 2026, made and filled by the CLI. */
function filledWorkspace(): { dir: string; ws: string } {
  const dir = tempDir();
  const ws = path.join(dir, 'acme.kinerja');
  expect(runCli(['init', '--workspace', ws, '--name', 'PT Uji']).code).toBe(0);
  expect(runCli(['import', dealsCsv(dir, 3000), '--workspace', ws, '--kind', 'deals']).code).toBe(0);
  return { dir, ws };
}

function revenue(ws: string): ReturnType<typeof runCli> {
  return runCli(['kpi', '--workspace', ws, '--kpi', 'revenue', '--period', '2026-02', '--json']);
}

/** Three pages of garbage half way into the file, as a bad copy or a failing disk leaves it. */
function damageMiddle(file: string): void {
  const page = 4096;
  const at = Math.floor(fs.statSync(file).size / 2 / page) * page;
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(
    fd,
    Buffer.from(Array.from({ length: page * 3 }, (_, i) => (i * 7 + 3) % 251)),
    0,
    page * 3,
    at,
  );
  fs.closeSync(fd);
}

/** Garbage over one page in the middle of the deals table, which the cheap check on open skips. */
function damageDeals(file: string): void {
  const db = new Database(file, { readonly: true });
  const pages = db
    .prepare("SELECT pageno FROM dbstat WHERE name = 'deals' AND pagetype = 'leaf' ORDER BY pageno")
    .pluck()
    .all() as number[];
  const size = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(size, 0x5a), 0, size, (pages[pages.length >> 1]! - 1) * size);
  fs.closeSync(fd);
}

describe('a workspace overwritten in the middle', () => {
  it('passes over a newer backup that is damaged too, and offers the newest sound one', () => {
    const { ws } = filledWorkspace();
    const [sound] = listBackups(ws);
    // A later backup cut short (a full disk, a bad copy by hand).
    const broken = path.join(path.dirname(sound!.file), 'acme.daily.2099-12-31_235959.kinerja');
    const bytes = fs.readFileSync(sound!.file);
    fs.writeFileSync(broken, bytes.subarray(0, Math.floor(bytes.length / 2)));
    damageMiddle(ws);
    const query = revenue(ws);
    expect(query.stderr).toContain(`The newest backup is ${sound!.file}`);
    expect(query.stderr).not.toContain('2099-12-31');
  });

  it('is refused on open, naming the file and the newest backup; an import changes nothing', () => {
    const { dir, ws } = filledWorkspace();
    // The import was the first write of the day: it made the daily backup first.
    const [backup] = listBackups(ws);
    expect(backup?.kind).toBe('daily');
    damageMiddle(ws);
    const before = hash(ws);

    const query = revenue(ws);
    expect(query.code).not.toBe(0);
    expect(query.stdout).toBe('');
    expect(query.stderr).toContain(`kinerja: ${ws}: the workspace file is damaged`);
    expect(query.stderr).toContain(`The newest backup is ${backup!.file} from ${backup!.when}`);
    expect(query.stderr).toContain(`kinerja restore "${backup!.file}" --workspace "${ws}"`);
    expect(query.stderr.trimEnd().split('\n')).toHaveLength(1);

    const imported = runCli(['import', dealsCsv(dir, 10, 'N'), '--workspace', ws, '--kind', 'deals']);
    expect(imported.code).not.toBe(0);
    expect(imported.stderr).toContain(`${ws}: the workspace file is damaged`);
    expect(hash(ws)).toBe(before);
    expect(fs.existsSync(`${ws}-wal`)).toBe(false);
    expect(listBackups(ws).map((b) => b.file)).toEqual([backup!.file]);
  });

  it('restores from the offered backup without opening the damaged file; the damaged one is kept', () => {
    const { ws } = filledWorkspace();
    const [backup] = listBackups(ws);
    damageMiddle(ws);
    const damaged = hash(ws);
    const res = runCli(['restore', backup!.file, '--workspace', ws]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const aside = listBackups(ws).find((b) => b.kind === 'before-restore');
    expect(res.stdout).toContain(`the previous file is kept as ${aside!.file}`);
    expect(hash(aside!.file)).toBe(damaged);
    // The daily backup was taken before the first import, so the workspace is empty again but sound.
    const after = revenue(ws);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject([{ kpi: 'revenue', value: null }]);
    // A damaged copy set aside is never offered as the backup to restore.
    damageMiddle(ws);
    expect(revenue(ws).stderr).toContain(`The newest backup is ${backup!.file}`);
  });

  it('a damage met after opening (a large file is checked in full only before its daily backup) names the file', async () => {
    const { ws } = filledWorkspace();
    const [backup] = listBackups(ws);
    const session = new Session();
    const dispatch = createDispatch({ session });
    await dispatch('workspace/open', { path: ws });
    // The page SQLite reads next turns out to be garbage.
    const spy = vi.spyOn(handlers, 'kpi/catalog').mockImplementation(() => {
      throw new Database.SqliteError('database disk image is malformed', 'SQLITE_CORRUPT');
    });
    const reply = await dispatch('kpi/catalog', {});
    spy.mockRestore();
    session.close();
    expect(reply).toMatchObject({
      ok: false,
      error: {
        kind: 'workspace_invalid',
        code: 'workspace_damaged',
        params: { path: ws, backup: backup!.file, date: backup!.when },
      },
    });
  });

  describe('a large file (only its small tables checked on open)', () => {
    const large = { fullCheckMaxBytes: 0 };

    it('the app opening it finds the damage before its daily backup and does not open it', () => {
      const { ws } = filledWorkspace();
      const before = listBackups(ws).map((b) => b.file);
      damageDeals(ws);
      const hashed = hash(ws);
      const session = new Session(large, { lockOnOpen: true, now: () => new Date(2099, 0, 2, 9) });
      expect(() => session.open(ws)).toThrow(`${ws}: the workspace file is damaged`);
      expect(session.workspace).toBeNull();
      session.close();
      expect(listBackups(ws).map((b) => b.file)).toEqual(before);
      expect(hash(ws)).toBe(hashed);
    });

    it('the first write of a day finds it before backing up, and the write is refused', async () => {
      const { ws } = filledWorkspace();
      const before = listBackups(ws).map((b) => b.file);
      damageDeals(ws);
      const hashed = hash(ws);
      const session = new Session(large, { now: () => new Date(2099, 0, 2, 9) });
      const dispatch = createDispatch({ session });
      expect(await dispatch('workspace/open', { path: ws })).toMatchObject({ ok: true });
      const reply = await dispatch('targets/set', { kpi: 'revenue', period: '2026-02', value: 5 });
      session.close();
      expect(reply).toMatchObject({ ok: false, error: { code: 'workspace_damaged', params: { path: ws } } });
      expect(listBackups(ws).map((b) => b.file)).toEqual(before);
      expect(hash(ws)).toBe(hashed);
    });
  });
});

describe('a read-only workspace', () => {
  it.each(['file', 'folder'] as const)(
    'a read-only %s opens for reading: queries answer, writes are refused with the read-only message',
    (what) => {
      const { dir, ws } = filledWorkspace();
      const marked = what === 'file' ? ws : dir;
      fs.chmodSync(marked, what === 'file' ? 0o444 : 0o555);
      madeReadOnly.push(marked);
      const before = hash(ws);

      const query = revenue(ws);
      expect(query.code).toBe(0);
      expect(JSON.parse(query.stdout)).toMatchObject([{ kpi: 'revenue', value: 3000 * 1_500_000 }]);
      expect(query.stderr).toContain(`${ws} is read-only; it is opened for reading only`);
      expect(query.stderr).not.toMatch(/damaged/);

      const write = runCli([
        'target',
        'set',
        '--workspace',
        ws,
        '--kpi',
        'revenue',
        '--period',
        '2026-02',
        '--value',
        '5',
      ]);
      expect(write.code).not.toBe(0);
      expect(write.stderr).toContain(`kinerja: ${ws}: this workspace is read-only`);
      expect(hash(ws)).toBe(before);
      // Not even SQLite's side files are left beside it.
      expect(
        fs
          .readdirSync(dir)
          .filter((f) => f.startsWith('acme.kinerja'))
          .sort(),
      ).toEqual(['acme.kinerja']);
    },
  );
});

describe('automatic backups', () => {
  it('the first write of each day makes a daily backup, and only the newest N are kept', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'acme.kinerja');
    Workspace.create(file, { name: 'PT Uji' }).close();
    let now = new Date(2026, 2, 1, 9, 0, 0);
    const write = async (value: number) => {
      const session = new Session({}, { now: () => now });
      const client = createClient(createDispatch({ session }));
      await client.workspace.open({ path: file });
      await client.values.set({ kpi: 'leads', period: '2026-03', value });
      await client.values.set({ kpi: 'leads', period: '2026-03', value: value + 1 });
      session.close();
    };
    for (let day = 1; day <= 10; day++) {
      now = new Date(2026, 2, day, 9, 0, 0);
      await write(day);
      now = new Date(2026, 2, day, 17, 30, 0);
      await write(day * 100); // a second use the same day adds no backup
    }
    const daily = listBackups(file).filter((b) => b.kind === 'daily');
    expect(daily.map((b) => b.stamp)).toEqual(
      [10, 9, 8, 7, 6, 5, 4].map((d) => `2026-03-${String(d).padStart(2, '0')}_090000`),
    );
    // The backup of day 10 holds what day 9 left.
    const copy = new Database(daily[0]!.file, { readonly: true });
    expect(copy.prepare("SELECT value FROM kpi_values WHERE kpi = 'leads'").pluck().get()).toBe(901);
    copy.close();

    // The number kept is a workspace setting.
    const session = new Session({}, { now: () => now });
    const client = createClient(createDispatch({ session }));
    await client.workspace.open({ path: file });
    expect((await client.settings.update({ backupKeepDaily: 3 })).settings.backupKeepDaily).toBe(3);
    session.close();
    now = new Date(2026, 2, 11, 8, 0, 0);
    await write(11);
    expect(
      listBackups(file)
        .filter((b) => b.kind === 'daily')
        .map((b) => b.stamp),
    ).toEqual(['2026-03-11_080000', '2026-03-10_090000', '2026-03-09_090000']);
  });

  it('the app makes the daily backup when it opens the workspace', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'acme.kinerja');
    Workspace.create(file, {}).close();
    const session = new Session({}, { lockOnOpen: true, program: 'the Kinerja app' });
    session.open(file);
    session.close();
    expect(listBackups(file).map((b) => b.kind)).toEqual(['daily']);
  });

  it('opening a workspace of an older version backs it up before migrating it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.kinerja');
    const old = new Database(file);
    old.pragma(`application_id = ${KINERJA_APPLICATION_ID}`);
    for (const m of migrations.filter((m) => m.version <= 2)) m.up(old);
    old.pragma('user_version = 2');
    old.prepare("INSERT INTO settings (key, value) VALUES ('name', ?)").run(JSON.stringify('PT Lama'));
    old.close();
    const before = hash(file);

    const res = runCli(['kpi', '--workspace', file, '--kpi', 'revenue', '--period', '2026-02', '--json']);
    expect(res.code).toBe(0);
    const backups = listBackups(file);
    expect(backups.map((b) => b.kind)).toEqual(['before-migration']);
    expect(path.basename(backups[0]!.file)).toMatch(/^old\.before-migration-v2\./);
    const copy = new Database(backups[0]!.file, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(2);
    expect(copy.prepare("SELECT value FROM settings WHERE key = 'name'").pluck().get()).toBe('"PT Lama"');
    copy.close();
    expect(hash(file)).not.toBe(before); // migrated in place
  });

  it('a restore keeps the replaced workspace in the backups folder first', () => {
    const { dir, ws } = filledWorkspace();
    const empty = path.join(dir, 'empty.kinerja');
    expect(runCli(['init', '--workspace', empty]).code).toBe(0);
    const before = hash(ws);
    expect(runCli(['restore', empty, '--workspace', ws]).code).toBe(0);
    const aside = listBackups(ws).filter((b) => b.kind === 'before-restore');
    expect(aside).toHaveLength(1);
    expect(hash(aside[0]!.file)).toBe(before);
  });

  it('a process killed while it writes the daily backup leaves the workspace and older backups intact', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'acme.kinerja');
    // Large enough that the copy takes a while: about 40 MB.
    const ws = Workspace.create(file, { name: 'PT Besar' });
    ws.db.exec('CREATE TABLE filler (x BLOB)');
    const fill = ws.db.prepare('INSERT INTO filler VALUES (randomblob(65536))');
    ws.db.transaction(() => {
      for (let i = 0; i < 600; i++) fill.run();
    })();
    ws.close();
    const backups = path.join(dir, 'backups');
    fs.mkdirSync(backups);
    const older = path.join(backups, 'acme.daily.2020-01-01_090000.kinerja');
    fs.copyFileSync(file, older);
    const before = { ws: hash(file), older: hash(older) };

    const child = spawn(process.execPath, [
      kinerjaBin,
      'target',
      'set',
      '--workspace',
      file,
      '--kpi',
      'revenue',
      '--period',
      '2026-02',
      '--value',
      '5',
    ]);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Kill it as soon as the backup's temporary file appears.
    while (!fs.readdirSync(backups).some((f) => f.endsWith('.tmp'))) {
      if (child.exitCode !== null) throw new Error('the command finished before its backup was seen');
      await new Promise((r) => setTimeout(r, 2));
    }
    child.kill('SIGKILL');
    await exited;

    expect(hash(file)).toBe(before.ws);
    expect(hash(older)).toBe(before.older);
    expect(listBackups(file).map((b) => b.file)).toEqual([older]);
    // The workspace opens and the next write makes the day's backup after all.
    expect(
      runCli([
        'target',
        'set',
        '--workspace',
        file,
        '--kpi',
        'revenue',
        '--period',
        '2026-02',
        '--value',
        '5',
      ]).code,
    ).toBe(0);
    expect(listBackups(file).map((b) => b.kind)).toEqual(['daily', 'daily']);
    expect(fs.readdirSync(backups).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
