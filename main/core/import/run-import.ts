import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type { Workspace } from '../workspace.js';
import { detectImport, type Detection } from './detect.js';
import type { ImportKind } from './kinds.js';
import { importFile, type FileImportSummary, type ImportFileOptions } from './pipeline.js';
import { errorFromWorker, type PostedError } from './worker-errors.js';

type ProgressListener = (p: { bytesRead: number; totalBytes: number; rows: number }) => void;
export type DetectOptions = { kind?: ImportKind; sheet?: string };

/**
 * How a host runs imports, previews and detection: in a worker thread (app and browser mode)
 * or in its own thread (CLI, tests). Either way an import runs on a connection of its own,
 * never the session's shared one: its transaction spans many awaits, and any call answered
 * meanwhile on a shared connection would write inside it (and vanish with a dry run's
 * rollback).
 */
export interface ImportRunner {
  importFile(
    ws: Workspace,
    file: string,
    options: Omit<ImportFileOptions, 'onProgress'>,
    onProgress: ProgressListener,
    /** Aborting stops the import where the runner can (a worker is terminated): nothing is kept. */
    signal?: AbortSignal,
  ): Promise<FileImportSummary>;
  detect(file: string, options: DetectOptions): Promise<Detection>;
}

export const importInProcess: ImportRunner = {
  async importFile(ws, file, options, onProgress) {
    const own = ws.openAnother();
    try {
      return await importFile(own.db, own.settings, file, { ...options, onProgress });
    } finally {
      own.close();
    }
  },
  detect: (file, options) => detectImport(file, options),
};

function cancelled(job: ImportJob): KinerjaError {
  return new KinerjaError(
    'cancelled',
    `${job.file}: the ${job.task === 'import' && job.options.dryRun ? 'check' : job.task} was cancelled; nothing was imported`,
  );
}

/** What the worker is given; an import opens its own connection to the same workspace file. */
export type ImportJob =
  | {
      task: 'import';
      workspacePath: string;
      nativeBinding?: string;
      /** The reader thread's script, beside the import worker's, for large files. */
      readerScript?: string;
      file: string;
      options: Omit<ImportFileOptions, 'onProgress'>;
    }
  | { task: 'detect'; file: string; options: DetectOptions };

export type ImportWorkerMessage =
  | { type: 'progress'; bytesRead: number; totalBytes: number; rows: number }
  | { type: 'done'; result: FileImportSummary | Detection }
  | PostedError;

/**
 * Runs each import, preview and detection in a worker thread (the bundled worker script), so
 * reading and converting a million rows never stalls the app's event loop: IPC and HTTP calls
 * keep being answered and progress can be polled. SQLite's WAL lets the app keep reading while
 * the worker writes.
 */
export function importInWorker(workerScript: string, nativeBinding?: string): ImportRunner {
  // Both bundles are built side by side with the same extension (.js, or .cjs for Electron).
  const readerScript = path.join(
    path.dirname(workerScript),
    path.basename(workerScript).replace('import-worker', 'read-worker'),
  );
  const run = <T>(
    job: ImportJob,
    onProgress?: ProgressListener,
    signal?: AbortSignal,
    /** After a cancel: the result when the job had already finished (committed) by then. */
    finishedAnyway?: () => T | null,
  ) =>
    new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(cancelled(job));
      const worker = new Worker(workerScript, { workerData: job });
      let settled = false;
      // A terminated worker's connection closes without COMMIT: SQLite discards the whole batch.
      // A cancel that arrives just after the commit is too late: then the import stands, and
      // the caller is told so instead of "nothing was imported".
      signal?.addEventListener('abort', () => {
        if (settled) return;
        settled = true;
        void worker.terminate().then(() => {
          const result = finishedAnyway?.() ?? null;
          if (result) resolve(result);
          else reject(cancelled(job));
        });
      });
      worker.on('message', (m: ImportWorkerMessage) => {
        if (m.type === 'progress') onProgress?.(m);
        else if (m.type === 'done') {
          settled = true;
          resolve(m.result as T);
        } else {
          settled = true;
          reject(errorFromWorker(m));
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
  return {
    importFile: (ws, file, options, onProgress, signal) => {
      const lastBatch = () =>
        ws.db.prepare('SELECT id, summary FROM import_batches ORDER BY id DESC LIMIT 1').get() as
          { id: number; summary: string } | undefined;
      // Writes are queued behind this import, so a newer batch can only be this import's own.
      const before = lastBatch()?.id ?? 0;
      return run<FileImportSummary>(
        { task: 'import', workspacePath: ws.path, nativeBinding, readerScript, file, options },
        onProgress,
        signal,
        () => {
          const after = lastBatch();
          return after && after.id > before ? (JSON.parse(after.summary) as FileImportSummary) : null;
        },
      );
    },
    detect: (file, options) => run<Detection>({ task: 'detect', file, options }),
  };
}
