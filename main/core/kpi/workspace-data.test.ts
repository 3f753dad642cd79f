import { afterEach, describe, expect, it } from 'vitest';
import { workspaceWith } from '../../../test/helpers/workspace.js';
import { useTempDir } from '../../../test/helpers/tmp.js';
import type { Workspace } from '../workspace.js';
import { dataRange, scopeNames } from './workspace-data.js';
import { listTargets, setTarget } from './targets.js';

const tempDir = useTempDir();
let ws: Workspace | undefined;
afterEach(() => ws?.close());

const deals =
  'external_id,owner,team,source,status,amount,created_at,closed_at\n' +
  'D1,Budi Santoso,Tim Jakarta,Instagram,won,1000,2025-01-03,2025-02-10\n' +
  'D2,Sari Dewi,Tim Surabaya,Pameran,lost,,2025-02-01,2025-11-30\n' +
  'D3,andi wijaya,Tim Jakarta,Instagram,won,500,2025-03-01,2025-06-15\n';

describe('what pickers offer', () => {
  it('the data range spans imported facts and manual values, with no typed value needed', async () => {
    ws = await workspaceWith(tempDir(), { deals });
    expect(dataRange(ws.db)).toEqual({ first: '2025-02-10', last: '2025-11-30' });
    ws.db
      .prepare("INSERT INTO kpi_values (kpi, period, value, updated_at) VALUES ('leads', '2024-12', 4, '')")
      .run();
    expect(dataRange(ws.db)).toEqual({ first: '2024-12-01', last: '2025-11-30' });
  });

  it('an empty workspace has no range', async () => {
    ws = await workspaceWith(tempDir(), {});
    expect(dataRange(ws.db)).toEqual({ first: null, last: null });
  });

  it('scope names come sorted per dimension, whatever their case', async () => {
    ws = await workspaceWith(tempDir(), { deals });
    expect(scopeNames(ws.db)).toMatchObject({
      owner: ['andi wijaya', 'Budi Santoso', 'Sari Dewi'],
      team: ['Tim Jakarta', 'Tim Surabaya'],
      source: ['Instagram', 'Pameran'],
      platform: [],
    });
  });
});

describe('targets by scope', () => {
  it('a target for an unknown person is refused, naming the closest known ones', async () => {
    ws = await workspaceWith(tempDir(), { deals });
    expect(() =>
      setTarget(ws!.db, ws!.settings, {
        kpi: 'revenue',
        period: '2025-03',
        scope: { dim: 'owner', name: 'Budi Santosa' },
        value: 10,
      }),
    ).toThrow(/Unknown owner 'Budi Santosa'; did you mean 'Budi Santoso'/);
    expect(listTargets(ws.db, 2025, null)).toEqual([]);
  });

  it('a name in another case is stored as the workspace spells it, and listed for that scope', async () => {
    ws = await workspaceWith(tempDir(), { deals });
    setTarget(ws.db, ws.settings, {
      kpi: 'revenue',
      period: '2025-03',
      scope: { dim: 'owner', name: 'BUDI SANTOSO' },
      value: 10,
    });
    setTarget(ws.db, ws.settings, {
      kpi: 'revenue',
      period: '2025-03',
      scope: { dim: 'owner', name: 'Budi Santoso' },
      value: 12,
      reason: 'new territory',
    });
    // The same value again without a reason is no revision.
    setTarget(ws.db, ws.settings, {
      kpi: 'revenue',
      period: '2025-03',
      scope: { dim: 'owner', name: 'Budi Santoso' },
      value: 12,
    });
    setTarget(ws.db, ws.settings, { kpi: 'revenue', period: '2025', value: 100 });
    setTarget(ws.db, ws.settings, { kpi: 'revenue', period: '2026-01', value: 9 });
    const budi = listTargets(ws.db, 2025, { dim: 'owner', name: 'budi santoso' });
    expect(budi).toHaveLength(1);
    expect(budi[0]).toMatchObject({ kpi: 'revenue', period: '2025-03', value: 12 });
    expect(budi[0]!.revisions.map((r) => [r.oldValue, r.newValue, r.reason])).toEqual([
      [null, 10, null],
      [10, 12, 'new territory'],
    ]);
    // The company's targets for 2025 only: the year, not January 2026.
    expect(listTargets(ws.db, 2025, null).map((t) => t.period)).toEqual(['2025']);
  });

  it('a workspace without names says where names come from', async () => {
    ws = await workspaceWith(tempDir(), {});
    expect(() =>
      setTarget(ws!.db, ws!.settings, {
        kpi: 'revenue',
        period: '2025-03',
        scope: { dim: 'team', name: 'Tim A' },
        value: 1,
      }),
    ).toThrow(/has no team names yet/);
  });

  it('a target outside 1990–2100 is refused: no screen could list it', async () => {
    ws = await workspaceWith(tempDir(), {});
    for (const period of ['1800', '0001-01', '2101-Q1'])
      expect(() => setTarget(ws!.db, ws!.settings, { kpi: 'revenue', period, value: 1 }), period).toThrow(
        /between 1990 and 2100|not a period|year/,
      );
  });

  it('a pasted paragraph as a name is refused quickly, and not echoed whole', async () => {
    ws = await workspaceWith(tempDir(), { deals });
    const long = 'x'.repeat(100_000);
    let message = '';
    try {
      setTarget(ws.db, ws.settings, {
        kpi: 'revenue',
        period: '2025-03',
        scope: { dim: 'owner', name: long },
        value: 1,
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Unknown owner 'x{80}…'/);
    expect(message.length).toBeLessThan(400);
  });
});
