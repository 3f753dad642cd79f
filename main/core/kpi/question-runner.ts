import { Worker } from 'node:worker_threads';
import { KinerjaError } from '../../../shared/contract/errors.js';
import type { WorkspaceSettings } from '../../../shared/contract/schemas.js';
import { errorFromWorker, type PostedError } from '../import/worker-errors.js';
import type { Workspace } from '../workspace.js';
import type { QuestionAnswer, QuestionInput, QuestionName } from './questions.js';

/**
 * Where a host answers KPI questions. better-sqlite3 is synchronous: a question over years of a
 * million deals holds the thread for seconds, and a host answering it in its own thread answers
 * nothing else meanwhile. The app and browser mode answer in worker threads; the CLI and tests in
 * their own thread (no runner).
 */
export interface QuestionRunner {
  ask<N extends QuestionName>(
    ws: Workspace,
    settings: WorkspaceSettings,
    name: N,
    input: QuestionInput<N>,
  ): Promise<QuestionAnswer<N>>;
  /** Stops the workers; questions still waiting are refused. */
  close(): Promise<void>;
}

/** One question as a worker is given it: the workspace file, its settings and the question. */
export interface QuestionJob {
  id: number;
  workspacePath: string;
  settings: WorkspaceSettings;
  name: QuestionName;
  input: unknown;
}

/** The answer comes back as JSON text (see the worker). */
export type QuestionReply = { id: number } & ({ type: 'done'; json: string } | PostedError);

interface Waiting {
  job: QuestionJob;
  resolve: (answer: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  running: Waiting | null;
}

/**
 * Answers questions in up to `size` worker threads (the bundled worker script), each reading
 * the workspace file on a read-only connection of its own: SQLite's WAL lets them read while the
 * host's connection reads and writes. Questions beyond `size` wait for a free worker.
 */
export function questionsInWorkers(workerScript: string, nativeBinding?: string, size = 2): QuestionRunner {
  const slots: Slot[] = [];
  const waiting: Waiting[] = [];
  let nextId = 1;
  let closed = false;

  const stopped = (slot: Slot, why: string) => {
    slots.splice(slots.indexOf(slot), 1);
    slot.running?.reject(new KinerjaError('internal', `The KPI question stopped unexpectedly (${why})`));
    slot.running = null;
    next();
  };

  function start(): Slot {
    const slot: Slot = { worker: new Worker(workerScript, { workerData: { nativeBinding } }), running: null };
    // An idle worker does not keep a finished process alive.
    slot.worker.unref();
    slot.worker.on('message', (m: QuestionReply) => {
      const done = slot.running;
      slot.running = null;
      slot.worker.unref();
      if (done && done.job.id === m.id) {
        if (m.type === 'done') done.resolve(JSON.parse(m.json));
        else done.reject(errorFromWorker(m));
      }
      next();
    });
    slot.worker.on('error', (e) => stopped(slot, e.message));
    slot.worker.on('exit', (code) => {
      if (slots.includes(slot)) stopped(slot, `exit code ${code}`);
    });
    return slot;
  }

  function next(): void {
    while (waiting.length > 0 && !closed) {
      let slot = slots.find((s) => s.running === null);
      if (!slot && slots.length < size) slots.push((slot = start()));
      if (!slot) return;
      const item = waiting.shift()!;
      slot.running = item;
      slot.worker.ref();
      slot.worker.postMessage(item.job);
    }
  }

  return {
    ask<N extends QuestionName>(
      ws: Workspace,
      settings: WorkspaceSettings,
      name: N,
      input: QuestionInput<N>,
    ) {
      return new Promise<QuestionAnswer<N>>((resolve, reject) => {
        if (closed) return reject(new KinerjaError('cancelled', 'The host is shutting down'));
        const job = { id: nextId++, workspacePath: ws.path, settings, name, input };
        waiting.push({ job, resolve: (a) => resolve(a as QuestionAnswer<N>), reject });
        next();
      });
    },
    async close() {
      closed = true;
      for (const w of waiting.splice(0)) w.reject(new KinerjaError('cancelled', 'The host is shutting down'));
      const all = slots.splice(0);
      for (const s of all) s.running?.reject(new KinerjaError('cancelled', 'The host is shutting down'));
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
