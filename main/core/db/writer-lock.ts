import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KinerjaError } from '../../../shared/contract/errors.js';

/**
 * A workspace has one writer. The process that writes to it (an app window, `kinerja serve`,
 * a CLI import or restore) holds `NAME.kinerja.lock` beside the file; a second process that
 * wants to write is told who holds it instead of racing it (a restore that moves the file
 * away under an open app, or writes that wait out SQLite's busy timeout). Readers need no
 * lock: WAL lets them read while the writer writes.
 *
 * The lock file names its holder so the message can say which program to close. A holder
 * that died without removing it (a crash, a kill) is recognised by its process id being gone
 * on this machine, and its lock is taken over.
 */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** What a person would recognise: "kinerja serve", "the Kinerja app", "kinerja import". */
  program: string;
  since: string;
}

/**
 * The lock beside the file itself: a symlink or another spelling of the same path names the
 * same lock, so it cannot be used to open a second writer.
 */
export function lockPathOf(workspaceFile: string): string {
  let real: string;
  try {
    real = fs.realpathSync(workspaceFile);
  } catch {
    // Not created yet: its folder decides where it will be.
    real = path.join(
      fs.realpathSync(path.dirname(path.resolve(workspaceFile))),
      path.basename(workspaceFile),
    );
  }
  return `${real}.lock`;
}

/** Locks this process holds, by workspace path: a second session of the same process is refused too. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lockFile: string): LockHolder | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.hostname !== 'string') return null;
    return {
      pid: parsed.pid,
      hostname: parsed.hostname,
      program: String(parsed.program ?? 'another Kinerja program'),
      since: String(parsed.since ?? ''),
    };
  } catch {
    return null;
  }
}

function isStale(holder: LockHolder | null, lockFile: string): boolean {
  if (!holder) {
    // Unreadable: a writer that died between creating and filling it. Give a live writer a
    // moment to finish writing it before calling it stale.
    try {
      return Date.now() - fs.statSync(lockFile).mtimeMs > 5_000;
    } catch {
      return true;
    }
  }
  if (holder.hostname !== os.hostname()) return false; // cannot tell from here: assume alive
  if (holder.pid === process.pid) return !heldHere.has(lockFile);
  return !isAlive(holder.pid);
}

const pad = (n: number) => String(n).padStart(2, '0');

function describeHolder(h: LockHolder | null): string {
  if (!h) return 'another Kinerja program';
  const where = h.hostname === os.hostname() ? '' : ` on ${h.hostname}`;
  const started = new Date(h.since);
  // In the reader's own time zone, as the clock on their wall shows it.
  const since = Number.isNaN(started.getTime())
    ? ''
    : `, since ${started.getFullYear()}-${pad(started.getMonth() + 1)}-${pad(started.getDate())} ${pad(started.getHours())}:${pad(started.getMinutes())}`;
  return `${h.program} (process ${h.pid}${where}${since})`;
}

export interface WriterLock {
  readonly file: string;
  release(): void;
}

/**
 * Takes the writer lock of a workspace file, or throws a `conflict` error naming the holder.
 * A folder where the lock cannot be created (read-only media) gets no lock: nothing can be
 * written there anyway, and SQLite reports that on the first write.
 */
export function acquireWriterLock(workspaceFile: string, program: string): WriterLock {
  const lockFile = lockPathOf(workspaceFile);
  const me: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    program,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = fs.openSync(lockFile, 'wx');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return { file: lockFile, release() {} };
      if (code !== 'EEXIST') throw e;
      if (fs.statSync(lockFile, { throwIfNoEntry: false })?.isDirectory()) {
        throw new KinerjaError(
          'conflict',
          `${workspaceFile}: ${lockFile} should be the writer lock but is a folder; remove that folder and try again`,
        );
      }
      const holder = readHolder(lockFile);
      if (!isStale(holder, lockFile)) {
        throw new KinerjaError(
          'conflict',
          `${workspaceFile} is open for writing in ${describeHolder(holder)}; make the change there, or close it there first`,
          { code: 'workspace_locked', params: { path: workspaceFile, holder: describeHolder(holder) } },
        );
      }
      // A dead holder's lock: remove it and try again (another taker may win the retry).
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    try {
      fs.writeSync(fd, JSON.stringify(me));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    heldHere.add(lockFile);
    let released = false;
    return {
      file: lockFile,
      release() {
        if (released) return;
        released = true;
        heldHere.delete(lockFile);
        // Only remove the lock if it is still ours (a takeover after a long stall is not undone).
        const now = readHolder(lockFile);
        if (now && now.pid === me.pid && now.since === me.since) fs.rmSync(lockFile, { force: true });
      },
    };
  }
  throw new KinerjaError(
    'conflict',
    `${workspaceFile}: could not take the writer lock (${lockFile}); try again`,
  );
}
