// Bundles the Node side: the CLI (also the browser-mode host) and the Electron shell.
// better-sqlite3 stays external because it loads a native binary; electron is the host.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: ['better-sqlite3', 'electron'],
};

await Promise.all([
  build({
    ...common,
    entryPoints: { cli: 'main/cli/index.ts' },
    outdir: 'dist/node',
    format: 'esm',
    // Bundled CommonJS dependencies may call require(); give ESM output one.
    banner: {
      js: "import { createRequire as __kinerjaCreateRequire } from 'node:module'; const require = __kinerjaCreateRequire(import.meta.url);",
    },
  }),
  // Imports run in a worker thread in the app and in browser mode.
  build({
    ...common,
    entryPoints: { 'import-worker': 'main/core/import/worker-entry.ts' },
    outdir: 'dist/node',
    format: 'esm',
    banner: {
      js: "import { createRequire as __kinerjaCreateRequire } from 'node:module'; const require = __kinerjaCreateRequire(import.meta.url);",
    },
  }),
  build({
    ...common,
    entryPoints: { 'import-worker': 'main/core/import/worker-entry.ts' },
    outdir: 'dist/electron',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
  }),
  build({
    ...common,
    entryPoints: { main: 'main/electron/main.ts' },
    outdir: 'dist/electron',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
  }),
  build({
    ...common,
    entryPoints: { preload: 'main/electron/preload.ts' },
    outdir: 'dist/electron',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
  }),
]);
