// Builds better-sqlite3 for the installed Electron's ABI into .electron-native/better_sqlite3.node.
//
// node_modules/better-sqlite3/build keeps the Node build: the CLI, the browser-mode host and
// every test load it, so rebuilding it in place for Electron (what electron-rebuild does) would
// break them until the next npm install. The work happens on a copy of the package instead, and
// the app loads the result through better-sqlite3's `nativeBinding` option.
//
// Usage: node scripts/prepare-electron-native.mjs [--force] [--arch x64|arm64|...] [--out DIR]
// Env:   ELECTRON_HEADERS_URL  mirror of https://electronjs.org/headers for source builds
//        npm_config_better_sqlite3_binary_host  mirror for prebuilt binaries (read by prebuild-install)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const BINARY = 'better_sqlite3.node';
const DOWNLOAD_TIMEOUT_MS = 5 * 60 * 1000;
const COMPILE_TIMEOUT_MS = 30 * 60 * 1000;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const requireFromRoot = createRequire(path.join(root, 'package.json'));

class PrepareError extends Error {}

function usage() {
  return 'Usage: node scripts/prepare-electron-native.mjs [--force] [--arch ARCH] [--out DIR]';
}

function readOptions() {
  try {
    const { values } = parseArgs({
      options: {
        force: { type: 'boolean', default: false },
        arch: { type: 'string', default: process.arch },
        out: { type: 'string', default: path.join(root, '.electron-native') },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
    return { ...values, out: path.resolve(values.out) };
  } catch (e) {
    throw new PrepareError(`${e.message}\n${usage()}`);
  }
}

function packageInfo(name, hint) {
  let manifest;
  try {
    manifest = requireFromRoot.resolve(`${name}/package.json`);
  } catch {
    throw new PrepareError(`${name} is not installed in ${root}; ${hint}`);
  }
  const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  return { dir: path.dirname(manifest), manifest, version };
}

function readStamp(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function sameStamp(a, b) {
  return a !== null && Object.keys(b).every((k) => a[k] === b[k]);
}

// Options passed through npm's environment (npm_config_target, _runtime, ...) would silently
// override what this script asks for, and npm_package_* describe Kinerja, not better-sqlite3.
function childEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (
      key.startsWith('npm_package_') ||
      /^npm_config_(target|runtime|arch|platform|disturl|dist_url|build_from_source|devdir|nodedir)$/i.test(
        key,
      )
    ) {
      delete env[key];
    }
  }
  return env;
}

function run(label, args, cwd, timeout) {
  console.log(`prepare-electron-native: ${label}`);
  const result = spawnSync(process.execPath, args, { cwd, env: childEnv(), stdio: 'inherit', timeout });
  if (result.error?.code === 'ETIMEDOUT') return `timed out after ${timeout / 60000} minutes`;
  if (result.error) return result.error.message;
  if (result.signal) return `stopped by ${result.signal}`;
  if (result.status !== 0) return `exited with code ${result.status}`;
  return null;
}

function resolveNodeGyp() {
  try {
    return requireFromRoot.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    // npm points this at its own bundled node-gyp when it runs a script.
    const fromNpm = process.env.npm_config_node_gyp;
    return fromNpm && fs.existsSync(fromNpm) ? fromNpm : null;
  }
}

function main() {
  const options = readOptions();
  if (options.help) {
    console.log(usage());
    return;
  }
  const electron = packageInfo('electron', 'run npm install');
  const sqlite = packageInfo('better-sqlite3', 'run npm install');
  const want = {
    electron: electron.version,
    betterSqlite3: sqlite.version,
    platform: process.platform,
    arch: options.arch,
  };
  const target = path.join(options.out, BINARY);
  const stampFile = path.join(options.out, 'stamp.json');
  const what = `better-sqlite3 ${sqlite.version} for Electron ${electron.version} (${process.platform}-${options.arch})`;

  if (!options.force && fs.existsSync(target) && sameStamp(readStamp(stampFile), want)) {
    console.log(`prepare-electron-native: ${what} is up to date in ${path.relative(root, target) || target}`);
    return;
  }

  // A copy without build/ (the Node binary and its objects) and without nested node_modules.
  const work = path.join(options.out, 'work', 'better-sqlite3');
  fs.rmSync(path.dirname(work), { recursive: true, force: true });
  fs.cpSync(sqlite.dir, work, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(sqlite.dir, src).split(path.sep);
      return rel[0] !== 'build' && rel[0] !== 'node_modules';
    },
  });
  const built = path.join(work, 'build', 'Release', BINARY);
  const failures = [];

  const prebuild = createRequire(sqlite.manifest).resolve('prebuild-install/bin.js');
  const downloadFailure = run(
    `downloading a prebuilt ${what}`,
    [
      prebuild,
      '--runtime=electron',
      `--target=${electron.version}`,
      `--arch=${options.arch}`,
      `--platform=${process.platform}`,
    ],
    work,
    DOWNLOAD_TIMEOUT_MS,
  );
  if (downloadFailure) failures.push(`prebuilt download: ${downloadFailure}`);

  if (downloadFailure || !fs.existsSync(built)) {
    const nodeGyp = resolveNodeGyp();
    if (!nodeGyp) {
      failures.push('build from source: node-gyp is not installed (npm i -D node-gyp)');
    } else {
      const headers = process.env.ELECTRON_HEADERS_URL || 'https://electronjs.org/headers';
      const compileFailure = run(
        `building ${what} from source (Electron headers from ${headers})`,
        [
          nodeGyp,
          'rebuild',
          '--release',
          '--runtime=electron',
          `--target=${electron.version}`,
          `--arch=${options.arch}`,
          `--dist-url=${headers}`,
          // Shared with @electron/rebuild, so headers fetched once serve both.
          `--devdir=${path.join(os.homedir(), '.electron-gyp')}`,
        ],
        work,
        COMPILE_TIMEOUT_MS,
      );
      if (compileFailure) failures.push(`build from source: ${compileFailure}`);
    }
  }

  if (!fs.existsSync(built)) {
    throw new PrepareError(
      [
        `Could not make ${what}.`,
        ...failures.map((f) => `  - ${f}`),
        'A prebuilt binary is downloaded from GitHub; a source build needs the Electron headers',
        '(internet access or ELECTRON_HEADERS_URL pointing at a mirror), Python 3 and a C++ toolchain.',
        'node_modules/better-sqlite3 was not touched: the CLI and the tests still work.',
        `The work folder is kept for inspection: ${work}`,
      ].join('\n'),
    );
  }

  // Copy then rename, so an interrupted run never leaves a half-written binary behind the stamp.
  fs.mkdirSync(options.out, { recursive: true });
  fs.copyFileSync(built, `${target}.tmp`);
  fs.renameSync(`${target}.tmp`, target);
  fs.writeFileSync(stampFile, JSON.stringify(want, null, 2) + '\n');
  fs.rmSync(path.dirname(work), { recursive: true, force: true });
  console.log(`prepare-electron-native: ${what} is ready in ${target}`);
}

try {
  main();
} catch (e) {
  if (!(e instanceof PrepareError)) throw e;
  console.error(`prepare-electron-native: ${e.message}`);
  process.exit(1);
}
