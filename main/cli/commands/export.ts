import { Option, type Command } from 'commander';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { Grain, ImportKind, ScopeDim } from '../../../shared/contract/schemas.js';
import type { Output } from '../options.js';
import { withWorkspace } from '../workspace-client.js';

export function registerExport(program: Command, out: Output): void {
  program
    .command('export')
    .description('write facts or KPI values to CSV or XLSX (formula-like text is neutralised)')
    .requiredOption('--workspace <file>', 'workspace file')
    .addOption(
      new Option('--what <what>', 'what to export')
        .choices(['deals', 'leads', 'spend', 'web', 'social', 'kpi_values', 'kpi'])
        .makeOptionMandatory(),
    )
    .addOption(new Option('--format <format>', 'file format').choices(['csv', 'xlsx']).default('csv'))
    .requiredOption('--out <file>', 'file to create')
    .option('--kpi <codes>', 'with --what kpi: comma-separated KPI codes (default: all)')
    .option('--period <period>', 'with --what kpi: the period')
    .addOption(new Option('--grain <grain>', 'with --what kpi: split the period').choices(Grain.options))
    .addOption(new Option('--by <dim>', 'with --what kpi: one row per scope').choices(ScopeDim.options))
    .action(
      async (opts: {
        workspace: string;
        what: string;
        format: 'csv' | 'xlsx';
        out: string;
        kpi?: string;
        period?: string;
        grain?: Grain;
        by?: ScopeDim;
      }) => {
        await withWorkspace(opts.workspace, async (client) => {
          let r: { file: string };
          if (opts.what === 'kpi') {
            if (!opts.period) {
              throw new KinerjaError(
                'invalid_request',
                'export --what kpi needs --period (e.g. --period 2026-03, 2026-Q1 or 2026-01-01..2026-03-31)',
              );
            }
            r = await client.export.kpis({
              format: opts.format,
              path: opts.out,
              period: opts.period,
              grain: opts.grain,
              by: opts.by,
              kpis: opts.kpi
                ?.split(',')
                .map((k) => k.trim())
                .filter(Boolean),
            });
          } else {
            r = await client.export.facts({
              kind: opts.what as ImportKind,
              format: opts.format,
              path: opts.out,
            });
          }
          out.log(`Exported ${opts.what} to ${r.file}`);
        });
      },
    );
}
