import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { dayFromIso, dayFromYmd, todayDay, ymdFromDay } from '../../../shared/kpi/periods.js';
import { writeDemoCsvFiles } from '../../core/demo/demo-files.js';
import { createDemoWorkspace } from '../../core/demo/demo-workspace.js';
import { parseIntOption, type Output } from '../options.js';

export function registerDemo(program: Command, out: Output): void {
  program
    .command('demo')
    .description('create a demo workspace: an Indonesian company with two years of sales and marketing data')
    .option('--workspace <file>', 'workspace file to create')
    .option(
      '--csv-dir <dir>',
      'write the demo data as canonical CSV files instead (for import practice and benchmarks)',
    )
    .option('--only <kinds>', 'with --csv-dir: only these kinds, comma-separated (e.g. deals)')
    .option('--deals <n>', 'number of deals (leads are about twice as many)', parseIntOption, 1500)
    .option('--seed <n>', 'the same seed gives the same company', parseIntOption, 42)
    .option('--from <date>', 'first day of the data (default: 1 January of last year)')
    .option('--to <date>', 'last day of the data (default: today)')
    .action(
      (opts: {
        workspace?: string;
        csvDir?: string;
        only?: string;
        deals: number;
        seed: number;
        from?: string;
        to?: string;
      }) => {
        if (!opts.workspace === !opts.csvDir) {
          throw new InvalidArgumentError('give either --workspace FILE or --csv-dir DIR');
        }
        const started = performance.now();
        const today = opts.to ? dayFromIso(opts.to) : todayDay();
        const from = opts.from ? dayFromIso(opts.from) : dayFromYmd(ymdFromDay(today).year - 1, 1, 1);
        if (opts.csvDir) {
          const files = writeDemoCsvFiles(opts.csvDir, {
            only: opts.only?.split(',').map((k) => k.trim()),
            seed: opts.seed,
            from,
            to: today,
            deals: opts.deals,
          });
          const list = Object.entries(files).map(([kind, f]) => `${f.rows} ${kind}`);
          return out.log(
            `Wrote ${list.join(', ')} to ${path.resolve(opts.csvDir)} in ${Math.round(performance.now() - started)} ms`,
          );
        }
        const ws = createDemoWorkspace({
          file: opts.workspace!,
          deals: opts.deals,
          seed: opts.seed,
          today,
          from,
        });
        const counts = ['deals', 'leads', 'spend', 'web', 'social'].map(
          (t) => `${ws.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number} ${t}`,
        );
        ws.close();
        out.log(
          `Created demo workspace ${ws.path} (PT Nusantara Digital): ${counts.join(', ')} in ${Math.round(performance.now() - started)} ms`,
        );
      },
    );
}
