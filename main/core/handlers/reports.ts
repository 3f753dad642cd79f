import fs from 'node:fs';
import path from 'node:path';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { printRoute, type PrintRequest } from '../../../shared/report/print-routes.js';
import { writeFileAtomically } from '../files/atomic-write.js';
import { userFile } from '../files/user-path.js';
import { parsePeriod } from '../../../shared/kpi/periods.js';
import { lockPathOf } from '../db/writer-lock.js';
import { periodSettings } from '../kpi/engine.js';
import { parseScope } from '../kpi/targets.js';
import { requireKnownScope } from '../kpi/workspace-data.js';
import { computeAppraisal } from '../scoring/appraisal.js';
import type { Handlers } from './types.js';

export const reportHandlers = {
  'report/pdf': async (req, context) => {
    const { session, printPdf } = context;
    const ws = session.require();
    if (!printPdf) {
      throw new KinerjaError(
        'not_found',
        'PDFs cannot be made here: no browser engine is set up to render them',
      );
    }
    const file = userFile(req.path, context, { resolve: true });
    refuseToReplace(file, ws.path);
    // Say what is wrong before a browser starts: an unknown person, an unknown scope or a period
    // that is no period.
    parsePeriod(req.period, periodSettings(ws.settings));
    let request: PrintRequest;
    if (req.kind === 'appraisal') {
      const appraisal = computeAppraisal(ws.db, ws.settings, req.person, req.period);
      request = { kind: 'appraisal', person: appraisal.person, period: appraisal.period, lang: req.lang };
    } else {
      const scope = parseScope(req.scope);
      request = {
        kind: 'review',
        period: req.period,
        scope: scope ? `${scope.dim}=${requireKnownScope(ws.db, scope)}` : null,
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

/**
 * A PDF may replace an earlier PDF of the same name (a report made again), never anything else:
 * not the open workspace or its companions, not a spreadsheet or another workspace typed by
 * mistake where the PDF's name should be.
 */
function refuseToReplace(file: string, workspace: string): void {
  const own = [workspace, `${workspace}-wal`, `${workspace}-shm`, lockPathOf(workspace)].map((f) =>
    path.resolve(f),
  );
  if (own.includes(path.resolve(file))) {
    throw new KinerjaError(
      'conflict',
      `${file} is the open workspace's own file; choose another name for the PDF`,
      {
        code: 'pdf_over_workspace',
        params: { path: file },
      },
    );
  }
  let head = '';
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(5);
      head = buffer.subarray(0, fs.readSync(fd, buffer, 0, 5, 0)).toString('latin1');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return; // no file there (or none to read): the write itself says what is wrong
  }
  if (head !== '%PDF-') {
    throw new KinerjaError(
      'conflict',
      `${file}: a file with this name already exists and is not a PDF; choose another name`,
      { code: 'pdf_over_other', params: { path: file } },
    );
  }
}
