import type { Command } from 'commander';
import type { Appraisal, KpiDefinition, WorkspaceSettings } from '../../../shared/contract/schemas.js';
import { formatKpiValue, formatPercent, NO_VALUE } from '../../../shared/format/index.js';
import { textTable } from '../output.js';
import type { Output } from '../options.js';
import { withWorkspace } from '../workspace-client.js';

export function registerAppraisal(program: Command, out: Output): void {
  program
    .command('appraisal')
    .description("a person's weighted KPI scorecard for a period: each line, the score and the rating")
    .requiredOption('--workspace <file>', 'workspace file')
    .requiredOption('--period <period>', 'e.g. 2026-Q1, 2026 or 2026-03')
    .requiredOption('--person <name>', 'the person appraised, as named in the data')
    .option('--json', 'print JSON: weights and achievements as fractions, money in currency units')
    .action(async (opts: { workspace: string; period: string; person: string; json?: boolean }) => {
      await withWorkspace(opts.workspace, async (client, settings) => {
        const appraisal = await client.appraisal.get({ person: opts.person, period: opts.period });
        if (opts.json) return out.log(JSON.stringify(appraisal));
        out.log(describeAppraisal(appraisal, settings, await client.kpi.catalog({})));
      });
    });
}

/** The appraisal as a person reads it: the weighted table, then the score and how it was reached. */
export function describeAppraisal(
  a: Appraisal,
  settings: WorkspaceSettings,
  catalog: KpiDefinition[],
): string {
  const units = new Map(catalog.map((k) => [k.code, k.unit]));
  const pct = (x: number | null) => (x === null ? NO_VALUE : formatPercent(x, settings.locale));
  const rows = a.lines.map((l) => {
    const unit = units.get(l.kpi) ?? 'ratio';
    return [
      l.kpi,
      pct(l.weight),
      formatKpiValue(l.actual, unit, settings),
      formatKpiValue(l.target, unit, settings),
      pct(l.achievement) + (l.capped ? ` (capped at ${pct(a.cap)})` : ''),
      l.missing === 'no_data' ? 'no data' : l.missing === 'no_target' ? 'no target' : pct(l.effectiveWeight),
      l.points === null ? NO_VALUE : formatPercent(l.points, settings.locale, 2),
    ];
  });
  const lines = [
    `${a.person}${a.team ? ` (${a.team})` : ''}, ${a.period}: scorecard ${a.scorecard}` +
      (a.assignedVia === 'team' ? ` (assigned to ${a.team})` : ''),
    '',
    textTable(['KPI', 'weight', 'actual', 'target', 'achievement', 'weight used', 'points'], rows),
    '',
    `Score ${pct(a.score)}, rating ${a.rating ?? NO_VALUE}`,
  ];
  if (a.lines.some((l) => l.missing)) {
    lines.push(
      a.missingRule === 'redistribute'
        ? 'KPIs without a target or data score nothing; their weight is shared out over the others in proportion to their weights.'
        : 'KPIs without a target or data score zero and keep their weight.',
    );
  }
  if (a.frozen) {
    lines.push(
      a.changedSinceSignOff
        ? 'Signed: these are the numbers as signed; the data has changed since.'
        : 'Signed: these are the numbers as signed.',
    );
  }
  return lines.join('\n');
}
