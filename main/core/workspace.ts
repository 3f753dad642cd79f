import type Database from 'better-sqlite3';
import {
  WorkspaceSettings,
  defaultRatingBands,
  type Locale,
  type WorkspaceInfo,
} from '../../shared/contract/schemas.js';
import { DEFAULT_KEEP_DAILY } from './db/backups.js';
import { checkIntegrity, createDatabase, openDatabase, type DatabaseOptions } from './db/workspace-file.js';

export function defaultSettings(locale: Locale = 'id-ID'): WorkspaceSettings {
  return {
    name: locale === 'id-ID' ? 'Ruang kerja baru' : 'New workspace',
    locale,
    currency: locale === 'id-ID' ? 'IDR' : 'USD',
    fiscalYearStartMonth: 1,
    weekStart: 'monday',
    amberAt: 0.9,
    ratingBands: defaultRatingBands,
    accentColor: '#1d4ed8',
    logo: null,
    backupKeepDaily: DEFAULT_KEEP_DAILY,
  };
}

/** One open workspace file and its single writer connection. */
export class Workspace {
  private constructor(
    readonly path: string,
    readonly db: Database.Database,
    readonly schemaVersion: number,
    readonly backupPath: string | null,
    private readonly options: DatabaseOptions = {},
    /** Opened for reading only: the file or its folder may not be written. */
    readonly readOnly = false,
    private checkedWhole = true,
  ) {}

  static create(file: string, settings: Partial<WorkspaceSettings>, options?: DatabaseOptions): Workspace {
    const opened = createDatabase(file, options);
    const ws = new Workspace(opened.file, opened.db, opened.schemaVersion, null, options);
    const base = defaultSettings(settings.locale);
    ws.writeSettings({ ...base, ...stripUndefined(settings) });
    return ws;
  }

  static open(file: string, options?: DatabaseOptions): Workspace {
    const opened = openDatabase(file, options);
    return new Workspace(
      opened.file,
      opened.db,
      opened.schemaVersion,
      opened.backupPath,
      options,
      opened.readOnly,
      opened.checkedWhole,
    );
  }

  /**
   * Checks every page once per connection before it is backed up (a large file only had its
   * small tables checked on open); throws the damaged-workspace error.
   */
  checkWhole(): void {
    if (this.checkedWhole) return;
    checkIntegrity(this.db, this.path, true);
    this.checkedWhole = true;
  }

  /**
   * A second connection to the same file, for work that spans awaits (an import's
   * transaction): on the shared connection, calls made meanwhile would land inside it.
   */
  openAnother(): Workspace {
    return Workspace.open(this.path, this.options);
  }

  get settings(): WorkspaceSettings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    return WorkspaceSettings.parse({ ...defaultSettings(stored.locale as Locale | undefined), ...stored });
  }

  writeSettings(patch: Partial<WorkspaceSettings>): WorkspaceSettings {
    const next = WorkspaceSettings.parse({ ...this.settings, ...stripUndefined(patch) });
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(next)) upsert.run(key, JSON.stringify(value));
    })();
    return next;
  }

  info(): WorkspaceInfo {
    return {
      path: this.path,
      schemaVersion: this.schemaVersion,
      settings: this.settings,
      ...(this.readOnly ? { readOnly: true } : {}),
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
