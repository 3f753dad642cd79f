import type { Command } from 'commander';
import type { Output } from '../options.js';
import { withWorkspace } from '../workspace-client.js';

export function registerBackup(program: Command, out: Output): void {
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
}
