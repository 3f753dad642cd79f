import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { FactRecord } from './kinds.js';
import { readFile, type ReadOptions, type ReadProgress, type ReadReport } from './read-file.js';
import type { RowSink } from './row-import.js';
import type { RowProblems } from './row-problems.js';
import { errorFromWorker, type PostedError } from './worker-errors.js';

/**
 * The reading half of one import, seen from the thread that writes: reads the file, handing
 * every row to keep to the writer, then writes the rejected rows when asked (before COMMIT).
 */
export interface FactReader {
  read(options: ReadOptions, onProgress?: ReadProgress): Promise<ReadReport>;
  writeRejects(workspaceFile: string): Promise<string | null>;
  close(): void;
}

/** Reads on the thread that writes: for small files and manual values, and where no reader script exists. */
export function readInThisThread(file: string, sink: RowSink): FactReader {
  let problems: RowProblems | null = null;
  return {
    async read(options, onProgress) {
      const read = await readFile(file, options, sink, { onProgress });
      problems = read.problems;
      return read.report;
    },
    writeRejects: async (workspaceFile) => (problems ? problems.writeRejects(file, workspaceFile) : null),
    close: () => {},
  };
}

/** Messages from the reader thread. */
export type ReaderMessage =
  | { type: 'facts'; facts: FactRecord[] }
  | { type: 'progress'; bytesRead: number; totalBytes: number; rows: number }
  | { type: 'read'; report: ReadReport }
  | { type: 'rejects'; file: string | null }
  | PostedError;

/** Messages to the reader thread. */
export type ReaderRequest = { type: 'ack' } | { type: 'writeRejects'; workspaceFile: string };

export interface ReaderJob {
  file: string;
  options: ReadOptions;
}

/**
 * Below this size a thread's start-up (about 40 ms to load the bundle) costs more than the
 * overlap wins; measured with `npm run bench`.
 */
const DEFAULT_MIN_BYTES = 2 * 1024 * 1024;

let readerThread: { script: string; minBytes: number } | null = null;

/** Reader threads started in this process: lets a test see which way a file was read. */
export const readerThreadsStarted = { count: 0 };

/**
 * Lets imports of large fact files read in a thread of their own, from the bundled reader script.
 * Hosts that have the bundle (the CLI, the import worker) call this at start; without it, or
 * when the script is missing (tests run the sources), every import reads where it writes.
 */
export function useReaderThread(script: string | null, minBytes = DEFAULT_MIN_BYTES): void {
  // KINERJA_READER_THREAD=off reads every file in the importing thread: the benchmark's baseline.
  const off = process.env.KINERJA_READER_THREAD === 'off';
  readerThread = script && !off && fs.existsSync(script) ? { script, minBytes } : null;
}

/** The reader for one file of facts: a thread of its own for a large file, this thread otherwise. */
export function factReaderFor(file: string, write: (fact: FactRecord) => void): FactReader {
  if (readerThread) {
    let size = 0;
    try {
      size = fs.statSync(file).size;
    } catch {
      // A missing file is reported by the reader, in the same words either way.
    }
    if (size >= readerThread.minBytes) return readInThread(readerThread.script, file, write);
  }
  return readInThisThread(file, { kind: 'facts', write });
}

/**
 * Reads in a worker thread while this thread writes the facts it sends, in batches that this
 * thread acknowledges once written: the reader stops a few batches ahead, so memory stays
 * flat however large the file. Terminated on close (or when this thread fails to write).
 */
function readInThread(script: string, file: string, write: (fact: FactRecord) => void): FactReader {
  let worker: Worker | null = null;
  let pending: { resolve(m: ReaderMessage): void; reject(e: Error): void } | null = null;
  const fail = (e: Error) => {
    const p = pending;
    pending = null;
    p?.reject(e);
  };
  const next = () => new Promise<ReaderMessage>((resolve, reject) => (pending = { resolve, reject }));
  return {
    async read(options, onProgress) {
      const job: ReaderJob = { file, options };
      readerThreadsStarted.count++;
      worker = new Worker(script, {
        workerData: job,
        // A small young generation keeps the reader's memory flat, as the CLI's flag does for it.
        resourceLimits: { maxYoungGenerationSizeMb: 16 },
      });
      const w = worker;
      w.on('message', (m: ReaderMessage) => {
        if (m.type === 'facts') {
          try {
            for (const fact of m.facts) write(fact);
          } catch (e) {
            return fail(e as Error);
          }
          w.postMessage({ type: 'ack' } satisfies ReaderRequest);
        } else if (m.type === 'progress') onProgress?.(m);
        else if (m.type === 'error') fail(errorFromWorker(m));
        else {
          const p = pending;
          pending = null;
          p?.resolve(m);
        }
      });
      w.on('error', (e) => fail(new Error(`the file reader stopped: ${e.message}`)));
      w.on('exit', (code) => fail(new Error(`the file reader stopped (exit code ${code})`)));
      const m = await next();
      if (m.type !== 'read') throw new Error(`the file reader sent '${m.type}' before its report`);
      return m.report;
    },
    async writeRejects(workspaceFile) {
      if (!worker) return null;
      const answer = next();
      worker.postMessage({ type: 'writeRejects', workspaceFile } satisfies ReaderRequest);
      const m = await answer;
      if (m.type !== 'rejects')
        throw new Error(`the file reader sent '${m.type}' instead of the rejects file`);
      return m.file;
    },
    close() {
      pending = null;
      void worker?.terminate();
      worker = null;
    },
  };
}
