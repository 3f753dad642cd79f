import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { createDispatch, type Dispatch } from '../../main/core/dispatch.js';
import { Session } from '../../main/core/session.js';
import { APP_ENTRY_URL, isTrustedUrl } from '../../main/electron/app-url.js';
import {
  INVOKE_CHANNEL,
  registerIpc,
  type InvokeEventLike,
  type InvokeListener,
  type IpcMainLike,
} from '../../main/electron/ipc.js';

/** Behaves like ipcMain: one handler per channel, a second registration is an error. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, InvokeListener>();
  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  async invoke(event: InvokeEventLike, ...args: unknown[]): Promise<unknown> {
    const listener = this.handlers.get(INVOKE_CHANNEL);
    if (!listener) throw new Error(`No handler registered for '${INVOKE_CHANNEL}'`);
    return listener(event, ...args);
  }
}

const fromApp: InvokeEventLike = { senderFrame: { url: APP_ENTRY_URL } };

describe('registerIpc', () => {
  let ipc: FakeIpcMain;
  let session: Session;
  let dispatch: Mock<Dispatch>;
  let dir: string;

  beforeEach(() => {
    ipc = new FakeIpcMain();
    session = new Session();
    dispatch = vi.fn(createDispatch({ session }));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-ipc-'));
  });

  afterEach(() => {
    session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registers exactly one channel', () => {
    registerIpc(ipc, dispatch, isTrustedUrl);
    expect([...ipc.handlers.keys()]).toEqual([INVOKE_CHANNEL]);
  });

  it.each<[string, InvokeEventLike]>([
    ['a null senderFrame', { senderFrame: null }],
    ['a missing senderFrame', {}],
    [
      'a disposed frame',
      {
        get senderFrame(): { url: string } {
          throw new Error('Render frame was disposed before WebFrameMain could be accessed');
        },
      },
    ],
  ])('refuses calls from %s without reaching the core', async (_label, event) => {
    registerIpc(ipc, dispatch, isTrustedUrl);
    const reply = await ipc.invoke(event, 'workspace/current', {});
    expect(reply).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it.each([
    'https://evil.example/',
    'http://127.0.0.1:5173/',
    'file:///etc/passwd',
    'app://kinerja.evil/index.html',
    'app://kinerja@evil/index.html',
    'devtools://devtools/bundled/inspector.html',
    '',
  ])('refuses calls from a frame showing %j', async (url) => {
    registerIpc(ipc, dispatch, isTrustedUrl);
    const reply = await ipc.invoke({ senderFrame: { url } }, 'workspace/current', {});
    expect(reply).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('rejects a call that is not in the contract', async () => {
    registerIpc(ipc, dispatch, isTrustedUrl);
    for (const name of ['workspace/delete', '__proto__', 'constructor', 42, null]) {
      const reply = await ipc.invoke(fromApp, name, {});
      expect(reply).toMatchObject({ ok: false, error: { kind: 'unknown_call' } });
    }
  });

  it('rejects a request that does not match the contract', async () => {
    registerIpc(ipc, dispatch, isTrustedUrl);
    const reply = await ipc.invoke(fromApp, 'workspace/open', { path: 42 });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
  });

  it('passes a valid call from the app to the core', async () => {
    registerIpc(ipc, dispatch, isTrustedUrl);
    expect(await ipc.invoke(fromApp, 'workspace/current', {})).toEqual({ ok: true, value: null });
    expect(dispatch).toHaveBeenCalledWith('workspace/current', {});
  });

  it('drives a real workspace through the channel', async () => {
    registerIpc(ipc, dispatch, isTrustedUrl);
    const file = path.join(dir, 'client.kinerja');
    const created = await ipc.invoke({ senderFrame: { url: 'app://kinerja/settings' } }, 'workspace/create', {
      path: file,
      name: 'Toko Maju',
    });
    expect(created).toMatchObject({ ok: true, value: { path: file } });
    expect(await ipc.invoke(fromApp, 'workspace/current', {})).toMatchObject({
      ok: true,
      value: { path: file },
    });
    expect(fs.existsSync(file)).toBe(true);
  });

  it('unregisters its handler', async () => {
    const unregister = registerIpc(ipc, dispatch, isTrustedUrl);
    unregister();
    expect(ipc.handlers.size).toBe(0);
    await expect(ipc.invoke(fromApp, 'workspace/current', {})).rejects.toThrow(/No handler/);
    // Registering again after unregistering must work, e.g. when the app re-initialises.
    registerIpc(ipc, dispatch, isTrustedUrl);
    expect(ipc.handlers.size).toBe(1);
  });
});

describe('isTrustedUrl', () => {
  it('accepts the app origin only', () => {
    expect(isTrustedUrl('app://kinerja/index.html')).toBe(true);
    expect(isTrustedUrl('app://kinerja/reviews/2026-Q1?x=1#top')).toBe(true);
    for (const url of [
      'app://kinerja:8080/',
      'app://user:pw@kinerja/',
      'app://other/',
      'https://kinerja/',
      'file://kinerja/index.html',
      'not a url',
      null,
      undefined,
    ]) {
      expect(isTrustedUrl(url), String(url)).toBe(false);
    }
  });
});
