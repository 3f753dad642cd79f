import { parentPort, workerData } from 'node:worker_threads';
import { isKinerjaError } from '../../../shared/contract/errors.js';
import { FormulaError } from '../../../shared/kpi/formula.js';
import { PeriodError } from '../../../shared/kpi/periods.js';
import { Workspace } from '../workspace.js';
import { importFile } from './pipeline.js';
import type { ImportJob, ImportWorkerMessage } from './run-import.js';

/** The import worker: one job, its own connection, progress at most every 100 ms. */
async function run(job: ImportJob): Promise<ImportWorkerMessage> {
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
    return { type: 'done', summary };
  } catch (e) {
    if (isKinerjaError(e)) return { type: 'error', kind: e.kind, message: e.message };
    if (e instanceof PeriodError || e instanceof FormulaError)
      return { type: 'error', kind: 'invalid_request', message: e.message };
    return { type: 'error', kind: 'internal', message: `Internal error: ${(e as Error).message}` };
  } finally {
    ws.close();
  }
}

if (parentPort) {
  void run(workerData as ImportJob).then((m) => parentPort!.postMessage(m));
}
