import { dayFromYmd, isoFromDay, todayDay, type Day } from '../../../shared/kpi/periods.js';
import { importCanonicalRows } from '../import/import-file.js';
import { setTarget } from '../kpi/targets.js';
import { Workspace } from '../workspace.js';
import { saveScorecard } from '../scoring/scorecards.js';
import { demoKinds, demoMarketers, demoTeams, type DemoOptions } from './generate.js';

export const demoMarketingTeam = 'Tim Pemasaran';

/**
 * Each person's targets for the KPIs of their scorecard: counts per month (a quarter's target
 * is then the sum of its months), ratios and averages for every grain they are judged at.
 */
function setPersonTargets(
  ws: Workspace,
  period: string,
  { ratios, sums }: { ratios: boolean; sums: boolean },
) {
  const set = (kpi: string, name: string, value: number) =>
    setTarget(ws.db, ws.settings, { kpi, period, scope: { dim: 'owner', name }, value });
  for (const name of Object.values(demoTeams).flat()) {
    if (sums) set('deals_won', name, 3);
    if (ratios) {
      set('win_rate', name, 0.3);
      set('avg_deal_size', name, 45_000_000);
      set('sales_cycle_days', name, 35);
    }
  }
  for (const name of demoMarketers) {
    if (sums) {
      set('leads', name, 60);
      set('mql', name, 27);
    }
    if (ratios) {
      set('mql_rate', name, 0.45);
      set('lead_conversion_rate', name, 0.1);
    }
  }
}

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
    // The marketers' team is named before their leads arrive: leads carry no team column, and
    // the team rollups read a person's team when the leads are imported.
    const marketing = ws.db
      .prepare('INSERT INTO teams (name) VALUES (?)')
      .run(demoMarketingTeam).lastInsertRowid;
    for (const name of demoMarketers) {
      ws.db.prepare('INSERT INTO people (name, team_id) VALUES (?, ?)').run(name, marketing);
    }
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
        setPersonTargets(ws, period, { ratios: true, sums: true });
      }
      for (const period of [String(year), ...[1, 2, 3, 4].map((q) => `${year}-Q${q}`)]) {
        setPersonTargets(ws, period, { ratios: true, sums: false });
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
    saveScorecard(ws.db, {
      name: 'Penjualan',
      cap: 1.2,
      lines: [
        { kpi: 'revenue', weight: 0.4, perspective: 'financial' },
        { kpi: 'avg_deal_size', weight: 0.1, perspective: 'financial' },
        { kpi: 'deals_won', weight: 0.2, perspective: 'customer' },
        { kpi: 'win_rate', weight: 0.15, perspective: 'internal' },
        { kpi: 'sales_cycle_days', weight: 0.15, perspective: 'internal' },
      ],
      assignedTo: Object.keys(demoTeams).map((name) => ({ dim: 'team', name })),
    });
    saveScorecard(ws.db, {
      name: 'Pemasaran',
      cap: 1.2,
      lines: [
        { kpi: 'leads', weight: 0.3, perspective: 'customer' },
        { kpi: 'mql', weight: 0.3, perspective: 'customer' },
        { kpi: 'mql_rate', weight: 0.2, perspective: 'internal' },
        { kpi: 'lead_conversion_rate', weight: 0.2, perspective: 'internal' },
      ],
      assignedTo: [{ dim: 'team', name: demoMarketingTeam }],
    });
    return ws;
  } catch (e) {
    ws.close();
    throw e;
  }
}
