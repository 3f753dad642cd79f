import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isoFromDay, todayDay } from '../../../shared/kpi/periods.js';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { Session } from '../session.js';
import { kpiHandlers } from './kpi.js';

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
