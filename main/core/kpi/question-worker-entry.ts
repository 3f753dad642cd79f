import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { postableError } from '../import/worker-errors.js';
import type { QuestionJob, QuestionReply } from './question-runner.js';
import { answerQuestion } from './questions.js';

const { nativeBinding } = (workerData ?? {}) as { nativeBinding?: string };

/**
 * A KPI question worker: each question on a read-only connection opened for it and closed after
 * it, so no idle connection holds the file while the host restores or switches workspaces.
 */
function answer(job: QuestionJob): QuestionReply {
  try {
    const db = new Database(job.workspacePath, { readonly: true, fileMustExist: true, nativeBinding });
    try {
      db.pragma('busy_timeout = 5000');
      // As JSON text: a string crosses to the host in one copy, where a structured clone of
      // 80,000 row objects costs the host's thread longer than parsing the text.
      const answer = answerQuestion(db, job.settings, job.name, job.input as never);
      return { id: job.id, type: 'done', json: JSON.stringify(answer) };
    } finally {
      db.close();
    }
  } catch (e) {
    return { id: job.id, ...postableError(e) };
  }
}

parentPort?.on('message', (job: QuestionJob) => parentPort!.postMessage(answer(job)));
