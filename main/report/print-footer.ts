/** What a print page states for the footer (in its own language), from its data attributes. */
export interface FooterWords {
  page: string;
  of: string;
  left: string;
}

/** The attributes a ready print page carries; both PDF hosts read them. */
export const READY_SELECTOR = '[data-print-state="ready"]';
export const SETTLED_SELECTOR = '[data-print-state="ready"], [data-print-state="error"]';

/** The same, inside the page of one print job (`job` in the route). */
export const jobSelector = (job: number, inner: string): string =>
  inner
    .split(',')
    .map((part) => `[data-print-job="${job}"] ${part.trim()}`)
    .join(', ');

/** The route with the job number the print page echoes. */
export const withJob = (route: string, job: number): string =>
  `${route}${route.includes('?') ? '&' : '?'}job=${job}`;

/**
 * Chromium's footer template: the document title left, "Halaman 2 dari 5" right. Chromium
 * fills the pageNumber and totalPages spans; the rest is escaped text.
 */
export function footerTemplate(words: FooterWords): string {
  const esc = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<div style="width:100%;font-size:8px;font-family:sans-serif;color:#555;padding:0 12mm;display:flex;justify-content:space-between">
    <span>${esc(words.left)}</span>
    <span>${esc(words.page)} <span class="pageNumber"></span> ${esc(words.of)} <span class="totalPages"></span></span>
  </div>`;
}

/** Page margins shared by both hosts, so a PDF looks the same from the app and the CLI. */
export const PRINT_MARGINS_MM = { top: 14, bottom: 16, left: 12, right: 12 } as const;
