import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { createBridge } from '../../main/electron/bridge.js';
import { isTrustedUrl } from '../../main/electron/app-url.js';
import { CONTENT_SECURITY_POLICY } from '../../main/server/http-host.js';
import { useElectronMain, type MainRun } from '../helpers/electron-main.js';

/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security),
 * one test per item, each against the real code: main.ts's bundle run against a fake electron
 * module (test/helpers/electron-main.ts), the window options it passes, the handlers it
 * installs, and the packaging config as electron-builder reads it. The files named in
 * `alsoIn` test the same parts in more detail.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const requireFromRoot = createRequire(path.join(root, 'package.json'));
const { runMain, appFolder } = useElectronMain();

/**
 * The oldest Electron major this project may build with. Electron supports its latest three
 * majors; raise this with every upgrade so a downgrade shows up here.
 */
const ELECTRON_MAJOR_FLOOR = 45;

type Contents = { on: ReturnType<typeof vi.fn>; setWindowOpenHandler: ReturnType<typeof vi.fn> };

async function started(): Promise<MainRun> {
  const run = await runMain(appFolder());
  expect(run.record.errors).toEqual([]);
  expect(run.record.windows).toHaveLength(1);
  return run;
}

function mainWindow(run: MainRun) {
  const win = run.record.windows[0]!;
  return {
    url: win.url,
    web: win.options.webPreferences as Record<string, unknown>,
    contents: win.contents as Contents,
  };
}

/** Fires a wired listener of the window's contents; true when it called preventDefault. */
function emitPrevented(contents: Contents, name: string, url?: string): boolean {
  const listener = contents.on.mock.calls.find((c) => c[0] === name)?.[1] as
    ((event: unknown, ...args: unknown[]) => void) | undefined;
  if (!listener) throw new Error(`main.ts installed no '${name}' listener`);
  const event = { url, preventDefault: vi.fn() };
  listener(event, url);
  return event.preventDefault.mock.calls.length > 0;
}

function openWindow(contents: Contents, url: string): unknown {
  const handler = contents.setWindowOpenHandler.mock.calls[0]?.[0] as
    ((details: { url: string }) => unknown) | undefined;
  if (!handler) throw new Error('main.ts installed no window open handler');
  return handler({ url });
}

/** The CSP as directive name -> sources. */
function cspDirectives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

const foreign = [
  'https://example.com/',
  'http://127.0.0.1:5173/',
  'file:///etc/passwd',
  'app://kinerja.evil/',
];

interface ChecklistItem {
  item: number;
  title: string;
  alsoIn?: string;
  check: () => Promise<void> | void;
}

const checklist: ChecklistItem[] = [
  {
    item: 1,
    title: 'Only load secure content',
    alsoIn: 'main-wiring.test.ts, protocol.test.ts',
    check: async () => {
      const run = await started();
      // The one page is the app's own, from a scheme registered as secure, never http.
      expect(mainWindow(run).url).toBe('app://kinerja/index.html');
      expect(run.record.privileged).toEqual([
        { scheme: 'app', privileges: expect.objectContaining({ secure: true, standard: true }) },
      ]);
      // And the page may not pull anything in from the network: no source list names a host,
      // a scheme wildcard or *.
      for (const [name, sources] of cspDirectives(CONTENT_SECURITY_POLICY)) {
        for (const source of sources) {
          expect(source, `${name} ${source}`).toMatch(/^('self'|'none'|'unsafe-inline'|data:|blob:)$/);
        }
      }
    },
  },
  {
    item: 2,
    title: 'Do not enable Node.js integration for remote content',
    alsoIn: 'window-options.test.ts',
    check: async () => {
      const { web } = mainWindow(await started());
      expect(web.nodeIntegration).toBe(false);
      expect(web.nodeIntegrationInWorker).toBe(false);
      expect(web.nodeIntegrationInSubFrames).toBe(false);
    },
  },
  {
    item: 3,
    title: 'Enable context isolation',
    alsoIn: 'window-options.test.ts',
    check: async () => {
      expect(mainWindow(await started()).web.contextIsolation).toBe(true);
    },
  },
  {
    item: 4,
    title: 'Enable process sandboxing',
    alsoIn: 'main-wiring.test.ts',
    check: async () => {
      const run = await started();
      expect(mainWindow(run).web.sandbox).toBe(true);
      // app.enableSandbox() covers any renderer a future code path makes without these options;
      // it only works before 'ready'.
      expect(run.record.order.indexOf('enableSandbox')).toBeGreaterThanOrEqual(0);
      expect(run.record.order.indexOf('enableSandbox')).toBeLessThan(run.record.order.indexOf('handle:app'));
    },
  },
  {
    item: 5,
    title: 'Handle session permission requests from remote content',
    alsoIn: 'security.test.ts',
    check: async () => {
      const { record } = await started();
      const request = record.permissionRequest as unknown as (...a: unknown[]) => void;
      const check = record.permissionCheck as unknown as (...a: unknown[]) => boolean;
      for (const permission of ['media', 'notifications', 'geolocation', 'openExternal', 'clipboard-read']) {
        const callback = vi.fn();
        request({}, permission, callback);
        expect(callback, permission).toHaveBeenCalledWith(false);
        expect(check({}, permission), permission).toBe(false);
      }
    },
  },
  {
    item: 6,
    title: 'Do not disable webSecurity',
    alsoIn: 'window-options.test.ts',
    check: async () => {
      expect(mainWindow(await started()).web.webSecurity).toBe(true);
    },
  },
  {
    item: 7,
    title: 'Define a Content-Security-Policy',
    alsoIn: 'security.test.ts, protocol.test.ts',
    check: async () => {
      const { record } = await started();
      // On every page the app serves ...
      const served = await record.protocols.get('app')!({ url: 'app://kinerja/index.html', method: 'GET' });
      expect(served.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      // ... and put on the app's responses by the session, whatever served them.
      const callback = vi.fn();
      (record.headers as unknown as (...a: unknown[]) => void)(
        {
          url: 'app://kinerja/index.html',
          responseHeaders: { 'content-security-policy': ['default-src *'] },
        },
        callback,
      );
      expect(callback).toHaveBeenCalledWith({
        responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
      });
      const csp = cspDirectives(CONTENT_SECURITY_POLICY);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'none'"]);
    },
  },
  {
    item: 8,
    title: 'Do not enable allowRunningInsecureContent',
    alsoIn: 'window-options.test.ts',
    check: async () => {
      expect(mainWindow(await started()).web.allowRunningInsecureContent).toBe(false);
    },
  },
  {
    item: 9,
    title: 'Do not enable experimental features',
    alsoIn: 'window-options.test.ts',
    check: async () => {
      expect(mainWindow(await started()).web.experimentalFeatures).toBe(false);
    },
  },
  {
    item: 10,
    title: 'Do not use enableBlinkFeatures',
    check: async () => {
      const { web } = mainWindow(await started());
      expect(web).not.toHaveProperty('enableBlinkFeatures');
    },
  },
  {
    item: 11,
    title: '<webview>: Do not use allowpopups',
    alsoIn: 'security.test.ts',
    check: async () => {
      // No <webview> can exist: the tag is off and any attach is refused, popups or not.
      const { web, contents } = mainWindow(await started());
      expect(web.webviewTag).toBe(false);
      expect(emitPrevented(contents, 'will-attach-webview')).toBe(true);
    },
  },
  {
    item: 12,
    title: '<webview>: Verify options and params',
    alsoIn: 'security.test.ts',
    check: async () => {
      const { contents } = mainWindow(await started());
      // Whatever a page asks for, even the app's own page as src, the attach is refused.
      const listener = contents.on.mock.calls.find((c) => c[0] === 'will-attach-webview')?.[1] as (
        ...a: unknown[]
      ) => void;
      const event = { preventDefault: vi.fn() };
      const webPreferences = { nodeIntegration: true, preload: '/tmp/evil.js' };
      listener(event, webPreferences, { src: 'app://kinerja/index.html', allowpopups: 'true' });
      expect(event.preventDefault).toHaveBeenCalled();
    },
  },
  {
    item: 13,
    title: 'Disable or limit navigation',
    alsoIn: 'security.test.ts',
    check: async () => {
      const { contents } = mainWindow(await started());
      for (const name of ['will-navigate', 'will-redirect']) {
        for (const url of foreign) expect(emitPrevented(contents, name, url), `${name} ${url}`).toBe(true);
        expect(emitPrevented(contents, name, 'app://kinerja/reviews/2026-Q1')).toBe(false);
      }
    },
  },
  {
    item: 14,
    title: 'Disable or limit the creation of new windows',
    alsoIn: 'security.test.ts',
    check: async () => {
      const run = await started();
      const { contents } = mainWindow(run);
      for (const url of [...foreign, 'app://kinerja/index.html', 'about:blank']) {
        expect(openWindow(contents, url), url).toEqual({ action: 'deny' });
      }
      expect(run.record.windows).toHaveLength(1);
    },
  },
  {
    item: 15,
    title: 'Do not use shell.openExternal with untrusted content',
    alsoIn: 'security.test.ts',
    check: async () => {
      const run = await started();
      const { contents } = mainWindow(run);
      for (const url of [
        'https://kinerja.example/help',
        'file:///C:/Windows/System32/calc.exe',
        'smb://server/share',
        'ms-settings:privacy',
        'http://example.com/',
        'https://user:pw@example.com/',
      ]) {
        openWindow(contents, url);
      }
      expect(run.electron.shell.openExternal.mock.calls).toEqual([['https://kinerja.example/help']]);
    },
  },
  {
    item: 16,
    title: 'Use a current version of Electron',
    check: () => {
      const installed = (
        JSON.parse(fs.readFileSync(requireFromRoot.resolve('electron/package.json'), 'utf8')) as {
          version: string;
        }
      ).version;
      const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
        devDependencies: Record<string, string>;
      };
      const wanted = pkg.devDependencies.electron ?? '';
      expect(
        Number(/\d+/.exec(wanted)?.[0]),
        `package.json asks for electron ${wanted}`,
      ).toBeGreaterThanOrEqual(ELECTRON_MAJOR_FLOOR);
      expect(Number(installed.split('.')[0]), `installed electron ${installed}`).toBeGreaterThanOrEqual(
        ELECTRON_MAJOR_FLOOR,
      );
    },
  },
  {
    item: 17,
    title: 'Validate the sender of all IPC messages',
    alsoIn: 'ipc.test.ts',
    check: async () => {
      const { record } = await started();
      expect([...record.ipc.keys()]).toEqual(['kinerja:invoke']);
      const invoke = record.ipc.get('kinerja:invoke')!;
      for (const url of foreign) {
        expect(await invoke({ senderFrame: { url } }, 'workspace/current', {}), url).toMatchObject({
          ok: false,
          error: { kind: 'forbidden' },
        });
      }
      expect(await invoke({ senderFrame: null }, 'workspace/current', {})).toMatchObject({ ok: false });
      expect(
        await invoke({ senderFrame: { url: 'app://kinerja/index.html' } }, 'workspace/current', {}),
      ).toEqual({ ok: true, value: null });
    },
  },
  {
    item: 18,
    title: 'Avoid usage of the file:// protocol and prefer usage of custom protocols',
    alsoIn: 'protocol.test.ts',
    check: async () => {
      const dir = appFolder();
      fs.writeFileSync(path.join(dir, 'dist', 'secret.txt'), 'not for the page');
      const run = await runMain(dir);
      expect(new URL(mainWindow(run).url!).protocol).toBe('app:');
      expect([...run.record.protocols.keys()]).toEqual(['app']);
      // A file: page is not the app: it may not call it, nor be navigated to.
      expect(isTrustedUrl(`file://${path.join(dir, 'dist', 'renderer', 'index.html')}`)).toBe(false);
      // The custom protocol serves the renderer folder and nothing else on disk.
      const serve = run.record.protocols.get('app')!;
      expect(await (await serve({ url: 'app://kinerja/index.html' })).text()).toContain('<title>Kinerja');
      for (const url of [
        'app://kinerja/../secret.txt',
        'app://kinerja/%2e%2e/secret.txt',
        'app://kinerja/..%2fsecret.txt',
        'app://kinerja/..%5csecret.txt',
        'app://kinerja/%2e%2e%2fsecret.txt',
      ]) {
        const reply = await serve({ url });
        expect(await reply.text(), url).not.toContain('not for the page');
      }
    },
  },
  {
    item: 19,
    title: 'Check which fuses you can change',
    alsoIn: 'the "fuses" block below',
    check: async () => {
      const fuses = await builtFuses();
      expect(fuses.RunAsNode).toBe(false);
      expect(fuses.GrantFileProtocolExtraPrivileges).toBe(false);
      expect(fuses.OnlyLoadAppFromAsar).toBe(true);
      expect(fuses.EnableEmbeddedAsarIntegrityValidation).toBe(true);
    },
  },
  {
    item: 20,
    title: 'Do not expose Electron APIs to untrusted web content',
    alsoIn: 'preload.test.ts',
    check: async () => {
      // What the preload exposes: two functions, frozen, no ipcRenderer, no channel choice.
      const ipcRenderer = { invoke: vi.fn(async () => ({ ok: true, value: null })) };
      const bridge = createBridge(ipcRenderer, ['workspace/current']);
      expect(Object.keys(bridge).sort()).toEqual(['invoke', 'pathForFile']);
      expect(Object.isFrozen(bridge)).toBe(true);
      expect(await bridge.invoke('kinerja:invoke')).toMatchObject({ ok: false });
      await bridge.invoke('workspace/current');
      expect(ipcRenderer.invoke.mock.calls).toEqual([['kinerja:invoke', 'workspace/current', {}]]);
      // And the real window hands the preload only the contract's call names.
      const { web } = mainWindow(await started());
      expect(web.preload).toMatch(/preload\.cjs$/);
      expect(web.additionalArguments).toHaveLength(1);
    },
  },
];

describe("Electron's security checklist", () => {
  it('has all twenty items, each once', () => {
    expect(checklist.map((c) => c.item)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  for (const { item, title, alsoIn, check } of checklist) {
    it(`${item}. ${title}${alsoIn ? ` (also: ${alsoIn})` : ''}`, check);
  }
});

// ---------------------------------------------------------------------------------------------
// Fuses: electron-builder.yml read, validated and turned into fuse settings by electron-builder's
// own code, so a misspelt key or a value electron-builder would drop fails here.

/** app-builder-lib, and what it depends on, as electron-builder itself loads them. */
const fromBuilder = createRequire(requireFromRoot.resolve('app-builder-lib/package.json'));

interface BuilderConfig {
  electronFuses?: Record<string, unknown>;
  [key: string]: unknown;
}

function builderConfig(): BuilderConfig {
  const yaml = fromBuilder('js-yaml') as { load(text: string): unknown };
  return yaml.load(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

/** The fuses the packager flips, by @electron/fuses option name, plus its other settings. */
async function builtFuses(): Promise<Record<string, unknown>> {
  const { PlatformPackager } = fromBuilder('./out/index.js') as {
    PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> } };
  };
  const { FuseV1Options } = fromBuilder('@electron/fuses') as {
    FuseV1Options: Record<string, string | number>;
  };
  const config = await PlatformPackager.prototype.generateFuseConfig.call({}, builderConfig().electronFuses);
  const named: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    named[/^\d+$/.test(key) ? String(FuseV1Options[key]) : key] = value;
  }
  return named;
}

describe('fuses (electron-builder.yml electronFuses)', () => {
  it('passes electron-builder’s own schema check', async () => {
    const { validateConfiguration } = fromBuilder('./out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(builderConfig(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('sets every fuse the packager knows, each to its hardened value', async () => {
    const { FuseV1Options } = fromBuilder('@electron/fuses') as {
      FuseV1Options: Record<string, string | number>;
    };
    const every = Object.keys(FuseV1Options).filter((k) => !/^\d+$/.test(k));
    const fuses = await builtFuses();
    expect(
      Object.keys(fuses)
        .filter((k) => every.includes(k))
        .sort(),
    ).toEqual([...every].sort());
    expect(fuses).toEqual({
      version: '1',
      // No ELECTRON_RUN_AS_NODE, NODE_OPTIONS or --inspect: whoever can start the app cannot
      // make it run other code.
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      // The app runs from app.asar only, checked against the hash recorded in the executable.
      OnlyLoadAppFromAsar: true,
      EnableEmbeddedAsarIntegrityValidation: true,
      // file:// gets no more than a browser gives it (the app uses app://).
      GrantFileProtocolExtraPrivileges: false,
      EnableCookieEncryption: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      // An unsigned arm64 macOS build still starts after the flip.
      resetAdHocDarwinSignature: true,
    });
  });

  it('has the archive the integrity check needs', () => {
    expect(builderConfig().asar).toBe(true);
  });
});
