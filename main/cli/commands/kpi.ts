import { Option, type Command } from 'commander';
import { Grain, ScopeDim } from '../../../shared/contract/schemas.js';
import { parseScope } from '../../core/kpi/targets.js';
import { formatKpiTable, toCsv } from '../output.js';
import type { Output } from '../options.js';
import { withWorkspace } from '../workspace-client.js';

export function registerKpi(program: Command, out: Output): void {
  program
    .command('kpi')
    .description('KPI values with target, achievement and status')
    .requiredOption('--workspace <file>', 'workspace file')
    .option('--kpi <codes>', 'comma-separated KPI codes (default: all)')
    .requiredOption(
      '--period <period>',
      'e.g. 2026-03, 2026-Q1, 2026, 2026-W09, FY2026 or 2026-01-01..2026-03-31',
    )
    .addOption(new Option('--grain <grain>', 'split the period').choices(Grain.options))
    .addOption(
      new Option('--by <dim>', 'one row per owner, team, source, campaign or platform').choices(
        ScopeDim.options,
      ),
    )
    .option('--scope <dim=value>', 'only this scope, e.g. owner="Budi Santoso"')
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV')
    .action(
      async (opts: {
        workspace: string;
        kpi?: string;
        period: string;
        grain?: Grain;
        by?: ScopeDim;
        scope?: string;
        json?: boolean;
        csv?: boolean;
      }) => {
        await withWorkspace(opts.workspace, async (client, settings) => {
          const rows = await client.kpi.query({
            kpis: opts.kpi
              ?.split(',')
              .map((k) => k.trim())
              .filter(Boolean),
            period: opts.period,
            grain: opts.grain,
            by: opts.by,
            scope: parseScope(opts.scope) ?? undefined,
          });
          const plain = rows.map((r) => ({
            kpi: r.kpi,
            period: r.period,
            scope: r.scope,
            value: r.value,
            target: r.target,
            achievement: r.achievement,
            status: r.status,
          }));
          if (opts.json) return out.log(JSON.stringify(plain));
          if (opts.csv) return out.log(toCsv(plain));
          const catalog = await client.kpi.catalog({});
          out.log(formatKpiTable(rows, settings, catalog));
        });
      },
    );
}
