import type { MenuItemConstructorOptions } from 'electron';

export interface MenuInput {
  isPackaged: boolean;
  platform: NodeJS.Platform;
}

/**
 * Roles only: each item is implemented by Electron and needs no IPC. Reload and developer
 * tools are development aids; in a packaged app a reload would only lose unsaved form input.
 */
export function createMenuTemplate({ isPackaged, platform }: MenuInput): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    ...(isPackaged
      ? []
      : ([
          { role: 'reload' },
          { role: 'forceReload' },
          { role: 'toggleDevTools' },
          { type: 'separator' },
        ] satisfies MenuItemConstructorOptions[])),
    // Zoom and full screen matter for review sessions on a projector.
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(platform === 'darwin' ? ([{ role: 'appMenu' }] satisfies MenuItemConstructorOptions[]) : []),
    { label: 'File', submenu: [platform === 'darwin' ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
}
