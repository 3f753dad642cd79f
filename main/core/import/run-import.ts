import { Worker } from 'node:worker_threads';
import { KinerjaError, errorKinds, type ErrorKind } from '../../../shared/contract/errors.js';
import type { Workspace } from '../workspace.js';
import { importFile, type FileImportSummary, type ImportFileOptions } from './pipeline.js';

/** How a host runs an import: in its own thread (CLI) or in a worker (app and browser mode). */
export type ImportRunner = (
  ws: Workspace,
  file: string,
  options: Omit<ImportFileOptions, 'onProgress'>,
  onProgress: (p: { bytesRead: number; totalBytes: number; rows: number }) => void,
) => Promise<FileImportSummary>;

export const importInProcess: ImportRunner = (ws, file, options, onProgress) =>
  importFile(ws.db, ws.settings, file, { ...options, onProgress });

/** What the worker is given; it opens its own connection to the same workspace file. */
export interface ImportJob {
  workspacePath: string;
  nativeBinding?: string;
  file: string;
  options: Omit<ImportFileOptions, 'onProgress'>;
}

export type ImportWorkerMessage =
  | { type: 'progress'; bytesRead: number; totalBytes: number; rows: number }
  | { type: 'done'; summary: FileImportSummary }
  | { type: 'error'; kind: string; message: string };

/**
 * Runs each import in a worker thread (the bundled worker script), so reading and converting
 * a million rows never stalls the app's event loop: IPC and HTTP calls keep being answered
 * and progress can be polled. SQLite's WAL lets the app keep reading while the worker writes.
 */
export function importInWorker(workerScript: string, nativeBinding?: string): ImportRunner {
  return (ws, file, options, onProgress) =>
    new Promise((resolve, reject) => {
      const job: ImportJob = { workspacePath: ws.path, nativeBinding, file, options };
      const worker = new Worker(workerScript, { workerData: job });
      let settled = false;
      worker.on('message', (m: ImportWorkerMessage) => {
        if (m.type === 'progress') onProgress(m);
        else if (m.type === 'done') {
          settled = true;
          resolve(m.summary);
        } else {
          settled = true;
          const kind = (errorKinds as readonly string[]).includes(m.kind)
            ? (m.kind as ErrorKind)
            : 'internal';
          reject(new KinerjaError(kind, m.message));
        }
      });
      worker.on('error', (e) => {
        if (!settled) reject(new KinerjaError('internal', `The import stopped unexpectedly: ${e.message}`));
        settled = true;
      });
      worker.on('exit', (code) => {
        if (!settled)
          reject(new KinerjaError('internal', `The import stopped unexpectedly (exit code ${code})`));
      });
    });
}
