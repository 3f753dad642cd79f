import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The core, the CLI, the renderer and the shared code must run under plain Node or in a
 * browser: only main/electron/ may depend on Electron. ESLint's no-restricted-imports only
 * sees static imports of the bare name, so this also catches subpaths, require(), dynamic
 * import() and type references.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const scanned = ['main', 'shared', 'renderer', 'bin', 'scripts'];
const allowed = path.join('main', 'electron') + path.sep;
const extensions = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const skippedDirs = new Set(['node_modules', 'dist', '.electron-native']);

const electronSpecifier = String.raw`(['"\x60])electron(?:/[^'"\x60]*)?\1`;
const patterns = [
  new RegExp(String.raw`\bfrom\s*` + electronSpecifier), // import … from / export … from / import type … from
  new RegExp(String.raw`\bimport\s*(?:\(\s*)?` + electronSpecifier), // import 'electron' / import('electron')
  new RegExp(String.raw`\brequire\s*\(\s*` + electronSpecifier), // require('electron'), import x = require(…)
  new RegExp(String.raw`<reference\s+types\s*=\s*` + electronSpecifier), // /// <reference types="electron" />
];

export function electronImportLines(source: string): number[] {
  const lines: number[] = [];
  // Whole-text match first, so an import split over several lines is still seen.
  for (const pattern of patterns) {
    const global = new RegExp(pattern.source, 'g');
    for (const match of source.matchAll(global)) {
      lines.push(source.slice(0, match.index).split('\n').length);
    }
  }
  return [...new Set(lines)].sort((a, b) => a - b);
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return skippedDirs.has(entry.name) ? [] : listFiles(full);
    return extensions.has(path.extname(entry.name)) ? [full] : [];
  });
}

describe('the electron import detector', () => {
  it.each([
    "import { app } from 'electron';",
    'import { app, BrowserWindow } from "electron"',
    "import {\n  ipcRenderer,\n  contextBridge,\n} from 'electron';",
    "import type { IpcMain } from 'electron';",
    "import electron from 'electron/main';",
    "import * as e from 'electron/renderer'",
    "import 'electron';",
    "export { app } from 'electron';",
    "export * from 'electron/common';",
    "export type { WebContents } from 'electron';",
    "const { app } = require('electron');",
    'const e = require ( "electron/main" );',
    "import e = require('electron');",
    "const e = await import('electron');",
    'const e = await import ( `electron` );',
    "type App = typeof import('electron').app;",
    '/// <reference types="electron" />',
  ])('flags %j', (sample) => {
    expect(electronImportLines(sample)).not.toEqual([]);
  });

  it.each([
    "import { build } from 'electron-builder';",
    "import x from 'electron-to-chromium';",
    "import { registerIpc } from '../electron/ipc.js';",
    "import { x } from './electron';",
    '// The Electron shell is the only code that imports electron.',
    "const name = 'electron';",
    "requireFromRoot.resolve('electron/package.json')",
  ])('does not flag %j', (sample) => {
    expect(electronImportLines(sample)).toEqual([]);
  });

  it('reports the line of the import', () => {
    expect(electronImportLines("import fs from 'node:fs';\n\nimport { app } from 'electron';\n")).toEqual([
      3,
    ]);
  });
});

describe('electron imports outside main/electron/', () => {
  it('there are none', () => {
    const files = scanned.flatMap((dir) => listFiles(path.join(root, dir)));
    const relative = files.map((f) => path.relative(root, f));
    // A broken walk would find nothing and pass; make sure the core and the shell were seen.
    expect(relative).toContain(path.join('main', 'core', 'dispatch.ts'));
    expect(relative).toContain(path.join('main', 'electron', 'main.ts'));

    const offenders = relative
      .filter((file) => !file.startsWith(allowed))
      .flatMap((file) => {
        const lines = electronImportLines(fs.readFileSync(path.join(root, file), 'utf8'));
        return lines.length ? [`${file}:${lines.join(',')}`] : [];
      });
    expect(
      offenders,
      `only main/electron/ may import electron, but these do:\n${offenders.join('\n')}`,
    ).toEqual([]);
  });

  it('the shell itself is seen by the detector', () => {
    const source = fs.readFileSync(path.join(root, 'main', 'electron', 'main.ts'), 'utf8');
    expect(electronImportLines(source)).not.toEqual([]);
  });
});
