import type { Browser } from 'playwright-core';
import { KinerjaError } from '../../shared/contract/errors.js';
import { browserArgs, findBrowser } from './find-chromium.js';
import { footerTemplate, PRINT_MARGINS_MM, READY_SELECTOR, SETTLED_SELECTOR } from './print-footer.js';

export type Paper = 'A4' | 'Letter';

/**
 * Renders one of the app's print pages to PDF. The print pages are the renderer's own
 * (`#/print/...`): the PDF shows what the screen shows, from the same numbers, in one layout.
 */
export interface PdfPrinter {
  /** `route` is the hash route of a print page, e.g. `/print/appraisal?person=…&period=…&lang=id`. */
  print(route: string, options: { paper: Paper }): Promise<Buffer>;
  close(): Promise<void>;
}

/** How long a print page may take to load its numbers and draw its charts. */
const READY_TIMEOUT_MS = 60_000;

/**
 * Headless Chromium through playwright-core, for the CLI and browser mode. One browser is
 * started on the first PDF and reused for the next ones (a team's twenty appraisals), each in
 * a fresh page. `appUrl` is the running host's address with its token.
 */
export function chromiumPdfPrinter(appUrl: () => string): PdfPrinter {
  let browser: Promise<Browser> | null = null;
  const launch = async () => {
    // Loaded on the first PDF only: every other command starts without it.
    const { chromium } = await import('playwright-core');
    const executablePath = findBrowser({ playwrightPath: () => chromium.executablePath() });
    return chromium.launch({ executablePath, args: browserArgs }).catch((e: unknown) => {
      browser = null;
      throw new KinerjaError(
        'internal',
        `Chromium (${executablePath}) could not be started to make the PDF: ${(e as Error).message.split('\n')[0]}`,
      );
    });
  };
  return {
    async print(route, { paper }) {
      browser ??= launch().catch((e: unknown) => {
        browser = null;
        throw e;
      });
      const context = await (await browser).newContext();
      try {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        const base = new URL(appUrl());
        base.hash = route;
        await page.goto(base.toString());
        await waitUntilPrintable(page, errors);
        return await page.pdf({
          format: paper,
          printBackground: true,
          preferCSSPageSize: false,
          displayHeaderFooter: true,
          headerTemplate: '<span></span>',
          footerTemplate: await pageFooter(page),
          margin: {
            top: `${PRINT_MARGINS_MM.top}mm`,
            bottom: `${PRINT_MARGINS_MM.bottom}mm`,
            left: `${PRINT_MARGINS_MM.left}mm`,
            right: `${PRINT_MARGINS_MM.right}mm`,
          },
        });
      } finally {
        await context.close();
      }
    },
    async close() {
      const b = browser;
      browser = null;
      if (b) await (await b.catch(() => null))?.close();
    },
  };
}

type PageLike = import('playwright-core').Page;

/**
 * A print page marks itself when its data is loaded and its charts are drawn
 * (`data-print-state="ready"`), or says what went wrong (`"error"` with the message).
 */
async function waitUntilPrintable(page: PageLike, errors: string[]): Promise<void> {
  try {
    await page.waitForSelector(SETTLED_SELECTOR, {
      timeout: READY_TIMEOUT_MS,
    });
  } catch {
    throw new KinerjaError(
      'internal',
      `The print page did not finish within ${READY_TIMEOUT_MS / 1000} s${errors.length ? `: ${errors[0]}` : ''}`,
    );
  }
  const failed = await page.$('[data-print-state="error"]');
  if (failed) {
    const message = (
      (await failed.getAttribute('data-print-error')) ??
      (await failed.textContent()) ??
      ''
    ).trim();
    throw new KinerjaError('invalid_request', message || 'The print page could not be made');
  }
}

/** The footer words the ready print page states in its own language. */
async function pageFooter(page: PageLike): Promise<string> {
  const words = {
    page: (await page.getAttribute(READY_SELECTOR, 'data-footer-page')) ?? 'Page',
    of: (await page.getAttribute(READY_SELECTOR, 'data-footer-of')) ?? 'of',
    left: (await page.getAttribute(READY_SELECTOR, 'data-footer-left')) ?? '',
  };
  return footerTemplate(words);
}
