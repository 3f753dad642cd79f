import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, beforeAll, vi } from 'vitest';

/**
 * Runs the real main-process bundle under Node against a stand-in for the electron module,
 * so the wiring in main.ts (what is registered, in which order, with which options) is
 * checked without the Electron binary. The Node build of better-sqlite3 plays the part of
 * the Electron build, which is all the nativeBinding path needs.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const requireFromRoot = createRequire(path.join(root, 'package.json'));
let bundle: Promise<string> | null = null;

/** The main-process bundle, built once per test file. */
function mainBundle(): Promise<string> {
  bundle ??= (async () => {
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
    return result.outputFiles[0]?.text ?? '';
  })();
  return bundle;
}

type Fn = (...args: never[]) => unknown;

export interface RunOptions {
  /** Whether this instance gets the single-instance lock (default true). */
  lock?: boolean;
  /** Stand-ins for packages the bundle requires (better-sqlite3 is left out of the bundle). */
  modules?: Record<string, unknown>;
}

export function fakeElectron(appPath: string, { lock = true } = {}) {
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

async function runMain(running: ReturnType<typeof fakeElectron>[], appPath: string, options?: RunOptions) {
  const code = await mainBundle();
  const fake = fakeElectron(appPath, options);
  const fakeRequire = (id: string) =>
    id === 'electron' ? fake.electron : (options?.modules?.[id] ?? requireFromRoot(id));
  const module = { exports: {} };
  new Function('require', 'module', 'exports', '__filename', '__dirname', code)(
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

function appFolder(
  dirs: string[],
  { native = true, renderer = true }: { native?: boolean; renderer?: boolean } = {},
): string {
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

export type MainRun = Awaited<ReturnType<typeof runMain>>;

/**
 * For a test file: runs main.ts's bundle against a fresh fake electron module in an app folder
 * made for it (with the Node build of better-sqlite3 as the Electron one, and a renderer page
 * unless told otherwise). Each test's runs are quit and their folders removed afterwards.
 */
export function useElectronMain() {
  const running: ReturnType<typeof fakeElectron>[] = [];
  const dirs: string[] = [];
  const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  beforeAll(() => mainBundle().then(() => undefined));
  afterEach(() => {
    // Quitting closes any workspace a test left open, so its folder can be removed.
    for (const fake of running.splice(0)) fake.emit('will-quit');
    consoleError.mockClear();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    runMain: (appPath: string, options?: RunOptions) => runMain(running, appPath, options),
    appFolder: (options?: { native?: boolean; renderer?: boolean }) => appFolder(dirs, options),
  };
}
