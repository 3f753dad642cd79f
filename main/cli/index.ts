import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { isKinerjaError } from '../../shared/contract/errors.js';
import { useReaderThread } from '../core/import/fact-reader.js';
import { registerAppraisal } from './commands/appraisal.js';
import { registerBackup } from './commands/backup.js';
import { registerDemo } from './commands/demo.js';
import { registerExport } from './commands/export.js';
import { registerImport } from './commands/import.js';
import { registerImportHistory } from './commands/import-history.js';
import { registerInit } from './commands/init.js';
import { registerKpi } from './commands/kpi.js';
import { registerReport } from './commands/report.js';
import { registerRestore } from './commands/restore.js';
import { registerServe } from './commands/serve.js';
import { registerTarget } from './commands/target.js';
import { registerUndoImport } from './commands/undo-import.js';
import type { Output } from './options.js';
import { bundleDir } from './workspace-client.js';

export function buildProgram(out: Output = console): Command {
  const program = new Command('kinerja')
    .description('Kinerja: offline KPI tracking for sales and marketing teams')
    .showHelpAfterError()
    .exitOverride();

  // Registration order is the order `kinerja --help` lists the commands in.
  registerInit(program, out);
  registerServe(program, out);
  registerImport(program, out);
  registerImportHistory(program, out);
  registerKpi(program, out);
  registerDemo(program, out);
  registerExport(program, out);
  registerUndoImport(program, out);
  registerBackup(program, out);
  registerRestore(program, out);
  registerTarget(program, out);
  registerAppraisal(program, out);
  registerReport(program, out);

  return program;
}

export async function main(argv: string[]): Promise<number> {
  // A large import reads its file in a thread of its own while this one writes (bundle only).
  useReaderThread(path.join(bundleDir, 'read-worker.js'));
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    // Commander reports the errors it finds itself (a bad option value arrives here as a plain
    // CommanderError, already printed); an InvalidArgumentError thrown by an action's own check
    // of its options reaches us unprinted, so say it here.
    if (e instanceof InvalidArgumentError) {
      console.error(`kinerja: ${e.message}`);
      return e.exitCode;
    }
    if (e instanceof CommanderError) return e.exitCode;
    if (isKinerjaError(e)) {
      console.error(`kinerja: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
