import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/helpers/tmp.js';
import { createDispatch, handlers } from '../../main/core/dispatch.js';
import { Session } from '../../main/core/session.js';
import { callNames } from './api.js';
import { createClient } from './client.js';
import { KinerjaError } from './errors.js';

const tempDir = useTempDir();

function directClient() {
  const session = new Session();
  const dispatch = createDispatch({ session });
  return { session, dispatch, client: createClient((name, req) => dispatch(name, req)) };
}

describe('the contract', () => {
  it('has exactly one handler per call and nothing more', () => {
    expect(Object.keys(handlers).sort()).toEqual([...callNames].sort());
  });

  it('rejects unknown calls and non-string names', async () => {
    const { dispatch } = directClient();
    expect(await dispatch('fs/readFile', {})).toEqual({
      ok: false,
      error: { kind: 'unknown_call', message: "Unknown call 'fs/readFile'" },
    });
    expect((await dispatch({ toString: () => 'workspace/current' }, {})).ok).toBe(false);
    expect((await dispatch('__proto__', {})).ok).toBe(false);
  });

  it('says which field is wrong when a request does not match its schema', async () => {
    const { dispatch } = directClient();
    const reply = await dispatch('values/set', { kpi: 'Revenue!', period: '2026-3', value: 'lots' });
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.kind).toBe('invalid_request');
      expect(reply.error.message).toMatch(/kpi:/);
      expect(reply.error.message).toMatch(/period: expected a month such as 2026-03/);
      expect(reply.error.message).toMatch(/value:/);
    }
  });

  it('the typed client refuses a bad request before sending it', async () => {
    let sent = 0;
    const client = createClient(async () => {
      sent++;
      return { ok: true, value: null };
    });
    // @ts-expect-error: the compiler already rejects a wrong type; the runtime check catches it too.
    await expect(client.values.set({ kpi: 'revenue', period: '2026-03', value: '12' })).rejects.toThrow(
      KinerjaError,
    );
    expect(sent).toBe(0);
  });

  it('the typed client refuses a reply that does not match the response schema', async () => {
    const client = createClient(async () => ({ ok: true, value: { year: 'not a number' } }));
    await expect(client.dashboard.get({ year: 2026 })).rejects.toMatchObject({ kind: 'invalid_response' });
  });

  it('gives a clear error when no workspace is open', async () => {
    const { client } = directClient();
    await expect(client.values.list({})).rejects.toMatchObject({ kind: 'no_workspace' });
  });
});

describe('the vertical slice through the contract', () => {
  it('a manual value entered for a month shows on the dashboard as a tile and a series point', async () => {
    const { client, session } = directClient();
    await client.workspace.create({ path: `${tempDir()}/w.kinerja`, name: 'PT Uji' });
    await client.values.set({ kpi: 'revenue', period: '2026-02', value: 1_000_000 });
    await client.values.set({ kpi: 'revenue', period: '2026-03', value: 1_234_567 });
    const dash = await client.dashboard.get({ year: 2026 });
    expect(dash.tiles).toEqual([
      { kpi: 'revenue', period: '2026-03', value: 1_234_567, previous: 1_000_000 },
    ]);
    const points = dash.series[0]!.points;
    expect(points).toHaveLength(12);
    expect(points[2]).toEqual({ period: '2026-03', value: 1_234_567 });
    // Months without data have no value, not zero.
    expect(points[0]).toEqual({ period: '2026-01', value: null });
    session.close();
  });

  it('the dashboard shows KPIs computed from imported facts through the same engine', async () => {
    const { client, session } = directClient();
    const dir = tempDir();
    await client.workspace.create({ path: `${dir}/w.kinerja` });
    const fs = await import('node:fs');
    fs.writeFileSync(
      `${dir}/deals.csv`,
      'external_id,status,amount,closed_at\nA,won,100,2026-02-03\nB,lost,50,2026-04-09\n',
    );
    await client.import.file({ path: `${dir}/deals.csv`, kind: 'deals' });
    const dash = await client.dashboard.get({ year: 2026 });
    const winRate = dash.tiles.find((t) => t.kpi === 'win_rate');
    expect(winRate).toEqual({ kpi: 'win_rate', period: '2026-04', value: 0, previous: null });
    expect(dash.series.find((s) => s.kpi === 'revenue')!.points[1]).toEqual({
      period: '2026-02',
      value: 100,
    });
    expect(dash.tiles.some((t) => t.kpi === 'leads')).toBe(false); // no lead data: no tile
    // January compares with December of the year before.
    await client.values.set({ kpi: 'leads', period: '2025-12', value: 40 });
    await client.values.set({ kpi: 'leads', period: '2026-01', value: 50 });
    const jan = (await client.dashboard.get({ year: 2026 })).tiles.find((t) => t.kpi === 'leads');
    expect(jan).toEqual({ kpi: 'leads', period: '2026-01', value: 50, previous: 40 });
    session.close();
  });

  it('entering a value again for the same month replaces it', async () => {
    const { client, session } = directClient();
    await client.workspace.create({ path: `${tempDir()}/w.kinerja` });
    await client.values.set({ kpi: 'deals_won', period: '2026-03', value: 4 });
    await client.values.set({ kpi: 'deals_won', period: '2026-03', value: 5, note: 'one late entry' });
    expect(await client.values.list({ kpi: 'deals_won' })).toMatchObject([
      { value: 5, note: 'one late entry' },
    ]);
    session.close();
  });

  it('a period it cannot read is a request error naming the accepted forms, not an internal one', async () => {
    const { dispatch, session } = directClient();
    session.create(`${tempDir()}/w.kinerja`, {});
    const reply = await dispatch('kpi/query', { period: 'Maret 2026' });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    expect(!reply.ok && reply.error.message).toMatch(/'Maret 2026' is not a period: expected 2026-03-15/);
    session.close();
  });

  it('refuses a KPI code that is not in the catalog', async () => {
    const { client, session } = directClient();
    await client.workspace.create({ path: `${tempDir()}/w.kinerja` });
    await expect(client.values.set({ kpi: 'happiness', period: '2026-03', value: 1 })).rejects.toThrow(
      /Unknown KPI 'happiness'/,
    );
    session.close();
  });

  it('the week start is Monday by default, round-trips as Sunday, and refuses any other day', async () => {
    const { client, session } = directClient();
    const file = `${tempDir()}/w.kinerja`;
    expect((await client.workspace.create({ path: file })).settings.weekStart).toBe('monday');
    expect((await client.settings.update({ weekStart: 'sunday' })).settings.weekStart).toBe('sunday');
    await client.workspace.close({});
    expect((await client.workspace.open({ path: file })).settings.weekStart).toBe('sunday');
    await expect(client.settings.update({ weekStart: 'friday' as 'sunday' })).rejects.toThrow(
      /weekStart: .*"monday"\|"sunday"\|"saturday"/,
    );
    expect((await client.workspace.current({}))!.settings.weekStart).toBe('sunday');
    session.close();
  });

  it('settings persist across closing and reopening the workspace', async () => {
    const { client, session } = directClient();
    const file = `${tempDir()}/w.kinerja`;
    await client.workspace.create({ path: file, locale: 'en-US' });
    expect((await client.workspace.current({}))!.settings.currency).toBe('USD');
    await client.settings.update({ name: 'Acme', currency: 'IDR', fiscalYearStartMonth: 4 });
    await client.workspace.close({});
    const reopened = await client.workspace.open({ path: file });
    expect(reopened.settings).toMatchObject({
      name: 'Acme',
      currency: 'IDR',
      fiscalYearStartMonth: 4,
      locale: 'en-US',
    });
    session.close();
  });
});
