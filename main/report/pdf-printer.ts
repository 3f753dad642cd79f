import type { Browser, Page } from 'playwright-core';
import { KinerjaError } from '../../shared/contract/errors.js';
import { browserArgs, findBrowser } from './find-chromium.js';
import {
  footerTemplate,
  jobSelector,
  PRINT_MARGINS_MM,
  READY_SELECTOR,
  SETTLED_SELECTOR,
  withJob,
} from './print-footer.js';

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
 * started on the first PDF and reused for the next ones (a team's twenty appraisals).
 * `appUrl` is the running host's address with its token.
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
  // One page prints every PDF: the next one only changes the hash, so the app's code and
  // styles load once; a page that crashed or errored is replaced by a fresh one.
  let page: Promise<Page> | null = null;
  let jobs = 0;
  const freshPage = async () => {
    const context = await (await browser!).newContext();
    const p = await context.newPage();
    return p;
  };
  const printOne = async (route: string, { paper }: { paper: Paper }): Promise<Buffer> => {
    browser ??= launch().catch((e: unknown) => {
      browser = null;
      throw e;
    });
    const job = ++jobs;
    const jobRoute = withJob(route, job);
    const reuse = page !== null;
    page ??= freshPage().catch((e: unknown) => {
      page = null;
      throw e;
    });
    const current = await page;
    // From here on the time is the page's: loading its numbers, drawing charts, printing.
    const started = performance.now();
    const errors: string[] = [];
    const onError = (e: Error) => errors.push(e.message);
    current.on('pageerror', onError);
    try {
      if (reuse) {
        await current.evaluate(`window.location.hash = ${JSON.stringify(jobRoute)}`);
      } else {
        const base = new URL(appUrl());
        base.hash = jobRoute;
        await current.goto(base.toString());
      }
      await waitUntilPrintable(current, job, errors);
      const pdf = await current.pdf({
        format: paper,
        printBackground: true,
        preferCSSPageSize: false,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: await pageFooter(current, job),
        margin: {
          top: `${PRINT_MARGINS_MM.top}mm`,
          bottom: `${PRINT_MARGINS_MM.bottom}mm`,
          left: `${PRINT_MARGINS_MM.left}mm`,
          right: `${PRINT_MARGINS_MM.right}mm`,
        },
      });
      // `npm run bench` reads how long each page took, apart from starting the browser.
      if (process.env.KINERJA_PDF_TIMINGS === '1') {
        process.stderr.write(
          `PDF_RENDER_MS=${Math.round(performance.now() - started)} ${route.split('?')[0]}\n`,
        );
      }
      return pdf;
    } catch (e) {
      // Start the next PDF on a fresh page rather than one left in an unknown state.
      page = null;
      await current
        .context()
        .close()
        .catch(() => undefined);
      throw e;
    } finally {
      current.off('pageerror', onError);
    }
  };
  // One page, one PDF at a time: two requests at once (browser mode) wait their turn instead
  // of moving the page under each other.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    print(route, options) {
      const next = queue.then(() => printOne(route, options));
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      const b = browser;
      browser = null;
      page = null;
      if (b) await (await b.catch(() => null))?.close();
    },
  };
}

type PageLike = import('playwright-core').Page;

/**
 * A print page marks itself when its data is loaded and its charts are drawn
 * (`data-print-state="ready"`), or says what went wrong (`"error"` with the message).
 */
async function waitUntilPrintable(page: PageLike, job: number, errors: string[]): Promise<void> {
  try {
    await page.waitForSelector(jobSelector(job, SETTLED_SELECTOR), {
      timeout: READY_TIMEOUT_MS,
    });
  } catch {
    throw new KinerjaError(
      'internal',
      `The print page did not finish within ${READY_TIMEOUT_MS / 1000} s${errors.length ? `: ${errors[0]}` : ''}`,
    );
  }
  const failed = await page.$(jobSelector(job, '[data-print-state="error"]'));
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
async function pageFooter(page: PageLike, job: number): Promise<string> {
  const ready = jobSelector(job, READY_SELECTOR);
  const words = {
    page: (await page.getAttribute(ready, 'data-footer-page')) ?? 'Page',
    of: (await page.getAttribute(ready, 'data-footer-of')) ?? 'of',
    left: (await page.getAttribute(ready, 'data-footer-left')) ?? '',
  };
  return footerTemplate(words);
}
