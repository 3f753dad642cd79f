/**
 * Error kinds that cross the API boundary. Every transport turns a thrown
 * KinerjaError into `{ ok: false, error: { kind, message, code?, params? } }`; anything else
 * becomes `internal` so stack traces and paths of the host never leak.
 */
export const errorKinds = [
  'unknown_call',
  'invalid_request',
  'invalid_response',
  'no_workspace',
  'workspace_invalid',
  'workspace_too_new',
  'not_found',
  'conflict',
  'forbidden',
  'cancelled',
  'internal',
] as const;

export type ErrorKind = (typeof errorKinds)[number];

/**
 * What an error is, for a screen to say in its own language: a code and the values the
 * sentence needs. The English message stays the fallback (and what the CLI prints).
 */
export interface ErrorDetail {
  code: string;
  params: Record<string, string | number>;
}

export class KinerjaError extends Error {
  readonly kind: ErrorKind;
  readonly detail: ErrorDetail | undefined;
  constructor(kind: ErrorKind, message: string, detail?: ErrorDetail) {
    super(message);
    this.name = 'KinerjaError';
    this.kind = kind;
    this.detail = detail;
  }
}

export function isKinerjaError(e: unknown): e is KinerjaError {
  return e instanceof KinerjaError;
}
