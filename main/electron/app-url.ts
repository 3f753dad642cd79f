/**
 * The renderer is served from a custom scheme instead of file:// so that it has a real origin:
 * CSP 'self', same-origin checks on navigation and IPC, and the module scripts Vite emits all
 * work, and no page can reach other files on disk by URL.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kinerja';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True only for URLs of the app's own origin. Compared part by part rather than by prefix,
 * because `app://kinerja.evil/` or `app://kinerja@evil/` start with the same characters.
 */
export function isTrustedUrl(url: string | null | undefined): boolean {
  if (typeof url !== 'string' || url === '') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
