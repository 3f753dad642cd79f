import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMenuTemplate } from '../../main/electron/menu.js';
import { nativeBindingPath, preloadPath, rendererDir } from '../../main/electron/paths.js';

// Electron's own type, reached through the shell so that tests need no electron import.
type MenuItemConstructorOptions = ReturnType<typeof createMenuTemplate>[number];

describe('paths', () => {
  const dev = { isPackaged: false, appPath: '/src/kinerja', resourcesPath: '/opt/electron/resources' };
  const packaged = {
    isPackaged: true,
    appPath: '/opt/Kinerja/resources/app.asar',
    resourcesPath: '/opt/Kinerja/resources',
  };

  it('loads the Electron build of better-sqlite3 from .electron-native in development', () => {
    expect(nativeBindingPath(dev)).toBe(path.join('/src/kinerja', '.electron-native', 'better_sqlite3.node'));
  });

  it('loads it from the unpacked resources when packaged, never from inside app.asar', () => {
    const binding = nativeBindingPath(packaged);
    expect(binding).toBe(path.join('/opt/Kinerja/resources', 'native', 'better_sqlite3.node'));
    expect(binding).not.toContain('app.asar');
  });

  it('finds the bundles where the build puts them', () => {
    expect(preloadPath(dev)).toBe(path.join('/src/kinerja', 'dist', 'electron', 'preload.cjs'));
    expect(rendererDir(packaged)).toBe(path.join('/opt/Kinerja/resources/app.asar', 'dist', 'renderer'));
  });
});

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('createMenuTemplate', () => {
  it('offers reload and developer tools only in development', () => {
    const dev = roles(createMenuTemplate({ isPackaged: false, platform: 'linux' }));
    const shipped = roles(createMenuTemplate({ isPackaged: true, platform: 'linux' }));
    expect(dev).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(shipped).not.toContain(role);
  });

  it('has File > Quit and the edit roles that make copy and paste work', () => {
    const template = createMenuTemplate({ isPackaged: true, platform: 'win32' });
    const file = template.find((item) => item.label === 'File');
    expect(Array.isArray(file?.submenu) && file.submenu.map((i) => i.role)).toEqual(['quit']);
    expect(roles(template)).toEqual(
      expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']),
    );
  });

  it('follows macOS conventions there', () => {
    const template = createMenuTemplate({ isPackaged: true, platform: 'darwin' });
    expect(template[0]?.role).toBe('appMenu');
  });

  it('uses roles only, so no menu item needs IPC or custom code', () => {
    const all = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
      items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? all(i.submenu) : [])]);
    for (const item of all(createMenuTemplate({ isPackaged: false, platform: 'linux' }))) {
      expect(item.click).toBeUndefined();
    }
  });
});
