import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { createDispatch } from '../dispatch.js';
import { Session } from '../session.js';
import { PathGuard } from './user-path.js';

const tempDir = useTempDir();
let session: Session | undefined;
afterEach(() => session?.close());

/**
 * Browser mode's rule for the files calls name: inside the allowed folders (home, the
 * workspace's folder, temp), not in a hidden folder there, and not steered out by a link.
 */
function setUp() {
  const root = tempDir();
  const home = path.join(root, 'home');
  const elsewhere = path.join(root, 'elsewhere');
  fs.mkdirSync(path.join(home, 'data'), { recursive: true });
  fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
  fs.mkdirSync(elsewhere);
  const csv = 'external_id,status,amount,closed_at\nA,won,100,2026-01-05\n';
  for (const f of [path.join(home, 'data', 'deals.csv'), path.join(home, '.ssh', 'keys.csv')]) {
    fs.writeFileSync(f, csv);
  }
  fs.writeFileSync(path.join(elsewhere, 'secret.csv'), 'password,x\nhunter2,1\n');
  fs.symlinkSync(path.join(elsewhere, 'secret.csv'), path.join(home, 'data', 'link.csv'));
  session = new Session();
  session.create(path.join(home, 'w.kinerja'), { name: 'PT Uji' });
  const guard = new PathGuard(() => [{ folder: home, label: 'your home folder' }]);
  const dispatch = createDispatch({ session, baseDir: home, paths: guard });
  return { home, elsewhere, dispatch };
}

describe('browser mode reads and writes only inside the allowed folders', () => {
  it('reads a file typed relative to home, and refuses one outside, hidden, or behind a link', async () => {
    const { home, elsewhere, dispatch } = setUp();
    const ok = await dispatch('import/detect', { path: 'data/deals.csv' });
    expect(ok).toMatchObject({
      ok: true,
      value: { headers: ['external_id', 'status', 'amount', 'closed_at'] },
    });
    for (const typed of [
      path.join(elsewhere, 'secret.csv'),
      '/etc/passwd',
      '../elsewhere/secret.csv',
      '.ssh/keys.csv',
      'data/link.csv',
    ]) {
      const reply = await dispatch('import/detect', { path: typed });
      expect(reply, typed).toMatchObject({
        ok: false,
        error: { kind: 'forbidden', code: 'path_not_allowed', params: { folders: home } },
      });
      expect(!reply.ok && reply.error.message).toMatch(
        /in browser mode Kinerja reads and writes files only inside your home folder/,
      );
      expect(JSON.stringify(reply)).not.toContain('hunter2');
    }
  });

  it('follows a link to a file not there yet: a new workspace is not created through it outside', async () => {
    const { home, elsewhere, dispatch } = setUp();
    fs.symlinkSync(path.join(elsewhere, 'new.kinerja'), path.join(home, 'data', 'new.kinerja'));
    fs.symlinkSync(path.join(home, '.ssh', 'new.kinerja'), path.join(home, 'data', 'hidden.kinerja'));
    for (const [call, typed] of [
      ['workspace/create', 'data/new.kinerja'],
      ['workspace/createDemo', 'data/new.kinerja'],
      ['workspace/create', 'data/hidden.kinerja'],
    ] as const) {
      const reply = await dispatch(call, { path: typed });
      expect(reply, `${call} ${typed}`).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    }
    expect(fs.readdirSync(elsewhere)).toEqual(['secret.csv']);
    expect(fs.readdirSync(path.join(home, '.ssh'))).toEqual(['keys.csv']);
  });

  it('refuses to import or write outside them and leaves the workspace and the disk as they were', async () => {
    const { elsewhere, dispatch } = setUp();
    const imported = await dispatch('import/file', {
      path: path.join(elsewhere, 'secret.csv'),
      kind: 'deals',
    });
    expect(imported).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    expect(await dispatch('import/history', {})).toEqual({ ok: true, value: [] });
    for (const [call, request] of [
      ['export/facts', { kind: 'deals', format: 'csv', path: path.join(elsewhere, 'out.csv') }],
      ['export/kpis', { format: 'csv', period: '2026', path: path.join(elsewhere, 'out.csv') }],
      ['workspace/backup', { path: path.join(elsewhere, 'out.kinerja') }],
      ['workspace/create', { path: path.join(elsewhere, 'out.kinerja') }],
      ['workspace/restore', { backupPath: path.join(elsewhere, 'secret.csv') }],
    ] as const) {
      const reply = await dispatch(call, request);
      expect(reply, call).toMatchObject({ ok: false, error: { code: 'path_not_allowed' } });
    }
    expect(fs.readdirSync(elsewhere)).toEqual(['secret.csv']);
    expect(await dispatch('workspace/current', {})).toMatchObject({
      ok: true,
      value: { settings: { name: 'PT Uji' } },
    });
  });

  it('a long path is cut short in the message', async () => {
    const { dispatch } = setUp();
    const reply = await dispatch('import/detect', { path: `/etc/${'x'.repeat(5000)}.csv` });
    expect(!reply.ok && reply.error.message.length).toBeLessThan(600);
  });
});
