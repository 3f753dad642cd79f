import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const kinerjaBin = path.join(projectRoot, 'bin/kinerja.js');

/** Runs the real CLI as a user would (a separate process, the built bundle). */
export function runCli(
  args: string[],
  options: { input?: string; env?: Record<string, string>; cwd?: string } = {},
) {
  const res = spawnSync(process.execPath, [kinerjaBin, ...args], {
    encoding: 'utf8',
    input: options.input,
    cwd: options.cwd ?? projectRoot,
    env: { ...process.env, ...options.env },
    timeout: 120_000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/**
 * The demo company with fixed dates (data from January 2025 to June 2026, 600 deals), so the
 * quarters the tests read are complete and the same on any day; returns the CLI's result.
 */
export function createFixedDemo(workspace: string) {
  return runCli([
    'demo',
    '--workspace',
    workspace,
    '--deals',
    '600',
    '--from',
    '2025-01-01',
    '--to',
    '2026-06-30',
  ]);
}
