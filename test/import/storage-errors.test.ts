/**
 * A disk that fills up or turns read-only under an import is the user's to fix: the import says
 * so (in words and with a code the screens translate), and the workspace keeps what it had.
 * The failures are injected: SQLite's own page limit stands in for a full disk, `query_only`
 * for a read-only one, and a throwing write for a rejects file that finds no room.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDispatch } from '../../main/core/dispatch.js';
import { Session } from '../../main/core/session.js';
import { Workspace } from '../../main/core/workspace.js';
import { errorFromWorker, postableError } from '../../main/core/import/worker-errors.js';
import { useTempDir } from '../helpers/tmp.js';

const tempDir = useTempDir();
let session: Session | undefined;
afterEach(() => {
  vi.restoreAllMocks();
  session?.close();
  session = undefined;
});

const rows = (n: number) =>
  [
    'date,amount,source,kind',
    ...Array.from({ length: n }, (_, i) => `2026-03-01,${i + 1},Source ${i},marketing`),
  ].join('\n') + '\n';

async function workspaceWithData() {
  const dir = tempDir();
  const file = path.join(dir, 'w.kinerja');
  session = new Session();
  const dispatch = createDispatch({ session });
  await dispatch('workspace/create', { path: file, name: 'PT Uji' });
  const seed = path.join(dir, 'seed.csv');
  fs.writeFileSync(seed, rows(3));
  expect((await dispatch('import/file', { path: seed, kind: 'spend' })).ok).toBe(true);
  const big = path.join(dir, 'big.csv');
  fs.writeFileSync(big, rows(5000));
  return { dir, file, dispatch, big, ws: session.require() };
}

const counts = (ws: Workspace) =>
  ws.db.prepare('SELECT (SELECT count(*) FROM spend), (SELECT count(*) FROM import_batches)').raw().get();

describe('a disk that fails under an import', () => {
  it('a full disk is reported as such, and nothing is imported', async () => {
    const { file, dispatch, big, ws } = await workspaceWithData();
    const before = counts(ws);
    const open = Workspace.prototype.openAnother;
    vi.spyOn(Workspace.prototype, 'openAnother').mockImplementation(function (this: Workspace) {
      const own = open.call(this);
      // No page beyond those it has: the next one the import needs fails as on a full disk.
      own.db.pragma(`max_page_count = ${Number(own.db.pragma('page_count', { simple: true }))}`);
      return own;
    });
    const reply = await dispatch('import/file', { path: big, kind: 'spend' });
    expect(reply).toMatchObject({
      ok: false,
      error: { kind: 'invalid_request', code: 'workspace_disk_full', params: { path: file } },
    });
    if (!reply.ok)
      expect(reply.error.message).toBe(
        `${file}: the disk is full; nothing was changed. Free some space and try again`,
      );
    expect(counts(ws)).toEqual(before);
  });

  it('a read-only workspace is reported as such, and nothing is imported', async () => {
    const { file, dispatch, big, ws } = await workspaceWithData();
    const before = counts(ws);
    const open = Workspace.prototype.openAnother;
    vi.spyOn(Workspace.prototype, 'openAnother').mockImplementation(function (this: Workspace) {
      const own = open.call(this);
      own.db.pragma('query_only = 1');
      return own;
    });
    const reply = await dispatch('import/file', { path: big, kind: 'spend' });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'workspace_read_only', params: { path: file } },
    });
    if (!reply.ok) expect(reply.error.message).toContain('this workspace is read-only');
    expect(counts(ws)).toEqual(before);
  });

  it('any write on a read-only workspace says so rather than "Internal error"', async () => {
    const { dispatch, ws } = await workspaceWithData();
    ws.db.pragma('query_only = 1');
    const reply = await dispatch('settings/update', { name: 'PT Baru' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'workspace_read_only' } });
    ws.db.pragma('query_only = 0');
    expect(ws.settings.name).toBe('PT Uji');
  });

  it('a rejects file that finds the disk full rolls the import back', async () => {
    const { dir, dispatch, ws } = await workspaceWithData();
    const before = counts(ws);
    const mixed = path.join(dir, 'mixed.csv');
    fs.writeFileSync(mixed, rows(10) + '2026-03-02,not a number,X,marketing\n');
    const write = fs.writeFileSync;
    vi.spyOn(fs, 'writeFileSync').mockImplementation((target, ...rest) => {
      if (String(target).includes('.rejected.csv'))
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return write(target, ...rest);
    });
    const reply = await dispatch('import/file', { path: mixed, kind: 'spend', skipInvalid: true });
    expect(reply).toMatchObject({ ok: false, error: { code: 'write_enospc' } });
    if (!reply.ok) expect(reply.error.message).toContain('the disk is full');
    expect(counts(ws)).toEqual(before);
    expect(fs.readdirSync(dir).filter((f) => f.includes('rejected'))).toEqual([]);
  });

  it('an import worker passes the disk error on with its code', () => {
    const posted = postableError(
      Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
      '/data/w.kinerja',
    );
    const error = errorFromWorker(JSON.parse(JSON.stringify(posted)) as typeof posted);
    expect(error.kind).toBe('invalid_request');
    expect(error.detail).toEqual({ code: 'workspace_disk_full', params: { path: '/data/w.kinerja' } });
    expect(error.message).toBe(
      '/data/w.kinerja: the disk is full; nothing was changed. Free some space and try again',
    );
  });
});
