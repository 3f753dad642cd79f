import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KinerjaError } from '../../../shared/contract/errors.js';

/**
 * A path as the user typed it, read from the host's base folder: the home folder in the app and
 * browser mode, the working folder in the CLI. `~/` is the home folder everywhere.
 */
export function resolveUserPath(typed: string, baseDir: string | undefined): string {
  const trimmed = typed.trim();
  if (trimmed === '~' || trimmed.startsWith('~/')) return path.join(os.homedir(), trimmed.slice(1));
  return path.resolve(baseDir ?? process.cwd(), trimmed);
}

/** The folders a path guard lets calls read and write in, each with how a message names it. */
export interface AllowedFolder {
  folder: string;
  label: string;
}

/** Longest path a message repeats; longer ones are cut in the middle. */
const SHOWN_PATH_CHARS = 160;

function shown(file: string): string {
  if (file.length <= SHOWN_PATH_CHARS) return file;
  const half = SHOWN_PATH_CHARS / 2 - 1;
  return `${file.slice(0, half)}…${file.slice(-half)}`;
}

/**
 * The path with its symbolic links followed, also for a file not created yet (its nearest
 * existing folder is followed), so a link in the home folder cannot point the guard elsewhere.
 */
function realPath(file: string, depth = 0): string {
  let existing = file;
  const rest: string[] = [];
  while (!fs.existsSync(existing)) {
    // A link to something not there yet leads where that will be created: follow it, or a
    // link in the home folder would let a new workspace be written anywhere.
    const target = linkTarget(existing);
    if (target !== null) {
      if (depth >= 40) return path.join(existing, ...rest); // a loop of links: refused below
      return path.join(realPath(path.resolve(path.dirname(existing), target), depth + 1), ...rest);
    }
    const parent = path.dirname(existing);
    if (parent === existing) break;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  let real = existing;
  try {
    real = fs.realpathSync.native(existing);
  } catch {
    // Unreadable: compared as written.
  }
  return path.join(real, ...rest);
}

function linkTarget(file: string): string | null {
  try {
    return fs.readlinkSync(file);
  } catch {
    return null; // not a link, or not there
  }
}

/** `file` inside `folder` (or the folder itself), and the part below it. */
function below(folder: string, file: string): string[] | null {
  const rel = path.relative(folder, file);
  if (rel === '') return [];
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep);
}

/**
 * Which files the API may read and write where its caller is a web page (browser mode): those
 * inside the user's home folder, the open workspace's folder or the temporary folder (where
 * uploads wait), and not in a hidden file or folder there (`~/.ssh`, `~/.config`). A page that
 * went wrong, or a program that got hold of the token, still cannot read system files such as
 * /etc/shadow or keys in dot-folders, nor write outside those folders.
 */
export class PathGuard {
  constructor(private readonly folders: () => AllowedFolder[]) {}

  /** Throws a `path_not_allowed` error naming the rule unless the file is allowed. */
  check(file: string): void {
    const real = realPath(path.resolve(file));
    const folders = this.folders().filter((f) => path.dirname(f.folder) !== f.folder);
    for (const { folder } of folders) {
      const parts = below(realPath(path.resolve(folder)), real);
      if (parts && !parts.some((p) => p.startsWith('.'))) return;
    }
    const names = folders.map((f) => `${f.label} (${f.folder})`);
    const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names.join('');
    throw new KinerjaError(
      'forbidden',
      `${shown(file)}: in browser mode Kinerja reads and writes files only inside ${list}, ` +
        'and not in hidden folders there. Choose a file in one of those folders.',
      {
        code: 'path_not_allowed',
        params: { path: shown(file), folders: folders.map((f) => f.folder).join(', ') },
      },
    );
  }
}

/** The folders `kinerja serve` allows: home, the open workspace's folder, the temporary folder. */
export function browserModeFolders(workspaceFile: () => string | null): () => AllowedFolder[] {
  return () => {
    const list: AllowedFolder[] = [{ folder: os.homedir(), label: 'your home folder' }];
    const ws = workspaceFile();
    if (ws) list.push({ folder: path.dirname(path.resolve(ws)), label: "the workspace's folder" });
    list.push({ folder: os.tmpdir(), label: 'the temporary folder' });
    return list;
  };
}

/**
 * A file a call names: resolved from the host's base folder when it has one (the app, browser
 * mode) and checked by its path guard when it has one (browser mode). Without either (the CLI)
 * the path goes on as typed, so messages name the file the way the user wrote it, unless
 * `resolve` asks for it resolved from the working folder.
 */
export function userFile(
  typed: string,
  context: { baseDir?: string; paths?: PathGuard },
  { resolve = false }: { resolve?: boolean } = {},
): string {
  const file =
    !resolve && context.baseDir === undefined && !context.paths
      ? typed
      : resolveUserPath(typed, context.baseDir);
  context.paths?.check(file);
  return file;
}
