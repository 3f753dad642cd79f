import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { createDispatch } from '../../core/dispatch.js';
import { importInWorker } from '../../core/import/run-import.js';
import { questionsInWorkers } from '../../core/kpi/question-runner.js';
import { Session } from '../../core/session.js';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { chromiumPdfPrinter } from '../../report/pdf-printer.js';
import { startHttpHost } from '../../server/http-host.js';
import type { Output } from '../options.js';
import { bundleDir, directClient, rendererDir } from '../workspace-client.js';

export function registerServe(program: Command, out: Output): void {
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
      // PDFs are the app's print pages, rendered by headless Chromium from this same server.
      let url: string | null = null;
      const printer = chromiumPdfPrinter(() => {
        if (!url) throw new KinerjaError('internal', 'The server is not running yet');
        return url;
      });
      // A long KPI question is answered in a worker, so every other request is answered meanwhile.
      const questions = questionsInWorkers(path.join(bundleDir, 'question-worker.js'));
      const host = await startHttpHost({
        dispatch: createDispatch(
          {
            session,
            imports: importInWorker(path.join(bundleDir, 'import-worker.js')),
            questions,
            // A path typed in the browser is read from the home folder, not the server's cwd.
            baseDir: os.homedir(),
            printPdf: (route, options) => printer.print(route, options),
          },
          (e) => console.error(e),
        ),
        staticDir: rendererDir,
        port: opts.port,
      });
      url = host.url;
      out.log(`Kinerja is running at ${host.url}`);
      out.log('Open that URL in your browser. Press Ctrl+C to stop.');
      const stop = () => {
        void Promise.all([host.close(), printer.close(), questions.close()]).then(() => {
          session.close();
          process.exit(0);
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
