import { describe, expect, it } from 'vitest';
import { findBrowser } from './find-chromium.js';

const noPlaywright = () => {
  throw new Error('not installed');
};

describe('findBrowser', () => {
  it('prefers CHROME_PATH', () => {
    const path = findBrowser({
      env: { CHROME_PATH: '/opt/chrome' },
      exists: () => true,
      playwrightPath: noPlaywright,
    });
    expect(path).toBe('/opt/chrome');
  });

  it('says so when CHROME_PATH points nowhere', () => {
    expect(() => findBrowser({ env: { CHROME_PATH: '/nope' }, exists: () => false })).toThrow(/CHROME_PATH/);
  });

  it("falls back to Debian's Chromium, then Playwright's", () => {
    expect(
      findBrowser({ env: {}, exists: (f) => f === '/usr/bin/chromium', playwrightPath: noPlaywright }),
    ).toBe('/usr/bin/chromium');
    expect(
      findBrowser({ env: {}, exists: (f) => f === '/pw/chrome', playwrightPath: () => '/pw/chrome' }),
    ).toBe('/pw/chrome');
  });

  it('explains how to get a browser when there is none', () => {
    expect(() => findBrowser({ env: {}, exists: () => false, playwrightPath: () => '/pw/chrome' })).toThrow(
      /apt-get install chromium.*CHROME_PATH/s,
    );
  });
});
