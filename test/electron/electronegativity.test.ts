import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// scripts/electronegativity.mjs is the `npm run test:security` step. The tool it runs exits 0
// whatever it finds, so what matters is that the script turns a HIGH finding into a failure.
const root = fileURLToPath(new URL('../..', import.meta.url));
const script = path.join(root, 'scripts', 'electronegativity.mjs');
const dirs: string[] = [];

function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A copy of the shell's sources with one more file in it. */
function shellWith(file: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-eng-'));
  dirs.push(dir);
  fs.cpSync(path.join(root, 'main', 'electron'), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('scripts/electronegativity.mjs', () => {
  it('passes on the desktop shell as it is', async () => {
    const { code, stdout, stderr } = await run();
    expect(stderr).toBe('');
    expect(stdout).toMatch(/no HIGH or MEDIUM findings in main\/electron/);
    expect(code).toBe(0);
  });

  it('fails on a window that turns context isolation off, naming the file and line', async () => {
    const dir = shellWith(
      'debug-window.ts',
      [
        "import { BrowserWindow } from 'electron';",
        '',
        'export function debugWindow(): BrowserWindow {',
        '  return new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });',
        '}',
        '',
      ].join('\n'),
    );
    const { code, stderr } = await run(dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/debug-window\.ts:4: HIGH CONTEXT_ISOLATION_JS_CHECK/);
    // The findings switched off in main.ts, each with its reason, stay off in the copy.
    expect(stderr).not.toMatch(/main\.ts/);
  });

  it('reports shell.openExternal again once the exception beside it is removed', async () => {
    const dir = shellWith('empty.ts', 'export {};\n');
    const main = path.join(dir, 'main.ts');
    fs.writeFileSync(
      main,
      fs.readFileSync(main, 'utf8').replace(/ *\/\/ eng-disable OPEN_EXTERNAL_JS_CHECK/, ''),
    );
    const { code, stderr } = await run(dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/main\.ts:\d+: MEDIUM OPEN_EXTERNAL_JS_CHECK/);
  });
});
