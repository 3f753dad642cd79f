import { parentPort, workerData } from 'node:worker_threads';
import { isKinerjaError } from '../../../shared/contract/errors.js';
import { FormulaError } from '../../../shared/kpi/formula.js';
import { PeriodError } from '../../../shared/kpi/periods.js';
import { Workspace } from '../workspace.js';
import { detectImport } from './detect.js';
import { importFile } from './pipeline.js';
import type { ImportJob, ImportWorkerMessage } from './run-import.js';

/** The import worker: one job; an import on its own connection, progress at most every 100 ms. */
async function run(job: ImportJob): Promise<ImportWorkerMessage> {
  try {
    if (job.task === 'detect') return { type: 'done', result: await detectImport(job.file, job.options) };
    const ws = Workspace.open(job.workspacePath, { nativeBinding: job.nativeBinding });
    let last = 0;
    try {
      const summary = await importFile(ws.db, ws.settings, job.file, {
        ...job.options,
        onProgress: (p) => {
          const now = Date.now();
          if (now - last < 100) return;
          last = now;
          parentPort!.postMessage({ type: 'progress', ...p } satisfies ImportWorkerMessage);
        },
      });
      return { type: 'done', result: summary };
    } finally {
      ws.close();
    }
  } catch (e) {
    if (isKinerjaError(e)) return { type: 'error', kind: e.kind, message: e.message };
    if (e instanceof PeriodError || e instanceof FormulaError)
      return { type: 'error', kind: 'invalid_request', message: e.message };
    return { type: 'error', kind: 'internal', message: `Internal error: ${(e as Error).message}` };
  }
}

if (parentPort) {
  void run(workerData as ImportJob).then((m) => parentPort!.postMessage(m));
}
