import {
  KinerjaError,
  errorKinds,
  type ErrorDetail,
  type ErrorKind,
} from '../../../shared/contract/errors.js';
import { knownError } from '../known-errors.js';

/**
 * An error as a worker thread posts it: its kind and code survive the trip, so the user sees the
 * same message (in the app's language too).
 */
export interface PostedError {
  type: 'error';
  kind: string;
  message: string;
  detail?: ErrorDetail;
}

/** `workspaceFile`: the workspace the worker writes to, named when its disk fails. */
export function postableError(e: unknown, workspaceFile?: string): PostedError {
  const known = knownError(e, workspaceFile);
  if (known) return { type: 'error', kind: known.kind, message: known.message, detail: known.detail };
  return {
    type: 'error',
    kind: 'internal',
    message: `Internal error: ${(e as Error)?.message ?? String(e)}`,
  };
}

export function errorFromWorker(m: PostedError): KinerjaError {
  const kind = (errorKinds as readonly string[]).includes(m.kind) ? (m.kind as ErrorKind) : 'internal';
  return new KinerjaError(kind, m.message, m.detail);
}
