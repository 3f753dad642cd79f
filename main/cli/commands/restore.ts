import path from 'node:path';
import type { Command } from 'commander';
import type { Output } from '../options.js';
import { Session } from '../../core/session.js';
import { directClient } from '../workspace-client.js';

export function registerRestore(program: Command, out: Output): void {
  program
    .command('restore')
    .description('replace the workspace with a backup (the current file is kept aside first)')
    .argument('<backup>', 'backup file')
    .requiredOption('--workspace <file>', 'workspace file to replace')
    .action(async (backup: string, opts: { workspace: string }) => {
      // The workspace is not opened first: restoring is how a damaged one is mended.
      const session = new Session();
      try {
        const r = await directClient(session).workspace.restore({ backupPath: backup, path: opts.workspace });
        out.log(
          `Restored ${r.workspace.path} from ${path.resolve(backup)}${r.keptAside ? `; the previous file is kept as ${r.keptAside}` : ''}`,
        );
      } finally {
        session.close();
      }
    });
}
