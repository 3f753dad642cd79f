import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { workspaceWith } from '../../../test/helpers/workspace.js';
import { computeKpis } from '../kpi/engine.js';
import { importFile } from '../import/pipeline.js';
import { readSheetRows } from '../import/spreadsheet/index.js';
import { Workspace } from '../workspace.js';
import { factExportRows, kpiExportRows, writeExport } from './export.js';
import { neutraliseCell } from './neutralise.js';

const tempDir = useTempDir();
const open: Workspace[] = [];
afterEach(() => open.splice(0).forEach((w) => w.close()));

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
    expect(neutraliseCell('PT Maju')).toBe('PT Maju');
    fc.assert(fc.property(fc.string(), (s) => !/^[=+\-@\t\r]/.test(String(neutraliseCell(s)))));
  });

  it('deals to CSV and XLSX, and back in: the same KPIs', async () => {
    const dir = tempDir();
    const ws = await workspaceWith(dir, { deals });
    open.push(ws);
    for (const format of ['csv', 'xlsx'] as const) {
      const file = path.join(dir, `deals-out.${format}`);
      await writeExport(file, format, factExportRows(ws.db, 'deals'), 'deals');
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
    expect(rows[1]).toContain(`'=HYPERLINK("http://x")`);
  });

  it('KPI tables with plain numbers and an empty cell where there is no value', async () => {
    const dir = tempDir();
    const ws = await workspaceWith(dir, { deals });
    open.push(ws);
    const file = path.join(dir, 'kpi.csv');
    const rows = computeKpis(ws.db, ws.settings, { kpis: ['revenue', 'leads'], period: '2026-01' });
    await writeExport(file, 'csv', kpiExportRows(rows), 'KPI');
    expect(fs.readFileSync(file, 'utf8').replace('\uFEFF', '').trim().split(/\r?\n/)).toEqual([
      'kpi,period,scope,value,target,achievement,status',
      'revenue,2026-01,,1500000.5,,,grey',
      'leads,2026-01,,,,,grey',
    ]);
    await expect(writeExport(file, 'csv', kpiExportRows(rows), 'KPI')).rejects.toThrow(/already exists/);
  });
});
