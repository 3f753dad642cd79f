import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// Only the paths that need no network and no compiler are exercised here; the build itself
// needs the Electron headers or a prebuilt download.
const root = fileURLToPath(new URL('../..', import.meta.url));
const script = path.join(root, 'scripts', 'prepare-electron-native.mjs');
const requireFromRoot = createRequire(path.join(root, 'package.json'));
const versionOf = (name: string): string =>
  (
    JSON.parse(fs.readFileSync(requireFromRoot.resolve(`${name}/package.json`), 'utf8')) as {
      version: string;
    }
  ).version;

function run(...args: string[]) {
  return spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
}

describe('scripts/prepare-electron-native.mjs', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-native-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('does nothing when the binary for this Electron version is already there', () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, 'better_sqlite3.node'), 'binary');
    fs.writeFileSync(
      path.join(out, 'stamp.json'),
      JSON.stringify({
        electron: versionOf('electron'),
        betterSqlite3: versionOf('better-sqlite3'),
        platform: process.platform,
        arch: process.arch,
      }),
    );
    const result = run('--out', out);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/up to date/);
    expect(fs.readFileSync(path.join(out, 'better_sqlite3.node'), 'utf8')).toBe('binary');
  });

  it('refuses unknown options with its usage', () => {
    const result = run('--target', '1.0.0');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Usage: node scripts\/prepare-electron-native\.mjs/);
  });
});
