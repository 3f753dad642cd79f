import fs from 'node:fs';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { printRoute, type PrintRequest } from '../../../shared/report/print-routes.js';
import { writeFileAtomically } from '../files/atomic-write.js';
import { resolveUserPath } from '../files/user-path.js';
import { computeAppraisal } from '../scoring/appraisal.js';
import type { Handlers } from './types.js';

export const reportHandlers = {
  'report/pdf': async (req, { session, printPdf, baseDir }) => {
    const ws = session.require();
    if (!printPdf) {
      throw new KinerjaError(
        'not_found',
        'PDFs cannot be made here: no browser engine is set up to render them',
      );
    }
    const file = resolveUserPath(req.path, baseDir);
    // Say what is wrong before a browser starts: an unknown person or a period that is no period.
    let request: PrintRequest;
    if (req.kind === 'appraisal') {
      const appraisal = computeAppraisal(ws.db, ws.settings, req.person, req.period);
      request = { kind: 'appraisal', person: appraisal.person, period: appraisal.period, lang: req.lang };
    } else {
      request = {
        kind: 'review',
        period: req.period,
        scope: req.scope ?? null,
        reviewId: req.reviewId ?? null,
        lang: req.lang,
      };
    }
    // The folder is checked before the page is rendered, so a typo in the path costs no wait.
    let bytes = 0;
    const written = await writeFileAtomically(file, async (temp) => {
      const pdf = await printPdf(printRoute(request), { paper: req.paper });
      fs.writeFileSync(temp, pdf, { flag: 'wx' });
      bytes = pdf.length;
    });
    return { file: written, bytes };
  },
} satisfies Partial<Handlers>;
