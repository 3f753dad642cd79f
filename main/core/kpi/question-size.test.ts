import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKinerjaError } from '../../../shared/contract/errors.js';
import { dayFromYmd } from '../../../shared/kpi/periods.js';
import { createDemoWorkspace } from '../demo/demo-workspace.js';
import { createDispatch } from '../dispatch.js';
import { trackedKpis } from '../reviews/review-kpis.js';
import { Session } from '../session.js';
import { computeKpis, kpiLibrary } from './engine.js';
import { MAX_QUESTION_CELLS } from './question-size.js';

let dir: string;
let session: Session;
let dispatch: ReturnType<typeof createDispatch>;
let kpiCount: number;
let people: number;

beforeAll(() => {
  session = new Session();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-test-'));
  const file = path.join(dir, 'demo.kinerja');
  createDemoWorkspace({ file, deals: 300, today: dayFromYmd(2026, 6, 30) }).close();
  session.open(file);
  dispatch = createDispatch({ session });
  kpiCount = kpiLibrary(session.require().db).size;
  people = session.require().db.prepare('SELECT count(*) FROM people').pluck().get() as number;
}, 120_000);
afterAll(() => {
  session.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const query = async (request: Record<string, unknown>) => {
  const reply = await dispatch('kpi/query', request);
  if (reply.ok) throw new Error('expected a refusal');
  return reply.error;
};

describe('a question is sized before it is answered', () => {
  it('refuses every day of 1990–2100 for every KPI, naming what was asked and the limit', async () => {
    const error = await query({ period: '1990-01-01..2100-12-31', grain: 'day' });
    const cells = 40_542 * kpiCount;
    expect(error).toMatchObject({
      kind: 'invalid_request',
      code: 'question_too_large',
      params: { periods: 40_542, grain: 'day', scopes: 1, kpis: kpiCount, cells, limit: MAX_QUESTION_CELLS },
    });
    expect(error.message).toBe(
      `This question asks for 40,542 day periods × 1 scope × ${kpiCount} KPIs = ${cells.toLocaleString('en-US')} values; ` +
        'the limit is 200,000. Choose a longer grain, a shorter range, fewer KPIs or one scope.',
    );
  });

  it('counts one scope per person when split by owner', async () => {
    const error = await query({ period: '2016-01-01..2025-12-31', grain: 'day', by: 'owner' });
    expect(error.params).toMatchObject({ periods: 3653, scopes: people, kpis: kpiCount });
    expect(error.message).toContain(`3,653 day periods × ${people} scopes × ${kpiCount} KPIs`);
  });

  it('refuses the whole calendar by day at once, without building its 3.6 million periods', () => {
    const ws = session.require();
    const before = process.memoryUsage().heapUsed;
    let error: unknown;
    try {
      computeKpis(ws.db, ws.settings, { period: '0001-01-01..9999-12-31', grain: 'day', kpis: ['revenue'] });
    } catch (e) {
      error = e;
    }
    expect(isKinerjaError(error) && error.detail).toMatchObject({
      code: 'question_too_large',
      params: { periods: 3_652_059, scopes: 1, kpis: 1, cells: 3_652_059 },
    });
    // Building the periods alone takes hundreds of megabytes.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses years outside 1990–2100 from a screen or the CLI, echoing only the start of the text', async () => {
    const error = await query({ period: '0001-01-01..9999-12-31', grain: 'day' });
    expect(error).toMatchObject({
      code: 'period_years',
      params: { text: '0001-01-01..9999-12-31', first: 1990, last: 2100 },
    });
    expect(error.message).toContain('periods are between 1990 and 2100');

    // 19 MB of blanks inside a range still parse as one; the message shows 80 characters of it.
    const huge = `1890-01-01${' '.repeat(19_000_000)}..2026-12-31`;
    const long = await query({ period: huge });
    expect(long.code).toBe('period_years');
    expect(String(long.params?.text).length).toBeLessThanOrEqual(81);
    expect(long.message.length).toBeLessThan(300);
    for (const call of ['kpi/drilldown', 'kpi/detail', 'targets/set'] as const) {
      const reply = await dispatch(call, { kpi: 'revenue', period: huge, value: 1 });
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.message.length, call).toBeLessThan(300);
    }
  });

  it('echoes only the start of a huge KPI code', async () => {
    const code = 'x'.repeat(19_000_000);
    for (const [call, request] of [
      ['kpi/query', { kpis: [code], period: '2025' }],
      ['kpi/drilldown', { kpi: code, period: '2025' }],
      ['targets/set', { kpi: code, period: '2025', value: 1 }],
      ['values/set', { kpi: code, period: '2025-03', value: 1 }],
    ] as const) {
      const reply = await dispatch(call, request);
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.message.length, call).toBeLessThan(1000);
    }
  });

  it('still answers three years by day of every tracked KPI, and a year by month for every person', async () => {
    const kpis = trackedKpis(session.require().db);
    const rows = async (request: Record<string, unknown>) => {
      const reply = await dispatch('kpi/query', request);
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.value as { scope: object }[];
    };
    const days = await rows({ period: '2023-07-01..2026-06-30', grain: 'day', kpis });
    expect(days).toHaveLength(1096 * kpis.length);

    const byPerson = await rows({ period: '2025', grain: 'month', by: 'owner' });
    expect(new Set(byPerson.map((r) => JSON.stringify(r.scope))).size).toBeGreaterThanOrEqual(people);
  });
});
