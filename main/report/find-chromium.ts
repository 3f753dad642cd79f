import fs from 'node:fs';
import { KinerjaError } from '../../shared/contract/errors.js';

export interface FindBrowserOptions {
  env?: NodeJS.ProcessEnv;
  exists?: (file: string) => boolean;
  /** Where Playwright's own Chromium would be (`chromium.executablePath()`); it may not be downloaded. */
  playwrightPath?: () => string;
}

/**
 * The Chromium that renders PDFs outside the desktop app (and that the browser tests drive):
 * CHROME_PATH, then Debian's /usr/bin/chromium, then Playwright's own download. Nothing is
 * downloaded; without a browser the message says how to get one.
 */
export function findBrowser(options: FindBrowserOptions = {}): string {
  const env = options.env ?? process.env;
  const exists = options.exists ?? fs.existsSync;
  const playwrightPath = options.playwrightPath ?? (() => '');

  const fromEnv = env.CHROME_PATH?.trim();
  if (fromEnv) {
    if (!exists(fromEnv)) {
      throw new KinerjaError('not_found', `CHROME_PATH is set to ${fromEnv}, but there is no file there`);
    }
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
  throw new KinerjaError(
    'not_found',
    'No Chromium found to make PDFs with. Install one (Debian/Ubuntu: `sudo apt-get install chromium`, ' +
      'or `npx playwright install chromium`) or set CHROME_PATH to a Chrome or Chromium executable',
  );
}

/** Flags that keep a headless run quiet and offline (DESIGN §3). */
export const browserArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
