#!/usr/bin/env node
// Runs electronegativity (Electron security anti-pattern scanner) over the desktop shell and
// fails on any HIGH or MEDIUM finding. The tool itself exits 0 whatever it finds, and its
// command-line front end does not start here (it relies on an old `commander` that npm does
// not install for it), so this script calls its programmatic runner and judges the result.
//
//   node scripts/electronegativity.mjs [path ...]   (default: main/electron)
//
// Each path is scanned on its own, and some checks look at the whole of a scan (is there a
// CSP, a permission handler, a navigation limit anywhere?), so give the folder that holds all
// of the main-process code rather than single files.
//
// A false positive is switched off where it occurs, with an `eng-disable <CHECK_ID>` comment
// on the reported line and the reason beside it, never here for the whole run.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_INPUTS = ['main/electron'];

// The only check left out of every run: it downloads Electron's release list from GitHub,
// which CI cannot reach, and would only repeat what the pinned electron version already says.
// test/electron/security-checklist.test.ts holds the Electron version floor instead.
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

const FAILING = new Set(['HIGH', 'MEDIUM']);

/**
 * The tool fetches translations (and, in the check above, release data) over the network with
 * `got`. Offline that costs a timeout per run and prints noise, so `got` is replaced by one
 * that fails at once; the tool then uses its bundled English texts.
 */
function loadRunner() {
  const require = createRequire(path.join(root, 'package.json'));
  const base = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const fromTool = createRequire(path.join(base, 'package.json'));
  const gotPath = fromTool.resolve('got');
  const offline = () => Promise.reject(new Error('offline'));
  offline.head = offline;
  offline.default = offline;
  fromTool.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };
  return fromTool(base);
}

/** Runs the tool with its chatter held back; returns it for printing when something fails. */
async function scan(run, input) {
  const said = [];
  const log = console.log;
  const warn = console.warn;
  console.log = (...args) => said.push(args.join(' '));
  console.warn = console.log;
  try {
    const result = await run({
      input,
      customScan: [],
      excludeFromScan: EXCLUDED_CHECKS.map((c) => c.toLowerCase()),
      isRelative: false,
      // The version of the electron package this project builds with; the tool cannot find it
      // from a source folder.
      electronVersionOverride: electronVersion(),
      parserPlugins: [],
    });
    return { ...result, said };
  } finally {
    console.log = log;
    console.warn = warn;
  }
}

function electronVersion() {
  const require = createRequire(path.join(root, 'package.json'));
  try {
    return JSON.parse(fs.readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function where(file, line) {
  if (file === 'N/A') return '(whole scan)';
  const rel = path.relative(process.cwd(), file);
  return `${rel.startsWith('..') ? file : rel}:${line}`;
}

async function main() {
  const inputs = process.argv.slice(2);
  const targets = (inputs.length > 0 ? inputs : DEFAULT_INPUTS).map((p) => path.resolve(root, p));
  const run = loadRunner();
  const problems = [];
  let minor = 0;
  for (const input of targets) {
    let result;
    try {
      result = await scan(run, input);
    } catch (e) {
      problems.push(`${input}: electronegativity could not scan it: ${e.message}`);
      continue;
    }
    // A file the tool could not parse has not been checked at all.
    for (const error of result.errors.filter((e) => !e.tolerable)) {
      problems.push(`${where(error.file, 0)}: could not be parsed, so it was not checked: ${error.message}`);
    }
    for (const issue of result.issues) {
      if (!FAILING.has(issue.severity.name)) {
        minor++;
        continue;
      }
      problems.push(
        `${where(issue.file, issue.location.line)}: ${issue.severity.name} ${issue.id} ` +
          `(${issue.confidence.name}${issue.manualReview ? ', review' : ''}): ${issue.description}` +
          (issue.shortenedURL ? ` ${issue.shortenedURL}` : ''),
      );
    }
  }
  const scanned = targets.map((t) => path.relative(root, t) || '.').join(', ');
  if (problems.length > 0) {
    console.error(`electronegativity: ${problems.length} HIGH/MEDIUM finding(s) in ${scanned}:`);
    for (const p of problems) console.error(`  ${p}`);
    console.error(
      'Fix the code, or if a finding is wrong, add `// eng-disable <CHECK_ID>` on that line with the reason.',
    );
    process.exitCode = 1;
    return;
  }
  console.log(
    `electronegativity: no HIGH or MEDIUM findings in ${scanned}` +
      (minor > 0 ? ` (${minor} low/informational left for review)` : ''),
  );
}

await main();
