import type { Command } from 'commander';
import { parseScope } from '../../core/kpi/targets.js';
import { parseNumberOption, parseShareOption, type Output } from '../options.js';
import { withWorkspace } from '../workspace-client.js';

export function registerTarget(program: Command, out: Output): void {
  const target = program.command('target').description('targets per KPI, scope and period');
  target
    .command('set')
    .description('set or revise a target (every change is kept with its reason)')
    .requiredOption('--workspace <file>', 'workspace file')
    .requiredOption('--kpi <code>', 'KPI code')
    .requiredOption('--period <period>', 'e.g. 2026-03 or 2026-Q1')
    .option('--scope <dim=value>', 'e.g. owner="Budi Santoso" (default: the whole company)')
    .option(
      '--value <number>',
      'target value (money in currency units, rates as fractions: 0.25 = 25%)',
      parseNumberOption,
    )
    .option('--band-low <number>', 'lower bound, for KPIs kept inside a band', parseNumberOption)
    .option('--band-high <number>', 'upper bound, for KPIs kept inside a band', parseNumberOption)
    .option(
      '--amber-at <share>',
      "achievement from which the status is amber, as 80, 80% or 0.8 (default: the workspace's, 90%)",
      parseShareOption,
    )
    .option('--reason <text>', 'why the target is set or changed')
    .action(
      async (opts: {
        workspace: string;
        kpi: string;
        period: string;
        scope?: string;
        value?: number;
        bandLow?: number;
        bandHigh?: number;
        amberAt?: number;
        reason?: string;
      }) => {
        await withWorkspace(opts.workspace, async (client) => {
          const rev = await client.targets.set({
            kpi: opts.kpi,
            period: opts.period,
            scope: parseScope(opts.scope),
            value: opts.value ?? null,
            bandLow: opts.bandLow ?? null,
            bandHigh: opts.bandHigh ?? null,
            amberAt: opts.amberAt ?? null,
            reason: opts.reason ?? null,
          });
          out.log(
            rev.oldValue === null
              ? `Target for ${opts.kpi} ${opts.period} set to ${rev.newValue}`
              : `Target for ${opts.kpi} ${opts.period} changed from ${rev.oldValue} to ${rev.newValue}`,
          );
        });
      },
    );
}
