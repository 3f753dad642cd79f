import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readAllowedCalls } from '../../main/electron/bridge.js';
import { CONTENT_SECURITY_POLICY } from '../../main/server/http-host.js';
import { callNames } from '../../shared/contract/api.js';

/**
 * Runs the real main-process bundle under Node against a stand-in for the electron module,
 * so the wiring in main.ts (what is registered, in which order, with which options) is
 * checked without the Electron binary. The Node build of better-sqlite3 plays the part of
 * the Electron build, which is all the nativeBinding path needs.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const requireFromRoot = createRequire(path.join(root, 'package.json'));
let bundle = '';

beforeAll(async () => {
  const result = await build({
    entryPoints: [path.join(root, 'main', 'electron', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron', 'better-sqlite3'],
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]?.text ?? '';
});

type Fn = (...args: never[]) => unknown;

function fakeElectron(appPath: string, { lock = true } = {}) {
  const listeners = new Map<string, Fn[]>();
  const emit = (name: string, ...args: unknown[]) =>
    (listeners.get(name) ?? []).forEach((fn) => (fn as (...a: unknown[]) => unknown)(...args));
  const record = {
    order: [] as string[],
    privileged: [] as unknown[],
    protocols: new Map<string, (request: { url: string; method?: string }) => Promise<Response>>(),
    ipc: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
    windows: [] as { options: Record<string, unknown>; url?: string; contents: unknown }[],
    errors: [] as [string, string][],
    exitCodes: [] as number[],
    quits: 0,
    menu: null as unknown,
    permissionRequest: null as Fn | null,
    permissionCheck: null as Fn | null,
    headers: null as Fn | null,
  };
  const app = {
    isPackaged: false,
    getAppPath: () => appPath,
    getPath: (name: string) => path.join(appPath, name),
    enableSandbox: () => record.order.push('enableSandbox'),
    requestSingleInstanceLock: () => lock,
    whenReady: () => Promise.resolve(),
    quit: () => void record.quits++,
    exit: (code: number) => void record.exitCodes.push(code),
    on(name: string, fn: Fn) {
      listeners.set(name, [...(listeners.get(name) ?? []), fn]);
      return app;
    },
  };
  class BrowserWindow {
    static windows: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.windows;
    readonly entry: (typeof record.windows)[number];
    constructor(options: Record<string, unknown>) {
      const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
      this.entry = { options, contents };
      record.windows.push(this.entry);
      BrowserWindow.windows.push(this);
      emit('web-contents-created', {}, contents);
    }
    once() {}
    on() {}
    show() {}
    focus() {}
    restore() {}
    isMinimized = () => false;
    loadURL(url: string) {
      this.entry.url = url;
      return Promise.resolve();
    }
  }
  const electron = {
    app,
    BrowserWindow,
    dialog: { showErrorBox: (title: string, message: string) => record.errors.push([title, message]) },
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) =>
        record.ipc.set(channel, fn),
      removeHandler: (channel: string) => record.ipc.delete(channel),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: unknown) => (record.menu = menu),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        record.order.push('registerSchemesAsPrivileged');
        record.privileged.push(...schemes);
      },
      handle: (scheme: string, handler: (request: { url: string }) => Promise<Response>) => {
        record.order.push(`handle:${scheme}`);
        record.protocols.set(scheme, handler);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Fn) => (record.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Fn) => (record.permissionCheck = fn),
        webRequest: { onHeadersReceived: (fn: Fn) => (record.headers = fn) },
      },
    },
    shell: { openExternal: vi.fn(async () => undefined) },
  };
  return { electron, record, emit };
}

async function runMain(appPath: string, options?: { lock?: boolean }) {
  const fake = fakeElectron(appPath, options);
  const fakeRequire = (id: string) => (id === 'electron' ? fake.electron : requireFromRoot(id));
  const module = { exports: {} };
  new Function('require', 'module', 'exports', '__filename', '__dirname', bundle)(
    fakeRequire,
    module,
    module.exports,
    path.join(appPath, 'dist', 'electron', 'main.cjs'),
    path.join(appPath, 'dist', 'electron'),
  );
  await new Promise((resolve) => setTimeout(resolve, 0));
  running.push(fake);
  return fake;
}

const running: ReturnType<typeof fakeElectron>[] = [];
const dirs: string[] = [];
const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);

function appFolder({ native = true, renderer = true } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-main-'));
  dirs.push(dir);
  if (native) {
    fs.mkdirSync(path.join(dir, '.electron-native'));
    const nodeBuild = requireFromRoot.resolve('better-sqlite3/build/Release/better_sqlite3.node');
    const target = path.join(dir, '.electron-native', 'better_sqlite3.node');
    try {
      // A link, so Node's module cache sees the very addon the other tests already loaded.
      fs.symlinkSync(nodeBuild, target);
    } catch {
      fs.copyFileSync(nodeBuild, target);
    }
  }
  if (renderer) {
    fs.mkdirSync(path.join(dir, 'dist', 'renderer'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'dist', 'renderer', 'index.html'),
      '<!doctype html><title>Kinerja</title>',
    );
  }
  return dir;
}

afterEach(() => {
  // Quitting closes any workspace a test left open, so its folder can be removed.
  for (const fake of running.splice(0)) fake.emit('will-quit');
  consoleError.mockClear();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

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
