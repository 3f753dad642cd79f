import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { createClient, type Client } from '../../../shared/contract/client.js';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { createDispatch } from '../../core/dispatch.js';
import { describeWriteError } from '../../core/files/atomic-write.js';
import { Session } from '../../core/session.js';
import { chromiumPdfPrinter, type PdfPrinter } from '../../report/pdf-printer.js';
import { startHttpHost, type HttpHost } from '../../server/http-host.js';
import type { Output } from '../options.js';
import { rendererDir } from '../workspace-client.js';

interface ReportOptions {
  workspace: string;
  period: string;
  lang: 'id' | 'en';
  paper: 'A4' | 'Letter';
}

export function registerReport(program: Command, out: Output): void {
  const report = program
    .command('report')
    .description('PDF evaluations and review packs, from the app’s own print pages');
  const common = (cmd: Command) =>
    cmd
      .requiredOption('--workspace <file>', 'workspace file')
      .requiredOption('--period <period>', 'e.g. 2026-Q1, 2026 or 2026-03')
      .addOption(new Option('--lang <lang>', 'language of the PDF').choices(['id', 'en']).default('id'))
      .addOption(new Option('--paper <size>', 'paper size').choices(['A4', 'Letter']).default('A4'));

  common(report.command('appraisal'))
    .description(
      "one person's evaluation PDF (--person, --pdf) or one per person of a team (--team, --out-dir)",
    )
    .option('--person <name>', 'the person appraised')
    .option('--pdf <file>', 'where to write the PDF (with --person)')
    .option('--team <name>', 'every person of this team')
    .option('--out-dir <folder>', 'where to write the PDFs (with --team)')
    .action(
      async (opts: ReportOptions & { person?: string; pdf?: string; team?: string; outDir?: string }) => {
        const single = opts.person !== undefined || opts.pdf !== undefined;
        const team = opts.team !== undefined || opts.outDir !== undefined;
        if (
          single === team ||
          (single && !(opts.person && opts.pdf)) ||
          (team && !(opts.team && opts.outDir))
        ) {
          throw new InvalidArgumentError(
            'give either --person NAME --pdf FILE, or --team NAME --out-dir FOLDER',
          );
        }
        await withPrintingHost(opts.workspace, async (client) => {
          if (opts.person && opts.pdf) {
            const { file } = await client.report.pdf({
              kind: 'appraisal',
              person: opts.person,
              period: opts.period,
              lang: opts.lang,
              paper: opts.paper,
              path: opts.pdf,
            });
            out.log(`Wrote ${file}`);
            return;
          }
          const overview = await client.appraisal.team({ team: opts.team!, period: opts.period });
          const folder = path.resolve(opts.outDir!);
          makeFolder(folder);
          // Two people whose names make the same file name (José and Jose, two names in a script
          // without Latin letters) get numbered files rather than one overwriting the other.
          const taken = new Set<string>();
          const people = overview.people;
          let written = 0;
          for (const [i, person] of people.entries()) {
            const step = `[${i + 1}/${people.length}] ${person.person}`;
            if (person.problem) {
              out.log(`${step}: skipped, ${lowerFirst(person.problem)}`);
              continue;
            }
            const started = performance.now();
            const { file } = await client.report.pdf({
              kind: 'appraisal',
              person: person.person,
              period: overview.period,
              lang: opts.lang,
              paper: opts.paper,
              path: path.join(folder, uniqueName(taken, `${fileNamePart(person.person)}-${overview.period}`)),
            });
            written++;
            out.log(`${step} → ${file} (${seconds(performance.now() - started)})`);
          }
          out.log(`${written} of ${people.length} appraisals of ${overview.team} written to ${folder}`);
        });
      },
    );

  common(report.command('review'))
    .description('the review pack (or minutes, once a review is closed) of a period and scope')
    .option('--scope <dim=value>', 'e.g. team="Tim Jakarta" (default: the whole company)')
    .requiredOption('--pdf <file>', 'where to write the PDF')
    .action(async (opts: ReportOptions & { scope?: string; pdf: string }) => {
      await withPrintingHost(opts.workspace, async (client) => {
        const { file } = await client.report.pdf({
          kind: 'review',
          period: opts.period,
          scope: opts.scope ?? null,
          lang: opts.lang,
          paper: opts.paper,
          path: opts.pdf,
        });
        out.log(`Wrote ${file}`);
      });
    });
}

/**
 * Opens the workspace behind a loopback host serving the app's pages, so Chromium can render
 * the print pages from the same numbers; the browser starts on the first PDF and is reused.
 */
async function withPrintingHost(file: string, fn: (client: Client) => Promise<void>): Promise<void> {
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new KinerjaError(
      'not_found',
      `The app's pages are not built (${rendererDir}); run \`npm run build\` first`,
    );
  }
  const session = new Session();
  let host: HttpHost | null = null;
  const printer: PdfPrinter = chromiumPdfPrinter(() => {
    if (!host) throw new KinerjaError('internal', 'The print host is not running');
    return host.url;
  });
  try {
    const dispatch = createDispatch({ session, printPdf: (route, options) => printer.print(route, options) });
    const client = createClient((name, request) => dispatch(name, request));
    await client.workspace.open({ path: file });
    host = await startHttpHost({ dispatch, staticDir: rendererDir });
    await fn(client);
  } finally {
    await printer.close();
    await host?.close();
    session.close();
  }
}

/** The output folder: an existing one, or one new folder in an existing parent. */
function makeFolder(folder: string): void {
  const stat = fs.statSync(folder, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return;
  if (stat)
    throw new KinerjaError(
      'invalid_request',
      `${folder} is a file, not a folder; choose a folder for the PDFs`,
    );
  try {
    // One level only: a typo in a parent should be a message, not a tree of new folders.
    fs.mkdirSync(folder);
  } catch (error) {
    throw describeWriteError(path.join(folder, 'x.pdf'), error);
  }
}

/** `name.pdf`, or `name-2.pdf`… when this run already wrote that name. */
function uniqueName(taken: Set<string>, base: string): string {
  let name = `${base}.pdf`;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}.pdf`;
  taken.add(name.toLowerCase());
  return name;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** A file name from a person's name: letters, digits and dashes only, readable on any system. */
function fileNamePart(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'person'
  );
}
