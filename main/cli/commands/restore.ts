import path from 'node:path';
import type { Command } from 'commander';
import type { Output } from '../options.js';
import { withWorkspace } from '../workspace-client.js';

export function registerRestore(program: Command, out: Output): void {
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
}
