import { KinerjaError } from '../../shared/contract/errors.js';
import {
  footerTemplate,
  PRINT_MARGINS_MM,
  READY_SELECTOR,
  SETTLED_SELECTOR,
  type FooterWords,
} from '../report/print-footer.js';

/** The parts of a BrowserWindow the printer uses, so the logic runs in tests without Electron. */
export interface PrintWindow {
  loadURL(url: string): Promise<void>;
  webContents: {
    executeJavaScript(code: string): Promise<unknown>;
    printToPDF(options: {
      pageSize: 'A4' | 'Letter';
      printBackground: boolean;
      displayHeaderFooter: boolean;
      headerTemplate: string;
      footerTemplate: string;
      margins: { top: number; bottom: number; left: number; right: number };
    }): Promise<Buffer>;
  };
  destroy(): void;
}

const READY_TIMEOUT_MS = 60_000;
const POLL_MS = 50;
const inches = (mm: number) => mm / 25.4;

/**
 * PDFs in the desktop app: the print page loads in a hidden window of the app's own origin
 * (same sandbox and preload as the main window) and Chromium's printToPDF renders it — the
 * same page and the same footer as the CLI's headless Chromium.
 */
export function electronPdfPrinter(
  openHiddenWindow: () => PrintWindow,
  entryUrl: string,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): (route: string, options: { paper: 'A4' | 'Letter' }) => Promise<Buffer> {
  return async (route, { paper }) => {
    const win = openHiddenWindow();
    try {
      await win.loadURL(`${entryUrl}#${route}`);
      const js = (code: string) => win.webContents.executeJavaScript(code);
      const started = Date.now();
      // The page marks itself once its numbers are loaded and its charts drawn.
      while (!(await js(`!!document.querySelector(${JSON.stringify(SETTLED_SELECTOR)})`))) {
        if (Date.now() - started > READY_TIMEOUT_MS) {
          throw new KinerjaError(
            'internal',
            `The print page did not finish within ${READY_TIMEOUT_MS / 1000} s`,
          );
        }
        await wait(POLL_MS);
      }
      const words = (await js(
        `(() => { const el = document.querySelector(${JSON.stringify(READY_SELECTOR)});
          if (!el) { const failed = document.querySelector('[data-print-state="error"]');
            return { error: failed ? failed.getAttribute('data-print-error') || failed.textContent : '' }; }
          return { page: el.getAttribute('data-footer-page') || 'Page', of: el.getAttribute('data-footer-of') || 'of',
            left: el.getAttribute('data-footer-left') || '' }; })()`,
      )) as FooterWords | { error: string };
      if ('error' in words) {
        throw new KinerjaError('invalid_request', words.error.trim() || 'The print page could not be made');
      }
      return await win.webContents.printToPDF({
        pageSize: paper,
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: footerTemplate(words),
        margins: {
          top: inches(PRINT_MARGINS_MM.top),
          bottom: inches(PRINT_MARGINS_MM.bottom),
          left: inches(PRINT_MARGINS_MM.left),
          right: inches(PRINT_MARGINS_MM.right),
        },
      });
    } finally {
      win.destroy();
    }
  };
}
