import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/cli.js';
import { cli, kpiJson, parseCsv, sameNumber, workspaceFromFiles, type KpiRow } from './fixtures.js';
import type { Row } from './reference.js';

/**
 * Real exports live beside the project, not in it (their licences do not allow shipping them),
 * so these checks run only where that folder exists.
 */
const datasets = path.resolve(projectRoot, '../shared/datasets');
const pipelineFile = path.join(datasets, 'maven_crm/sales_pipeline.csv');
const present = fs.existsSync(pipelineFile);
if (!present) console.info(`shared-datasets: skipped because ${datasets} (../shared/datasets) is absent`);

const kpis = ['revenue', 'deals_won', 'win_rate', 'avg_deal_size', 'sales_cycle_days'] as const;
type Kpi = (typeof kpis)[number];

const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

/** The five sales KPIs straight from the Maven rows, with dates compared as ISO text. */
function expected(rows: Row[], from: string, to: string): Record<Kpi, number | null> {
  let won = 0;
  let lost = 0;
  let revenue = 0;
  let cycleDays = 0;
  let cycleCount = 0;
  for (const r of rows) {
    const closed = r.close_date ?? '';
    if (!closed || closed < from || closed > to) continue;
    if (r.deal_stage === 'Lost') lost++;
    if (r.deal_stage !== 'Won') continue;
    won++;
    revenue += Number(r.close_value);
    if (r.engage_date) {
      cycleDays += daysBetween(r.engage_date, closed);
      cycleCount++;
    }
  }
  const closedCount = won + lost;
  return {
    revenue: closedCount ? revenue : null,
    deals_won: closedCount ? won : null,
    win_rate: closedCount ? won / closedCount : null,
    avg_deal_size: won ? revenue / won : null,
    sales_cycle_days: cycleCount ? cycleDays / cycleCount : null,
  };
}

function mismatches(rows: KpiRow[], want: Record<Kpi, number | null>, where: string): string[] {
  return kpis.flatMap((kpi) => {
    const got = rows.find((r) => r.kpi === kpi);
    if (!got) return [`${where} ${kpi}: missing`];
    return sameNumber(got.value, want[kpi], kpi === 'revenue')
      ? []
      : [`${where} ${kpi}: got ${got.value}, expected ${want[kpi]}`];
  });
}

describe.skipIf(!present)(
  `Maven CRM pipeline imported as deals${present ? '' : ' (skipped: ../shared/datasets is absent)'}`,
  () => {
    let dir: string;
    let ws: string;
    let source: Row[];

    beforeAll(() => {
      source = parseCsv(fs.readFileSync(pipelineFile, 'utf8'));
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-maven-'));
      const deals = source.map((r) => ({
        external_id: r.opportunity_id!,
        owner: r.sales_agent!,
        account: r.account!,
        status: r.deal_stage!,
        amount: r.close_value!,
        created_at: r.engage_date!,
        closed_at: r.close_date!,
      }));
      ws = workspaceFromFiles(dir, { deals });
    }, 60_000);

    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reads the whole pipeline file', () => {
      expect(source).toHaveLength(8800);
      expect(new Set(source.map((r) => r.deal_stage))).toEqual(
        new Set(['Won', 'Lost', 'Engaging', 'Prospecting']),
      );
    });

    it.each([
      ['2017', '2017-01-01', '2017-12-31'],
      ['2017-Q2', '2017-04-01', '2017-06-30'],
      ['2016', '2016-01-01', '2016-12-31'],
    ])('company %s', (period, from, to) => {
      const rows = kpiJson(ws, '--period', period, '--kpi', kpis.join(','));
      const want = expected(source, from, to);
      expect(mismatches(rows, want, period)).toEqual([]);
    });

    it('every sales agent in 2017', () => {
      const rows = kpiJson(ws, '--period', '2017', '--kpi', kpis.join(','), '--by', 'owner');
      const agents = [...new Set(source.map((r) => r.sales_agent!))];
      const problems = agents.flatMap((agent) =>
        mismatches(
          rows.filter((r) => r.scope.owner === agent),
          expected(
            source.filter((r) => r.sales_agent === agent),
            '2017-01-01',
            '2017-12-31',
          ),
          agent,
        ),
      );
      expect(agents.length).toBeGreaterThan(20);
      expect(problems).toEqual([]);
      expect(rows.every((r) => r.scope.owner !== null && agents.includes(r.scope.owner!))).toBe(true);
    });
  },
);

const superstoreFile = path.join(datasets, 'superstore_kaggle_csv/Sample - Superstore.csv');

/** A column of decimal strings summed exactly, as ten-thousandths in a BigInt. */
function exactSum(values: string[]): string {
  let e4 = 0n;
  for (const v of values) {
    const m = /^(-?)(\d+)(?:\.(\d{0,4}))?$/.exec(v.trim());
    if (!m) throw new Error(`not an amount with at most 4 decimals: ${v}`);
    const abs = BigInt(m[2]!) * 10_000n + BigInt((m[3] ?? '').padEnd(4, '0'));
    e4 += m[1] ? -abs : abs;
  }
  const abs = e4 < 0n ? -e4 : e4;
  const frac = String(abs % 10_000n)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${e4 < 0n ? '-' : ''}${abs / 10_000n}${frac ? `.${frac}` : ''}`;
}

describe.skipIf(!fs.existsSync(superstoreFile))(
  `Superstore orders imported as won deals${present ? '' : ' (skipped: ../shared/datasets is absent)'}`,
  () => {
    it('2016 revenue equals the exact decimal sum of the Sales column (a spreadsheet SUM)', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-superstore-'));
      try {
        const ws = path.join(dir, 'w.kinerja');
        cli(['init', '--workspace', ws, '--locale', 'en-US', '--currency', 'USD']);
        cli([
          'import',
          superstoreFile,
          '--workspace',
          ws,
          '--kind',
          'deals',
          ...['--map', 'Row ID=external_id', '--map', 'Order Date=closed_at', '--map', 'Sales=amount'],
          ...['--set', 'status=won'],
        ]);
        // Sales is plain ASCII; the file is Windows-1252 elsewhere (customer names).
        const source = parseCsv(fs.readFileSync(superstoreFile, 'latin1'));
        const sales2016 = source.filter((r) => r['Order Date']!.endsWith('/2016')).map((r) => r.Sales!);
        expect(sales2016.some((v) => /\.\d{3,4}$/.test(v))).toBe(true); // e.g. 22.368
        const want = exactSum(sales2016);
        expect(want).toBe('609205.598');
        const got = kpiJson(ws, '--period', '2016', '--kpi', 'revenue')[0]!.value;
        expect(got).toBe(Number(want));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  },
);
