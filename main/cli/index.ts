import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createClient, type Client } from '../../shared/contract/client.js';
import { isKinerjaError, KinerjaError } from '../../shared/contract/errors.js';
import {
  Grain,
  ImportKind,
  Locale,
  ScopeDim,
  type WorkspaceSettings,
} from '../../shared/contract/schemas.js';
import { parseScope } from '../core/kpi/targets.js';
import { createDemoWorkspace } from '../core/demo/demo-workspace.js';
import { writeDemoCsvFiles } from '../core/demo/demo-files.js';
import { dayFromIso, dayFromYmd, todayDay, ymdFromDay } from '../../shared/kpi/periods.js';
import { describeImport, formatKpiTable, toCsv } from './output.js';
import { createDispatch } from '../core/dispatch.js';
import { Session } from '../core/session.js';
import { startHttpHost } from '../server/http-host.js';
import { importInWorker } from '../core/import/run-import.js';

/** Where the built renderer sits relative to this bundle (dist/node/cli.js → dist/renderer). */
const rendererDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../renderer');

/** The CLI drives the core through the same contract and dispatcher as the app: no second implementation. */
function directClient(session: Session): Client {
  const dispatch = createDispatch({ session });
  return createClient((name, request) => dispatch(name, request));
}

export function buildProgram(out: { log: (s: string) => void } = console): Command {
  const program = new Command('kinerja')
    .description('Kinerja: offline KPI tracking for sales and marketing teams')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('init')
    .description('create a new workspace file')
    .requiredOption('--workspace <file>', 'workspace file to create (.kinerja)')
    .option('--name <name>', 'company or workspace name')
    .addOption(
      new Option('--locale <locale>', 'number, money and date formats')
        .choices(Locale.options)
        .default('id-ID'),
    )
    .option('--currency <code>', 'reporting currency (ISO code, default IDR for id-ID, USD for en-US)')
    .action(async (opts: { workspace: string; name?: string; locale: string; currency?: string }) => {
      const locale = Locale.parse(opts.locale); // narrowed by .choices() above
      const session = new Session();
      try {
        const info = await directClient(session).workspace.create({
          path: opts.workspace,
          name: opts.name,
          locale,
          currency: opts.currency?.toUpperCase(),
        });
        out.log(
          `Created workspace ${info.path} (${info.settings.name}, ${info.settings.locale}, ${info.settings.currency})`,
        );
      } finally {
        session.close();
      }
    });

  program
    .command('serve')
    .description('run the app in your browser (127.0.0.1 only, with a per-run token)')
    .requiredOption('--workspace <file>', 'workspace file to open (create one with `kinerja init`)')
    .option('--port <n>', 'port to listen on (default: a free one)', (v) => Number.parseInt(v, 10))
    .action(async (opts: { workspace: string; port?: number }) => {
      // The server may write at any moment, so it is the workspace's writer for as long as it runs.
      const session = new Session({}, { program: 'kinerja serve', lockOnOpen: true });
      const client = directClient(session);
      await client.workspace.open({ path: opts.workspace });
      const host = await startHttpHost({
        dispatch: createDispatch(
          {
            session,
            imports: importInWorker(
              path.join(path.dirname(fileURLToPath(import.meta.url)), 'import-worker.js'),
            ),
          },
          (e) => console.error(e),
        ),
        staticDir: rendererDir,
        port: opts.port,
      });
      out.log(`Kinerja is running at ${host.url}`);
      out.log('Open that URL in your browser. Press Ctrl+C to stop.');
      const stop = () => {
        void host.close().then(() => {
          session.close();
          process.exit(0);
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  program
    .command('import')
    .description('import one file as one batch (all rows or none): CSV in any common shape, XLSX or XLS')
    .argument('<file>', 'the file: a CRM, ad-platform or analytics export, or a canonical CSV')
    .requiredOption('--workspace <file>', 'workspace file')
    .addOption(
      new Option('--kind <kind>', 'what the file holds').choices(ImportKind.options).makeOptionMandatory(),
    )
    .option('--preset <name>', 'read the file as this export (default: recognised from the headers)')
    .option(
      '--map <Header=field>',
      'feed a field from a column (repeatable; one column may feed several fields)',
      collect,
      [],
    )
    .option(
      '--set <field=value>',
      'give every row this value (repeatable), e.g. --set source="Meta Ads"',
      collect,
      [],
    )
    .option('--sheet <name>', 'worksheet of an Excel file (default: the first)')
    .option('--date-format <format>', 'order of day, month and year, e.g. DD/MM/YYYY or MM/DD/YYYY')
    .addOption(new Option('--decimal <mark>', 'decimal mark of the numbers').choices([',', '.']))
    .option('--won <word>', 'extra status word meaning won (repeatable)', collect, [])
    .option('--lost <word>', 'extra status word meaning lost (repeatable)', collect, [])
    .option('--skip-invalid', 'import the valid rows and write the others to FILE.rejected.csv')
    .option('--dry-run', 'check and count everything, then change nothing')
    .option('--json', 'print the summary as JSON')
    .action(
      async (
        file: string,
        opts: {
          workspace: string;
          kind: ImportKind;
          preset?: string;
          map: string[];
          set: string[];
          sheet?: string;
          dateFormat?: string;
          decimal?: ',' | '.';
          won: string[];
          lost: string[];
          skipInvalid?: boolean;
          dryRun?: boolean;
          json?: boolean;
        },
      ) => {
        const { workspace, json, ...options } = opts;
        await withWorkspace(workspace, async (client) => {
          const summary = await client.import.file({ path: file, ...options });
          if (json) return out.log(JSON.stringify(summary));
          out.log(describeImport(summary));
        });
      },
    );

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

  program
    .command('undo-import')
    .description('remove exactly what one import batch added or changed')
    .argument('<batch>', 'batch id printed by import (see import history in the app)', parseIntOption)
    .requiredOption('--workspace <file>', 'workspace file')
    .action(async (batchId: number, opts: { workspace: string }) => {
      await withWorkspace(opts.workspace, async (client) => {
        const r = await client.import.undo({ batchId });
        out.log(
          `Undid batch ${r.batchId}: ${r.removed} rows removed, ${r.restored} rows restored to their earlier values`,
        );
      });
    });

  program
    .command('backup')
    .description('write a consistent copy of the workspace')
    .requiredOption('--workspace <file>', 'workspace file')
    .requiredOption('--out <file>', 'backup file to create')
    .action(async (opts: { workspace: string; out: string }) => {
      await withWorkspace(opts.workspace, async (client) => {
        const r = await client.workspace.backup({ path: opts.out });
        out.log(`Backup written to ${r.file} (${r.bytes} bytes)`);
      });
    });

  program
    .command('restore')
    .description('replace the workspace with a backup (the current file is kept aside first)')
    .argument('<backup>', 'backup file')
    .requiredOption('--workspace <file>', 'workspace file to replace')
    .action(async (backup: string, opts: { workspace: string }) => {
      await withWorkspace(opts.workspace, async (client) => {
        const r = await client.workspace.restore({ backupPath: backup });
        out.log(
          `Restored ${r.workspace.path} from ${path.resolve(backup)}${r.keptAside ? `; the previous file is kept as ${r.keptAside}` : ''}`,
        );
      });
    });

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
      '--amber-at <number>',
      'achievement from which the status is amber (default 0.9)',
      parseNumberOption,
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

  return program;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseIntOption(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`'${value}' is not a whole number`);
  return n;
}

function parseNumberOption(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new InvalidArgumentError(`'${value}' is not a number; write it plainly, e.g. 150000000 or 0.25`);
  }
  return n;
}

/** Opens the workspace for one command and always closes it, so the WAL is checkpointed. */
async function withWorkspace(
  file: string,
  fn: (client: Client, settings: WorkspaceSettings) => Promise<void>,
): Promise<void> {
  const session = new Session();
  try {
    const client = directClient(session);
    const info = await client.workspace.open({ path: file });
    await fn(client, info.settings);
  } finally {
    session.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (isKinerjaError(e)) {
      console.error(`kinerja: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
