import fs from 'node:fs';
import { chromium } from 'playwright-core';

export interface FindBrowserOptions {
  env?: NodeJS.ProcessEnv;
  exists?: (file: string) => boolean;
  /** Where Playwright's own Chromium would be; it may not be downloaded. */
  playwrightPath?: () => string;
}

/**
 * The Chromium the browser tests drive: CHROME_PATH, then Debian's /usr/bin/chromium, then
 * Playwright's own download. Nothing is downloaded here; without a browser the tests stop with
 * a message that says how to get one.
 */
export function findBrowser(options: FindBrowserOptions = {}): string {
  const env = options.env ?? process.env;
  const exists = options.exists ?? fs.existsSync;
  const playwrightPath = options.playwrightPath ?? (() => chromium.executablePath());

  const fromEnv = env.CHROME_PATH?.trim();
  if (fromEnv) {
    if (!exists(fromEnv)) throw new Error(`CHROME_PATH is set to ${fromEnv}, but there is no file there.`);
    return fromEnv;
  }
  if (exists('/usr/bin/chromium')) return '/usr/bin/chromium';
  let bundled: string | undefined;
  try {
    bundled = playwrightPath();
  } catch {
    bundled = undefined;
  }
  if (bundled && exists(bundled)) return bundled;
  throw new Error(
    'No Chromium found for the browser tests. Install one (Debian/Ubuntu: `sudo apt-get install chromium`, ' +
      'or `npx playwright install chromium`) or set CHROME_PATH to a Chrome or Chromium executable.',
  );
}

/** Flags that keep a headless run quiet and offline (design handbook §3). */
export const browserArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
