import type { BrowserWindowConstructorOptions } from 'electron';
import { encodeAllowedCalls } from './bridge.js';

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (dist/electron/preload.cjs). */
  preloadPath: string;
  /** Developer tools only in development builds; a packaged app has no use for them. */
  devTools: boolean;
  /** The contract's call names: the only ones the preload will pass on. */
  allowedCalls: readonly string[];
}

/**
 * Every security-relevant setting is spelled out even where it matches Electron's default,
 * so that a future default change or a careless edit shows up in review and in the tests.
 */
export function createWindowOptions({
  preloadPath,
  devTools,
  allowedCalls,
}: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: 'Kinerja',
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    // Shown on 'ready-to-show' so the user never sees an empty white frame.
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      additionalArguments: [encodeAllowedCalls(allowedCalls)],
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools,
    },
  };
}
