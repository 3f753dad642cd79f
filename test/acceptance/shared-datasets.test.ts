import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/cli.js';
import { kpiJson, parseCsv, sameNumber, workspaceFromFiles, type KpiRow } from './fixtures.js';
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
