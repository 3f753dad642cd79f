import { describe, expect, it } from 'vitest';
import { electronPdfPrinter, type PrintWindow } from '../../main/electron/print-pdf.js';

/** A stand-in window whose page becomes ready (or fails) after a few polls. */
function fakeWindow(state: 'ready' | 'error', pollsUntilSettled = 3) {
  const calls: {
    loaded?: string;
    printed?: Parameters<PrintWindow['webContents']['printToPDF']>[0];
    destroyed: boolean;
  } = {
    destroyed: false,
  };
  let polls = 0;
  const win: PrintWindow = {
    loadURL: async (url) => {
      calls.loaded = url;
    },
    webContents: {
      executeJavaScript: async (code) => {
        if (code.startsWith('!!')) return ++polls >= pollsUntilSettled;
        return state === 'ready'
          ? { page: 'Halaman', of: 'dari', left: 'PT Uji · Penilaian <kinerja>' }
          : { error: "Unknown owner 'Budi Santos'" };
      },
      printToPDF: async (options) => {
        calls.printed = options;
        return Buffer.from('%PDF-1.7');
      },
    },
    destroy: () => {
      calls.destroyed = true;
    },
  };
  return { win, calls };
}

describe('PDFs in the desktop app', () => {
  it('waits for the print page, prints it on the paper asked for with the footer in its language', async () => {
    const { win, calls } = fakeWindow('ready');
    const print = electronPdfPrinter(
      () => win,
      'app://kinerja/index.html',
      async () => {},
    );
    const pdf = await print('/print/appraisal?person=Budi&period=2026-Q1&lang=id', { paper: 'Letter' });
    expect(pdf.toString()).toBe('%PDF-1.7');
    expect(calls.loaded).toBe('app://kinerja/index.html#/print/appraisal?person=Budi&period=2026-Q1&lang=id');
    expect(calls.printed?.pageSize).toBe('Letter');
    expect(calls.printed?.footerTemplate).toContain('Halaman <span class="pageNumber"></span> dari');
    // The page's text is escaped: a name with markup cannot change the footer.
    expect(calls.printed?.footerTemplate).toContain('Penilaian &#60;kinerja&#62;');
    expect(calls.destroyed).toBe(true);
  });

  it("passes on the page's own error and still closes the hidden window", async () => {
    const { win, calls } = fakeWindow('error');
    const print = electronPdfPrinter(
      () => win,
      'app://kinerja/index.html',
      async () => {},
    );
    await expect(print('/print/appraisal?person=Budi%20Santos', { paper: 'A4' })).rejects.toThrow(
      "Unknown owner 'Budi Santos'",
    );
    expect(calls.printed).toBeUndefined();
    expect(calls.destroyed).toBe(true);
  });
});
