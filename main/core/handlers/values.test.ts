import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/tmp.js';
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
