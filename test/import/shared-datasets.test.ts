import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeKpis } from '../../main/core/kpi/engine.js';
import { importFile, type ImportFileOptions } from '../../main/core/import/pipeline.js';
import { Workspace } from '../../main/core/workspace.js';
import { projectRoot } from '../helpers/cli.js';
import { useTempDir } from '../helpers/tmp.js';

// Real exports, imported as a new user would (no preset named, no mapping where a preset fits),
// checked against sums taken straight from the files. Skipped when the datasets are not beside
// the project.
const datasets = path.resolve(projectRoot, '../shared/datasets');
const present = fs.existsSync(datasets);
if (!present) console.log(`shared-datasets import tests skipped: ${datasets} is absent`);

const tempDir = useTempDir();
let ws: Workspace | undefined;
afterEach(() => ws?.close());

async function importReal(rel: string, options: ImportFileOptions) {
  ws = Workspace.create(path.join(tempDir(), 'w.kinerja'), { locale: 'en-US' });
  const summary = await importFile(ws.db, ws.settings, path.join(datasets, rel), options);
  return { ws, summary };
}
const value = (w: Workspace, kpi: string, period: string) =>
  computeKpis(w.db, w.settings, { kpis: [kpi], period })[0]!.value;
const lines = (rel: string) =>
  fs
    .readFileSync(path.join(datasets, rel), 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);

describe.skipIf(!present)(`real exports from ${datasets}`, () => {
  it('Meta Ads Manager: spend equals the account summary row, which is not imported itself', async () => {
    const rel = 'teefusion_meta_ads/Untitled-report-Feb-1-2025-to-Aug-4-2025_Reach.csv';
    const { ws, summary } = await importReal(rel, { kind: 'spend' });
    expect(summary.preset).toBe('meta-ads');
    expect(summary.skippedTotals).toBe(1);
    expect(summary.totalsRows).toEqual([{ line: 2, rule: 'numbers equal the sum of the other rows' }]);
    // The summary row (empty campaign name) holds the account total: 33245.34 INR.
    expect(lines(rel)[1]).toMatch(/^,\d+,\d+,[\d.]+,INR,33245\.34,/);
    expect(value(ws, 'marketing_spend', '2025-02-01..2025-08-04')).toBeCloseTo(33245.34, 2);
  });

  it('Google Ads campaign report: cost of the campaigns over the title line range, totals skipped', async () => {
    const rel = 'google_ads_campaign_reports/vishalmotling_Campaign report.csv';
    const { ws, summary } = await importReal(rel, { kind: 'spend' });
    expect(summary).toMatchObject({ preset: 'google-ads-campaign', read: 2, skippedTotals: 4 });
    expect(value(ws, 'marketing_spend', '2025-07-08..2025-07-31')).toBeCloseTo(1661.67 + 904.26, 2);
    expect(value(ws, 'marketing_spend', '2025-07-07')).toBeNull();
  });

  it.each([
    [['source=Website'], []],
    [[], ['Landing page=source']],
  ])(
    'GA4 landing-page report: sessions over the preamble range, the empty landing page included (set %j, map %j)',
    async (set, map) => {
      const rel = 'teefusion_ga4/Landing_page_Landing_page.csv';
      const { ws, summary } = await importReal(rel, { kind: 'web', set, map });
      expect(summary.preset).toBe('ga4');
      // Line 28 has an empty landing page and 13 sessions: data, not a totals row.
      expect(lines(rel)[27]).toMatch(/^,13,/);
      expect(summary).toMatchObject({ skippedTotals: 0, read: 211, inserted: 211 });
      const data = lines(rel)
        .filter((l) => l && !l.startsWith('#'))
        .slice(1);
      const sessions = data.reduce((s, l) => s + Number(l.split(',').at(-7)), 0);
      expect(value(ws, 'web_sessions', '2025-02-01..2025-08-04')).toBeCloseTo(sessions, 6);
    },
  );

  it('Universal Analytics in Dutch: the unlabelled totals row at the end is recognised by its sums', async () => {
    const rel = 'ua_legacy_ga_export_dgapitts/test_load_version.csv';
    const { ws, summary } = await importReal(rel, {
      kind: 'web',
      map: ['Browser=source'],
      set: ['date_from=2014-09-17', 'date_to=2015-09-18'],
    });
    expect(lines(rel)[233]).toMatch(/^,,7\.374,/);
    expect(summary.totalsRows).toEqual([{ line: 234, rule: 'numbers equal the sum of the other rows' }]);
    expect(value(ws, 'web_sessions', '2014-09-17..2015-09-18')).toBeCloseTo(7374, 6);
  });

  it('daily views with dd/mm/yyyy dates read day-first (a day above 12 decides)', async () => {
    const rel = 'website_views_thecleverprogrammer/Thecleverprogrammer.csv';
    const { ws, summary } = await importReal(rel, {
      kind: 'web',
      map: ['Views=sessions'],
      set: ['source=Website'],
    });
    expect(summary.formats.find((f) => f.field === 'date')!.format).toMatch(/day/);
    const june = lines(rel).filter((l) => /^\d\d\/06\/2021,/.test(l));
    expect(june).toHaveLength(30);
    expect(value(ws, 'web_sessions', '2021-06')).toBe(june.reduce((s, l) => s + Number(l.split(',')[1]), 0));
  });

  it('daily website visitors: quoted "2,146" page loads are whole counts, no --decimal needed', async () => {
    const rel = 'daily_website_visitors/daily-website-visitors.csv';
    const { ws, summary } = await importReal(rel, {
      kind: 'web',
      map: ['Page.Loads=sessions', 'Unique.Visits=users'],
      set: ['source=Website'],
    });
    expect(summary.formats.find((f) => f.field === 'sessions')!.format).toMatch(/',' as thousands separator/);
    const rows = lines(rel)
      .slice(1)
      .filter(Boolean)
      .map((l) => [...l.matchAll(/"([^"]*)"|([^,]+)/g)].map((m) => m[1] ?? m[2]!));
    expect(summary).toMatchObject({ read: rows.length, inserted: rows.length });
    const whole = (i: number) => rows.reduce((s, r) => s + Number(r[i]!.replace(/,/g, '')), 0);
    expect(value(ws, 'web_sessions', '2014-09-14..2020-08-19')).toBe(whole(4));
    expect(value(ws, 'web_users', '2014-09-14..2020-08-19')).toBe(whole(5));
  });

  it('Maven CRM pipeline: recognised as a sales pipeline; revenue and win rate equal the file', async () => {
    const rel = 'maven_crm/sales_pipeline.csv';
    const { ws, summary } = await importReal(rel, { kind: 'deals' });
    expect(summary).toMatchObject({ preset: 'maven-pipeline', read: 8800, inserted: 8800 });
    const rows = lines(rel)
      .slice(1)
      .filter(Boolean)
      .map((l) => l.split(','));
    const in2017 = rows.filter((r) => r[6]?.startsWith('2017'));
    const won = in2017.filter((r) => r[4] === 'Won');
    expect(value(ws, 'revenue', '2017')).toBe(won.reduce((s, r) => s + Number(r[7]), 0));
    expect(value(ws, 'win_rate', '2017')).toBeCloseTo(
      won.length / in2017.filter((r) => r[4] === 'Won' || r[4] === 'Lost').length,
      12,
    );
    // Importing it again changes nothing.
    expect(await importFile(ws.db, ws.settings, path.join(datasets, rel), { kind: 'deals' })).toMatchObject({
      unchanged: 8800,
    });
  });
});
