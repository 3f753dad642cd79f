import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
import { callNames } from '../../shared/contract/api.js';
import {
  ALLOWED_CALLS_SWITCH,
  createBridge,
  encodeAllowedCalls,
  readAllowedCalls,
  type IpcRendererLike,
} from '../../main/electron/bridge.js';
import { INVOKE_CHANNEL } from '../../main/electron/ipc.js';

const allowedCallNames = [...callNames];

function fakeIpcRenderer() {
  const invoke = vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: 'from main' }));
  const ipcRenderer: IpcRendererLike = { invoke };
  return { ipcRenderer, invoke };
}

describe('createBridge', () => {
  it('answers names outside the allow-list itself, without sending anything', async () => {
    const { ipcRenderer, invoke } = fakeIpcRenderer();
    const bridge = createBridge(ipcRenderer, allowedCallNames);
    for (const name of ['workspace/delete', 'fs/read', '__proto__', 'hasOwnProperty', '', 'kinerja:invoke']) {
      await expect(bridge.invoke(name, {})).resolves.toMatchObject({
        ok: false,
        error: { kind: 'unknown_call' },
      });
    }
    for (const name of [undefined, null, 42, {}, ['workspace/current']]) {
      await expect(bridge.invoke(name as unknown as string, {})).resolves.toMatchObject({ ok: false });
    }
    expect(invoke).not.toHaveBeenCalled();
  });

  it('sends allowed calls on the one channel and returns the reply', async () => {
    const { ipcRenderer, invoke } = fakeIpcRenderer();
    const bridge = createBridge(ipcRenderer, allowedCallNames);
    await expect(bridge.invoke('values/list', { kpi: 'revenue' })).resolves.toEqual({
      ok: true,
      value: 'from main',
    });
    await bridge.invoke('workspace/current');
    expect(invoke.mock.calls).toEqual([
      [INVOKE_CHANNEL, 'values/list', { kpi: 'revenue' }],
      [INVOKE_CHANNEL, 'workspace/current', {}],
    ]);
  });

  it('exposes invoke and pathForFile and nothing else, and cannot be altered by the page', () => {
    const bridge = createBridge(fakeIpcRenderer().ipcRenderer, allowedCallNames);
    expect(Object.keys(bridge)).toEqual(['invoke', 'pathForFile']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('gives the path of a dropped file, and an empty one for anything else', () => {
    const dropped = { name: 'deals.csv' };
    const bridge = createBridge(fakeIpcRenderer().ipcRenderer, allowedCallNames, (file: unknown) => {
      if (file !== dropped) throw new TypeError('Error processing argument at index 0');
      return '/home/sari/Unduhan/deals.csv';
    });
    expect(bridge.pathForFile(dropped)).toBe('/home/sari/Unduhan/deals.csv');
    expect(bridge.pathForFile('/etc/passwd')).toBe('');
  });

  it('is not widened by changing the list it was built from', async () => {
    const { ipcRenderer, invoke } = fakeIpcRenderer();
    const names: string[] = ['workspace/current'];
    const bridge = createBridge(ipcRenderer, names);
    names.push('workspace/open');
    await bridge.invoke('workspace/open', { path: '/x' });
    expect(invoke).not.toHaveBeenCalled();
  });
});

describe('the allow-list switch', () => {
  it('carries every contract call from main to the preload unchanged', () => {
    const argv = [
      '/opt/Kinerja/kinerja',
      '--type=renderer',
      encodeAllowedCalls(callNames),
      '--enable-sandbox',
    ];
    expect(readAllowedCalls(argv)).toEqual(callNames);
  });

  it('allows nothing when the switch is missing or empty', () => {
    expect(readAllowedCalls(['/opt/Kinerja/kinerja', '--type=renderer'])).toEqual([]);
    expect(readAllowedCalls([ALLOWED_CALLS_SWITCH])).toEqual([]);
  });

  it('drops anything that is not a domain/verb name', () => {
    const argv = [`${ALLOWED_CALLS_SWITCH}workspace/current,__proto__,../x,a/b/c,,values/set`];
    expect(readAllowedCalls(argv)).toEqual(['workspace/current', 'values/set']);
  });

  it('refuses to encode a name that could not be read back', () => {
    expect(() => encodeAllowedCalls(['workspace/current', 'bad,name/x'])).toThrow(/domain\/verb/);
  });
});

describe('the bundled preload', () => {
  async function bundle(): Promise<string> {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../../main/electron/preload.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    return result.outputFiles[0]?.text ?? '';
  }

  it("requires nothing but 'electron', as a sandboxed preload must", async () => {
    const code = await bundle();
    const required = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    // A preload that pulls in the contract's schema library would be many times this size.
    expect(code.length).toBeLessThan(20_000);
  });

  it("exposes one object, 'kinerja', whose invoke filters names and uses the one channel; pathForFile asks webUtils", async () => {
    const code = await bundle();
    const exposeInMainWorld = vi.fn();
    const invoke = vi.fn(async () => ({ ok: true, value: null }));
    const fakeElectron = {
      contextBridge: { exposeInMainWorld },
      ipcRenderer: { invoke, send: vi.fn(), on: vi.fn() },
      webUtils: { getPathForFile: (f: { fakePath: string }) => f.fakePath },
    };
    const sandboxRequire = (id: string) => {
      if (id === 'electron') return fakeElectron;
      throw new Error(`a sandboxed preload cannot require '${id}'`);
    };
    // Only what a sandboxed preload gets is passed: require('electron') and a process with argv.
    const sandboxProcess = {
      argv: ['/opt/Kinerja/kinerja', '--type=renderer', encodeAllowedCalls(callNames)],
    };
    new Function('require', 'process', code)(sandboxRequire, sandboxProcess);

    expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = exposeInMainWorld.mock.calls[0] as [
      string,
      { invoke(n: string, r?: unknown): Promise<unknown>; pathForFile(f: unknown): string },
    ];
    expect(key).toBe('kinerja');
    expect(Object.keys(api)).toEqual(['invoke', 'pathForFile']);
    expect(api.pathForFile({ fakePath: '/home/sari/deals.csv' })).toBe('/home/sari/deals.csv');

    await expect(api.invoke('shell/exec', { cmd: 'rm' })).resolves.toMatchObject({ ok: false });
    expect(invoke).not.toHaveBeenCalled();
    await api.invoke('workspace/current', {});
    expect(invoke).toHaveBeenCalledWith(INVOKE_CHANNEL, 'workspace/current', {});
    expect(fakeElectron.ipcRenderer.send).not.toHaveBeenCalled();
    expect(fakeElectron.ipcRenderer.on).not.toHaveBeenCalled();
  });
});
