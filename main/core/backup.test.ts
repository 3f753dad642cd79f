import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/helpers/tmp.js';
import { backupWorkspace, restoreWorkspace } from './backup.js';
import { Workspace } from './workspace.js';

const tempDir = useTempDir();
let ws: Workspace | undefined;
afterEach(() => ws?.close());

const setValue = (w: Workspace, v: number) =>
  w.db
    .prepare(
      "INSERT INTO kpi_values (kpi, period, value, updated_at) VALUES ('leads', '2026-01', ?, 'now') ON CONFLICT DO UPDATE SET value = excluded.value",
    )
    .run(v);

describe('backup and restore', () => {
  it('a backup taken while the workspace is open holds its state at that moment', async () => {
    const dir = tempDir();
    ws = Workspace.create(path.join(dir, 'w.kinerja'), { name: 'PT Cadangan' });
    setValue(ws, 10);
    fs.mkdirSync(path.join(dir, 'backups'));
    const { file } = await backupWorkspace(ws.db, path.join(dir, 'backups', 'w-1.kinerja'));
    setValue(ws, 20);
    const copy = Workspace.open(file);
    expect(copy.settings.name).toBe('PT Cadangan');
    expect(copy.db.prepare('SELECT value FROM kpi_values').pluck().get()).toBe(10);
    copy.close();
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual(['w-1.kinerja']);
  });

  it('a backup into a folder that does not exist is a clear error; no folder or file is made', async () => {
    const dir = tempDir();
    ws = Workspace.create(path.join(dir, 'w.kinerja'), {});
    const out = path.join(dir, 'typo', 'w.kinerja');
    await expect(backupWorkspace(ws.db, out)).rejects.toThrow(
      `${out}: the folder ${path.join(dir, 'typo')} does not exist; choose an existing folder`,
    );
    expect(fs.readdirSync(dir).filter((f) => !f.startsWith('w.kinerja'))).toEqual([]);
  });

  it('refuses to overwrite an existing file', async () => {
    const dir = tempDir();
    ws = Workspace.create(path.join(dir, 'w.kinerja'), {});
    fs.writeFileSync(path.join(dir, 'taken.kinerja'), 'x');
    await expect(backupWorkspace(ws.db, path.join(dir, 'taken.kinerja'))).rejects.toThrow(/already exists/);
    expect(fs.readFileSync(path.join(dir, 'taken.kinerja'), 'utf8')).toBe('x');
  });

  it('restore keeps the current file aside, then puts the backup in place', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.kinerja');
    ws = Workspace.create(file, {});
    setValue(ws, 10);
    const backup = (await backupWorkspace(ws.db, path.join(dir, 'b.kinerja'))).file;
    setValue(ws, 20);
    ws.close();
    const { keptAside } = restoreWorkspace(file, backup);
    ws = Workspace.open(file);
    expect(ws.db.prepare('SELECT value FROM kpi_values').pluck().get()).toBe(10);
    const aside = Workspace.open(keptAside!);
    expect(aside.db.prepare('SELECT value FROM kpi_values').pluck().get()).toBe(20);
    aside.close();
  });

  it('refuses to restore from a file that is not a workspace, changing nothing', () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.kinerja');
    Workspace.create(file, {}).close();
    const before = fs.readFileSync(file);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    expect(() => restoreWorkspace(file, path.join(dir, 'notes.txt'))).toThrow(/text file/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['notes.txt', 'w.kinerja']);
  });
});
