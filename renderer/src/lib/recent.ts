/** localStorage key of the workspaces opened on this computer, newest first. */
export const RECENT_KEY = 'kinerja.recentWorkspaces';
const MAX_RECENT = 8;

export interface RecentWorkspace {
  path: string;
  name: string;
  openedAt: string;
}

export function recentWorkspaces(): RecentWorkspace[] {
  try {
    const list = JSON.parse(window.localStorage.getItem(RECENT_KEY) ?? '[]') as unknown;
    return Array.isArray(list)
      ? list.filter((r): r is RecentWorkspace => typeof r?.path === 'string' && typeof r?.name === 'string')
      : [];
  } catch {
    return [];
  }
}

/** Puts a workspace first in the list (kept on this computer only, like the language). */
export function rememberWorkspace(path: string, name: string): void {
  const list = [
    { path, name, openedAt: new Date().toISOString() },
    ...recentWorkspaces().filter((r) => r.path !== path),
  ].slice(0, MAX_RECENT);
  try {
    window.localStorage.setItem(RECENT_KEY, JSON.stringify(list));
  } catch {
    // Private windows may refuse storage; the list then lasts for this session only.
  }
}

export function forgetWorkspace(path: string): void {
  try {
    window.localStorage.setItem(
      RECENT_KEY,
      JSON.stringify(recentWorkspaces().filter((r) => r.path !== path)),
    );
  } catch {
    // As above.
  }
}
