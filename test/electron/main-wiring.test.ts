import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { readAllowedCalls } from '../../main/electron/bridge.js';
import { CONTENT_SECURITY_POLICY } from '../../main/server/http-host.js';
import { callNames } from '../../shared/contract/api.js';
import { useElectronMain } from '../helpers/electron-main.js';

const { runMain, appFolder } = useElectronMain();
const requireFromRoot = createRequire(new URL('../../package.json', import.meta.url));

describe('main.ts wiring', () => {
  it('grants the app scheme its privileges and sandboxes renderers before anything else', async () => {
    const { record } = await runMain(appFolder());
    expect(record.order.slice(0, 2)).toEqual(['registerSchemesAsPrivileged', 'enableSandbox']);
    expect(record.privileged).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
  });

  it('opens one hardened window on the app page with the bundled preload', async () => {
    const dir = appFolder();
    const { record } = await runMain(dir);
    expect(record.errors).toEqual([]);
    expect(record.windows).toHaveLength(1);
    const [win] = record.windows;
    expect(win?.url).toBe('app://kinerja/index.html');
    expect(win?.options.webPreferences).toMatchObject({
      preload: path.join(dir, 'dist', 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    const additional = (win?.options.webPreferences as { additionalArguments?: string[] })
      .additionalArguments;
    expect(readAllowedCalls(additional ?? [])).toEqual(callNames);
    // The window's contents went through the app-wide 'web-contents-created' hardening.
    const contents = win?.contents as {
      on: ReturnType<typeof vi.fn>;
      setWindowOpenHandler: ReturnType<typeof vi.fn>;
    };
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    expect(contents.on.mock.calls.map((c) => c[0])).toEqual(
      expect.arrayContaining(['will-navigate', 'will-redirect']),
    );
  });

  it('serves the renderer through the app protocol with the CSP', async () => {
    const { record } = await runMain(appFolder());
    const handler = record.protocols.get('app');
    const res = await handler!({ url: 'app://kinerja/index.html', method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('denies permissions and sets the CSP on the default session', async () => {
    const { record } = await runMain(appFolder());
    const granted = vi.fn();
    (record.permissionRequest as unknown as (...a: unknown[]) => void)({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect((record.permissionCheck as unknown as (...a: unknown[]) => boolean)({}, 'notifications')).toBe(
      false,
    );
    expect(record.headers).not.toBeNull();
  });

  it('answers contract calls from the app over the one IPC channel, using the native binding', async () => {
    const dir = appFolder();
    const { record } = await runMain(dir);
    expect([...record.ipc.keys()]).toEqual(['kinerja:invoke']);
    const invoke = record.ipc.get('kinerja:invoke')!;
    const app = { senderFrame: { url: 'app://kinerja/index.html' } };
    expect(await invoke(app, 'workspace/current', {})).toEqual({ ok: true, value: null });
    const file = path.join(dir, 'demo.kinerja');
    expect(await invoke(app, 'workspace/create', { path: file })).toMatchObject({ ok: true });
    expect(
      await invoke({ senderFrame: { url: 'https://evil.example/' } }, 'workspace/current', {}),
    ).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
  });

  it('installs a menu with developer tools in development', async () => {
    const { record } = await runMain(appFolder());
    expect(JSON.stringify(record.menu)).toContain('toggleDevTools');
  });

  it('unregisters IPC and closes the workspace on quit', async () => {
    const dir = appFolder();
    const { record, emit } = await runMain(dir);
    const invoke = record.ipc.get('kinerja:invoke')!;
    const file = path.join(dir, 'quit.kinerja');
    await invoke({ senderFrame: { url: 'app://kinerja/' } }, 'workspace/create', { path: file });
    emit('will-quit');
    expect(record.ipc.size).toBe(0);
    // A closed workspace has checkpointed its write-ahead log away.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('explains how to build the Electron binding when it is missing, and stops', async () => {
    const { record } = await runMain(appFolder({ native: false }));
    expect(record.windows).toHaveLength(0);
    expect(record.exitCodes).toEqual([1]);
    expect(record.errors[0]?.[1]).toMatch(/prepare-electron-native\.mjs/);
  });

  it('refuses to start with a SQLite that can corrupt a workspace, saying which one', async () => {
    const Real = requireFromRoot('better-sqlite3') as typeof Database;
    class OldSqlite extends Real {}
    const prepare = Real.prototype.prepare;
    OldSqlite.prototype.prepare = function (this: Database.Database, source: string) {
      return prepare.call(this, /sqlite_version\(\)/i.test(source) ? "SELECT '3.51.2'" : source);
    } as typeof prepare;
    const { record } = await runMain(appFolder(), { modules: { 'better-sqlite3': OldSqlite } });
    expect(record.windows).toHaveLength(0);
    expect(record.ipc.size).toBe(0);
    expect(record.exitCodes).toEqual([1]);
    expect(record.errors[0]?.[1]).toMatch(/SQLite 3\.51\.2.*3\.51\.3 or newer/);
  });

  it('explains how to build the renderer when it is missing, and stops', async () => {
    const { record } = await runMain(appFolder({ renderer: false }));
    expect(record.windows).toHaveLength(0);
    expect(record.exitCodes).toEqual([1]);
    expect(record.errors[0]?.[1]).toMatch(/npm run build/);
  });

  it('leaves the work to the first instance when another is already running', async () => {
    const { record } = await runMain(appFolder(), { lock: false });
    expect(record.quits).toBe(1);
    expect(record.windows).toHaveLength(0);
    expect(record.ipc.size).toBe(0);
  });
});
