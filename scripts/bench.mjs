// npm run bench: figures, not assertions. Each figure is printed beside a baseline measured in
// the same run on the same machine, because absolute times here are noisy; compare ratios.
//
//   BENCH_DEALS=1000000 deals (twice as many leads, daily spend/web/social for 2024–2025).
//   BENCH_RUNS=5 repetitions of each timed query (the median is reported).
//   BENCH_IMPORT_ROWS=1000000 rows in the largest import file.
//   BENCH_PARTS=kpi,import,dashboard,pdf which parts to run (dashboard needs kpi's workspace);
//     fuzz (not in the default list) fuzzes the CSV, number and date readers instead.
//   BENCH_FUZZ_INPUTS=100000 generated inputs per reader for fuzz.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/kinerja.js');
const rssHook = path.join(root, 'scripts/report-rss.cjs');
const deals = Number(process.env.BENCH_DEALS ?? 1_000_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const importRows = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const parts = (process.env.BENCH_PARTS ?? 'kpi,dashboard,import,pdf').split(',');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-bench-'));

/** Runs a command in its own process; the preloaded hook reports that process's peak memory. */
function run(args, env = {}, { mayFail = false } = {}) {
  const started = performance.now();
  const res = spawnSync(process.execPath, ['--require', rssHook, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, ...env },
  });
  const ms = performance.now() - started;
  if (res.status !== 0 && !mayFail) {
    console.error(res.stdout, res.stderr);
    throw new Error(`failed: ${args.join(' ')}`);
  }
  // The first report is the busiest process (the launcher's child, for imports).
  const rss = Number(/PEAK_RSS_KB=(\d+)/.exec(res.stderr)?.[1] ?? NaN);
  return { ms, rssMiB: rss / 1024, stdout: res.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const demoCsv = (out, n, seed, only) =>
  run([
    bin,
    'demo',
    '--csv-dir',
    out,
    '--deals',
    String(n),
    '--seed',
    String(seed),
    '--from',
    '2024-01-01',
    '--to',
    '2025-12-31',
    ...(only ? ['--only', only] : []),
  ]);

/** The KPI question of the design handbook, beside the same sums by a raw GROUP BY. */
const benchWorkspace = path.join(dir, 'bench.kinerja');

function kpiPart() {
  const ws = benchWorkspace;
  console.log(
    `KPI engine: ${deals.toLocaleString('en-US')} deals, ${(deals * 2).toLocaleString('en-US')} leads, daily spend/web/social 2024–2025`,
  );
  const gen = demoCsv(dir, deals, 7);
  console.log(`Generated CSV files in ${fmt(gen.ms)}`);
  run([bin, 'init', '--workspace', ws, '--name', 'Bench']);
  console.log('\nImport (one process per file, process start included)');
  let total = 0;
  for (const kind of ['deals', 'leads', 'spend', 'web', 'social']) {
    const file = path.join(dir, `${kind}.csv`);
    const r = run([bin, 'import', file, '--workspace', ws, '--kind', kind]);
    total += r.ms;
    console.log(
      `  ${kind.padEnd(7)} ${(fs.statSync(file).size / 1e6).toFixed(1).padStart(7)} MB  ${fmt(r.ms).padStart(9)}  peak RSS ${r.rssMiB.toFixed(0)} MiB`,
    );
  }
  console.log(`  total ${fmt(total)}; workspace file ${(fs.statSync(ws).size / 1e6).toFixed(0)} MB`);

  console.log(`\nKPI question (median of ${runs}; both sides include process start)`);
  const kpiArgs = [
    bin,
    'kpi',
    '--workspace',
    ws,
    '--kpi',
    'revenue,deals_won,win_rate,avg_deal_size,sales_cycle_days',
    '--period',
    '2025',
    '--grain',
    'month',
    '--by',
    'owner',
    '--json',
  ];
  const cli = Array.from({ length: runs }, () => run(kpiArgs));
  const from = Date.UTC(2025, 0, 1) / 86_400_000;
  const to = Date.UTC(2025, 11, 31) / 86_400_000;
  const raw = Array.from({ length: runs }, () =>
    run([path.join(root, 'scripts/bench-raw-groupby.cjs'), ws, String(from), String(to)]),
  );
  const cliMs = median(cli.map((r) => r.ms));
  const rawMs = median(raw.map((r) => r.ms));
  const rawQueryMs = median(raw.map((r) => JSON.parse(r.stdout).queryMs));
  console.log(
    `  kinerja kpi … --by owner --grain month   ${fmt(cliMs).padStart(8)}  peak RSS ${cli[0].rssMiB.toFixed(0)} MiB`,
  );
  console.log(`  raw GROUP BY over deals (process)        ${fmt(rawMs).padStart(8)}`);
  console.log(`  raw GROUP BY, query alone                ${fmt(rawQueryMs).padStart(8)}`);
  console.log(`  ratio CLI / raw process: ${(cliMs / rawMs).toFixed(2)}  (goal ≤ 0.50)`);
  console.log(`  ratio CLI / raw query alone: ${(cliMs / rawQueryMs).toFixed(2)}`);

  // The two sides must agree, or the speed means nothing.
  const answer = JSON.parse(cli[0].stdout);
  const baseline = JSON.parse(raw[0].stdout).rows;
  let mismatches = 0;
  for (const b of baseline) {
    const get = (kpi) =>
      answer.find((a) => a.kpi === kpi && a.period === b.month && (a.scope.owner ?? null) === b.owner)?.value;
    const expected = {
      revenue: b.won_e4 / 10_000,
      deals_won: b.won,
      win_rate: b.won / b.closed,
      avg_deal_size: b.won ? b.won_e4 / 10_000 / b.won : null,
      sales_cycle_days: b.cycle_n ? b.cycle_days / b.cycle_n : null,
    };
    for (const [kpi, v] of Object.entries(expected)) {
      const got = get(kpi);
      const same =
        v === null ? got === null : got != null && Math.abs(got - v) <= 1e-9 * Math.max(1, Math.abs(v));
      if (!same) mismatches++;
    }
  }
  console.log(
    `  answers agree with the GROUP BY: ${mismatches === 0 ? 'yes' : `NO (${mismatches} cells differ)`} (${baseline.length} owner-months × 5 KPIs)`,
  );

  // The size limit: the largest kind of question it allows, and one it refuses before any work.
  const largest = run([
    bin,
    'kpi',
    '--workspace',
    ws,
    '--period',
    '2016-01-01..2025-12-31',
    '--grain',
    'day',
    '--json',
  ]);
  console.log(
    `  ten years by day, every KPI (largest allowed) ${fmt(largest.ms).padStart(8)}  peak RSS ${largest.rssMiB.toFixed(0)} MiB`,
  );
  const refused = run(
    [bin, 'kpi', '--workspace', ws, '--period', '1990-01-01..2100-12-31', '--grain', 'day', '--json'],
    {},
    { mayFail: true },
  );
  console.log(
    `  1990–2100 by day, every KPI (refused)        ${fmt(refused.ms).padStart(8)}  peak RSS ${refused.rssMiB.toFixed(0)} MiB`,
  );
}

/**
 * One big deals file, beside sqlite3's own .import of the same file (no number or date
 * parsing, no indexes: the floor for getting those bytes into SQLite), with peak memory at
 * growing sizes to see whether it stays flat; then the same deals as XLSX.
 */
function importPart() {
  const sqlite3 = ['/usr/bin/sqlite3', '/usr/local/bin/sqlite3'].find((p) => fs.existsSync(p));
  console.log(
    `\nImport of a deals CSV (process start included; sizes up to ${importRows.toLocaleString('en-US')} rows)`,
  );
  let largest = null;
  let largestCsvMs = 0;
  for (const rows of [Math.round(importRows / 4), Math.round(importRows / 2), importRows]) {
    const sub = path.join(dir, `import-${rows}`);
    demoCsv(sub, rows, 11, 'deals');
    const file = path.join(sub, 'deals.csv');
    const target = path.join(sub, 'w.kinerja');
    run([bin, 'init', '--workspace', target]);
    const ours = run([bin, 'import', file, '--workspace', target, '--kind', 'deals']);
    let line = `  ${rows.toLocaleString('en-US').padStart(9)} rows ${(fs.statSync(file).size / 1e6).toFixed(0).padStart(4)} MB  kinerja ${fmt(ours.ms).padStart(8)}  peak RSS ${ours.rssMiB.toFixed(0)} MiB (goal ≤ 180, flat)`;
    if (sqlite3) {
      const started = performance.now();
      const res = spawnSync(
        sqlite3,
        [path.join(sub, 'raw.db'), '-cmd', '.mode csv', `.import ${file} deals`],
        { encoding: 'utf8' },
      );
      const rawMs = performance.now() - started;
      if (res.status !== 0) throw new Error(res.stderr);
      line += `  sqlite3 .import ${fmt(rawMs).padStart(8)}  ratio ${(ours.ms / rawMs).toFixed(2)} (goal ≤ 3)`;
      // What inserting alone costs in this process, values parsed beforehand: a floor.
      const floorWs = path.join(sub, 'floor.kinerja');
      run([bin, 'init', '--workspace', floorWs]);
      const floor = JSON.parse(
        run([path.join(root, 'scripts/bench-insert-floor.cjs'), floorWs, file]).stdout,
      );
      const floorMs = floor.insertMs + floor.commitMs;
      line += `\n${' '.repeat(25)}floor: inserts + commit alone (values parsed beforehand) ${fmt(floorMs)}, ratio ${(floorMs / rawMs).toFixed(2)} to .import`;
    }
    // The same import read in the importing thread, as before the reader thread: what the overlap wins.
    const oneThreadWs = path.join(sub, 'one-thread.kinerja');
    run([bin, 'init', '--workspace', oneThreadWs]);
    const oneThread = run([bin, 'import', file, '--workspace', oneThreadWs, '--kind', 'deals'], {
      KINERJA_READER_THREAD: 'off',
    });
    line += `\n${' '.repeat(25)}read in the importing thread (KINERJA_READER_THREAD=off) ${fmt(oneThread.ms)}, ratio ${(ours.ms / oneThread.ms).toFixed(2)} to it`;
    console.log(line);
    largest = target;
    largestCsvMs = ours.ms;
  }
  if (!sqlite3)
    console.log('  (sqlite3 is not installed, so there is no .import baseline; apt-get install sqlite3)');

  console.log('\nImport of the same deals as XLSX');
  const xlsx = path.join(dir, 'deals.xlsx');
  const exp = run([
    bin,
    'export',
    '--workspace',
    largest,
    '--what',
    'deals',
    '--format',
    'xlsx',
    '--out',
    xlsx,
  ]);
  console.log(`  export to XLSX ${fmt(exp.ms)} (${(fs.statSync(xlsx).size / 1e6).toFixed(0)} MB)`);
  const fresh = path.join(dir, 'xlsx.kinerja');
  run([bin, 'init', '--workspace', fresh]);
  const viaXlsx = run([bin, 'import', xlsx, '--workspace', fresh, '--kind', 'deals']);
  console.log(
    `  kinerja import ${fmt(viaXlsx.ms)}  peak RSS ${viaXlsx.rssMiB.toFixed(0)} MiB  ratio to the same rows as CSV ${(viaXlsx.ms / largestCsvMs).toFixed(2)} (goal ≤ 2)`,
  );
  if (fs.existsSync('/usr/bin/unzip')) {
    // Reference: only inflating the sheet XML as a stream, no XML or values parsed: a floor.
    const started = performance.now();
    const res = spawnSync('/bin/sh', ['-c', `/usr/bin/unzip -p '${xlsx}' xl/worksheets/sheet1.xml | wc -c`], {
      encoding: 'utf8',
    });
    const refMs = performance.now() - started;
    const mb = (Number(res.stdout.trim()) / 1e6).toFixed(0);
    console.log(
      `  streaming reference: unzip -p of the sheet (${mb} MB of XML, inflate only) ${fmt(refMs)}  ratio ${(viaXlsx.ms / refMs).toFixed(2)}`,
    );
  }
}

/**
 * The dashboard over kpi's workspace, in Chromium against `kinerja serve`: first render, a period
 * change and a drill-down page, each beside a baseline in the same run (loading the app's static
 * page and answering one kpi/query over HTTP).
 */
async function dashboardPart() {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const { chromium } = require('playwright-core');
  const executablePath = [process.env.CHROME_PATH, '/usr/bin/chromium'].find((p) => p && fs.existsSync(p));
  if (!executablePath) {
    console.log('\nDashboard: no Chromium (set CHROME_PATH or apt-get install chromium); skipped');
    return;
  }
  const { spawn } = await import('node:child_process');
  const server = spawn(process.execPath, [bin, 'serve', '--workspace', benchWorkspace], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    server.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(url);
    await page.waitForSelector('.tile');
    const origin = new URL(page.url()).origin;
    const at = (hash) => `${origin}/#${hash}`;
    const timeIt = async (fn) => {
      const started = performance.now();
      await fn();
      return performance.now() - started;
    };
    const first = [];
    const change = [];
    const drill = [];
    const blank = [];
    const query = [];
    for (let i = 0; i < runs; i++) {
      await page.goto('about:blank');
      first.push(
        await timeIt(async () => {
          await page.goto(at('/dashboard?period=2025-06'));
          await page.waitForSelector('.tile-value-button');
        }),
      );
      change.push(
        await timeIt(async () => {
          await page.getByRole('button', { name: /Periode sebelumnya|Previous period/ }).click();
          // May's numbers are shown once the first tile is labelled May.
          // (Runs in the page; the page's CSP allows no string evaluation.)
          await page.waitForFunction(() => {
            const doc = globalThis.document;
            return (
              doc.querySelector('.tile-period')?.textContent === 'Mei 2025' && !doc.querySelector('.is-stale')
            );
          });
        }),
      );
      drill.push(
        await timeIt(async () => {
          await page.locator('.tile-value-button').first().click();
          await page.waitForSelector('.drill-table tbody tr');
        }),
      );
      await page.keyboard.press('Escape');
      await page.goto('about:blank');
      blank.push(
        await timeIt(async () => {
          await page.goto(at('/settings'));
          await page.waitForSelector('main h1');
        }),
      );
      query.push(
        await timeIt(() =>
          page.evaluate(async () => {
            const r = await fetch('/api/kpi/query', {
              method: 'POST',
              headers: {
                'Content-Type': 'application/json',
                // The token the page keeps for this tab since the printed URL was opened.
                'X-Kinerja-Token': globalThis.sessionStorage.getItem('kinerja-token'),
              },
              body: JSON.stringify({ period: '2025-06' }),
            });
            if (!r.ok) throw new Error(`kpi/query answered ${r.status}`);
            await r.json();
          }),
        ),
      );
    }
    console.log(`\nDashboard over ${deals.toLocaleString('en-US')} deals in Chromium (median of ${runs})`);
    console.log(
      `  first render of a month, every tile         ${fmt(median(first)).padStart(8)}  (goal ≤ 1 s)`,
    );
    console.log(
      `  a period change                             ${fmt(median(change)).padStart(8)}  (goal ≤ 300 ms)`,
    );
    console.log(
      `  a drill-down page                           ${fmt(median(drill)).padStart(8)}  (goal ≤ 300 ms)`,
    );
    console.log(`  baseline: the settings screen (no KPI)      ${fmt(median(blank)).padStart(8)}`);
    console.log(`  baseline: one kpi/query of every KPI        ${fmt(median(query)).padStart(8)}`);
  } finally {
    await browser.close();
    server.kill();
  }
}

/**
 * PDFs from the print pages, through the CLI as a team lead runs it: twenty appraisals of one
 * team in one process (one Chromium, one page), and a review pack of every tracked KPI with its
 * charts. Beside them, in the same run: the same appraisal as JSON (the numbers without a PDF).
 * KINERJA_PDF_TIMINGS makes the printer say how long each page took apart from starting Chromium.
 */
async function pdfPart() {
  const executablePath = [process.env.CHROME_PATH, '/usr/bin/chromium'].find((p) => p && fs.existsSync(p));
  if (!executablePath) {
    console.log('\nPDF: no Chromium (set CHROME_PATH or apt-get install chromium); skipped');
    return;
  }
  const ws = path.join(dir, 'pdf.kinerja');
  run([bin, 'demo', '--workspace', ws, '--from', '2025-01-01', '--to', '2026-06-30']);
  // A team of twenty: five won deals each in 2026-Q2, appraised on the demo's sales scorecard.
  const people = Array.from({ length: 20 }, (_, i) => `Anggota ${String(i + 1).padStart(2, '0')}`);
  const csv = ['external_id,owner,team,status,amount,created_at,closed_at'];
  people.forEach((name, i) => {
    for (let d = 0; d < 5; d++) {
      csv.push(
        `BENCH-${i}-${d},${name},Tim Bench,${d < 4 ? 'won' : 'lost'},${(i + 1) * 1_000_000},2026-04-0${d + 1},2026-05-1${d}`,
      );
    }
  });
  const dealsFile = path.join(dir, 'team-deals.csv');
  fs.writeFileSync(dealsFile, csv.join('\n'));
  run([bin, 'import', dealsFile, '--workspace', ws, '--kind', 'deals']);
  await assignScorecard(ws, 'Penjualan', 'Tim Bench');

  const env = {
    KINERJA_PDF_TIMINGS: '1',
    ...(process.env.CHROME_PATH ? {} : { CHROME_PATH: executablePath }),
  };
  const timed = (args) => {
    const started = performance.now();
    const res = spawnSync(process.execPath, [bin, ...args], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    const ms = performance.now() - started;
    if (res.status !== 0) throw new Error(`failed: ${args.join(' ')}\n${res.stderr}`);
    const renders = [...res.stderr.matchAll(/PDF_RENDER_MS=(\d+)/g)].map((m) => Number(m[1]));
    return { ms, renders };
  };
  const json = [];
  for (let i = 0; i < runs; i++) {
    json.push(
      timed(['appraisal', '--workspace', ws, '--period', '2026-Q2', '--person', people[0], '--json']).ms,
    );
  }
  const team = timed([
    'report',
    'appraisal',
    '--workspace',
    ws,
    '--period',
    '2026-Q2',
    '--team',
    'Tim Bench',
    '--out-dir',
    path.join(dir, 'pdfs'),
  ]);
  const review = timed([
    'report',
    'review',
    '--workspace',
    ws,
    '--period',
    '2026-Q2',
    '--pdf',
    path.join(dir, 'review.pdf'),
  ]);
  const warm = team.renders.slice(1);
  console.log("\nPDF (the app's print pages in headless Chromium, CLI process start included)");
  console.log(`  20 appraisal PDFs of one team, one process   ${fmt(team.ms).padStart(8)}  (goal ≤ 20 s)`);
  console.log(`    first page (loads the app)                ${fmt(team.renders[0]).padStart(8)}`);
  console.log(`    each further page (median)                ${fmt(median(warm)).padStart(8)}`);
  console.log(`  review pack, every tracked KPI with charts   ${fmt(review.ms).padStart(8)}`);
  console.log(
    `    its page, apart from starting Chromium    ${fmt(review.renders[0]).padStart(8)}  (goal ≤ 2 s)`,
  );
  console.log(`  baseline: the same appraisal as JSON        ${fmt(median(json)).padStart(8)}`);
}

/** Gives a team a scorecard through the app's own API, as the Appraisals screen does. */
/**
 * Generated inputs through the CSV, number and date readers (scripts/fuzz-parsers.ts, bundled
 * here because the benchmark runs plain Node): how many were tried and every kind of finding.
 */
async function fuzzPart() {
  const { build } = await import('esbuild');
  const out = path.join(dir, 'fuzz-parsers.mjs');
  await build({
    entryPoints: [path.join(root, 'scripts/fuzz-parsers.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    logLevel: 'warning',
  });
  const { fuzzParsers } = await import(out);
  const inputs = Number(process.env.BENCH_FUZZ_INPUTS ?? 100_000);
  console.log(`Fuzz: ${inputs} inputs per reader (fewer for the read-back checks)`);
  let total = 0;
  let findings = 0;
  for (const r of fuzzParsers(inputs)) {
    total += r.tried;
    findings += r.findings.length;
    console.log(
      `  ${r.parser.padEnd(34)} ${String(r.tried).padStart(7)} inputs  ${fmt(r.ms).padStart(8)}  ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}`,
    );
    for (const f of r.findings) console.log(`    ${f.problem} (${f.count}×), e.g. ${f.input}`);
  }
  console.log(`  ${total} inputs tried, ${findings} findings\n`);
}

async function assignScorecard(ws, scorecardName, team) {
  const { spawn } = await import('node:child_process');
  const server = spawn(process.execPath, [bin, 'serve', '--workspace', ws], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (d) => {
        out += d;
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
        if (m) resolve(new URL(m[1]));
      });
      server.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const call = async (name, body) => {
      const res = await fetch(new URL(`/api/${name}`, url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Kinerja-Token': url.searchParams.get('token') },
        body: JSON.stringify(body),
      });
      const reply = await res.json();
      if (!reply.ok) throw new Error(`${name}: ${reply.error.message}`);
      return reply.value;
    };
    const card = (await call('scorecards/list', {})).find((c) => c.name === scorecardName);
    await call('scorecards/save', { ...card, assignedTo: [...card.assignedTo, { dim: 'team', name: team }] });
  } finally {
    server.kill();
  }
}

if (!fs.existsSync(path.join(root, 'dist/node/cli.js'))) {
  console.error('Build first: npm run build');
  process.exit(1);
}
console.log(`Kinerja benchmark in ${dir} (${os.cpus().length} cores, node ${process.version})\n`);
try {
  if (parts.includes('kpi')) kpiPart();
  if (parts.includes('dashboard') && fs.existsSync(benchWorkspace)) await dashboardPart();
  if (parts.includes('import')) importPart();
  if (parts.includes('pdf')) await pdfPart();
  if (parts.includes('fuzz')) await fuzzPart();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
