import {
  isKinerjaError,
  KinerjaError,
  errorKinds,
  type ErrorDetail,
  type ErrorKind,
} from '../../../shared/contract/errors.js';
import { FormulaError } from '../../../shared/kpi/formula.js';
import { PeriodError } from '../../../shared/kpi/periods.js';

/** An error as a worker thread posts it: its kind survives the trip, so the user sees the same message. */
export interface PostedError {
  type: 'error';
  kind: string;
  message: string;
  /** The code and values a screen says the error with, as the dispatcher would give them. */
  detail?: ErrorDetail;
}

export function postableError(e: unknown): PostedError {
  if (isKinerjaError(e))
    return { type: 'error', kind: e.kind, message: e.message, ...(e.detail ? { detail: e.detail } : {}) };
  if (e instanceof PeriodError)
    return {
      type: 'error',
      kind: 'invalid_request',
      message: e.message,
      detail: { code: 'invalid_period', params: { text: e.input.slice(0, 80) } },
    };
  if (e instanceof FormulaError)
    return {
      type: 'error',
      kind: 'invalid_request',
      message: e.message,
      detail: { code: 'formula', params: { position: e.position, problem: e.problem } },
    };
  return { type: 'error', kind: 'internal', message: `Internal error: ${(e as Error).message}` };
}

export function errorFromWorker(m: PostedError): KinerjaError {
  const kind = (errorKinds as readonly string[]).includes(m.kind) ? (m.kind as ErrorKind) : 'internal';
  return new KinerjaError(kind, m.message, m.detail);
}
