import { parentPort, workerData } from 'node:worker_threads';
import { Workspace } from '../workspace.js';
import { detectImport } from './detect.js';
import { importFile } from './pipeline.js';
import { useReaderThread } from './fact-reader.js';
import type { ImportJob, ImportWorkerMessage } from './run-import.js';
import { postableError } from './worker-errors.js';

/** The import worker: one job; an import on its own connection, progress at most every 100 ms. */
async function run(job: ImportJob): Promise<ImportWorkerMessage> {
  try {
    if (job.task === 'detect') return { type: 'done', result: await detectImport(job.file, job.options) };
    if (job.readerScript) useReaderThread(job.readerScript);
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
    return postableError(e, job.task === 'import' ? job.workspacePath : undefined);
  }
}

if (parentPort) {
  void run(workerData as ImportJob).then((m) => parentPort!.postMessage(m));
}
