import { spawn, type ChildProcess } from 'node:child_process';
import { kinerjaBin, projectRoot } from './cli.js';

/**
 * Starts `kinerja serve` on a workspace and resolves with the URL it prints, token included
 * (port 0: the OS picks one). The browser tests drive the real product through it.
 */
export function serve(
  workspace: string,
  options: { env?: Record<string, string> } = {},
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [kinerjaBin, 'serve', '--workspace', workspace, '--port', '0'], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`kinerja serve printed no URL in 30 s:\n${out}\n${err}`)),
      30_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Kinerja is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kinerja serve exited with ${code}:\n${out}\n${err}`));
    });
  });
}
