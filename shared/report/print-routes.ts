/**
 * The print pages' addresses, built by the hosts that render PDFs and read by the renderer's
 * print pages: one definition, so the two cannot drift apart.
 */
export type PrintLanguage = 'id' | 'en';

export type PrintRequest = (
  | { kind: 'appraisal'; person: string; period: string }
  | { kind: 'review'; period: string; scope: string | null; reviewId: number | null }
) & {
  lang: PrintLanguage;
  /**
   * A number the printing host gives each PDF: one browser page prints many (a team's
   * appraisals), and the host waits for the page that answers this job, not the previous one.
   */
  job?: number;
};

/** `/print/appraisal?person=…` — a hash route (the part after `#`). */
export function printRoute(request: PrintRequest): string {
  const params = new URLSearchParams({ lang: request.lang, period: request.period });
  if (request.job !== undefined) params.set('job', String(request.job));
  if (request.kind === 'appraisal') params.set('person', request.person);
  else {
    if (request.scope) params.set('scope', request.scope);
    if (request.reviewId !== null) params.set('review', String(request.reviewId));
  }
  return `/print/${request.kind}?${params.toString()}`;
}

/** The print request in a hash (`#/print/appraisal?…`), or null when the hash is no print page. */
export function printRequestFromHash(hash: string): PrintRequest | null {
  const m = /^#?\/print\/(appraisal|review)(?:\?(.*))?$/.exec(hash);
  if (!m) return null;
  const params = new URLSearchParams(m[2] ?? '');
  const lang: PrintLanguage = params.get('lang') === 'en' ? 'en' : 'id';
  const period = params.get('period') ?? '';
  const jobNumber = Number(params.get('job'));
  const job = params.has('job') && Number.isSafeInteger(jobNumber) ? { job: jobNumber } : {};
  if (m[1] === 'appraisal')
    return { kind: 'appraisal', person: params.get('person') ?? '', period, lang, ...job };
  const review = Number(params.get('review'));
  return {
    kind: 'review',
    period,
    scope: params.get('scope'),
    reviewId: Number.isSafeInteger(review) && review > 0 ? review : null,
    lang,
    ...job,
  };
}
