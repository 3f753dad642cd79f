#!/usr/bin/env node
// Launcher for the bundled CLI. The bundle is made by `npm run build` (run by `npm install`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/node/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  console.error('kinerja: the CLI is not built yet; run `npm run build` in the project folder');
  process.exit(1);
}
const { main } = await import(bundle.href);
const code = await main(process.argv.slice(2));
if (code !== 0) process.exitCode = code;
