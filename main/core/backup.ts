import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { KinerjaError } from '../../shared/contract/errors.js';
import { backupPathFor, backupsDirOf } from './db/backups.js';
import { inspectWorkspaceFile, isReadOnlyFile, readOnlyError } from './db/workspace-file.js';
import { describeWriteError, writeFileAtomically } from './files/atomic-write.js';

/** Flushes a file (and the folder entry that names it) to disk, so a crash cannot lose it. */
function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  try {
    fsyncPath(dir);
  } catch {
    // Some platforms (Windows) cannot open a folder for fsync; the rename is still atomic there.
  }
}

/**
 * A consistent snapshot of an open workspace: SQLite's backup API copies a point-in-time image
 * even while the app keeps writing, into a temporary file that is flushed to disk and only
 * then renamed into place (files/atomic-write), so the backup file is either complete or absent.
 * The folder must exist: a mistyped folder is reported, not silently created.
 */
export async function backupWorkspace(
  db: Database.Database,
  outFile: string,
): Promise<{ file: string; bytes: number }> {
  const file = await writeFileAtomically(
    outFile,
    async (temp) => {
      try {
        await db.backup(temp);
      } finally {
        fs.rmSync(`${temp}-journal`, { force: true });
      }
    },
    { refuseExisting: true },
  );
  return { file, bytes: fs.statSync(file).size };
}

/**
 * Replaces a (closed) workspace file with a backup. The current file is moved, byte for byte
 * (a damaged one too, for whoever wants to rescue it), into the backups folder beside it
 * (`backups/NAME.before-restore.STAMP.kinerja`), and the backup is checked to be a Kinerja
 * workspace this version can open before anything moves.
 */
export function restoreWorkspace(
  workspaceFile: string,
  backupFile: string,
  at: Date = new Date(),
): { keptAside: string | null } {
  const target = path.resolve(workspaceFile);
  const source = path.resolve(backupFile);
  inspectWorkspaceFile(source);
  if (fs.existsSync(target) && isReadOnlyFile(target)) throw readOnlyError(target);
  if (fs.existsSync(`${target}-wal`) && fs.statSync(`${target}-wal`).size > 0) {
    throw new KinerjaError(
      'conflict',
      `${target} is open in another Kinerja window or process; close it before restoring`,
    );
  }
  const tmp = `${target}.restoring-${process.pid}`;
  fs.copyFileSync(source, tmp);
  fsyncPath(tmp);
  let keptAside: string | null = null;
  if (fs.existsSync(target)) {
    try {
      fs.mkdirSync(backupsDirOf(target), { recursive: true });
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw describeWriteError(backupsDirOf(target), e);
    }
    keptAside = backupPathFor(target, 'before-restore', at);
    fs.renameSync(target, keptAside);
    for (const side of ['-wal', '-shm']) fs.rmSync(`${target}${side}`, { force: true });
  }
  fs.renameSync(tmp, target);
  fsyncDir(path.dirname(target));
  if (keptAside) fsyncDir(path.dirname(keptAside));
  return { keptAside };
}
