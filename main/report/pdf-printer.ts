import type { Browser } from 'playwright-core';
import { KinerjaError } from '../../shared/contract/errors.js';
import { browserArgs, findBrowser } from './find-chromium.js';

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
          margin: { top: '14mm', bottom: '16mm', left: '12mm', right: '12mm' },
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
    await page.waitForSelector('[data-print-state="ready"], [data-print-state="error"]', {
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

/**
 * Page numbers in the page's own language ("Halaman 2 dari 5"); the print page states the
 * words in data attributes so the footer needs no second copy of the translations.
 */
async function pageFooter(page: PageLike): Promise<string> {
  const ready = '[data-print-state="ready"]';
  const words = {
    page: (await page.getAttribute(ready, 'data-footer-page')) ?? 'Page',
    of: (await page.getAttribute(ready, 'data-footer-of')) ?? 'of',
    left: (await page.getAttribute(ready, 'data-footer-left')) ?? '',
  };
  const esc = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<div style="width:100%;font-size:8px;font-family:sans-serif;color:#555;padding:0 12mm;display:flex;justify-content:space-between">
    <span>${esc(words.left)}</span>
    <span>${esc(words.page)} <span class="pageNumber"></span> ${esc(words.of)} <span class="totalPages"></span></span>
  </div>`;
}
