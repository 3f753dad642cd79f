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
  const name = hash.replace(/^#\/?/, '');
  return isScreen(name) ? name : 'dashboard';
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
