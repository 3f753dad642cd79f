import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeKpis } from '../../main/core/kpi/engine.js';
import { importFile, type ImportFileOptions } from '../../main/core/import/pipeline.js';
import { undoImport } from '../../main/core/import/undo.js';
import { detectImport } from '../../main/core/import/detect.js';
import { Workspace } from '../../main/core/workspace.js';
import { useTempDir } from '../helpers/tmp.js';

// Each file below is written in the exact shape of a real export (design handbook, datasets
// README) with our own rows, and each expected KPI value is worked out by hand from those rows.

const tempDir = useTempDir();
let ws: Workspace | undefined;
afterEach(() => ws?.close());

function workspace() {
  const dir = tempDir();
  ws = Workspace.create(path.join(dir, 'w.kinerja'), { name: 'PT Uji' });
  return { dir, ws };
}

function write(dir: string, name: string, content: string | Buffer) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const kpi = (
  w: Workspace,
  code: string,
  period: string,
  scope?: { dim: 'owner' | 'source' | 'campaign'; name: string },
) => computeKpis(w.db, w.settings, { kpis: [code], period, scope })[0]!.value;

const snapshot = (w: Workspace) =>
  ['deals', 'leads', 'spend', 'web', 'social', 'r_deals', 'r_spend', 'r_web'].map((t) =>
    w.db.prepare(`SELECT * FROM ${t}`).all(),
  );

async function imp(w: Workspace, file: string, options: ImportFileOptions) {
  return importFile(w.db, w.settings, file, options);
}

describe('files users really have', () => {
  it('an Indonesian spreadsheet export: semicolons, 1.234.567,89, dd/mm/yyyy, menang/kalah, Windows-1252', async () => {
    const { dir, ws } = workspace();
    const text =
      'No Deal;Nama Sales;Pelanggan;Status;Nilai (Rp);Tanggal Dibuat;Tanggal Tutup\r\n' +
      'JKT-001;Budi Santoso;PT Sinar Jaya;Menang;Rp 1.234.567,89;03/01/2026;15/01/2026\r\n' +
      'JKT-002;Sari Dewi;CV Berkah Abadi;Kalah;Rp 500.000;05/01/2026;20/01/2026\r\n' +
      'JKT-003;Sari Dewi;Toko Maju Café;MENANG;Rp 2.000.000;10/01/2026;02/02/2026\r\n';
    const file = write(dir, 'penjualan.csv', Buffer.from(text, 'latin1'));
    const summary = await imp(ws, file, {
      kind: 'deals',
      map: [
        'No Deal=external_id',
        'Nama Sales=owner',
        'Pelanggan=account',
        'Status=status',
        'Nilai (Rp)=amount',
        'Tanggal Dibuat=created_at',
        'Tanggal Tutup=closed_at',
      ],
    });
    expect(summary).toMatchObject({ read: 3, inserted: 3 });
    expect(summary.readAs).toMatch(/windows-1252, ';'-separated/);
    expect(summary.formats.find((f) => f.field === 'closed_at')!.format).toMatch(/day/i);
    expect(kpi(ws, 'revenue', '2026-01')).toBe(1234567.89);
    expect(kpi(ws, 'win_rate', '2026-01')).toBe(0.5);
    expect(kpi(ws, 'revenue', '2026-Q1')).toBe(3234567.89);
    expect(ws.db.prepare("SELECT account FROM deals WHERE external_id = 'JKT-003'").pluck().get()).toBe(
      'Toko Maju Café',
    );
  });

  it('a HubSpot deals export is recognised without questions', async () => {
    const { dir, ws } = workspace();
    const file = write(
      dir,
      'hubspot-crm-exports-all-deals-2026-03-01.csv',
      '"Record ID","Deal Name","Deal Stage","Amount","Close Date","Create Date","Deal owner","Pipeline"\n' +
        '"1001","Paket Pro","Closed Won","45362.12","2026-02-10 10:00","2026-01-05 09:00","Budi Santoso","Sales Pipeline"\n' +
        '"1002","Paket Basic","Closed Lost","11015.0","2026-02-12 11:00","2026-01-20 09:00","Budi Santoso","Sales Pipeline"\n' +
        '"1003","Paket Custom","Appointment Scheduled","8000","","2026-02-01 09:00","Sari Dewi","Sales Pipeline"\n',
    );
    const s = await imp(ws, file, { kind: 'deals' });
    expect(s).toMatchObject({ preset: 'hubspot-deals', inserted: 3 });
    expect(kpi(ws, 'revenue', '2026-02')).toBe(45362.12);
    expect(kpi(ws, 'win_rate', '2026-02')).toBe(0.5);
    expect(kpi(ws, 'sales_cycle_days', '2026-02')).toBe(36);
  });

  it('a Salesforce report, its footer skipped', async () => {
    const { dir, ws } = workspace();
    const file = write(
      dir,
      'report1642777476321.csv',
      '"Opportunity Owner","Account Name","Opportunity Name","Stage","Amount","Close Date","Created Date","Lead Source"\n' +
        '"Budi Santoso","PT A","A-1","Closed Won","1,500.00","1/15/2026","12/20/2025","Web"\n' +
        '"Budi Santoso","PT B","B-1","Closed Lost","700.00","1/28/2026","1/2/2026","Partner"\n' +
        '\n"Grand Totals (2 records)"\n\n"Confidential Information - Do Not Distribute"\n"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n',
    );
    const s = await imp(ws, file, { kind: 'deals' });
    expect(s).toMatchObject({ preset: 'salesforce-opportunities', read: 2, inserted: 2 });
    expect(kpi(ws, 'revenue', '2026-01')).toBe(1500);
    expect(kpi(ws, 'revenue', '2026-01', { dim: 'source', name: 'Web' })).toBe(1500);
  });

  it('a Google Ads campaign report: title and date range above, totals below', async () => {
    const { dir, ws } = workspace();
    const file = write(
      dir,
      'Campaign report.csv',
      'Campaign report\n"July 1, 2025 - July 31, 2025"\n' +
        'Campaign status,Campaign,Budget,Budget type,Campaign type,Currency code,Impr.,Clicks,Cost,Conversions\n' +
        'Enabled,Promo Juli,50.00,Daily,Search,USD,"25,881","1,204",620.00,"12.00"\n' +
        'Paused,Brand,10.00,Daily,Search,USD,"3,100", --,310.00,0.00\n' +
        'Total: Campaigns, --, --, --, --,USD,"28,981","1,204",930.00,12.00\n' +
        'Total: Account,,,,,USD,"28,981","1,204",930.00,12.00\n',
    );
    const s = await imp(ws, file, { kind: 'spend' });
    expect(s).toMatchObject({ preset: 'google-ads-campaign', read: 2, skippedTotals: 2 });
    expect(s.totalsRows).toEqual([
      { line: 6, rule: "label 'Total: Campaigns'" },
      { line: 7, rule: "label 'Total: Account'" },
    ]);
    // 930 over the 31 days of July: every day 30.
    expect(kpi(ws, 'marketing_spend', '2025-07')).toBe(930);
    expect(kpi(ws, 'marketing_spend', '2025-07-10')).toBe(30);
    expect(kpi(ws, 'marketing_spend', '2025-07', { dim: 'source', name: 'Google Ads' })).toBe(930);
  });

  it('a Meta Ads Manager export: BOM, quoted headers, account summary row first', async () => {
    const { dir, ws } = workspace();
    const file = write(
      dir,
      'Untitled-report-Feb-1-2025-to-Feb-28-2025_Reach.csv',
      '\uFEFF"Campaign name",Reach,Impressions,Frequency,Currency,"Amount spent (IDR)","Link clicks","Reporting starts","Reporting ends"\n' +
        ',635040,900000,1.41,IDR,2800000,5000,2025-02-01,2025-02-28\n' +
        '"Promo Imlek – Feb",400000,600000,1.5,IDR,2000000,3000,2025-02-01,2025-02-28\n' +
        'Retargeting,262973,300000,1.14,IDR,800000,2000,2025-02-01,2025-02-28\n',
    );
    const s = await imp(ws, file, { kind: 'spend' });
    expect(s).toMatchObject({ preset: 'meta-ads', read: 3, inserted: 2, skippedTotals: 1 });
    // Reach does not add up across campaigns (635040 < 662973); the spend does.
    expect(s.totalsRows).toEqual([{ line: 2, rule: 'numbers equal the sum of the other rows' }]);
    expect(kpi(ws, 'marketing_spend', '2025-02')).toBe(2800000);
    expect(kpi(ws, 'marketing_spend', '2025-02', { dim: 'campaign', name: 'Promo Imlek – Feb' })).toBe(
      2000000,
    );
  });

  it('a GA4 report: # preamble gives the range, rates become counts', async () => {
    const { dir, ws } = workspace();
    const file = write(
      dir,
      'Traffic_acquisition_Session_primary_channel_group.csv',
      '# ----------------------------------------\r\n# Traffic acquisition: Session primary channel group (Default Channel Group)\r\n# Account: Toko\r\n# Property: Toko\r\n# ----------------------------------------\r\n# \r\n# All Users\r\n# Start date: 20250201\r\n# End date: 20250228\r\n' +
        'Session primary channel group (Default Channel Group),Sessions,Engaged sessions,Engagement rate,Average engagement time per session,Key events\r\n' +
        'Organic Search,2800,1400,0.5,60,10\r\nDirect,1400,700,0.5,30,4',
    );
    const s = await imp(ws, file, { kind: 'web' });
    expect(s).toMatchObject({ preset: 'ga4', read: 2 });
    expect(kpi(ws, 'web_sessions', '2025-02')).toBeCloseTo(4200, 9);
    expect(kpi(ws, 'bounce_rate', '2025-02')).toBeCloseTo(0.5, 12);
    expect(kpi(ws, 'avg_session_duration', '2025-02')).toBeCloseTo((2800 * 60 + 1400 * 30) / 4200, 9);
    expect(kpi(ws, 'web_sessions', '2025-02-14', { dim: 'source', name: 'Direct' })).toBeCloseTo(50, 9);
  });

  it('a GA4 landing-page report: the row with an empty landing page is data, not a totals row', async () => {
    const { dir, ws } = workspace();
    const preamble =
      '# ----------------------------------------\r\n# Landing page: Landing page\r\n# Account: Toko\r\n# Property: Toko\r\n# ----------------------------------------\r\n# \r\n# All Users\r\n# Start date: 20250201\r\n# End date: 20250228\r\n';
    const header =
      'Landing page,Sessions,Active users,New users,Average engagement time per session,Key events,Total revenue,Session key event rate\r\n';
    const rows =
      '/shop,845,811,799,19.05,4,0,0.0047\r\n/,544,333,325,71.38,10,0,0.0184\r\n,13,12,0,9.84,0,0,0\r\n/blog,20,20,20,0,0,0,0';
    const file = write(dir, 'Landing_page_Landing_page.csv', preamble + header + rows);
    const s = await imp(ws, file, { kind: 'web', map: ['Landing page=source'] });
    expect(s).toMatchObject({ preset: 'ga4', read: 4, inserted: 4, skippedTotals: 0, totalsRows: [] });
    expect(kpi(ws, 'web_sessions', '2025-02')).toBeCloseTo(845 + 544 + 13 + 20, 9);
    expect(kpi(ws, 'web_sessions', '2025-02', { dim: 'source', name: '/blog' })).toBeCloseTo(20, 9);

    // The same report with an unlabelled totals row at the end: it includes the empty page's 13
    // sessions, and is recognised by its sums all the same.
    const withTotals = write(
      dir,
      'Landing_page_totals.csv',
      preamble + header + rows + '\r\n,1422,1176,1144,38.72,14,0,0.0098',
    );
    const t = await imp(ws, withTotals, { kind: 'web', map: ['Landing page=source'], dryRun: true });
    expect(t).toMatchObject({ read: 5, inserted: 0, unchanged: 4, skippedTotals: 1 });
    expect(t.totalsRows).toEqual([{ line: 15, rule: 'numbers equal the sum of the other rows' }]);
  });

  it('a Universal Analytics export in Dutch: 2.546 sessions, "85,98%" bounce, totals row, second table', async () => {
    const { dir, ws } = workspace();
    const file = write(
      dir,
      'Analytics Alle websitegegevens Browser.csv',
      '# ----------------------------------------\n# All Web Site Data\n# Browser\n# 20150101-20150131\n# ----------------------------------------\n\n' +
        'Browser,Sessies,Nieuwe gebruikers,Bouncepercentage,Gem. sessieduur\n' +
        'Chrome,2.546,2.543,"85,98%",00:00:31\nSafari,1.000,900,"50,00%",00:01:00\n,3.546,3.443,"75,90%",00:00:39\n\n' +
        'Dagindex,Sessies\n1-1-15,115\n,3.546\n',
    );
    const s = await imp(ws, file, { kind: 'web', map: ['Browser=source'] });
    expect(s).toMatchObject({
      preset: 'universal-analytics',
      read: 3,
      inserted: 2,
      skippedTotals: 1,
      moreTables: true,
    });
    // Its bounce rate and duration are rounded, so their counts only nearly add up.
    expect(s.totalsRows).toEqual([{ line: 10, rule: 'numbers equal the sum of the other rows' }]);
    expect(kpi(ws, 'web_sessions', '2015-01')).toBeCloseTo(3546, 9);
    expect(kpi(ws, 'bounce_rate', '2015-01')).toBeCloseTo((2546 * 0.8598 + 1000 * 0.5) / 3546, 12);
  });
});

describe('import semantics', () => {
  const deals =
    'external_id,owner,status,amount,closed_at\nA,Budi,won,100,2026-01-05\nB,Budi,won,oops,2026-01-06\nC,Sari,lost,50,2026-13-01\nD,Sari,won,70,2026-01-09\n';

  it('refuses the whole file by default, listing each problem, and changes nothing', async () => {
    const { dir, ws } = workspace();
    const before = snapshot(ws);
    const file = write(dir, 'deals.csv', deals);
    await expect(imp(ws, file, { kind: 'deals' })).rejects.toThrow(
      /2 problems; nothing was imported[\s\S]*row 3, column amount: 'oops'; expected[\s\S]*row 4, column closed_at: '2026-13-01'; expected/,
    );
    expect(snapshot(ws)).toEqual(before);
    expect(ws.db.prepare('SELECT count(*) FROM import_batches').pluck().get()).toBe(0);
  });

  it('--skip-invalid keeps the valid rows and writes the rejects beside the file', async () => {
    const { dir, ws } = workspace();
    const file = write(dir, 'deals.csv', deals);
    const s = await imp(ws, file, { kind: 'deals', skipInvalid: true });
    expect(s).toMatchObject({ inserted: 2, rejected: 2, rejectsFile: `${file}.rejected.csv` });
    const rejects = fs.readFileSync(s.rejectsFile!, 'utf8').trim().split('\n');
    expect(rejects[0]).toBe('external_id,owner,status,amount,closed_at,problem');
    expect(rejects[1]).toMatch(/^B,Budi,won,oops,2026-01-06,"amount: expected a number/);
    expect(kpi(ws, 'revenue', '2026-01')).toBe(170);
  });

  it('importing the same file again changes nothing; undo restores exactly', async () => {
    const { dir, ws } = workspace();
    const good = write(
      dir,
      'good.csv',
      'external_id,status,amount,closed_at\nA,won,100,2026-01-05\nB,lost,5,2026-01-06\n',
    );
    const empty = snapshot(ws);
    const first = await imp(ws, good, { kind: 'deals' });
    const state = snapshot(ws);
    expect(await imp(ws, good, { kind: 'deals' })).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    expect(snapshot(ws)).toEqual(state);
    undoImport(ws.db, first.batchId!);
    expect(snapshot(ws)).toEqual(empty);
  });

  it('rows without ids are told apart by their content; genuinely repeated rows both count', async () => {
    const { dir, ws } = workspace();
    const file = write(
      dir,
      'spend.csv',
      'date,source,amount\n2026-01-05,Pameran,100\n2026-01-05,Pameran,100\n2026-01-06,Pameran,40\n',
    );
    expect(await imp(ws, file, { kind: 'spend' })).toMatchObject({ inserted: 3 });
    expect(await imp(ws, file, { kind: 'spend' })).toMatchObject({ inserted: 0, unchanged: 3 });
    expect(kpi(ws, 'marketing_spend', '2026-01')).toBe(240);
  });

  it('--dry-run counts everything and changes nothing', async () => {
    const { dir, ws } = workspace();
    const before = snapshot(ws);
    const file = write(dir, 'good.csv', 'external_id,status,amount,closed_at\nA,won,100,2026-01-05\n');
    expect(await imp(ws, file, { kind: 'deals', dryRun: true })).toMatchObject({
      batchId: null,
      inserted: 1,
      dryRun: true,
    });
    expect(snapshot(ws)).toEqual(before);
  });

  it('a count column needs no --decimal: "2,146" page loads are 2146; a count that reads as a fraction is a problem', async () => {
    const { dir, ws } = workspace();
    const file = write(
      dir,
      'daily-website-visitors.csv',
      'Row,Day,Date,Page.Loads,Unique.Visits\n1,Sunday,9/14/2014,"2,146","1,582"\n2,Monday,9/15/2014,"3,621",152\n',
    );
    const s = await imp(ws, file, {
      kind: 'web',
      map: ['Page.Loads=sessions', 'Unique.Visits=users'],
      set: ['source=Website'],
    });
    expect(s).toMatchObject({ read: 2, inserted: 2 });
    expect(s.formats.find((f) => f.field === 'sessions')!.format).toBe(
      `',' as thousands separator: a count is whole ("2,146")`,
    );
    expect(kpi(ws, 'web_sessions', '2014-09')).toBe(5767);
    expect(kpi(ws, 'web_users', '2014-09')).toBe(1734);

    // The import wizard reads the column the same way and asks nothing.
    const canonical = write(dir, 'web.csv', 'date,source,sessions\n2014-09-14,Website,"2,146"\n');
    const detected = await detectImport(canonical, { kind: 'web' });
    expect(detected.formats.find((f) => f.field === 'sessions')).toMatchObject({
      needsChoice: false,
      reading: `',' as thousands separator: a count is whole ("2,146")`,
    });

    const fractional = write(
      dir,
      'sessions.csv',
      'date;source;sessions;bounce_rate\n2026-01-05;Google;"2,5";"45,3%"\n2026-01-06;Google;1.204;"50,0%"\n',
    );
    await expect(imp(ws, fractional, { kind: 'web' })).rejects.toThrow(
      /1 problem;[\s\S]*row 2, column sessions: '2,5'; expected a whole number \(sessions is a count\)/,
    );
  });

  it('an ambiguous decimal mark or date order is refused with the flag that settles it', async () => {
    const { dir, ws } = workspace();
    const file = write(dir, 'x.csv', 'external_id,status,amount,closed_at\nA,won,"2,146",03/04/2026\n');
    await expect(imp(ws, file, { kind: 'deals' })).rejects.toThrow(/column 'amount'.*--decimal/);
    await expect(imp(ws, file, { kind: 'deals', decimal: ',' })).rejects.toThrow(
      /column 'closed_at'.*--date-format/,
    );
    await imp(ws, file, { kind: 'deals', decimal: ',', dateFormat: 'DD/MM/YYYY' });
    expect(kpi(ws, 'revenue', '2026-04')).toBe(2.146);
  });
});

describe('spreadsheets and hostile files', () => {
  it('an XLSX workbook: the chosen sheet, a title row above the header, real dates and numbers', async () => {
    const { writeXlsx } = await import('../../main/core/import/spreadsheet/index.js');
    const { dir, ws } = workspace();
    const file = path.join(dir, 'Laporan Penjualan.xlsx');
    await writeXlsx(file, [
      { name: 'Ringkasan', rows: [['Total', 999]] },
      {
        name: 'Deals',
        rows: [
          ['Laporan penjualan Januari 2026', null, null, null, null],
          ['ID', 'Sales', 'Status', 'Nilai', 'Tanggal Tutup'],
          ['X-1', 'Budi Santoso', 'Closed Won', 1250000.5, '15/01/2026'],
          ['X-2', 'Budi Santoso', 'Closed Lost', 300000, '20/01/2026'],
          ['Total', null, null, 1550000.5, null],
        ],
      },
    ]);
    const s = await imp(ws, file, {
      kind: 'deals',
      sheet: 'Deals',
      map: ['ID=external_id', 'Sales=owner', 'Status=status', 'Nilai=amount', 'Tanggal Tutup=closed_at'],
    });
    expect(s).toMatchObject({ read: 2, inserted: 2, skippedTotals: 1 });
    expect(kpi(ws, 'revenue', '2026-01')).toBe(1250000.5);
    await expect(imp(ws, file, { kind: 'deals', sheet: 'Sheet9' })).rejects.toThrow(
      /no sheet named 'Sheet9'; the sheets are 'Ringkasan', 'Deals'/,
    );
  });

  it('empty, binary, truncated and zip-bomb files are refused and leave the workspace as it was', async () => {
    const { writeXlsx } = await import('../../main/core/import/spreadsheet/index.js');
    const { dir, ws } = workspace();
    const before = snapshot(ws);
    const good = path.join(dir, 'good.xlsx');
    await writeXlsx(good, [
      {
        name: 'S',
        rows: [
          ['external_id', 'status'],
          ['A', 'won'],
        ],
      },
    ]);
    const bytes = fs.readFileSync(good);
    const files: [string, RegExp][] = [
      [write(dir, 'empty.csv', ''), /empty/],
      [
        write(dir, 'photo.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3, 0, 0, 0xff, 0, 7, 0])),
        /binary|not a text table/,
      ],
      [write(dir, 'cut.xlsx', bytes.subarray(0, Math.floor(bytes.length / 2))), /cut\.xlsx/],
    ];
    for (const [file, message] of files) {
      await expect(imp(ws, file, { kind: 'deals' })).rejects.toThrow(message);
    }
    expect(snapshot(ws)).toEqual(before);
    expect(ws.db.prepare('SELECT count(*) FROM import_batches').pluck().get()).toBe(0);
  });
});
