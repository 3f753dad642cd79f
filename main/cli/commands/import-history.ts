import type { Command } from 'commander';
import type { Output } from '../options.js';
import { withWorkspace } from '../workspace-client.js';

const count = (summary: Record<string, unknown>, key: string) => Number(summary[key] ?? 0);

export function registerImportHistory(program: Command, out: Output): void {
  program
    .command('import-history')
    .description('list the import batches of a workspace, newest first, with their counts')
    .requiredOption('--workspace <file>', 'workspace file')
    .option('--json', 'print the batches as JSON')
    .action(async (opts: { workspace: string; json?: boolean }) => {
      await withWorkspace(opts.workspace, async (client) => {
        const batches = await client.import.history({});
        if (opts.json) return out.log(JSON.stringify(batches));
        if (!batches.length) return out.log('No imports yet');
        for (const b of batches) {
          const s = b.summary;
          out.log(
            `Batch ${b.id}  ${b.createdAt}  ${b.kind}  ${b.fileName ?? ''}: ${count(s, 'read')} rows read, ` +
              `${count(s, 'inserted')} inserted, ${count(s, 'updated')} updated, ${count(s, 'rejected')} rejected` +
              (b.undoneAt ? `  (undone ${b.undoneAt})` : ''),
          );
        }
      });
    });
}
