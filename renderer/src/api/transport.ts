import type { Reply } from '../../../shared/contract/api';
import type { Transport } from '../../../shared/contract/client';

/** What the Electron preload exposes; absent in browser mode. */
export interface KinerjaBridge {
  invoke(name: string, request?: unknown): Promise<Reply<unknown>>;
}

declare global {
  interface Window {
    kinerja?: KinerjaBridge;
  }
}

const failure = (kind: 'internal' | 'forbidden', message: string): Reply<unknown> => ({
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
