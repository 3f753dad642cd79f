import os from 'node:os';
import path from 'node:path';

/**
 * A path as the user typed it, read from the host's base folder: the home folder in the app and
 * browser mode, the working folder in the CLI. `~/` is the home folder everywhere.
 */
export function resolveUserPath(typed: string, baseDir: string | undefined): string {
  const trimmed = typed.trim();
  if (trimmed === '~' || trimmed.startsWith('~/')) return path.join(os.homedir(), trimmed.slice(1));
  return path.resolve(baseDir ?? process.cwd(), trimmed);
}
