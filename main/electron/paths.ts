import path from 'node:path';

export interface AppLocation {
  /** app.isPackaged */
  isPackaged: boolean;
  /** app.getAppPath(): the project folder in development, .../resources/app.asar when packaged. */
  appPath: string;
  /** process.resourcesPath: where electron-builder puts extraResources. */
  resourcesPath: string;
}

/** File name of the Electron-ABI build made by scripts/prepare-electron-native.mjs. */
export const NATIVE_BINARY_NAME = 'better_sqlite3.node';

/**
 * node_modules/better-sqlite3 keeps its Node-ABI build so the CLI and the tests keep working;
 * the app loads a separate Electron-ABI build instead. It must live outside app.asar because
 * the OS loader cannot read inside an archive.
 */
export function nativeBindingPath(location: AppLocation): string {
  return location.isPackaged
    ? path.join(location.resourcesPath, 'native', NATIVE_BINARY_NAME)
    : path.join(location.appPath, '.electron-native', NATIVE_BINARY_NAME);
}

export function rendererDir(location: AppLocation): string {
  return path.join(location.appPath, 'dist', 'renderer');
}

/** The import worker; unpacked from the archive when packaged, because worker threads load plain files. */
export function importWorkerPath(location: AppLocation): string {
  const base = location.isPackaged
    ? location.appPath.replace(/app\.asar$/, 'app.asar.unpacked')
    : location.appPath;
  return path.join(base, 'dist', 'electron', 'import-worker.cjs');
}

/** The KPI question worker, beside the import worker (unpacked from the archive too). */
export function questionWorkerPath(location: AppLocation): string {
  return path.join(path.dirname(importWorkerPath(location)), 'question-worker.cjs');
}

export function preloadPath(location: AppLocation): string {
  return path.join(location.appPath, 'dist', 'electron', 'preload.cjs');
}
