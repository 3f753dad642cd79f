import { Option, type Command } from 'commander';
import { Locale } from '../../../shared/contract/schemas.js';
import { Session } from '../../core/session.js';
import type { Output } from '../options.js';
import { directClient } from '../workspace-client.js';

export function registerInit(program: Command, out: Output): void {
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
}
