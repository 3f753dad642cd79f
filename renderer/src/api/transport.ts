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

/** Where browser mode keeps the token: per origin (port included) and per tab, kept on reload. */
export const TOKEN_KEY = 'kinerja-token';
let tokenInMemory: string | null = null;

type TokenWindow = Pick<Window, 'location' | 'history' | 'sessionStorage'>;

function storage(win: TokenWindow): Storage | null {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
}

/**
 * Browser mode: the printed URL carries the token (`/?token=…`). It moves into sessionStorage
 * and out of the address bar (and so out of bookmarks and shared screens); a reload finds it
 * there. It is never a cookie: browsers send cookies to every port of 127.0.0.1.
 */
export function takeTokenFromAddress(win: TokenWindow = window): void {
  const url = new URL(win.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return;
  tokenInMemory = token;
  try {
    storage(win)?.setItem(TOKEN_KEY, token);
  } catch {
    // Storage full or turned off: this page keeps it in memory.
  }
  url.searchParams.delete('token');
  win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
}

/** The headers that prove a call comes from the page opened with the printed URL. */
export function tokenHeaders(win: Pick<Window, 'sessionStorage'> = window): Record<string, string> {
  let token = tokenInMemory;
  try {
    token = storage(win as TokenWindow)?.getItem(TOKEN_KEY) ?? token;
  } catch {
    // As above.
  }
  return token ? { 'X-Kinerja-Token': token } : {};
}

/**
 * Browser mode: `POST /api/<domain>/<verb>` on the loopback host, the token in the
 * `X-Kinerja-Token` header.
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
        headers: { 'Content-Type': 'application/json', ...tokenHeaders() },
        body: JSON.stringify(request ?? {}),
        credentials: 'omit',
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
      headers: { 'Content-Type': 'application/octet-stream', ...tokenHeaders() },
      body: file,
      credentials: 'omit',
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
