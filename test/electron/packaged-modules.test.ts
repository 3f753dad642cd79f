import fs from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import type { ReaderJob, ReaderMessage } from '../../main/core/import/fact-reader.js';
import { importInWorker } from '../../main/core/import/run-import.js';
import { Workspace } from '../../main/core/workspace.js';
import {
  importWorkerPath,
  nativeBindingPath,
  preloadPath,
  type AppLocation,
} from '../../main/electron/paths.js';
import { useTempDir } from '../helpers/tmp.js';

/**
 * What the packaged app can load, decided the way electron-builder decides it: its own config
 * loader and file matchers (the installed version) read electron-builder.yml, and the bundles
 * that `npm run build:node` wrote to dist/electron are scanned for the packages they require.
 * electron-builder itself cannot run here (it needs the Electron binary, which is downloaded).
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const requireFromRoot = createRequire(path.join(root, 'package.json'));
const requireFromBuilder = createRequire(requireFromRoot.resolve('electron-builder'));

interface FileFilter {
  (file: string, stat: fs.Stats & { moduleFullFilePath?: string }): boolean;
}
interface FileMatcher {
  patterns: string[];
  createFilter(): FileFilter;
}
interface BuilderConfig {
  directories?: { buildResources?: string; output?: string };
  extraResources?: { from: string; to: string }[];
}
const { getConfig } = requireFromBuilder('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string, options: null): Promise<BuilderConfig>;
};
const matchers = requireFromBuilder('app-builder-lib/out/fileMatcher.js') as {
  FileMatcher: new (
    from: string,
    to: string,
    expand: (s: string) => string,
    patterns: string[],
  ) => FileMatcher;
  getMainFileMatchers(...args: unknown[]): FileMatcher[];
  getNodeModuleFileMatcher(...args: unknown[]): FileMatcher;
  getFileMatchers(...args: unknown[]): FileMatcher[] | null;
};

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
};
const packaged: AppLocation = {
  isPackaged: true,
  appPath: '/app/resources/app.asar',
  resourcesPath: '/app/resources',
};
const inApp = (file: string) => path.relative(packaged.appPath, file).replaceAll(path.sep, '/');
const entries = {
  main: pkg.main,
  preload: inApp(preloadPath(packaged)),
  worker: path.relative(`${packaged.appPath}.unpacked`, importWorkerPath(packaged)).replaceAll(path.sep, '/'),
};
// The reader thread a large import reads its file in: started by the worker from beside it.
const readerEntry = path.posix.join(path.posix.dirname(entries.worker), 'read-worker.cjs');
const allEntries = { ...entries, reader: readerEntry };
/** Bundles that run in worker threads from app.asar.unpacked. */
const inWorker = (role: string) => role === 'worker' || role === 'reader';

let config: BuilderConfig;
let isShipped: (appFile: string) => boolean;
let isUnpacked: (appFile: string) => boolean;
let isModuleFileShipped: (moduleFile: string, stat: fs.Stats) => boolean;

beforeAll(async () => {
  for (const file of Object.values(allEntries)) {
    if (!fs.existsSync(path.join(root, file)))
      throw new Error(`${file} is missing: run npm run build:node first`);
  }
  config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
  const same = (s: string) => s;
  const outDir = path.join(root, config.directories?.output ?? 'dist');
  const info = {
    projectDir: root,
    buildResourcesDir: config.directories?.buildResources ?? 'build',
    isPrepackedAppAsar: false,
    config,
    debugLogger: { isEnabled: false },
  };
  const dest = '/packaged/app';
  const [main] = matchers.getMainFileMatchers(root, dest, same, {}, { info }, outDir, false);
  const mainFilter = main!.createFilter();
  isShipped = (file) => {
    const abs = path.join(root, file);
    return fs.existsSync(abs) && mainFilter(abs, fs.statSync(abs));
  };
  const unpack = matchers.getFileMatchers(config, 'asarUnpack', dest, {
    macroExpander: same,
    customBuildOptions: {},
    globalOutDir: outDir,
    defaultSrc: root,
  });
  const unpackFilter = unpack?.[0]?.createFilter();
  isUnpacked = (file) => {
    const abs = path.join(root, file);
    const stat = Object.assign(fs.statSync(abs), {
      moduleFullFilePath: file.startsWith('node_modules/') ? file : undefined,
    });
    return unpackFilter?.(abs, stat) ?? false;
  };
  // Files of packages are matched by their path inside the app (node_modules/<name>/...).
  const nodeModules = matchers.getNodeModuleFileMatcher(root, dest, same, {}, info);
  const moduleFilter = new matchers.FileMatcher(root, dest, same, nodeModules.patterns).createFilter();
  isModuleFileShipped = (moduleFile, stat) =>
    moduleFilter(path.join(root, moduleFile), Object.assign(stat, { moduleFullFilePath: moduleFile }));
});

/** Bare packages a bundle loads at run time (node: builtins are part of the runtime). */
const required = new Map<string, Promise<Set<string>>>();
function packagesRequiredBy(file: string): Promise<Set<string>> {
  if (!required.has(file)) required.set(file, scanBundle(file));
  return required.get(file)!;
}

async function scanBundle(file: string): Promise<Set<string>> {
  const found = new Set<string>();
  await build({
    entryPoints: [path.join(root, file)],
    bundle: true,
    write: false,
    platform: 'node',
    logLevel: 'silent',
    plugins: [
      {
        name: 'record-bare-imports',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point' || args.path.startsWith('.') || path.isAbsolute(args.path))
              return undefined;
            if (!isBuiltin(args.path)) found.add(packageName(args.path));
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function packageDir(name: string, from = root): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${name} is not installed`);
  }
}

/** The packages installing `names` brings into node_modules, which electron-builder copies. */
function productionClosure(names: string[]): Map<string, string> {
  const dirs = new Map<string, string>();
  const queue = names.map((name) => ({ name, from: root }));
  for (let next = queue.shift(); next; next = queue.shift()) {
    const dir = packageDir(next.name, next.from);
    const rel = path.relative(root, dir).replaceAll(path.sep, '/');
    if (dirs.has(rel)) continue;
    dirs.set(rel, dir);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const dep of Object.keys({ ...meta.dependencies, ...meta.optionalDependencies })) {
      try {
        packageDir(dep, dir);
        queue.push({ name: dep, from: dir });
      } catch {
        // An optional dependency for another platform.
      }
    }
  }
  return dirs;
}

/** Files of one installed package (its nested node_modules are packages of their own). */
function* packageFiles(dir: string, rel: string): Generator<{ file: string; stat: fs.Stats }> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const abs = path.join(dir, entry.name);
    const file = `${rel}/${entry.name}`;
    if (entry.isDirectory()) yield* packageFiles(abs, file);
    else if (entry.isFile()) yield { file, stat: fs.statSync(abs) };
  }
}

describe('the packaged app ships what its bundles load', () => {
  it('the main process, the preload and the import worker are in the archive, the workers unpacked', () => {
    for (const file of Object.values(allEntries)) expect(isShipped(file), file).toBe(true);
    expect(isUnpacked(entries.worker)).toBe(true);
    expect(isUnpacked(readerEntry)).toBe(true);
    // Source maps stay out of the app, and so do the CLI and the browser-mode server, which
    // run from the project folder with its node_modules.
    expect(isShipped(`${entries.main}.map`)).toBe(false);
    expect(isShipped('dist/node/cli.js')).toBe(false);
  });

  it('the Electron build of better-sqlite3 ships outside the archive, where the app loads it from', () => {
    const binding = path
      .relative(packaged.resourcesPath, nativeBindingPath(packaged))
      .replaceAll(path.sep, '/');
    expect(config.extraResources).toContainEqual({
      from: '.electron-native/better_sqlite3.node',
      to: binding,
    });
  });

  it('every package a bundle requires at run time is inlined or shipped where that bundle can load it', async () => {
    const problems: string[] = [];
    for (const [role, file] of Object.entries(allEntries)) {
      for (const name of await packagesRequiredBy(file)) {
        // Electron provides its module to the main process and to preloads, not to workers.
        if (name === 'electron' && !inWorker(role)) continue;
        // A sandboxed preload's require() knows only electron and a few builtins.
        if (role === 'preload') {
          problems.push(`${file} requires '${name}', which a sandboxed preload cannot load`);
          continue;
        }
        let resolved: string;
        try {
          resolved = createRequire(path.join(root, file)).resolve(name);
        } catch {
          problems.push(`${file} requires '${name}', which is not installed`);
          continue;
        }
        const dir = packageDir(name);
        const inside = path
          .relative(fs.realpathSync(dir), fs.realpathSync(resolved))
          .replaceAll(path.sep, '/');
        const moduleFile = `node_modules/${name}/${inside}`;
        if (!isModuleFileShipped(moduleFile, fs.statSync(resolved)))
          problems.push(`${file} requires '${name}', but electron-builder.yml leaves ${moduleFile} out`);
        // The worker runs from app.asar.unpacked, where require() does not reach into app.asar;
        // native addons can only be loaded from real files.
        const mustUnpack = [
          ...(inWorker(role) ? [moduleFile] : []),
          ...[...packageFiles(dir, `node_modules/${name}`)]
            .filter(({ file: f, stat }) => f.endsWith('.node') && isModuleFileShipped(f, stat))
            .map(({ file: f }) => f),
        ];
        for (const f of mustUnpack) {
          if (!isUnpacked(f)) problems.push(`${file} needs ${f} unpacked from app.asar (asarUnpack)`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('dependencies the bundles inline are left out of the app, with everything they pull in', async () => {
    const needed = new Set<string>();
    for (const file of Object.values(allEntries))
      for (const name of await packagesRequiredBy(file)) needed.add(name);
    const unused = Object.keys(pkg.dependencies).filter((name) => !needed.has(name));
    expect(unused.length).toBeGreaterThan(0);
    // Package folder -> how many of its files electron-builder would copy into the archive.
    const shipped: Record<string, number> = {};
    let bytes = 0;
    for (const [rel, dir] of productionClosure(unused)) {
      for (const { file, stat } of packageFiles(dir, rel)) {
        if (!isModuleFileShipped(file, stat)) continue;
        shipped[rel] = (shipped[rel] ?? 0) + 1;
        bytes += stat.size;
      }
    }
    console.log(`node_modules that would ship for inlined dependencies: ${(bytes / 1e6).toFixed(1)} MB`);
    expect(shipped).toEqual({});
  });
});

describe('the import worker in a packaged app', () => {
  const tempDir = useTempDir();

  it('imports from app.asar.unpacked, where no node_modules can be found', async () => {
    const dir = tempDir();
    for (let up = dir; path.dirname(up) !== up; up = path.dirname(up))
      expect(fs.existsSync(path.join(up, 'node_modules')), `${up}/node_modules`).toBe(false);
    // The same layout electron-builder produces: resources/app.asar.unpacked/dist/electron/.
    const location: AppLocation = {
      isPackaged: true,
      appPath: path.join(dir, 'resources', 'app.asar'),
      resourcesPath: path.join(dir, 'resources'),
    };
    const worker = importWorkerPath(location);
    fs.mkdirSync(path.dirname(worker), { recursive: true });
    fs.copyFileSync(path.join(root, entries.worker), worker);
    // Plain Node plays Electron here, so the Node build of the addon stands in for the Electron one.
    const binding = requireFromRoot.resolve('better-sqlite3/build/Release/better_sqlite3.node');
    const csv = path.join(dir, 'deals.csv');
    fs.writeFileSync(csv, 'external_id,owner,status,amount,closed_at\nD1,Budi,won,1000,2026-01-05\n');
    const ws = Workspace.create(path.join(dir, 'w.kinerja'), {});
    try {
      const summary = await importInWorker(worker, binding).importFile(
        ws,
        csv,
        { kind: 'deals' },
        () => undefined,
      );
      expect(summary).toMatchObject({ read: 1, inserted: 1 });
    } finally {
      ws.close();
    }
  });

  it('the reader thread runs from there too, and sends the rows of a file', async () => {
    const dir = tempDir();
    const reader = path.join(dir, 'resources', 'app.asar.unpacked', readerEntry);
    fs.mkdirSync(path.dirname(reader), { recursive: true });
    fs.copyFileSync(path.join(root, readerEntry), reader);
    const csv = path.join(dir, 'deals.csv');
    fs.writeFileSync(csv, 'external_id,owner,status,amount,closed_at\nD1,Budi,won,1000,2026-01-05\n');
    const job: ReaderJob = { file: csv, options: { kind: 'deals' } };
    const worker = new Worker(reader, { workerData: job });
    const facts: unknown[] = [];
    try {
      const report = await new Promise((resolve, reject) => {
        worker.on('message', (m: ReaderMessage) => {
          if (m.type === 'facts') facts.push(...m.facts);
          else if (m.type === 'read') resolve(m.report);
          else if (m.type === 'error') reject(new Error(m.message));
        });
        worker.on('error', reject);
      });
      expect(report).toMatchObject({ read: 1 });
      expect(facts).toEqual([
        expect.objectContaining({ external_id: 'D1', owner: 'Budi', amount_e4: 10_000_000 }),
      ]);
    } finally {
      await worker.terminate();
    }
  });
});
