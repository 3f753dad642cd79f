import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, readAll } from './test-helpers.js';

/**
 * Real exports in ../shared/datasets (present on CI, not in a fresh clone). They are read in
 * place, never copied into the project.
 */
const datasets = path.resolve(projectRoot, '../shared/datasets');
const present = fs.existsSync(datasets);
const title = present
  ? 'real exports in ../shared/datasets'
  : `real exports in ../shared/datasets: SKIPPED, ${datasets} does not exist`;
const file = (name: string): string => path.join(datasets, name);

describe.skipIf(!present)(title, () => {
  it('every CSV opens and reads to the end; sampleRows match the stream', async () => {
    const csvs = (fs.readdirSync(datasets, { recursive: true }) as string[]).filter((f) =>
      f.endsWith('.csv'),
    );
    expect(csvs.length).toBeGreaterThan(30);
    for (const name of csvs) {
      const { info, rows, end } = await readAll(file(name));
      expect(info.headers.length, name).toBeGreaterThan(0);
      expect(info.sampleRows, name).toEqual(rows.slice(0, 50));
      expect(end.rows, name).toBe(rows.length);
    }
  }, 120_000);

  it('GA4 user acquisition report', async () => {
    const { info, rows, end } = await readAll(
      file('teefusion_ga4/User_acquisition_First_user_primary_channel_group_(Default_Channel_Group).csv'),
    );
    expect(info.headerLine).toBe(10);
    expect(info.headers[0]).toBe('First user primary channel group (Default Channel Group)');
    expect(info.headers.at(-1)).toBe('User key event rate');
    expect(info.dateRange).toEqual({ from: '2025-02-01', to: '2025-08-04' });
    expect(rows[0]!.cells.slice(0, 3)).toEqual(['Direct', '1209', '1171']);
    expect(end).toMatchObject({ skippedLines: 9, moreTables: false });
  });

  it('GA4 reports snapshot: first of 16 tables', async () => {
    const { info, rows, end } = await readAll(file('ga4_reports_snapshot_joelhanson/Reports_snapshot.csv'));
    expect(info.headers).toEqual(['Nth week', 'Active users']);
    expect(rows).toHaveLength(53);
    expect(end).toMatchObject({ moreTables: true, stoppedAtLine: 64 });
  });

  it('Google Ads campaign report', async () => {
    const { info, rows, end } = await readAll(
      file('google_ads_campaign_reports/vishalmotling_Campaign report.csv'),
    );
    expect(info.preamble).toEqual(['Campaign report', 'July 8, 2025 - July 31, 2025']);
    expect(info.dateRange).toEqual({ from: '2025-07-08', to: '2025-07-31' });
    expect(info.headers.slice(0, 2)).toEqual(['Campaign status', 'Campaign']);
    expect(rows[0]!.cells.slice(0, 3)).toEqual(['Enabled', 'Video views - 2025-07-19', '5000.00']);
    expect(rows[0]!.cells[12]).toBe('25,881');
    expect(end).toMatchObject({ rows: 2, skippedTotals: 4, skippedLines: 2 });
  });

  it('Meta Ads _Reach.csv', async () => {
    const { info, rows } = await readAll(
      file('teefusion_meta_ads/Untitled-report-Feb-1-2025-to-Aug-4-2025_Reach.csv'),
    );
    expect(info.encoding).toBe('utf-8-bom');
    expect(info.headers.slice(0, 2)).toEqual(['Campaign name', 'Reach']);
    expect(info.headers.at(-1)).toBe('Reporting ends');
    expect(rows[0]!.cells.slice(0, 2)).toEqual(['', '635040']);
  });

  it('UA test_load_version.csv (Dutch)', async () => {
    const { info, rows, end } = await readAll(file('ua_legacy_ga_export_dgapitts/test_load_version.csv'));
    expect(info.headerLine).toBe(7);
    expect(info.headers.slice(0, 3)).toEqual(['Browser', 'Browserversie', 'Sessies']);
    expect(rows[0]!.cells.slice(0, 4)).toEqual(['Chrome', '40.0.2214.111', '2.546', '99,88%']);
    expect(rows.at(-1)!.cells.slice(0, 3)).toEqual(['', '', '7.374']);
    expect(end).toMatchObject({ moreTables: true, stoppedAtLine: 236 });
  });

  it('A/B test control_group.csv', async () => {
    const { info, rows } = await readAll(file('ab_test_fb_vs_adwords_campaigns/control_group.csv'));
    expect(info.delimiter).toBe(';');
    expect(rows[0]!.cells.slice(0, 3)).toEqual(['Control Campaign', '1.08.2019', '2280']);
    expect(rows[4]!.cells).toEqual(['Control Campaign', '5.08.2019', '1835', '', '', '', '', '', '', '']);
    expect(rows).toHaveLength(30);
  });

  it('thecleverprogrammer daily views', async () => {
    const { info, rows } = await readAll(file('website_views_thecleverprogrammer/Thecleverprogrammer.csv'));
    expect(info.headers).toEqual(['Date', 'Views']);
    expect(rows[0]).toEqual({ line: 2, cells: ['01/06/2021', '7831'] });
    expect(rows).toHaveLength(391);
  });

  it('Windows-1252 Kaggle files', async () => {
    const sales = await readAll(file('kaggle_sales_data_sample/sales_data_sample.csv'));
    expect(sales.info.encoding).toBe('windows-1252');
    expect(sales.rows).toHaveLength(2823);
    expect(sales.rows.some((r) => r.cells.includes('Berguvsv\u201egen  8'))).toBe(true);
    const superstore = await readAll(file('superstore_kaggle_csv/Sample - Superstore.csv'));
    expect(superstore.info.encoding).toBe('windows-1252');
    expect(superstore.rows).toHaveLength(9994);
  });
});
