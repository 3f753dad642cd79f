import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dayFromIso } from '../../../../shared/kpi/periods.js';
import { listSheets } from './index.js';
import { readAll } from './test-workbooks.js';

// Written by test/fixtures/spreadsheets/generate.mjs (SheetJS), i.e. by another implementation.
const fixtures = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../test/fixtures/spreadsheets',
);
const date = (iso: string) => ({ kind: 'date' as const, day: dayFromIso(iso) });

describe.each(['pipeline.xlsx', 'pipeline.xls'])('%s', (name) => {
  const file = path.join(fixtures, name);

  it('lists both sheets', async () => {
    expect(await listSheets(file)).toEqual({
      sheets: ['Deals', 'Leads'],
      format: name.endsWith('.xlsx') ? 'xlsx' : 'xls',
    });
  });

  it('reads the title line, header, deals and totals row with their row numbers', async () => {
    expect(await readAll(file)).toEqual([
      { row: 1, cells: ['Pipeline export, March 2026'] },
      { row: 3, cells: ['external_id', 'title', 'owner', 'status', 'amount', 'created_at', 'closed_at'] },
      {
        row: 4,
        cells: [
          'D-1001',
          'Toko Sinar Jaya',
          'Budi Santoso',
          'Menang',
          12_500_000,
          date('2026-03-02'),
          date('2026-03-15'),
        ],
      },
      {
        row: 5,
        cells: ['D-1002', 'CV Maju Bersama', 'Siti Rahayu', 'open', 4_750_000.5, date('2026-03-05')],
      },
      {
        row: 6,
        cells: [
          'D-1003',
          'PT Karya Abadi',
          'Budi Santoso',
          'Kalah',
          980_000,
          date('2026-03-09'),
          date('2026-03-28'),
        ],
      },
      {
        row: 7,
        cells: [
          'D-1004',
          '__proto__',
          'Siti Rahayu',
          'won',
          2_000_000,
          date('2026-03-20'),
          date('2026-03-31'),
        ],
      },
      { row: 8, cells: ['Total', null, null, null, 20_230_000.5] },
    ]);
  });

  it('reads the second sheet by name', async () => {
    expect(await readAll(file, { sheet: 'Leads' })).toEqual([
      { row: 1, cells: ['external_id', 'created_at', 'source', 'status'] },
      { row: 2, cells: ['L-1', '2026-03-01', 'Meta Ads', 'mql'] },
      { row: 3, cells: ['L-2', '2026-03-02', 'Google Ads', 'sql'] },
    ]);
  });
});
