import { KinerjaError } from '../../shared/contract/errors.js';
import type { DatabaseOptions } from './db/workspace-file.js';
import { Workspace } from './workspace.js';

/**
 * The workspace a host (app window, browser-mode server, CLI run) is working in.
 * Handlers reach the database only through here, so "no workspace open" is one clear error.
 */
export class Session {
  private current: Workspace | null = null;
  /** Progress of the import running in this session, for a UI that polls it. */
  importProgress: { bytesRead: number; totalBytes: number; rows: number } | null = null;
  constructor(readonly dbOptions: DatabaseOptions = {}) {}

  get workspace(): Workspace | null {
    return this.current;
  }

  require(): Workspace {
    if (!this.current)
      throw new KinerjaError('no_workspace', 'No workspace is open: create or open one first');
    return this.current;
  }

  open(file: string): Workspace {
    const next = Workspace.open(file, this.dbOptions);
    this.replace(next);
    return next;
  }

  create(file: string, settings: Parameters<typeof Workspace.create>[1]): Workspace {
    const next = Workspace.create(file, settings, this.dbOptions);
    this.replace(next);
    return next;
  }

  close(): void {
    this.current?.close();
    this.current = null;
  }

  private replace(next: Workspace): void {
    this.current?.close();
    this.current = next;
  }
}
