import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { computeKpis } from '../../main/core/kpi/engine.js';
import { importFile } from '../../main/core/import/pipeline.js';
import { writeXlsx } from '../../main/core/import/spreadsheet/index.js';
import { Workspace } from '../../main/core/workspace.js';
import { useTempDir } from '../helpers/tmp.js';

const tempDir = useTempDir();
let ws: Workspace | undefined;
afterEach(() => ws?.close());

describe('money from spreadsheet numeric cells', () => {
  it('reads a float as the 15 digits a spreadsheet shows and refuses a fifth decimal', async () => {
    const dir = tempDir();
    ws = Workspace.create(path.join(dir, 'w.kinerja'), { locale: 'en-US' });
    const file = path.join(dir, 'Sales.xlsx');
    const rows = (extra: (string | number)[][]) => [
      ['ID', 'Status', 'Amount', 'Closed'],
      // What formulas leave behind: 3 × 7.456 and 0.1 + 0.2 as binary floats.
      ['A', 'won', 3 * 7.456, '2016-11-08'],
      ['B', 'won', 0.1 + 0.2, '2016-11-09'],
      ...extra,
    ];
    const map = ['ID=external_id', 'Status=status', 'Amount=amount', 'Closed=closed_at'];
    await writeXlsx(file, [{ name: 'Deals', rows: rows([]) }]);
    await importFile(ws.db, ws.settings, file, { kind: 'deals', map });
    expect(ws.db.prepare('SELECT amount_e4 FROM deals ORDER BY id').pluck().all()).toEqual([223_680, 3_000]);
    expect(computeKpis(ws.db, ws.settings, { kpis: ['revenue'], period: '2016-11' })[0]!.value).toBe(22.668);

    // A third is no decimal at all: it is kept to four places, like any longer amount.
    await writeXlsx(file, [{ name: 'Deals', rows: rows([['C', 'won', 1 / 3, '2016-11-10']]) }]);
    await importFile(ws.db, ws.settings, file, { kind: 'deals', map });
    expect(ws.db.prepare("SELECT amount_e4 FROM deals WHERE external_id = 'C'").pluck().get()).toBe(3_333);
  });
});
