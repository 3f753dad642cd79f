import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { createClient, type Client } from '../../shared/contract/client.js';
import { isKinerjaError } from '../../shared/contract/errors.js';
import { Locale } from '../../shared/contract/schemas.js';
import { createDispatch } from '../core/dispatch.js';
import { Session } from '../core/session.js';
import { startHttpHost } from '../server/http-host.js';

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
    .addOption(new Option('--locale <locale>', 'number, money and date formats').choices(Locale.options).default('id-ID'))
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
        out.log(`Created workspace ${info.path} (${info.settings.name}, ${info.settings.locale}, ${info.settings.currency})`);
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
      const session = new Session();
      const client = directClient(session);
      await client.workspace.open({ path: opts.workspace });
      const host = await startHttpHost({
        dispatch: createDispatch({ session }, (e) => console.error(e)),
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

  return program;
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
