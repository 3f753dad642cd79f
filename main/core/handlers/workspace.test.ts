import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { computeKpis } from '../kpi/engine.js';
import { Session } from '../session.js';
import { workspaceHandlers } from './workspace.js';

const tempDir = useTempDir();
let session: Session | undefined;
afterEach(() => session?.close());

describe('workspaces by path', () => {
  it('a relative path is read from the host folder (home in the app), not the server process folder', () => {
    const base = tempDir();
    session = new Session();
    const info = workspaceHandlers['workspace/create'](
      { path: 'klien/acme.kinerja' },
      { session, baseDir: base },
    );
    expect(info.path).toBe(path.join(fs.realpathSync(base), 'klien/acme.kinerja'));
    expect(fs.existsSync(path.join(base, 'klien/acme.kinerja'))).toBe(true);
    session.close();
    expect(
      workspaceHandlers['workspace/open']({ path: 'klien/acme.kinerja' }, { session, baseDir: base }).path,
    ).toBe(info.path);
  });

  it('the demo company opens in a new file with data and targets to show', () => {
    const base = tempDir();
    session = new Session();
    const info = workspaceHandlers['workspace/createDemo'](
      { path: 'demo.kinerja' },
      { session, baseDir: base },
    );
    expect(info.settings.name).toBe('PT Nusantara Digital');
    const ws = session.require();
    const year = String(new Date().getFullYear() - 1);
    const [revenue] = computeKpis(ws.db, ws.settings, { kpis: ['revenue'], period: year });
    expect(revenue!.value).toBeGreaterThan(0);
    expect(revenue!.target).toBeGreaterThan(0);
    // A second demo at the same path does not overwrite the first.
    session.close();
    expect(() =>
      workspaceHandlers['workspace/createDemo'](
        { path: 'demo.kinerja' },
        { session: session!, baseDir: base },
      ),
    ).toThrow(/exists/);
  });

  it('~/ is the home folder', () => {
    session = new Session();
    const home = os.homedir();
    expect(() =>
      workspaceHandlers['workspace/open'](
        { path: '~/no-such-kinerja-file.kinerja' },
        { session: session!, baseDir: '/x' },
      ),
    ).toThrow(
      new RegExp(path.join(home, 'no-such-kinerja-file.kinerja').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')),
    );
  });
});
