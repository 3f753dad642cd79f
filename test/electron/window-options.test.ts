import { describe, expect, it } from 'vitest';
import { readAllowedCalls } from '../../main/electron/bridge.js';
import { createWindowOptions } from '../../main/electron/window-options.js';

const allowedCalls = ['workspace/current', 'values/set'];

describe('createWindowOptions', () => {
  const options = createWindowOptions({
    preloadPath: '/app/dist/electron/preload.cjs',
    devTools: false,
    allowedCalls,
  });
  const web = options.webPreferences ?? {};

  it('isolates the page from Node and from the preload', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and webviews off', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
  });

  it('uses the given preload and developer-tools setting', () => {
    expect(web.preload).toBe('/app/dist/electron/preload.cjs');
    expect(web.devTools).toBe(false);
    expect(
      createWindowOptions({ preloadPath: 'p', devTools: true, allowedCalls }).webPreferences?.devTools,
    ).toBe(true);
  });

  it('hands the allow-list to the preload on its command line', () => {
    expect(readAllowedCalls(web.additionalArguments ?? [])).toEqual(allowedCalls);
  });

  it('opens a titled window big enough for the dashboard', () => {
    expect(options.title).toBe('Kinerja');
    expect(options.width).toBeGreaterThanOrEqual(1024);
    expect(options.height).toBeGreaterThanOrEqual(700);
    expect(options.minWidth).toBeGreaterThan(0);
    expect(options.show).toBe(false);
  });

  it('returns a fresh object each time so one window cannot change another', () => {
    const a = createWindowOptions({ preloadPath: 'p', devTools: false, allowedCalls });
    const b = createWindowOptions({ preloadPath: 'p', devTools: false, allowedCalls });
    expect(a).not.toBe(b);
    expect(a.webPreferences).not.toBe(b.webPreferences);
  });
});
