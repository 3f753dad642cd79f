import type { Reply } from '../../../shared/contract/api';
import type { Transport } from '../../../shared/contract/client';

/** What the Electron preload exposes; absent in browser mode. */
export interface KinerjaBridge {
  invoke(name: string, request?: unknown): Promise<Reply<unknown>>;
  /** The path of a dropped file ('' when it has none). */
  pathForFile?(file: File): string;
}

declare global {
  interface Window {
    kinerja?: KinerjaBridge;
  }
}

const failure = (kind: 'internal' | 'forbidden', message: string): Reply<never> => ({
  ok: false,
  error: { kind, message },
});

/**
 * Browser mode: `POST /api/<domain>/<verb>` on the loopback host. The token travels in a
 * same-site cookie the host set when the printed URL was opened, so there is nothing to attach.
 */
export function fetchTransport(
  baseUrl = '/api/',
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): Transport {
  return async (name, request) => {
    let response: Response;
    try {
      response = await fetchImpl(baseUrl + name, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request ?? {}),
        credentials: 'same-origin',
      });
    } catch {
      return failure('internal', 'Kinerja is not reachable. Is `kinerja serve` still running?');
    }
    const text = await response.text();
    try {
      return JSON.parse(text) as Reply<unknown>;
    } catch {
      // The host answers refusals (wrong token, wrong Host) in plain text.
      const kind = response.status === 401 || response.status === 403 ? 'forbidden' : 'internal';
      return failure(kind, text.trim() || `HTTP ${response.status}`);
    }
  };
}

/** The desktop app talks through the preload bridge; anything else is browser mode. */
export function pickTransport(win: Pick<Window, 'kinerja'> = window): Transport {
  const bridge = win.kinerja;
  if (bridge && typeof bridge.invoke === 'function') return (name, request) => bridge.invoke(name, request);
  return fetchTransport();
}

/** The desktop app has a native file dialog (and paths); browser mode uploads the file instead. */
export function isDesktop(win: Pick<Window, 'kinerja'> = window): boolean {
  return typeof win.kinerja?.invoke === 'function';
}

/**
 * Browser mode: streams a file the user chose or dropped to the loopback host, which keeps it
 * in a private temp folder under its own name and answers with the path to import from.
 */
export async function uploadFile(
  file: File,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): Promise<Reply<{ path: string; name: string; bytes: number }>> {
  let response: Response;
  try {
    response = await fetchImpl(`/upload?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    return failure('internal', 'Kinerja is not reachable. Is `kinerja serve` still running?');
  }
  const text = await response.text();
  try {
    return JSON.parse(text) as Reply<{ path: string; name: string; bytes: number }>;
  } catch {
    return failure(
      response.status === 401 ? 'forbidden' : 'internal',
      text.trim() || `HTTP ${response.status}`,
    );
  }
}

/** The desktop app (its preload present) has native open and save dialogs; browser mode has none. */
export function hasNativeDialogs(): boolean {
  return typeof window !== 'undefined' && window.kinerja !== undefined;
}
