/**
 * Every call of the contract, sent arbitrary and hostile requests through the dispatcher every
 * transport uses: wrong types, `__proto__` and `constructor` keys, megabyte strings, NaN and
 * infinities, negative ids, path traversal. Each is answered, or refused cleanly: an error of a
 * known kind (never `internal`), a short message, and a workspace left exactly as it was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, callNames, type CallName } from '../../shared/contract/api.js';
import { errorKinds } from '../../shared/contract/errors.js';
import { createDispatch, type Dispatch } from '../../main/core/dispatch.js';
import { Session } from '../../main/core/session.js';
import { workspaceDigest } from '../helpers/workspace.js';

/** Runs per call: enough to meet each kind of hostile value, modest enough for CI on 2 cores. */
const RUNS = 30;
/** Calls that make a whole new workspace when a request happens to be valid: fewer runs. */
const SLOW_CALLS = new Set<CallName>(['workspace/createDemo', 'workspace/create', 'workspace/restore']);

let root: string;
let cwd: string;
let previousCwd: string;
let workspaceFile: string;
let session: Session;
let dispatch: Dispatch;

const HOSTILE_STRINGS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '../../../escape',
  '..\\..\\escape',
  'a/../../b',
  'x\u0000y',
  '%00',
  '${7*7}',
  "'; DROP TABLE deals; --",
  "=cmd|' /C calc'!A0",
  'NaN',
  '-1',
  '1e309',
  '2026-13',
  '9999-99-99',
  '2026-01-01..2025-01-01',
  'owner=',
  'revenue / 0',
  '\uFEFF',
  '\uD800',
];

/** Values the calls accept, so requests also get past validation into the handlers. */
const PLAUSIBLE_STRINGS = [
  'revenue',
  'win_rate',
  'deals_won',
  'cac',
  '2026-02',
  '2026-Q1',
  '2026',
  '2026-W09',
  '2026-02-10',
  'owner',
  'team',
  'source',
  'Budi Santoso',
  'Sales A',
  'deals',
  'spend',
  'csv',
  'xlsx',
  'month',
  'sum',
  'en-US',
  'IDR',
  'out.csv',
  'w.kinerja',
];

const hugeString = fc.constant('x'.repeat(1_000_000));
const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 4, arbitrary: fc.constantFrom(...PLAUSIBLE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: hugeString },
);
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.integer({ min: -2, max: 5 }),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, -0, 2 ** 53, -(2 ** 31), Number.MAX_VALUE, 1e-300),
);
const hostileKey = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf') },
  { weight: 1, arbitrary: hugeString },
);
const { value: hostileValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 3 }),
  ),
}));

/** The top-level keys a call's request schema names, to aim values at them. */
function keysOf(name: CallName): string[] {
  const schema = api[name].request as unknown as { shape?: Record<string, unknown> };
  return schema.shape ? Object.keys(schema.shape) : [];
}

/** A request: one with the call's own keys holding hostile values, or anything at all. */
function requestFor(name: CallName): fc.Arbitrary<unknown> {
  const keys = keysOf(name);
  const aimed = keys.length
    ? fc
        .tuple(
          fc.record(Object.fromEntries(keys.map((k) => [k, hostileValue])), { requiredKeys: [] }),
          fc.dictionary(hostileKey, hostileValue, { maxKeys: 2 }),
        )
        .map(([own, extra]) => Object.assign(Object.create(null) as object, extra, own))
    : fc.dictionary(hostileKey, hostileValue, { maxKeys: 3 });
  return fc.oneof({ weight: 3, arbitrary: aimed }, { weight: 1, arbitrary: hostileValue });
}

/**
 * Paths stay inside the test's folder: an absolute or home path would let a valid request
 * write anywhere on the machine. Traversal (`../../x`) is kept; the working folder is deep
 * enough that it still lands inside the test's folder.
 */
function confine(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return /^[/\\~]/.test(value) ? `./${value.replace(/^[/\\~]+/, '')}` : value;
  if (depth > 10 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => confine(v, depth + 1));
  const out = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  for (const key of Object.keys(value))
    Object.defineProperty(out, key, {
      value: confine((value as Record<string, unknown>)[key], depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-fuzz-'));
  cwd = path.join(root, 'a', 'b', 'c', 'd', 'e');
  fs.mkdirSync(cwd, { recursive: true });
  previousCwd = process.cwd();
  process.chdir(cwd);
  workspaceFile = path.join(root, 'w.kinerja');
  session = new Session();
  dispatch = createDispatch({ session, baseDir: cwd });
  await dispatch('workspace/create', { path: workspaceFile, name: 'PT Uji' });
  const deals = path.join(root, 'deals.csv');
  fs.writeFileSync(
    deals,
    [
      'external_id,title,owner,team,source,status,amount,created_at,closed_at',
      'D1,Deal 1,Budi Santoso,Sales A,Google Ads,won,1500000,2026-01-05,2026-02-10',
      'D2,Deal 2,Sari Dewi,Sales A,Event,lost,900000,2026-01-07,2026-02-20',
      'D3,Deal 3,Sari Dewi,Sales B,Google Ads,open,700000,2026-02-01,',
    ].join('\n') + '\n',
  );
  expect((await dispatch('import/file', { path: deals, kind: 'deals' })).ok).toBe(true);
});

afterAll(() => {
  session?.close();
  process.chdir(previousCwd);
  fs.rmSync(root, { recursive: true, force: true });
});

describe('every contract call refuses hostile requests cleanly', () => {
  it('covers every call in the contract', () => {
    expect(callNames.length).toBeGreaterThan(40);
  });

  it.each(callNames)('%s', async (name) => {
    await fc.assert(
      fc.asyncProperty(requestFor(name), async (raw) => {
        // A call before this one may have closed the workspace or opened another.
        if (session.workspace?.path !== workspaceFile) session.open(workspaceFile);
        const request = confine(raw);
        const before = workspaceDigest(workspaceFile);
        const reply = await dispatch(name, request);
        if (reply.ok) return;
        const { kind, message } = reply.error;
        expect(errorKinds).toContain(kind);
        expect(kind, message.slice(0, 300)).not.toBe('internal');
        expect(kind, message.slice(0, 300)).not.toBe('invalid_response');
        // Never the megabyte it was sent (see MAX_MESSAGE_CHARS).
        expect(message.length, message.slice(0, 300)).toBeLessThan(9000);
        if (session.workspace?.path === workspaceFile) expect(workspaceDigest(workspaceFile)).toBe(before);
      }),
      { numRuns: SLOW_CALLS.has(name) ? 5 : RUNS },
    );
  });
});
