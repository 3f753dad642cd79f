import os from 'node:os';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { createDispatch } from '../../core/dispatch.js';
import { importInWorker } from '../../core/import/run-import.js';
import { questionsInWorkers } from '../../core/kpi/question-runner.js';
import { Session } from '../../core/session.js';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { chromiumPdfPrinter } from '../../report/pdf-printer.js';
import { PathGuard, browserModeFolders } from '../../core/files/user-path.js';
import { startHttpHost, type HttpHost } from '../../server/http-host.js';
import type { Output } from '../options.js';
import { bundleDir, directClient, rendererDir } from '../workspace-client.js';

export function registerServe(program: Command, out: Output): void {
  program
    .command('serve')
    .description('run the app in your browser (127.0.0.1 only, with a per-run token)')
    .requiredOption('--workspace <file>', 'workspace file to open (create one with `kinerja init`)')
    .option('--port <n>', 'port to listen on (default: a free one)')
    .action(async (opts: { workspace: string; port?: string }) => {
      const port = parsePort(opts.port);
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
      let host: HttpHost;
      try {
        host = await startHttpHost({
          dispatch: createDispatch(
            {
              session,
              imports: importInWorker(path.join(bundleDir, 'import-worker.js')),
              questions,
              // A path typed in the browser is read from the home folder, not the server's cwd.
              baseDir: os.homedir(),
              // Only files in the home folder, the workspace's folder or the temp folder (uploads).
              paths: new PathGuard(browserModeFolders(() => session.workspace?.path ?? null)),
              printPdf: (route, options) => printer.print(route, options),
            },
            (e) => console.error(e),
          ),
          staticDir: rendererDir,
          port,
        });
      } catch (e) {
        session.close();
        throw listenError(e, port);
      }
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

/** `--port`: a whole number from 0 (any free port) to 65535, said in one line otherwise. */
function parsePort(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  // Digits only: Number() would also take 1e3, 0x50 and ' 80'.
  const n = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new InvalidArgumentError(
      `--port: '${raw.slice(0, 40)}' is not a port; give a whole number from 1 to 65535, or 0 for any free port`,
    );
  }
  return n;
}

/** Why the server could not listen, in one line instead of a stack trace. */
function listenError(e: unknown, port: number | undefined): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE') {
    return new KinerjaError(
      'conflict',
      `port ${port} on 127.0.0.1 is already in use by another program; give another --port, or leave --port out to take a free one`,
    );
  }
  if (code === 'EACCES') {
    return new KinerjaError(
      'forbidden',
      `port ${port} on 127.0.0.1 may not be used by this user (ports below 1024 usually need administrator rights); give a port from 1024 to 65535`,
    );
  }
  return e;
}
