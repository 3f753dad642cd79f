import type { Command } from 'commander';
import { parseIntOption, type Output } from '../options.js';
import { withWorkspace } from '../workspace-client.js';

export function registerUndoImport(program: Command, out: Output): void {
  program
    .command('undo-import')
    .description('remove exactly what one import batch added or changed')
    .argument('<batch>', 'batch id printed by import (see kinerja import-history)', parseIntOption)
    .requiredOption('--workspace <file>', 'workspace file')
    .action(async (batchId: number, opts: { workspace: string }) => {
      await withWorkspace(opts.workspace, async (client) => {
        const r = await client.import.undo({ batchId });
        out.log(
          `Undid batch ${r.batchId}: ${r.removed} rows removed, ${r.restored} rows restored to their earlier values`,
        );
      });
    });
}
