import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isoFromDay, todayDay } from '../../../shared/kpi/periods.js';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { Session } from '../session.js';
import { kpiHandlers } from './kpi.js';
import { valueHandlers } from './values.js';

// 01:00 on 1 March in Jakarta (UTC+7) is still 28 February in UTC.
const JAKARTA_EARLY_MORNING = new Date('2026-02-28T18:00:00Z');

describe('today is the local calendar date', () => {
  const tempDir = useTempDir();
  const tz = process.env.TZ;
  let session: Session | undefined;
  beforeEach(() => {
    process.env.TZ = 'Asia/Jakarta';
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(JAKARTA_EARLY_MORNING);
  });
  afterEach(() => {
    vi.useRealTimers();
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
    session?.close();
  });

  it('at 01:00 WIB on 1 March, today is 2026-03-01', () => {
    expect(isoFromDay(todayDay())).toBe('2026-03-01');
  });

  it('the running month has a pace from its first hour in Jakarta', () => {
    session = new Session();
    session.create(path.join(tempDir(), 'w.kinerja'), { name: 'PT Uji' });
    kpiHandlers['targets/set']({ kpi: 'revenue', period: '2026-03', value: 3100 }, { session });
    const detail = kpiHandlers['kpi/detail']({ kpi: 'revenue', period: '2026-03' }, { session }) as {
      pace: { elapsed: number; expectedToDate: number | null } | null;
    };
    // Day 1 of March's 31 has begun: a thirty-first of the target is expected by tonight.
    expect(detail.pace).toMatchObject({ elapsed: 1 / 31, expectedToDate: 100 });
  });
});

describe("a custom KPI's preview", () => {
  const tempDir = useTempDir();
  let session: Session | undefined;
  afterEach(() => session?.close());

  const draft = (formula: string, code = 'revenue_per_deal') => ({
    code,
    name: { id: 'Pendapatan per deal', en: 'Revenue per deal' },
    formula,
    unit: 'money' as const,
    direction: 'higher' as const,
    period: '2026-03',
  });

  it('answers the value the saved KPI will have, and saves nothing', () => {
    session = new Session();
    const ws = session.create(path.join(tempDir(), 'w.kinerja'), { name: 'PT Uji' });
    valueHandlers['values/set']({ kpi: 'revenue', period: '2026-03', value: 1000 }, { session });
    valueHandlers['values/set']({ kpi: 'deals_won', period: '2026-03', value: 4 }, { session });
    expect(kpiHandlers['kpi/previewCustom'](draft('revenue / deals_won'), { session })).toEqual({
      period: '2026-03',
      value: 250,
    });
    expect(ws.db.prepare('SELECT COUNT(*) FROM custom_kpis').pluck().get()).toBe(0);
    // Saved, the KPI answers the same number the preview showed.
    const { period: _p, ...input } = draft('revenue / deals_won');
    kpiHandlers['kpi/defineCustom'](input, { session });
    const [row] = kpiHandlers['kpi/query'](
      { kpis: ['revenue_per_deal'], period: '2026-03' },
      { session },
    ) as {
      value: number;
    }[];
    expect(row!.value).toBe(250);
    // A changed draft of a saved KPI previews the change, and the saved one stays as it was.
    expect(kpiHandlers['kpi/previewCustom'](draft('revenue / deals_won / 2'), { session })).toMatchObject({
      value: 125,
    });
    const [again] = kpiHandlers['kpi/query'](
      { kpis: ['revenue_per_deal'], period: '2026-03' },
      { session },
    ) as {
      value: number;
    }[];
    expect(again!.value).toBe(250);
  });

  it.each([
    ['revenue / ', /position 9: expected a KPI code, a number or '\(' after '\/'/, undefined],
    ['revenue / dealz_won', /dealz_won/, undefined],
    ['revenue', /built-in KPI/, 'revenue'],
  ] as const)('refuses %s as saving would', (formula, message, code) => {
    const s = new Session();
    session = s;
    s.create(path.join(tempDir(), 'w.kinerja'), { name: 'PT Uji' });
    expect(() => kpiHandlers['kpi/previewCustom'](draft(formula, code), { session: s })).toThrow(message);
  });
});

describe('targets written in bulk or one by one', () => {
  const tempDir = useTempDir();
  let session: Session | undefined;
  afterEach(() => session?.close());

  it('refuses the same month twice, and a target so large a year of them would be Infinity', () => {
    session = new Session();
    session.create(path.join(tempDir(), 'w.kinerja'), { name: 'PT Uji' });
    const s = session;
    expect(() =>
      kpiHandlers['targets/setMany'](
        {
          kpi: 'revenue',
          values: [
            { period: '2027-01', value: 1 },
            { period: '2027-01', value: 2 },
          ],
        },
        { session: s },
      ),
    ).toThrow(/2027-01 is given twice/);
    expect(() =>
      kpiHandlers['targets/set']({ kpi: 'revenue', period: '2027-02', value: 1e308 }, { session: s }),
    ).toThrow(/expected a number up to 900 trillion/);
    expect(kpiHandlers['targets/list']({ year: 2027 }, { session: s })).toEqual([]);
  });

  it('typed months of a rate are not added up', () => {
    session = new Session();
    session.create(path.join(tempDir(), 'w.kinerja'), { name: 'PT Uji' });
    const s = session;
    expect(() =>
      kpiHandlers['kpi/settings']({ kpi: 'win_rate', manualRollup: 'sum' }, { session: s }),
    ).toThrow(/win_rate is a rate or an average: its typed months cannot be added up/);
    expect(
      kpiHandlers['kpi/settings']({ kpi: 'win_rate', manualRollup: 'last' }, { session: s }),
    ).toMatchObject({
      manualRollup: 'last',
    });
  });
});
