import path from 'node:path';
import { createDemoWorkspace } from './demo/demo-workspace.js';
import { KinerjaError } from '../../shared/contract/errors.js';
import { restoreWorkspace } from './backup.js';
import { inspectWorkspaceFile, type DatabaseOptions } from './db/workspace-file.js';
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

  constructor(
    readonly dbOptions: DatabaseOptions = {},
    options: SessionOptions = {},
  ) {
    this.program = options.program ?? (process.argv[2] ? `kinerja ${process.argv[2]}` : 'a Kinerja command');
    this.lockOnOpen = options.lockOnOpen ?? false;
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

  /** Before a write: this process must be the workspace's one writer. */
  requireWriter(): Workspace {
    const ws = this.require();
    this.lock ??= acquireWriterLock(ws.path, this.program);
    return ws;
  }

  open(file: string): Workspace {
    return this.switchTo(file, () => Workspace.open(file, this.dbOptions));
  }

  create(file: string, settings: Parameters<typeof Workspace.create>[1]): Workspace {
    return this.switchTo(file, () => Workspace.create(file, settings, this.dbOptions));
  }

  /** Creates the demo company in a new file and opens it: a first run has something real to show. */
  createDemo(file: string): Workspace {
    return this.switchTo(file, () => createDemoWorkspace({ file, dbOptions: this.dbOptions }));
  }

  /**
   * Replaces the open workspace's file with a backup, holding the writer lock throughout so
   * no other process writes into the file that is moved aside. Runs behind any import (the
   * write queue), so no import is still writing to it either.
   */
  restore(backupPath: string): { keptAside: string | null; workspace: Workspace } {
    const ws = this.requireWriter();
    const file = ws.path;
    // Check the backup before closing anything, so a bad file leaves the app as it was.
    inspectWorkspaceFile(backupPath, this.dbOptions);
    ws.close();
    this.current = null;
    try {
      const { keptAside } = restoreWorkspace(file, backupPath);
      this.current = Workspace.open(file, this.dbOptions);
      return { keptAside, workspace: this.current };
    } catch (e) {
      this.current = Workspace.open(file, this.dbOptions);
      throw e;
    }
  }

  close(): void {
    this.current?.close();
    this.current = null;
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
    this.current = next;
    this.lock = lock;
    return next;
  }
}
