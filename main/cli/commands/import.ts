import { Option, type Command } from 'commander';
import { ImportKind } from '../../../shared/contract/schemas.js';
import { describeImport } from '../output.js';
import { collect, type Output } from '../options.js';
import { withWorkspace } from '../workspace-client.js';

export function registerImport(program: Command, out: Output): void {
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
    .option(
      '--skip-invalid',
      'import the valid rows and write the others to FILE.rejected.csv (FILE.rejected-2.csv… if that exists)',
    )
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
}
