// Bundles the Node side: the CLI (also the browser-mode host), the import worker that the app
// and browser mode run imports in, the reader thread a large import reads its file in, the
// worker KPI questions are answered in, and
// the Electron shell. electron is the host.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};

/** ESM for plain Node; bundled CommonJS dependencies may call require(), so give them one. */
const esm = (entryPoints) =>
  build({
    ...common,
    entryPoints,
    outdir: 'dist/node',
    format: 'esm',
    // The CLI and browser mode run from the project folder, where better-sqlite3 finds its
    // Node build relative to its own files in node_modules. playwright-core (PDFs) reads its
    // own files beside its code and is loaded only when a PDF is made.
    external: ['better-sqlite3', 'playwright-core'],
    // Code that only some commands need (SheetJS for .xls is 1.9 MB) goes into chunks loaded
    // on first use, so every command starts smaller: an import's peak memory counts them.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: {
      js: "import { createRequire as __kinerjaCreateRequire } from 'node:module'; const require = __kinerjaCreateRequire(import.meta.url);",
    },
  });

/**
 * CommonJS for Electron: its main process and sandboxed preload load .cjs files. Every package
 * is inlined, better-sqlite3's JS included, so the packaged app ships no node_modules: the
 * import worker runs from app.asar.unpacked, where require() never reaches the packages
 * inside app.asar. The app always hands better-sqlite3 the Electron build's path as
 * nativeBinding, so its own lookup of a binary next to its files is never used.
 */
const cjs = (entryPoints) =>
  build({
    ...common,
    entryPoints,
    outdir: 'dist/electron',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  });

await Promise.all([
  esm({
    cli: 'main/cli/index.ts',
    'import-worker': 'main/core/import/worker-entry.ts',
    'read-worker': 'main/core/import/read-worker-entry.ts',
    'question-worker': 'main/core/kpi/question-worker-entry.ts',
  }),
  cjs({
    main: 'main/electron/main.ts',
    preload: 'main/electron/preload.ts',
    'import-worker': 'main/core/import/worker-entry.ts',
    'read-worker': 'main/core/import/read-worker-entry.ts',
    'question-worker': 'main/core/kpi/question-worker-entry.ts',
  }),
]);
