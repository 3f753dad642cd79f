import { dayFromYmd, isoFromDay, todayDay, type Day } from '../../../shared/kpi/periods.js';
import { importCanonicalRows } from '../import/import-file.js';
import { setTarget } from '../kpi/targets.js';
import { Workspace } from '../workspace.js';
import { demoKinds, demoTeams, type DemoOptions } from './generate.js';

export interface DemoWorkspaceOptions {
  file: string;
  deals?: number;
  seed?: number;
  /** The demo covers the two years up to this day (default: today). */
  today?: Day;
  /** First day of the data (default: 1 January of last year). */
  from?: Day;
  /** How the workspace's database is opened (the app's native binding). */
  dbOptions?: Parameters<typeof Workspace.create>[2];
}

/**
 * Creates the demo company: two years of facts through the import path, and monthly revenue
 * targets for the company and every person, so every screen has something real to show.
 */
export function createDemoWorkspace(options: DemoWorkspaceOptions): Workspace {
  const today = options.today ?? todayDay();
  const [y] = isoFromDay(today).split('-').map(Number) as [number];
  const demo: DemoOptions = {
    seed: options.seed ?? 42,
    from: dayFromYmd(y - 1, 1, 1),
    to: today,
    deals: options.deals ?? 1500,
  };
  const ws = Workspace.create(
    options.file,
    { name: 'PT Nusantara Digital', locale: 'id-ID', currency: 'IDR' },
    options.dbOptions,
  );
  try {
    for (const [kind, generate] of Object.entries(demoKinds)) {
      importCanonicalRows(ws.db, kind as keyof typeof demoKinds, `demo ${kind}`, generate(demo));
    }
    const people = Object.values(demoTeams).flat();
    const perPersonMonthly =
      Math.round(((demo.deals / 24 / people.length) * 0.3 * 60_000_000) / 1_000_000) * 1_000_000;
    for (let year = y - 1; year <= y; year++) {
      for (let month = 1; month <= 12; month++) {
        const period = `${year}-${String(month).padStart(2, '0')}`;
        for (const name of people) {
          setTarget(ws.db, ws.settings, {
            kpi: 'revenue',
            period,
            scope: { dim: 'owner', name },
            value: perPersonMonthly,
          });
        }
        setTarget(ws.db, ws.settings, { kpi: 'revenue', period, value: perPersonMonthly * people.length });
      }
      setTarget(ws.db, ws.settings, { kpi: 'win_rate', period: String(year), value: 0.3 });
      setTarget(ws.db, ws.settings, { kpi: 'cac', period: String(year), value: 2_500_000 });
      setTarget(ws.db, ws.settings, {
        kpi: 'bounce_rate',
        period: String(year),
        bandLow: 0.3,
        bandHigh: 0.5,
      });
    }
    return ws;
  } catch (e) {
    ws.close();
    throw e;
  }
}
