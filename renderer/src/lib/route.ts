import { useSyncExternalStore } from 'react';

export const screens = [
  'dashboard',
  'data-entry',
  'targets',
  'kpi-library',
  'reviews',
  'appraisals',
  'import',
  'settings',
] as const;

export type Screen = (typeof screens)[number];

function isScreen(value: string): value is Screen {
  return (screens as readonly string[]).includes(value);
}

// Hash routes work the same from the loopback host and from a file:// page in Electron.
export function screenFromHash(hash: string): Screen {
  const name = hash.replace(/^#\/?/, '').split('?')[0]!;
  return isScreen(name) ? name : 'dashboard';
}

/** The view's state after the screen name (`#/dashboard?period=2025-03&scope=owner%3DBudi`). */
export function paramsFromHash(hash: string): URLSearchParams {
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

export const hrefOf = (screen: Screen) => `#/${screen}`;

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useScreen(): Screen {
  return useSyncExternalStore(subscribe, () => screenFromHash(window.location.hash));
}

export function navigate(screen: Screen): void {
  window.location.hash = hrefOf(screen);
}

/** One view parameter from the URL, so a view reopens (or is bookmarked) as it was left. */
export function useRouteParam(name: string): string | null {
  return useSyncExternalStore(subscribe, () => paramsFromHash(window.location.hash).get(name));
}

/**
 * Changes view parameters in the URL (null removes one). Replaces the history entry: stepping
 * through months should not fill the Back button.
 */
export function setRouteParams(changes: Record<string, string | null>): void {
  const screen = screenFromHash(window.location.hash);
  const params = paramsFromHash(window.location.hash);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) params.delete(k);
    else params.set(k, v);
  }
  const query = params.toString();
  const url = new URL(window.location.href);
  url.hash = `/${screen}${query ? `?${query}` : ''}`;
  window.history.replaceState(window.history.state, '', url);
  // replaceState fires no hashchange: tell the subscribers.
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
