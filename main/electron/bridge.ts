import type { Reply } from '../../shared/contract/api.js';
import { INVOKE_CHANNEL } from './ipc.js';

/** The one object the renderer sees as `window.kinerja`. */
export interface KinerjaBridge {
  invoke(name: string, request?: unknown): Promise<Reply<unknown>>;
  /**
   * The path of a file the user dropped on the window ('' when it has none): the page sees
   * only File objects, and the importer reads files by path.
   */
  pathForFile(file: unknown): string;
}

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
}

/**
 * The allow-list reaches the preload as a command-line switch of the renderer process
 * (webPreferences.additionalArguments): the contract module carries zod, which would
 * multiply the size of a preload that runs in every window, and a second IPC channel just
 * to ask for the list is exactly what the one-channel rule avoids. Main derives the list
 * from the contract, so a new call needs no change here.
 */
export const ALLOWED_CALLS_SWITCH = '--kinerja-calls=';
const CALL_NAME = /^[a-z][A-Za-z]*\/[a-z][A-Za-z]*$/;

export function encodeAllowedCalls(names: readonly string[]): string {
  for (const name of names) {
    if (!CALL_NAME.test(name)) throw new Error(`Call name '${name}' is not of the form domain/verb`);
  }
  return ALLOWED_CALLS_SWITCH + names.join(',');
}

/** Reads the list back; anything missing or malformed allows nothing rather than everything. */
export function readAllowedCalls(argv: readonly string[]): string[] {
  const arg = argv.findLast((a) => a.startsWith(ALLOWED_CALLS_SWITCH));
  if (arg === undefined) return [];
  return arg
    .slice(ALLOWED_CALLS_SWITCH.length)
    .split(',')
    .filter((name) => CALL_NAME.test(name));
}

/**
 * Builds what the preload exposes. Names outside the allow-list are answered here and never
 * reach IPC, so a compromised page cannot even probe the main process with them; the main
 * process still validates everything itself.
 */
export function createBridge(
  ipcRenderer: IpcRendererLike,
  allowedNames: Iterable<string>,
  /** Electron's webUtils.getPathForFile. */
  getPathForFile: (file: never) => string = () => '',
): KinerjaBridge {
  const allowed = new Set(allowedNames);
  return Object.freeze({
    invoke(name: string, request?: unknown): Promise<Reply<unknown>> {
      if (typeof name !== 'string' || !allowed.has(name)) {
        return Promise.resolve({
          ok: false,
          error: { kind: 'unknown_call', message: `Unknown call '${String(name)}'` },
        });
      }
      return ipcRenderer.invoke(INVOKE_CHANNEL, name, request ?? {}) as Promise<Reply<unknown>>;
    },
    pathForFile(file: unknown): string {
      try {
        return getPathForFile(file as never) || '';
      } catch {
        return ''; // not a File the user dropped or picked
      }
    },
  });
}
