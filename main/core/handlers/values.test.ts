import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { createDispatch } from '../dispatch.js';
import { importFile } from '../import/pipeline.js';
import { Session } from '../session.js';
import { kpiHandlers } from './kpi.js';
import { valueHandlers } from './values.js';

const tempDir = useTempDir();
let session: Session | undefined;
afterEach(() => session?.close());

function open() {
  const dir = tempDir();
  session = new Session();
  session.create(path.join(dir, 'w.kinerja'), { name: 'PT Uji' });
  return { dir, session };
}

const set = (s: Session, kpi: string, period: string, value: number) =>
  valueHandlers['values/set']({ kpi, period, value }, { session: s });

describe('a value typed by hand is checked by its unit', () => {
  it.each([
    ['win_rate', '2026-03', 1.5, /win_rate 2026-03: value '1.5'; expected a rate between 0% and 100%/],
    ['deals_won', '2026-03', 2.5, /value '2.5'; expected a whole number, 0 or more/],
    ['leads', '2026-03', -3, /expected a whole number, 0 or more/],
    ['revenue', '1900-01', 100, /period '1900-01'; expected a month between 1990 and 2100/],
    ['cac', '2026-03', 100, /cac is computed from marketing and sales spend and new customers/],
    ['target_achievement', '2026-03', 0.9, /target_achievement is computed from revenue and its target/],
    // Two of these would add up to Infinity in a quarter: far beyond any sales figure.
    ['revenue', '2026-03', 1e308, /expected a number up to 900 trillion/],
    ['deals_won', '2026-03', 1e23, /expected a number up to 900 trillion/],
  ])('%s %s = %s is refused', (kpi, period, value, message) => {
    const { session } = open();
    expect(() => set(session, kpi, period, value)).toThrow(message);
    expect(valueHandlers['values/list']({}, { session })).toEqual([]);
  });

  it('a rate, a whole count, negative money and a duration are kept', () => {
    const { session } = open();
    set(session, 'win_rate', '2026-03', 0.45);
    set(session, 'deals_won', '2026-03', 12);
    set(session, 'revenue', '2026-03', -500);
    set(session, 'sales_cycle_days', '2026-03', 12.5);
    expect(valueHandlers['values/list']({}, { session })).toHaveLength(4);
  });

  it('says whether the typed value is the one shown, or the computed one wins', async () => {
    const { dir, session } = open();
    const ws = session.require();
    const deals = path.join(dir, 'deals.csv');
    fs.writeFileSync(deals, 'external_id,owner,status,amount,closed_at\nD1,Budi,won,1000,2026-03-05\n');
    await importFile(ws.db, ws.settings, deals, { kind: 'deals' });
    // Revenue has a computed value from the deal: the typed one is kept but not shown.
    expect(set(session, 'revenue', '2026-03', 5000)).toMatchObject({
      value: 5000,
      inEffect: false,
      shownValue: 1000,
    });
    // A month without deals shows the typed value.
    expect(set(session, 'revenue', '2026-04', 700)).toMatchObject({ inEffect: true, shownValue: 700 });
    // Once the typed value is set to win, it is the one shown.
    kpiHandlers['kpi/settings']({ kpi: 'revenue', manualWins: true }, { session });
    expect(set(session, 'revenue', '2026-03', 5000)).toMatchObject({ inEffect: true, shownValue: 5000 });
  });

  it('a file of manual values is checked the same way, naming row and column', async () => {
    const { dir, session } = open();
    const ws = session.require();
    const file = path.join(dir, 'values.csv');
    fs.writeFileSync(file, 'kpi,period,scope,value,note\nwin_rate,2026-03,,0.4,\nwin_rate,2026-04,,1.5,\n');
    await expect(importFile(ws.db, ws.settings, file, { kind: 'kpi_values' })).rejects.toThrow(
      /row 3, column value: '1.5'; expected a rate between 0% and 100%/,
    );
    expect(valueHandlers['values/list']({}, { session })).toEqual([]);
  });
});

describe('tracked KPIs', () => {
  it('every KPI is tracked until the user stops tracking one; the choice is kept', () => {
    const { session } = open();
    const tracked = () =>
      kpiHandlers['kpi/settingsList']({}, { session })
        .filter((s) => s.tracked)
        .map((s) => s.kpi);
    expect(tracked()).toContain('bounce_rate');
    expect(kpiHandlers['kpi/settings']({ kpi: 'bounce_rate', tracked: false }, { session })).toMatchObject({
      tracked: false,
      manualWins: false,
    });
    expect(tracked()).not.toContain('bounce_rate');
    // Another setting of the same KPI leaves the choice alone.
    kpiHandlers['kpi/settings']({ kpi: 'bounce_rate', manualWins: true }, { session });
    expect(tracked()).not.toContain('bounce_rate');
    expect(tracked()).toContain('revenue');
  });
});

/** A workspace that knows Budi Santoso and Sari Dewi from two won deals in January 2026. */
async function withPeople() {
  const { dir, session } = open();
  const ws = session.require();
  const deals = path.join(dir, 'deals.csv');
  fs.writeFileSync(
    deals,
    'external_id,owner,status,amount,closed_at\nD1,Budi Santoso,won,1000,2026-01-05\nD2,Sari Dewi,won,500,2026-01-09\n',
  );
  await importFile(ws.db, ws.settings, deals, { kind: 'deals' });
  return session;
}

/** Everything typed by hand, whoever it is for, as the database holds it. */
const allTyped = (s: Session) =>
  s
    .require()
    .db.prepare('SELECT kpi, period, scope_key, value, note FROM kpi_values ORDER BY scope_key, kpi, period')
    .all();

describe('values typed for one person', () => {
  it('are what the engine shows for that person and count in the company total, not for anyone else', async () => {
    const session = await withPeople();
    // Typed in another case than the workspace spells the name: kept under the workspace's spelling.
    valueHandlers['values/set'](
      { kpi: 'leads', period: '2026-03', value: 14, note: 'dari pameran', scope: { owner: 'budi santoso' } },
      { session },
    );
    const query = (scope?: { dim: 'owner'; name: string }) =>
      kpiHandlers['kpi/query']({ kpis: ['leads'], period: '2026-03', scope }, { session }) as {
        value: number | null;
        origin: string | null;
      }[];
    expect(query({ dim: 'owner', name: 'Budi Santoso' })).toMatchObject([{ value: 14, origin: 'manual' }]);
    expect(query({ dim: 'owner', name: 'Sari Dewi' })).toMatchObject([{ value: null }]);
    // Nothing else was recorded in March: the company's leads are Budi's typed ones.
    expect(query()).toMatchObject([{ value: 14, origin: 'manual' }]);

    expect(
      valueHandlers['values/list']({ scope: { owner: 'Budi Santoso' } }, { session }).map((v) => [
        v.kpi,
        v.period,
        v.value,
        v.note,
      ]),
    ).toEqual([['leads', '2026-03', 14, 'dari pameran']]);
    expect(valueHandlers['values/list']({}, { session })).toEqual([]);
    expect(valueHandlers['values/list']({ scope: { owner: 'Sari Dewi' } }, { session })).toEqual([]);
  });

  it("says whether a person's typed value is shown or their computed one wins", async () => {
    const session = await withPeople();
    // Budi has revenue from a deal in January: the computed 1000 wins over a typed 3000.
    expect(
      valueHandlers['values/set'](
        { kpi: 'revenue', period: '2026-01', value: 3000, scope: { owner: 'Budi Santoso' } },
        { session },
      ),
    ).toMatchObject({ value: 3000, inEffect: false, shownValue: 1000 });
    expect(
      valueHandlers['values/set'](
        { kpi: 'revenue', period: '2026-02', value: 3000, scope: { owner: 'Budi Santoso' } },
        { session },
      ),
    ).toMatchObject({ inEffect: true, shownValue: 3000 });
  });

  it('are deleted for that person only', async () => {
    const session = await withPeople();
    for (const owner of [undefined, 'Budi Santoso', 'Sari Dewi'])
      valueHandlers['values/set'](
        { kpi: 'leads', period: '2026-03', value: 5, scope: owner ? { owner } : undefined },
        { session },
      );
    valueHandlers['values/delete'](
      { kpi: 'leads', period: '2026-03', scope: { owner: 'Sari Dewi' } },
      { session },
    );
    expect(allTyped(session).map((r) => (r as { scope_key: string }).scope_key)).toEqual([
      '',
      'owner=Budi Santoso',
    ]);
    expect(() =>
      valueHandlers['values/delete'](
        { kpi: 'leads', period: '2026-03', scope: { owner: 'Sari Dewi' } },
        { session },
      ),
    ).toThrow('There is no value of leads of Sari Dewi for 2026-03 to delete');
  });

  it('are refused for a name the workspace does not know, with the closest known ones', async () => {
    const session = await withPeople();
    expect(() =>
      valueHandlers['values/set'](
        { kpi: 'leads', period: '2026-03', value: 5, scope: { owner: 'Budi Santos' } },
        { session },
      ),
    ).toThrow(/^Unknown owner 'Budi Santos'; did you mean 'Budi Santoso'/);
    expect(() =>
      valueHandlers['values/setMany'](
        { scope: { owner: 'Sary' }, values: [{ kpi: 'leads', period: '2026-03', value: 5 }] },
        { session },
      ),
    ).toThrow(/^Unknown owner 'Sary'; did you mean 'Sari Dewi', 'Budi Santoso'\? \(2 known\)/);
    expect(allTyped(session)).toEqual([]);
  });

  it('a scope other than a person is refused at the boundary, not saved for the company', async () => {
    const session = await withPeople();
    const dispatch = createDispatch({ session });
    const reply = await dispatch('values/set', {
      kpi: 'leads',
      period: '2026-03',
      value: 5,
      scope: { team: 'Tim Jakarta' },
    });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    expect(allTyped(session)).toEqual([]);
  });
});

describe('a block of typed values (values/setMany)', () => {
  const block = [
    { kpi: 'revenue', period: '2026-01', value: 1_234_567.89, note: 'dari Excel' },
    { kpi: 'revenue', period: '2026-02', value: 2_000_000 },
    { kpi: 'win_rate', period: '2026-01', value: 0.45 },
    { kpi: 'deals_won', period: '2026-02', value: 12 },
  ];

  it('keeps every value, each with its note, and says each is shown', () => {
    const { session } = open();
    const saved = valueHandlers['values/setMany']({ values: block }, { session });
    expect(saved.map((v) => [v.kpi, v.period, v.value, v.note, v.inEffect, v.shownValue])).toEqual([
      ['revenue', '2026-01', 1_234_567.89, 'dari Excel', true, 1_234_567.89],
      ['revenue', '2026-02', 2_000_000, null, true, 2_000_000],
      ['win_rate', '2026-01', 0.45, null, true, 0.45],
      ['deals_won', '2026-02', 12, null, true, 12],
    ]);
    expect(valueHandlers['values/list']({}, { session })).toHaveLength(4);
  });

  it.each([
    [
      'a rate over 100%',
      { kpi: 'win_rate', period: '2026-03', value: 1.5 },
      /win_rate 2026-03: value '1.5'; expected a rate between 0% and 100%/,
    ],
    [
      'half a deal',
      { kpi: 'deals_won', period: '2026-03', value: 2.5 },
      /deals_won 2026-03: value '2.5'; expected a whole number, 0 or more/,
    ],
    ['a derived KPI', { kpi: 'cac', period: '2026-03', value: 10 }, /cac is computed from/],
    ['an unknown KPI', { kpi: 'happiness', period: '2026-03', value: 10 }, /Unknown KPI 'happiness'/],
    [
      'a month given twice',
      { kpi: 'revenue', period: '2026-01', value: 1 },
      /revenue 2026-01 is given twice \(values 1 and 5\)/,
    ],
  ])('with %s as its last value leaves the workspace exactly as it was', (_what, bad, message) => {
    const { session } = open();
    valueHandlers['values/set']({ kpi: 'revenue', period: '2026-01', value: 99, note: 'lama' }, { session });
    const before = allTyped(session);
    expect(() => valueHandlers['values/setMany']({ values: [...block, bad] }, { session })).toThrow(message);
    expect(allTyped(session)).toEqual(before);
  });

  it('for a person is what the engine shows for that person', async () => {
    const session = await withPeople();
    valueHandlers['values/setMany'](
      {
        scope: { owner: 'Sari Dewi' },
        values: [
          { kpi: 'leads', period: '2026-02', value: 30 },
          { kpi: 'leads', period: '2026-03', value: 45 },
        ],
      },
      { session },
    );
    const rows = kpiHandlers['kpi/query'](
      { kpis: ['leads'], period: '2026-Q1', grain: 'month', scope: { dim: 'owner', name: 'Sari Dewi' } },
      { session },
    ) as { period: string; value: number | null }[];
    expect(rows.map((r) => [r.period, r.value])).toEqual([
      ['2026-01', null],
      ['2026-02', 30],
      ['2026-03', 45],
    ]);
    expect(valueHandlers['values/list']({}, { session })).toEqual([]);
  });

  it('two blocks sent at once through the dispatcher both land, the later one last', async () => {
    const { session } = open();
    const dispatch = createDispatch({ session });
    const [first, second] = await Promise.all([
      dispatch('values/setMany', {
        values: [
          { kpi: 'leads', period: '2026-01', value: 10 },
          { kpi: 'leads', period: '2026-02', value: 20 },
        ],
      }),
      dispatch('values/setMany', {
        values: [
          { kpi: 'leads', period: '2026-02', value: 21 },
          { kpi: 'mql', period: '2026-02', value: 7 },
        ],
      }),
    ]);
    expect(first).toMatchObject({ ok: true });
    expect(second).toMatchObject({ ok: true });
    expect(valueHandlers['values/list']({}, { session }).map((v) => [v.kpi, v.period, v.value])).toEqual([
      ['leads', '2026-01', 10],
      ['leads', '2026-02', 21],
      ['mql', '2026-02', 7],
    ]);
  });

  it('refuses more values than one save may carry, at the boundary', async () => {
    const { session } = open();
    const values = Array.from({ length: 2001 }, (_, i) => ({
      kpi: 'leads',
      period: `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
      value: 1,
    }));
    const reply = await createDispatch({ session })('values/setMany', { values });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    expect(allTyped(session)).toEqual([]);
  });
});
