import { api, callNames, type CallName, type Reply, type RequestOf, type ResponseOf } from './api.js';
import { KinerjaError } from './errors.js';
import { clipText } from '../format/brief.js';

/** Sends one call over some transport (Electron IPC, loopback HTTP, or a direct function call). */
export type Transport = (name: CallName, request: unknown) => Promise<Reply<unknown>>;

type Domain<N> = N extends `${infer D}/${string}` ? D : never;
type Verb<N> = N extends `${string}/${infer V}` ? V : never;

/** `client.values.set({...})` for the key `values/set`, fully typed from the contract. */
export type Client = {
  [D in Domain<CallName>]: {
    [N in Extract<CallName, `${D}/${string}`> as Verb<N>]: (request: RequestOf<N>) => Promise<ResponseOf<N>>;
  };
};

/**
 * Builds the typed client. Requests are validated before they leave (a bad call fails at
 * the call site, with the field named) and replies are validated when they arrive.
 */
export function createClient(transport: Transport): Client {
  const client: Record<string, Record<string, (request: unknown) => Promise<unknown>>> = {};
  for (const name of callNames) {
    const [domain, verb] = name.split('/') as [string, string];
    client[domain] ??= {};
    client[domain][verb] = async (request: unknown) => {
      const entry = api[name];
      const parsed = entry.request.safeParse(request ?? {});
      if (!parsed.success) {
        throw new KinerjaError('invalid_request', `${name}: ${describeIssues(parsed.error.issues)}`);
      }
      const reply = await transport(name, parsed.data);
      if (!reply.ok) {
        const { kind, message, code, params } = reply.error;
        throw new KinerjaError(kind, message, code ? { code, params: params ?? {} } : undefined);
      }
      const value = entry.response.safeParse(reply.value);
      if (!value.success) {
        throw new KinerjaError('invalid_response', `${name}: ${describeIssues(value.error.issues)}`);
      }
      return value.data;
    };
  }
  return client as unknown as Client;
}

/** Human-readable summary of schema issues: `period: expected a month such as 2026-03`. */
const MAX_ISSUES_SHOWN = 10;

export function describeIssues(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): string {
  // A request can carry thousands of bad items or a megabyte-long key: say the first few, short.
  const shown = issues.slice(0, MAX_ISSUES_SHOWN).map((i) => {
    const message = clipText(i.message, 200);
    return i.path.length ? `${i.path.map((p) => clipText(String(p), 40)).join('.')}: ${message}` : message;
  });
  const more = issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
}
