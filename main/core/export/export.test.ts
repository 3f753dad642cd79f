import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import * as XLSX from '@e965/xlsx';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { workspaceWith } from '../../../test/helpers/workspace.js';
import { fileStreams } from '../files/atomic-write.js';
import { computeKpis, kpiLibrary } from '../kpi/engine.js';
import { setTarget } from '../kpi/targets.js';
import { importFile } from '../import/pipeline.js';
import { readSheetRows } from '../import/spreadsheet/index.js';
import { Workspace } from '../workspace.js';
import { factExport, kpiExport, writeExport, type ExportSource } from './export.js';
import { neutraliseCell } from './neutralise.js';

const tempDir = useTempDir();
const open: Workspace[] = [];
afterEach(() => {
  open.splice(0).forEach((w) => w.close());
  vi.restoreAllMocks();
});

const deals = `external_id,title,owner,account,source,status,amount,created_at,closed_at
A,=HYPERLINK("http://x"),Budi,@SUM(A1),+62 812,won,1500000.5,2026-01-02,2026-01-20
B,"Paket, ""Pro""",-Sari,PT B,Referral,lost,-250,2026-01-03,2026-01-21
`;

describe('exports', () => {
  it('neutralises text that a spreadsheet would run as a formula; numbers stay numbers', () => {
    expect(neutraliseCell('=1+1')).toBe("'=1+1");
    expect(neutraliseCell('+62 812')).toBe("'+62 812");
    expect(neutraliseCell('-Sari')).toBe("'-Sari");
    expect(neutraliseCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseCell('\tx')).toBe("'\tx");
    expect(neutraliseCell('\rx')).toBe("'\rx");
    expect(neutraliseCell(-250)).toBe(-250);
    expect(neutraliseCell('-250.5')).toBe('-250.5');
    expect(neutraliseCell('-1+1')).toBe("'-1+1");
    expect(neutraliseCell('PT Maju')).toBe('PT Maju');
    const plainNumber = /^-?\d+(\.\d+)?$/;
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = String(neutraliseCell(s));
        return plainNumber.test(out) || !/^[=+\-@\t\r]/.test(out);
      }),
    );
  });

  it('writes amounts past 2^53 ten-thousandths to CSV digit for digit', async () => {
    const dir = tempDir();
    const ws = await workspaceWith(dir, {
      deals:
        'external_id,status,amount,closed_at\n' +
        'A,won,123456789012345,2026-01-05\nB,won,5000000000000.0001,2026-01-06\nC,lost,-0.5,2026-01-07\n',
    });
    const out = path.join(dir, 'big.csv');
    await writeExport(out, 'csv', factExport(ws.db, 'deals', ws.settings));
    const amounts = fs
      .readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[9]);
    expect(amounts).toEqual(['123456789012345', '5000000000000.0001', '-0.5']);
    ws.close();
  });

  it('deals to CSV and XLSX, and back in: the same KPIs', async () => {
    const dir = tempDir();
    const ws = await workspaceWith(dir, { deals });
    open.push(ws);
    for (const format of ['csv', 'xlsx'] as const) {
      const file = path.join(dir, `deals-out.${format}`);
      await writeExport(file, format, factExport(ws.db, 'deals', ws.settings));
      const copy = Workspace.create(path.join(dir, `copy-${format}.kinerja`), {});
      open.push(copy);
      await importFile(copy.db, copy.settings, file, { kind: 'deals' });
      const q = {
        kpis: ['revenue', 'win_rate', 'sales_cycle_days'],
        period: '2026-01',
        by: 'owner' as const,
      };
      const original = computeKpis(ws.db, ws.settings, q).map((r) => [r.kpi, r.value]);
      expect(computeKpis(copy.db, copy.settings, q).map((r) => [r.kpi, r.value])).toEqual(original);
    }
    const csv = fs.readFileSync(path.join(dir, 'deals-out.csv'), 'utf8');
    expect(csv).toContain(`'=HYPERLINK(""http://x"")`);
    expect(csv).toContain(',1500000.5,');
    expect(csv).toContain('"Paket, ""Pro"""');
    const rows = [];
    for await (const r of readSheetRows(path.join(dir, 'deals-out.xlsx'))) rows.push(r.cells);
    expect(rows[0]).toContain('amount');
    expect(rows[1]).toContain(1500000.5);
    // XLSX stores text as inline strings, which no spreadsheet runs: no apostrophe shows there.
    expect(rows[1]).toContain(`=HYPERLINK("http://x")`);
    expect(rows[2]).toContain('-Sari');
  });

  it('KPI tables with plain numbers and an empty cell where there is no value', async () => {
    const dir = tempDir();
    const ws = await workspaceWith(dir, { deals });
    open.push(ws);
    const file = path.join(dir, 'kpi.csv');
    const rows = computeKpis(ws.db, ws.settings, { kpis: ['revenue', 'leads'], period: '2026-01' });
    const source = kpiExport(rows, kpiLibrary(ws.db), ws.settings);
    await writeExport(file, 'csv', source);
    expect(fs.readFileSync(file, 'utf8').replace('\uFEFF', '').trim().split(/\r?\n/)).toEqual([
      'kpi,period,scope,value,target,achievement,status',
      'revenue,2026-01,,1500000.5,,,grey',
      'leads,2026-01,,,,,grey',
    ]);
    await expect(writeExport(file, 'csv', source)).rejects.toThrow(/already exists/);
  });

  it('XLSX a user can hand over: Indonesian headers and KPI names, %, Rupiah and days formats, frozen header', async () => {
    const dir = tempDir();
    const ws = await workspaceWith(dir, { deals });
    open.push(ws);
    setTarget(ws.db, ws.settings, { kpi: 'revenue', period: '2026-01', value: 2_000_000 });
    const rows = computeKpis(ws.db, ws.settings, {
      kpis: ['revenue', 'win_rate', 'sales_cycle_days', 'leads'],
      period: '2026-01',
    });
    const file = path.join(dir, 'kpi.xlsx');
    await writeExport(file, 'xlsx', kpiExport(rows, kpiLibrary(ws.db), ws.settings));

    const book = XLSX.read(fs.readFileSync(file), { cellNF: true, cellStyles: true });
    const sheet = book.Sheets[book.SheetNames[0]!]!;
    const table = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: null });
    expect(table[0]).toEqual([
      'KPI',
      'Kode',
      'Periode',
      'Cakupan',
      'Nilai',
      'Target',
      'Pencapaian',
      'Status',
    ]);
    expect(table.map((r) => r[0])).toEqual([
      'KPI',
      'Pendapatan',
      'Tingkat Kemenangan',
      'Lama Siklus Penjualan',
      'Leads Dihasilkan',
    ]);
    expect(table[1]!.slice(1, 4)).toEqual(['revenue', '2026-01', 'Perusahaan']);
    // Money: the stored amount, shown with the workspace currency's symbol.
    expect(sheet['E2'].v).toBe(1500000.5);
    expect(sheet['E2'].z).toBe('"Rp"\\ #,##0.00');
    expect(sheet['F2'].v).toBe(2_000_000);
    expect(sheet['F2'].z).toBe('"Rp"\\ #,##0');
    expect(XLSX.utils.format_cell(sheet['F2'])).toBe('Rp 2,000,000');
    // Rates: the fraction stays in the cell, the % format shows it as a percentage.
    expect(sheet['G2'].v).toBeCloseTo(0.75);
    expect(sheet['G2'].z).toBe('0.0%');
    expect(sheet['E3'].v).toBe(0.5);
    expect(XLSX.utils.format_cell(sheet['E3'])).toBe('50.0%');
    expect(sheet['E4'].v).toBe(18);
    expect(XLSX.utils.format_cell(sheet['E4'])).toBe('18.0 hari');
    // No value is an empty cell, never 0.
    expect(table[4]![4]).toBeNull();
    expect(table[1]![7]).toBe('Merah');
    expect(sheet['!cols']?.[0]?.wch).toBeGreaterThanOrEqual(30);

    const cfb = XLSX.CFB.read(fs.readFileSync(file), { type: 'buffer' });
    const sheetXml = Buffer.from(
      XLSX.CFB.find(cfb, '/xl/worksheets/sheet1.xml')!.content as Uint8Array,
    ).toString();
    expect(sheetXml).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
  });

  it('an en-US workspace gets English headers and names, and dollars', async () => {
    const dir = tempDir();
    const ws = await workspaceWith(dir, { deals }, { locale: 'en-US', currency: 'USD' });
    open.push(ws);
    const rows = computeKpis(ws.db, ws.settings, { kpis: ['revenue', 'win_rate'], period: '2026-01' });
    const file = path.join(dir, 'kpi.xlsx');
    await writeExport(file, 'xlsx', kpiExport(rows, kpiLibrary(ws.db), ws.settings));
    const sheet = XLSX.read(fs.readFileSync(file), { cellNF: true }).Sheets.KPI!;
    const table = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: null });
    expect(table[0]![4]).toBe('Value');
    expect(table.map((r) => r[0])).toEqual(['KPI', 'Revenue', 'Win rate']);
    expect(XLSX.utils.format_cell(sheet['E2'])).toBe('$ 1,500,000.50');
  });

  it('fact XLSX: amounts in their currency format, text stays text, headers import back', async () => {
    const dir = tempDir();
    const ws = await workspaceWith(dir, { deals });
    open.push(ws);
    const file = path.join(dir, 'deals.xlsx');
    await writeExport(file, 'xlsx', factExport(ws.db, 'deals', ws.settings));
    const sheet = XLSX.read(fs.readFileSync(file), { cellNF: true }).Sheets.deals!;
    const table = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: null });
    const amount = (table[0] as string[]).indexOf('amount');
    const ref = XLSX.utils.encode_cell({ r: 1, c: amount });
    expect(sheet[ref].v).toBe(1500000.5);
    expect(sheet[ref].z).toContain('"Rp"');
    const title = XLSX.utils.encode_cell({ r: 1, c: (table[0] as string[]).indexOf('title') });
    expect(sheet[title].t).toBe('s');
    expect(sheet[title].f).toBeUndefined();
    expect(sheet[title].v).toBe('=HYPERLINK("http://x")');
  });

  it('streams rows to the file while they are produced, not after collecting them', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const dir = tempDir();
      let bytesOnDiskBeforeLastRow = 0;
      const source: ExportSource = () => ({
        name: 'Big',
        columns: [
          { label: 'n', width: 8 },
          { label: 'text', width: 20 },
        ],
        rows: (function* () {
          for (let i = 0; i < 60_000; i += 1) yield [i, `row ${i} ${(i * 7919) % 104729}`];
          bytesOnDiskBeforeLastRow = fs
            .readdirSync(dir)
            .reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
        })(),
      });
      const { file } = await writeExport(path.join(dir, `big.${format}`), format, source);
      expect(bytesOnDiskBeforeLastRow, format).toBeGreaterThan(100_000);
      expect(fs.statSync(file).size).toBeGreaterThanOrEqual(bytesOnDiskBeforeLastRow);
    }
  });

  it('an export to a missing folder is a clear error naming the path; nothing is left behind', async () => {
    const dir = tempDir();
    const ws = await workspaceWith(dir, { deals });
    open.push(ws);
    const before = fs.readdirSync(dir).sort();
    for (const format of ['csv', 'xlsx'] as const) {
      const file = path.join(dir, 'missing', `deals.${format}`);
      const error = await writeExport(file, format, factExport(ws.db, 'deals', ws.settings)).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(KinerjaError);
      expect((error as KinerjaError).kind).toBe('invalid_request');
      expect((error as KinerjaError).message).toBe(
        `${file}: the folder ${path.join(dir, 'missing')} does not exist; choose an existing folder`,
      );
    }
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  it('a disk that fills up while a CSV export is written leaves no file and no temporary file', async () => {
    const dir = tempDir();
    const ws = await workspaceWith(dir, { deals });
    open.push(ws);
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    vi.spyOn(fileStreams, 'create').mockImplementation(
      () =>
        new Writable({
          write(_chunk, _enc, done) {
            done(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
          },
        }),
    );
    const file = path.join(out, 'deals.csv');
    await expect(writeExport(file, 'csv', factExport(ws.db, 'deals', ws.settings))).rejects.toThrow(
      `${file}: the disk is full`,
    );
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it('two exports to the same new file at the same time: one is written whole, the other told so', async () => {
    const dir = tempDir();
    const many = (prefix: string, n: number) =>
      'external_id,owner,status,amount,created_at,closed_at\n' +
      Array.from(
        { length: n },
        (_, i) => `${prefix}${i},Owner ${i % 50},won,${i}.25,2026-01-02,2026-01-20`,
      ).join('\n');
    const a = await workspaceWith(path.join(dir), { deals: many('A', 6_000) });
    open.push(a);
    const otherDir = tempDir();
    const b = await workspaceWith(otherDir, { deals: many('B', 2_000) });
    open.push(b);
    for (const format of ['csv', 'xlsx'] as const) {
      const refA = path.join(dir, `a.${format}`);
      const refB = path.join(dir, `b.${format}`);
      await writeExport(refA, format, factExport(a.db, 'deals', a.settings));
      await writeExport(refB, format, factExport(b.db, 'deals', b.settings));
      const target = path.join(dir, `both.${format}`);
      const results = await Promise.allSettled([
        writeExport(target, format, factExport(a.db, 'deals', a.settings)),
        writeExport(target, format, factExport(b.db, 'deals', b.settings)),
      ]);
      // Neither overwrites the other's file and both say what happened.
      const written = results.findIndex((r) => r.status === 'fulfilled');
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const lost = results[1 - written] as PromiseRejectedResult;
      expect(lost.reason).toMatchObject({ kind: 'conflict', message: expect.stringContaining(target) });
      expect(
        fs.readFileSync(target).equals(fs.readFileSync(written === 0 ? refA : refB)),
        `${format}: the file is exactly the export that was reported written`,
      ).toBe(true);
    }
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('the workspace can still be saved to while a large export is being written', async () => {
    const dir = tempDir();
    const text =
      'external_id,owner,status,amount,created_at,closed_at\n' +
      Array.from({ length: 20_000 }, (_, i) => `D${i},Owner ${i % 50},won,${i},2026-01-02,2026-01-20`).join(
        '\n',
      );
    const ws = await workspaceWith(dir, { deals: text });
    open.push(ws);
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    for (const format of ['csv', 'xlsx'] as const) {
      let done = false;
      const exporting = writeExport(
        path.join(out, `deals.${format}`),
        format,
        factExport(ws.db, 'deals', ws.settings),
      ).then(() => (done = true));
      // Wait until the export has started writing its rows, then save something.
      while (fs.readdirSync(out).filter((f) => f.endsWith('.tmp')).length === 0) {
        await new Promise((r) => setImmediate(r));
      }
      expect(done).toBe(false);
      ws.db.prepare("INSERT INTO deals (external_id, status) VALUES ('NEW-' || ?, 'open')").run(format);
      await exporting;
    }
    // Each export is the snapshot taken when it started: the rows saved meanwhile are not in it.
    const csv = fs.readFileSync(path.join(out, 'deals.csv'), 'utf8').trim().split(/\r?\n/);
    expect(csv).toHaveLength(20_001);
    expect(csv.some((line) => line.startsWith('NEW-'))).toBe(false);
    expect(ws.db.prepare("SELECT count(*) FROM deals WHERE external_id LIKE 'NEW-%'").pluck().get()).toBe(2);
  });
});
