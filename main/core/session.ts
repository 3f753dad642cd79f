import fs from 'node:fs';
import path from 'node:path';
import { createDemoWorkspace } from './demo/demo-workspace.js';
import { KinerjaError, isKinerjaError } from '../../shared/contract/errors.js';
import { restoreWorkspace } from './backup.js';
import { listBackups, localDay, rotateBackups, writeBackupSync } from './db/backups.js';
import { inspectWorkspaceFile, readOnlyError, type DatabaseOptions } from './db/workspace-file.js';
import { acquireWriterLock, type WriterLock } from './db/writer-lock.js';
import { Workspace } from './workspace.js';
import { WriteQueue } from './write-queue.js';

export interface SessionOptions {
  /** How the lock file names this program to a second one: "the Kinerja app", "kinerja serve". */
  program?: string;
  /**
   * Take the writer lock as soon as a workspace is opened (an app window or `kinerja serve`,
   * which may write at any moment), rather than at the first write (a CLI command, which may
   * only read while the app has the file open).
   */
  lockOnOpen?: boolean;
  /** The clock daily backups go by (tests move it). */
  now?: () => Date;
}

/** The file itself through any symlink, as Workspace.path names it. */
function realPathOf(file: string): string {
  const abs = path.resolve(file);
  try {
    return fs.realpathSync(abs);
  } catch {
    return abs;
  }
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

/**
 * The workspace a host (app window, browser-mode server, CLI run) is working in.
 * Handlers reach the database only through here, so "no workspace open" is one clear error.
 */
export class Session {
  private current: Workspace | null = null;
  private lock: WriterLock | null = null;
  /** Writes and workspace changes run here one at a time (see WriteQueue). */
  readonly writes = new WriteQueue();
  /** Progress of the import running in this session, for a UI that polls it. */
  importProgress: (ImportProgress & { call: 'import/file' | 'import/preview'; file: string }) | null = null;
  /** Stops the running import or preview, where its runner can. */
  importAbort: AbortController | null = null;
  private readonly program: string;
  private readonly lockOnOpen: boolean;
  private readonly now: () => Date;
  /** The local day whose daily backup of the open workspace is known to exist. */
  private backedUpDay: string | null = null;

  constructor(
    readonly dbOptions: DatabaseOptions = {},
    options: SessionOptions = {},
  ) {
    this.program = options.program ?? (process.argv[2] ? `kinerja ${process.argv[2]}` : 'a Kinerja command');
    this.lockOnOpen = options.lockOnOpen ?? false;
    this.now = options.now ?? (() => new Date());
    this.dbOptions = { now: this.now, ...dbOptions };
  }

  get workspace(): Workspace | null {
    return this.current;
  }

  require(): Workspace {
    if (!this.current)
      throw new KinerjaError('no_workspace', 'No workspace is open: create or open one first', {
        code: 'no_workspace',
        params: {},
      });
    return this.current;
  }

  /**
   * Before a write: the workspace must be writable, this process its one writer, and today's
   * backup made (which checks every page of a large file first; a small one was checked on open).
   */
  requireWriter(): Workspace {
    const ws = this.require();
    if (ws.readOnly) throw readOnlyError(ws.path);
    this.lock ??= acquireWriterLock(ws.path, this.program);
    this.dailyBackup(ws);
    return ws;
  }

  /**
   * The first open or write of a day copies the workspace into its backups folder (checked
   * first, so a damaged file never pushes a good backup out), keeping the newest
   * `backupKeepDaily` daily copies.
   */
  private dailyBackup(ws: Workspace): void {
    const now = this.now();
    const day = localDay(now);
    if (this.backedUpDay === day) return;
    const done = listBackups(ws.path).some((b) => b.kind === 'daily' && b.stamp.startsWith(`${day}_`));
    if (!done) {
      ws.checkWhole();
      writeBackupSync(ws.db, ws.path, 'daily', now);
      rotateBackups(ws.path, 'daily', ws.settings.backupKeepDaily);
    }
    this.backedUpDay = day;
  }

  open(file: string): Workspace {
    const ws = this.switchTo(file, () => Workspace.open(file, this.dbOptions));
    // A host that writes at will (the app, kinerja serve) backs up on the first open of a day.
    if (this.lockOnOpen && !ws.readOnly) {
      try {
        this.dailyBackup(ws);
      } catch (e) {
        // A large file found damaged by the check before the backup is not opened after all;
        // a backup that could not be written (a full disk) is tried again at the first write.
        if (isKinerjaError(e) && e.detail?.code.startsWith('workspace_damaged')) {
          this.close();
          throw e;
        }
      }
    }
    return ws;
  }

  create(file: string, settings: Parameters<typeof Workspace.create>[1]): Workspace {
    const ws = this.switchTo(file, () => Workspace.create(file, settings, this.dbOptions));
    this.backedUpDay = localDay(this.now()); // nothing in it yet to protect
    return ws;
  }

  /** Creates the demo company in a new file and opens it: a first run has something real to show. */
  createDemo(file: string): Workspace {
    const ws = this.switchTo(file, () => createDemoWorkspace({ file, dbOptions: this.dbOptions }));
    this.backedUpDay = localDay(this.now());
    return ws;
  }

  /**
   * Replaces a workspace file with a backup: the open one, or the file at `file` (one too
   * damaged to open), holding its writer lock throughout so no other process writes into the
   * file that is moved aside. Runs behind any import (the write queue), so no import is still
   * writing to it either. The replaced file is kept in the backups folder first.
   */
  restore(backupPath: string, file?: string): { keptAside: string | null; workspace: Workspace } {
    const target = file !== undefined ? realPathOf(file) : this.require().path;
    const current = this.current;
    const same = current !== null && current.path === target;
    if (same && current.readOnly) throw readOnlyError(target);
    // Check the backup before closing anything, so a bad file leaves the app as it was.
    inspectWorkspaceFile(backupPath, this.dbOptions);
    const lock = same
      ? (this.lock ??= acquireWriterLock(target, this.program))
      : acquireWriterLock(target, this.program);
    if (same) {
      current.close();
      this.current = null;
    }
    let restored: { keptAside: string | null };
    try {
      restored = restoreWorkspace(target, backupPath, this.now());
    } catch (e) {
      if (same) this.current = Workspace.open(target, this.dbOptions);
      else lock.release();
      throw e;
    }
    if (!same) {
      this.current?.close();
      this.lock?.release();
    }
    this.lock = lock;
    this.backedUpDay = null;
    this.current = Workspace.open(target, this.dbOptions);
    return { keptAside: restored.keptAside, workspace: this.current };
  }

  close(): void {
    this.current?.close();
    this.current = null;
    this.backedUpDay = null;
    this.lock?.release();
    this.lock = null;
  }

  /** Opens the next workspace (taking its writer lock first when this host writes at will). */
  private switchTo(file: string, openNext: () => Workspace): Workspace {
    const abs = path.resolve(file);
    const sameFile = this.current !== null && this.current.path === abs;
    let lock: WriterLock | null = sameFile ? this.lock : null;
    // The lock comes before the open: opening an older file migrates it, which is a write.
    if (this.lockOnOpen && !lock) lock = acquireWriterLock(abs, this.program);
    let next: Workspace;
    try {
      next = openNext();
    } catch (e) {
      if (lock && lock !== this.lock) lock.release();
      throw e;
    }
    if (this.lock && this.lock !== lock) this.lock.release();
    this.current?.close();
    if (!sameFile) this.backedUpDay = null;
    this.current = next;
    this.lock = lock;
    return next;
  }
}
