import type { Reply } from '../../shared/contract/api.js';
import type { Dispatch } from '../core/dispatch.js';

/** The only IPC channel the app has; the preload sends every contract call through it. */
export const INVOKE_CHANNEL = 'kinerja:invoke';

/** What ipcMain.handle passes as the event; only the sending frame is looked at. */
export interface InvokeEventLike {
  readonly senderFrame?: { readonly url: string } | null;
}

export type InvokeListener = (event: InvokeEventLike, ...args: unknown[]) => unknown;

/** The part of Electron's ipcMain used here, so registration tests run without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: InvokeListener): void;
  removeHandler(channel: string): void;
}

function forbidden(message: string): Reply<never> {
  return { ok: false, error: { kind: 'forbidden', message } };
}

/** Electron's frame getters throw once the frame is disposed; that counts as no frame. */
function senderUrl(event: InvokeEventLike | undefined): string | null {
  try {
    const url = event?.senderFrame?.url;
    return typeof url === 'string' ? url : null;
  } catch {
    return null;
  }
}

/**
 * Connects the contract to IPC. Only frames showing the app's own pages may call: if a
 * foreign page ever ended up in a window (or a frame was torn down mid-call and its URL is
 * unknown) it gets a `forbidden` reply and the core is never reached. Everything else
 * (unknown names, bad requests) is the dispatcher's job, exactly as for the HTTP host.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  dispatch: Dispatch,
  isTrustedUrl: (url: string) => boolean,
): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, name, request) => {
    const url = senderUrl(event);
    if (url === null) return forbidden('Call refused: the sending frame is gone');
    if (!isTrustedUrl(url)) return forbidden('Call refused: it does not come from the Kinerja app');
    return dispatch(name, request);
  });
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}
