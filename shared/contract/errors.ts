/**
 * Error kinds that cross the API boundary. Every transport turns a thrown
 * KinerjaError into `{ ok: false, error: { kind, message } }`; anything else
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

export class KinerjaError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.name = 'KinerjaError';
    this.kind = kind;
  }
}

export function isKinerjaError(e: unknown): e is KinerjaError {
  return e instanceof KinerjaError;
}
