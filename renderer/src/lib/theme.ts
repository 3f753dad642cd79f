import { useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
export const themeChoices: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** localStorage key of the theme picked on this computer (the default follows the system). */
export const THEME_KEY = 'kinerja.theme';

const listeners = new Set<() => void>();

export function storedTheme(): ThemeChoice {
  try {
    const value = window.localStorage.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

const systemDark = () => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;

/** Sets `data-theme` on the document to what the choice means now. */
export function applyTheme(choice = storedTheme()): void {
  const dark = choice === 'dark' || (choice === 'system' && systemDark());
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

export function chooseTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') window.localStorage.removeItem(THEME_KEY);
    else window.localStorage.setItem(THEME_KEY, choice);
  } catch {
    // Private windows may refuse storage; the choice then lasts for this session only.
  }
  applyTheme(choice);
  for (const l of listeners) l();
}

/** Applies the stored theme and follows the system's light/dark switch while the choice is "system". */
export function startTheme(): void {
  applyTheme();
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', () => {
    if (storedTheme() === 'system') applyTheme('system');
  });
}

export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, storedTheme);
}
