import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixedDemo } from '../helpers/cli.js';
import { serve } from '../helpers/serve.js';

let dir: string;
let child: ChildProcess | undefined;
type Reply = { ok: boolean; value?: unknown; error?: { code?: string } };
let post: (name: string, body: unknown) => Promise<Response>;
const call = async (name: string, body: unknown) => (await (await post(name, body)).json()) as Reply;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-test-'));
  const workspace = path.join(dir, 'demo.kinerja');
  expect(createFixedDemo(workspace).code).toBe(0);
  const started = await serve(workspace);
  child = started.child;
  const { origin, searchParams } = new URL(started.url);
  post = (name, body) =>
    fetch(`${origin}/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Kinerja-Token': searchParams.get('token')! },
      body: JSON.stringify(body),
    });
}, 120_000);

afterAll(() => {
  child?.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('kinerja serve while a large KPI question is computed', () => {
  it('keeps answering other requests, and then answers the question in full', async () => {
    const finished: string[] = [];
    // Ten years by day of every KPI: the largest kind of question the limit allows. The server
    // sends the headers once the answer is computed, so their arrival marks that moment.
    const question = post('kpi/query', { period: '2016-01-01..2025-12-31', grain: 'day' }).then((res) => {
      finished.push('question');
      return res;
    });
    for (let i = 1; i <= 3; i++) {
      const reply = await call('workspace/current', {});
      expect(reply.ok).toBe(true);
      finished.push(`small ${i}`);
    }
    const reply = (await (await question).json()) as Reply;
    expect(finished).toEqual(['small 1', 'small 2', 'small 3', 'question']);
    expect(reply.ok).toBe(true);
    const rows = reply.value as { kpi: string; period: string }[];
    expect(rows).toHaveLength(3653 * new Set(rows.map((r) => r.kpi)).size);
    expect(rows.find((r) => r.period === '2025-12-31')).toBeDefined();
  });

  it('answers the dashboard, a KPI detail and the funnel the same way, from the worker', async () => {
    const dashboard = await call('dashboard/get', { year: 2025 });
    expect(dashboard.ok && (dashboard.value as { tiles: unknown[] }).tiles.length).toBeGreaterThan(0);
    const detail = await call('kpi/detail', { kpi: 'revenue', period: '2025-Q2', today: '2025-05-15' });
    expect(detail).toMatchObject({ ok: true, value: { kpi: 'revenue', previous: { period: '2025-Q1' } } });
    const funnel = await call('kpi/funnel', { period: '2025', by: 'source' });
    expect(funnel.ok && (funnel.value as unknown[]).length).toBeGreaterThan(0);
    const out = path.join(dir, 'kpis.csv');
    expect(
      await call('export/kpis', { format: 'csv', path: out, period: '2025', grain: 'quarter' }),
    ).toMatchObject({
      ok: true,
    });
    expect(fs.readFileSync(out, 'utf8')).toContain('2025-Q4');
  });

  it('refuses a question over the limit with its code, as the screens translate it', async () => {
    const reply = await call('kpi/query', { period: '1990-01-01..2100-12-31', grain: 'day', by: 'owner' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'question_too_large' } });
  });
});
