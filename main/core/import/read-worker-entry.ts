import { parentPort, workerData } from 'node:worker_threads';
import type { ReaderJob, ReaderMessage, ReaderRequest } from './fact-reader.js';
import type { FactRecord } from './kinds.js';
import { readFile } from './read-file.js';
import type { RowProblems } from './row-problems.js';
import { postableError } from './worker-errors.js';

/** Facts per message: large enough that posting costs little per row. */
const BATCH = 1000;
/** Batches sent and not yet written: the reader waits beyond this, so memory stays flat. */
const MAX_IN_FLIGHT = 16;

/**
 * The reader thread of one import (see fact-reader.ts): reads and converts the file, posting
 * the facts to keep in batches to the thread that writes them, then its report; writes the
 * rejects file when asked, and waits to be terminated.
 */
function start(port: NonNullable<typeof parentPort>, job: ReaderJob): void {
  const post = (m: ReaderMessage) => port.postMessage(m);
  let batch: FactRecord[] = [];
  let inFlight = 0;
  let resume: (() => void) | null = null;
  let problems: RowProblems | null = null;
  const flush = () => {
    if (!batch.length) return;
    post({ type: 'facts', facts: batch });
    batch = [];
    inFlight++;
  };
  port.on('message', (m: ReaderRequest) => {
    if (m.type === 'ack') {
      inFlight--;
      if (resume && inFlight < MAX_IN_FLIGHT) {
        const r = resume;
        resume = null;
        r();
      }
    } else {
      problems!.writeRejects(job.file, m.workspaceFile).then(
        (file) => post({ type: 'rejects', file }),
        (e: unknown) => post(postableError(e)),
      );
    }
  });
  let lastProgress = 0;
  readFile(
    job.file,
    job.options,
    {
      kind: 'facts',
      write(fact) {
        batch.push(fact);
        if (batch.length >= BATCH) flush();
      },
    },
    {
      onProgress(p) {
        const now = Date.now();
        if (now - lastProgress < 100) return;
        lastProgress = now;
        post({ type: 'progress', ...p });
      },
      backpressure: () => (inFlight >= MAX_IN_FLIGHT ? new Promise<void>((r) => (resume = r)) : null),
    },
  ).then(
    (read) => {
      flush();
      problems = read.problems;
      post({ type: 'read', report: read.report });
    },
    (e: unknown) => post(postableError(e)),
  );
}

if (parentPort) start(parentPort, workerData as ReaderJob);
