// Bundles the Node side: the CLI (also the browser-mode host), the import worker that the app
// and browser mode run imports in, and the Electron shell. better-sqlite3 stays external
// because it loads a native binary; electron is the host.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: ['better-sqlite3', 'electron'],
};

/** ESM for plain Node; bundled CommonJS dependencies may call require(), so give them one. */
const esm = (entryPoints) =>
  build({
    ...common,
    entryPoints,
    outdir: 'dist/node',
    format: 'esm',
    // Code that only some commands need (SheetJS for .xls is 1.9 MB) goes into chunks loaded
    // on first use, so every command starts smaller: an import's peak memory counts them.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: {
      js: "import { createRequire as __kinerjaCreateRequire } from 'node:module'; const require = __kinerjaCreateRequire(import.meta.url);",
    },
  });

/** CommonJS for Electron: its main process and sandboxed preload load .cjs files. */
const cjs = (entryPoints) =>
  build({ ...common, entryPoints, outdir: 'dist/electron', format: 'cjs', outExtension: { '.js': '.cjs' } });

await Promise.all([
  esm({ cli: 'main/cli/index.ts', 'import-worker': 'main/core/import/worker-entry.ts' }),
  cjs({
    main: 'main/electron/main.ts',
    preload: 'main/electron/preload.ts',
    'import-worker': 'main/core/import/worker-entry.ts',
  }),
]);
