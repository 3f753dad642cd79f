import { api, isCallName, type Reply } from '../../shared/contract/api.js';
import { describeIssues } from '../../shared/contract/client.js';
import { KinerjaError } from '../../shared/contract/errors.js';
import { kpiHandlers } from './handlers/kpi.js';
import { reviewHandlers } from './handlers/reviews.js';
import { reportHandlers } from './handlers/reports.js';
import { scoringHandlers } from './handlers/scoring.js';
import { valueHandlers } from './handlers/values.js';
import { workspaceHandlers } from './handlers/workspace.js';
import type { HandlerContext, Handlers } from './handlers/types.js';
import { knownError } from './known-errors.js';
import { clipMessage, clipText } from '../../shared/format/brief.js';

/** The merged handler map: adding a call to the contract without a handler fails to compile. */
export const handlers: Handlers = {
  ...workspaceHandlers,
  ...valueHandlers,
  ...kpiHandlers,
  ...scoringHandlers,
  ...reportHandlers,
  ...reviewHandlers,
};

export type Dispatch = (name: unknown, request: unknown) => Promise<Reply<unknown>>;

/**
 * The single entry every transport goes through: rejects unknown calls, validates the
 * request and the response against the contract, and turns errors into replies.
 */
export function createDispatch(context: HandlerContext, onInternalError?: (e: unknown) => void): Dispatch {
  return async (name, request) => {
    try {
      if (!isCallName(name)) {
        throw new KinerjaError('unknown_call', `Unknown call '${String(name)}'`);
      }
      const entry = api[name];
      const parsed = entry.request.safeParse(request ?? {});
      if (!parsed.success) {
        throw new KinerjaError('invalid_request', `${name}: ${describeIssues(parsed.error.issues)}`);
      }
      const handler = handlers[name] as (req: unknown, ctx: HandlerContext) => unknown;
      const writes = 'writes' in entry ? entry.writes : null;
      const { session } = context;
      // Writes wait for a running import or restore instead of running into it; 'data' writes
      // also need this process to be the workspace's one writer (a clear error otherwise).
      const value = writes
        ? await session.writes.run(name, () => {
            if (writes === 'data') session.requireWriter();
            return handler(parsed.data, context);
          })
        : await handler(parsed.data, context);
      const checked = entry.response.safeParse(value);
      if (!checked.success) {
        throw new KinerjaError('invalid_response', `${name}: ${describeIssues(checked.error.issues)}`);
      }
      return { ok: true, value: checked.data };
    } catch (e) {
      // Kinerja's own errors, bad periods and formulas, and SQLite's words for a damaged,
      // read-only or failing workspace file (named, with its newest backup).
      const known = knownError(e, context.session.workspace?.path);
      if (known) {
        const detail = known.detail && {
          code: known.detail.code,
          params: Object.fromEntries(
            Object.entries(known.detail.params).map(([k, v]) => [
              k,
              typeof v === 'string' ? clipText(v, 500) : v,
            ]),
          ),
        };
        return {
          ok: false,
          error: { kind: known.kind, message: clipMessage(known.message), ...(detail ?? {}) },
        };
      }
      onInternalError?.(e);
      return {
        ok: false,
        error: {
          kind: 'internal',
          message: clipMessage('Internal error: ' + String((e as Error)?.message ?? e)),
        },
      };
    }
  };
}
