/**
 * Every file Kinerja writes (exports, backups, an import's rejects file) goes through here: it is
 * written under a temporary name in the destination's own folder, flushed to disk and only then
 * renamed over the destination. A full disk, a missing folder or a crash half way therefore never
 * leaves a truncated file under the user's name, and a file already there stays as it was until
 * the new one is complete. Two writers to the same name each rename a whole file of their own, so
 * the result is one of them, never a mix. File-system errors become a KinerjaError that names the
 * path and says what to do, so neither the CLI nor the browser-mode server dies on them.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { KinerjaError, isKinerjaError } from '../../../shared/contract/errors.js';

export interface AtomicWriteOptions {
  /** Refuse when the destination already exists (checked before any work starts). */
  refuseExisting?: boolean;
}

/** SQLite reports the same failures in its own words when it writes a backup. */
const sqliteCodes: Record<string, string> = {
  SQLITE_FULL: 'ENOSPC',
  SQLITE_READONLY: 'EROFS',
  SQLITE_PERM: 'EACCES',
  SQLITE_CANTOPEN: 'EIO',
  SQLITE_IOERR: 'EIO',
};

function errnoCode(error: unknown, depth = 0): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  // A stream pipeline stopped by a failing write reports ABORT_ERR with the disk's error as cause.
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (code === 'ABORT_ERR' || (typeof code !== 'string' && cause !== undefined)) {
    return depth < 5 && cause !== undefined ? errnoCode(cause, depth + 1) : null;
  }
  if (typeof code !== 'string') return null;
  if (/^E[A-Z]+$/.test(code)) return code;
  const sqlite = code.replace(/^(SQLITE_[A-Z]+)(_.*)?$/, '$1');
  return sqliteCodes[sqlite] ?? null;
}

/** A message a user can act on for a file-system failure writing `file`. */
export function describeWriteError(file: string, error: unknown): KinerjaError {
  if (isKinerjaError(error)) return error;
  const code = errnoCode(error);
  const dir = path.dirname(file);
  const reason = (() => {
    switch (code) {
      case 'ENOENT':
      case 'ENOTDIR':
        return `the folder ${dir} does not exist; choose an existing folder`;
      case 'EACCES':
      case 'EPERM':
        return `permission denied: Kinerja may not write in ${dir}; choose another folder`;
      case 'EROFS':
        return `${dir} is on a read-only drive; choose another folder`;
      case 'ENOSPC':
      case 'EDQUOT':
        return 'the disk is full; free some space or choose another drive';
      case 'EISDIR':
        return 'this is a folder; give a file name';
      case 'ENAMETOOLONG':
        return 'the file name is too long';
      default:
        return `the file could not be written (${error instanceof Error ? error.message : String(error)})`;
    }
  })();
  const suffix = code === 'ENOENT' || code === 'EISDIR' ? '' : '; nothing was written';
  return new KinerjaError('invalid_request', `${file}: ${reason}${suffix}`, {
    code: `write_${(code ?? 'failed').toLowerCase()}`,
    params: { path: file, folder: dir },
  });
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes the rename itself durable. Some platforms (Windows) cannot open a folder for fsync. */
function fsyncFolder(dir: string): void {
  try {
    fsyncFile(dir);
  } catch {
    // The rename is still atomic there; only its durability across a power cut is weaker.
  }
}

/** Fails early, with the path, when the destination cannot be written at all. */
function checkDestination(file: string, options: AtomicWriteOptions): void {
  const dir = path.dirname(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (error) {
    throw describeWriteError(file, error);
  }
  if (!stat.isDirectory()) {
    throw new KinerjaError('invalid_request', `${file}: ${dir} is a file, not a folder`);
  }
  let existing: fs.Stats | undefined;
  try {
    existing = fs.statSync(file, { throwIfNoEntry: false });
  } catch (error) {
    throw describeWriteError(file, error); // a name too long, a path through a file…
  }
  if (existing?.isDirectory()) throw describeWriteError(file, Object.assign(new Error(), { code: 'EISDIR' }));
  if (existing && options.refuseExisting) {
    throw new KinerjaError('conflict', `${file}: a file with this name already exists; choose another name`);
  }
}

function tempPathFor(file: string): string {
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
}

function failed(file: string, temp: string, error: unknown): unknown {
  fs.rmSync(temp, { force: true });
  // Errors of the content (a cell Excel refuses, a bad row) keep their own type and message.
  return errnoCode(error) ? describeWriteError(file, error) : error;
}

function moveIntoPlace(file: string, temp: string, refuseExisting = false): void {
  fsyncFile(temp);
  if (refuseExisting) {
    // The check before the work is long past: another writer may have made the same new name
    // meanwhile (two backups to one name both said "written", and one was gone). A hard link
    // creates the name only if it is still free; the temp name then goes.
    try {
      fs.linkSync(temp, file);
      fs.rmSync(temp, { force: true });
      return;
    } catch (error) {
      if (errnoCode(error) === 'EEXIST') {
        throw new KinerjaError(
          'conflict',
          `${file}: a file with this name appeared meanwhile; choose another name`,
        );
      }
      // File systems without hard links (FAT on a USB stick): check once more, then rename.
      if (fs.existsSync(file)) {
        throw new KinerjaError(
          'conflict',
          `${file}: a file with this name appeared meanwhile; choose another name`,
        );
      }
    }
  }
  fs.renameSync(temp, file);
}

/**
 * Runs `produce` to create the complete file at a temporary path beside `destination`, then
 * flushes and renames it into place. On any failure the temporary file is removed, the
 * destination is left as it was, and a file-system error is rethrown as a KinerjaError naming
 * the path. Returns the absolute destination.
 */
export async function writeFileAtomically(
  destination: string,
  produce: (tempPath: string) => Promise<void> | void,
  options: AtomicWriteOptions = {},
): Promise<string> {
  const file = path.resolve(destination);
  checkDestination(file, options);
  const temp = tempPathFor(file);
  try {
    await produce(temp);
    moveIntoPlace(file, temp, options.refuseExisting);
  } catch (error) {
    throw failed(file, temp, error);
  }
  fsyncFolder(path.dirname(file));
  return file;
}

/** The same for callers that cannot wait (opening a workspace copies it before migrating). */
export function writeFileAtomicallySync(
  destination: string,
  produce: (tempPath: string) => void,
  options: AtomicWriteOptions = {},
): string {
  const file = path.resolve(destination);
  checkDestination(file, options);
  const temp = tempPathFor(file);
  try {
    produce(temp);
    moveIntoPlace(file, temp, options.refuseExisting);
  } catch (error) {
    throw failed(file, temp, error);
  }
  fsyncFolder(path.dirname(file));
  return file;
}

/** Opens the file stream; a seam so tests can stand in a disk that fills up half way. */
export const fileStreams = {
  create: (file: string): Writable => fs.createWriteStream(file, { flags: 'wx' }),
};

/**
 * Streams `source` (chunks of text or bytes, or a stream) into `destination` atomically, with
 * back-pressure: a slow or full disk holds the producer back and an error on either side stops
 * both, so nothing is held in memory and no error goes unhandled.
 */
export function streamFileAtomically(
  destination: string,
  source: AsyncIterable<string | Buffer> | Iterable<string | Buffer> | NodeJS.ReadableStream,
  options: AtomicWriteOptions = {},
): Promise<string> {
  return writeFileAtomically(
    destination,
    (temp) => pipeline(source as AsyncIterable<string | Buffer>, fileStreams.create(temp)),
    options,
  );
}
