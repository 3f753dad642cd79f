import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { latestSchemaVersion, migrations } from './migrations/index.js';
import { newestBackup, backupsDirOf, writeBackupSync } from './backups.js';
import { requireSafeSqlite } from './sqlite-version.js';

// better-sqlite3 reads `file:` URIs only when this is set before its first open; a read-only
// workspace is opened as `file:…?immutable=1` so SQLite writes nothing beside it (see openReadOnly).
process.env.SQLITE_USE_URI ??= '1';

/** `PRAGMA application_id` of every Kinerja workspace ("KNJA"), so other SQLite files are told apart. */
export const KINERJA_APPLICATION_ID = 0x4b4e4a41;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export interface DatabaseOptions {
  /** Path of a better-sqlite3 binary built for another ABI (the Electron host passes one). */
  nativeBinding?: string;
  /** The clock backups are named by (tests move it; the app uses the real one). */
  now?: () => Date;
  /** Files up to this size are checked in full on open (default FULL_CHECK_MAX_BYTES). */
  fullCheckMaxBytes?: number;
}

export interface OpenedDatabase {
  db: Database.Database;
  /** The workspace file itself (through any symlink). */
  file: string;
  schemaVersion: number;
  /** Where the pre-migration copy went, when opening migrated an older file. */
  backupPath: string | null;
  /** The file or its folder may not be written: opened for reading only. */
  readOnly: boolean;
  /** The whole file passed SQLite's quick_check on open (small files; large ones are checked before a daily backup). */
  checkedWhole: boolean;
}

/**
 * Up to this size the whole file is checked on open (PRAGMA quick_check reads every page:
 * 1.3 to 3.5 s for a 390 MB workspace with a million deals and two million leads, 0.6 to
 * 0.85 s for 61 MB on a busy machine, so 0.1 to 0.4 s here). Larger files get the cheap check on open (every table but deals and leads,
 * about 12 ms) and the whole one only before their daily backup, so a damaged file never
 * pushes a good backup out; damage met later is reported by the query that meets it.
 */
export const FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024;
/** The fact tables that grow to millions of rows; every other table is small and checked on each open. */
const LARGE_TABLES = new Set(['deals', 'leads']);

/** SQLite's words for a file whose pages are not what they should be. */
export function isCorruptError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code);
}

export function isReadOnlyError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_READONLY');
}

/**
 * The error for a damaged workspace: names the file and offers the newest automatic backup,
 * so the user knows what to restore. Used on open and for any SQLite corruption error later.
 */
export function damagedError(file: string, reason: string): KinerjaError {
  const oneLine = reason
    .replace(/\*\*\* in database \w+ \*\*\*/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('; ');
  const why = oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
  const backup = newestBackup(file);
  const head = `${file}: the workspace file is damaged (${why}); nothing more was written to it.`;
  if (!backup) {
    return new KinerjaError(
      'workspace_invalid',
      `${head} No automatic backup of it was found in ${backupsDirOf(file)}; restore it from a copy of your own.`,
      { code: 'workspace_damaged_no_backup', params: { path: file, folder: backupsDirOf(file) } },
    );
  }
  return new KinerjaError(
    'workspace_invalid',
    `${head} The newest backup is ${backup.file} from ${backup.when}; restore it with: kinerja restore "${backup.file}" --workspace "${file}"`,
    { code: 'workspace_damaged', params: { path: file, backup: backup.file, date: backup.when } },
  );
}

export function readOnlyError(file: string): KinerjaError {
  return new KinerjaError(
    'forbidden',
    `${file}: this workspace is read-only (the file or its folder may not be written), so nothing was changed. Copy it to a folder you can write to, or make the file writable, to change it.`,
    { code: 'workspace_read_only', params: { path: file } },
  );
}

/**
 * A file marked read-only (chmod a-w, the read-only attribute) or in a folder that may not be
 * written is opened for reading only, even for an administrator who could write it anyway:
 * the mark says the owner wants it left as it is.
 */
export function isReadOnlyFile(file: string): boolean {
  const dir = path.dirname(file);
  for (const p of [file, dir]) {
    try {
      if ((fs.statSync(p).mode & 0o222) === 0) return true;
      fs.accessSync(p, fs.constants.W_OK);
    } catch {
      return true;
    }
  }
  return false;
}

/**
 * Reads what SQLite would only find later: every page of a small file, or the schema and every
 * table but the large fact tables of a big one. Throws the damaged-workspace error.
 */
export function checkIntegrity(db: Database.Database, file: string, whole: boolean): void {
  let problems: string[];
  try {
    // Touch the schema first so a file whose first pages are garbage fails here.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    if (whole) {
      problems = (db.pragma('quick_check(3)') as { quick_check: string }[]).map((r) => r.quick_check);
    } else {
      const tables = db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .pluck()
        .all() as string[];
      problems = [];
      for (const t of tables.filter((t) => !LARGE_TABLES.has(t))) {
        const rows = db.pragma(`quick_check(${JSON.stringify(t)})`) as { quick_check: string }[];
        problems.push(...rows.map((r) => r.quick_check).filter((p) => p !== 'ok'));
        if (problems.length > 0) break;
      }
      if (problems.length === 0) problems = ['ok'];
    }
  } catch (e) {
    throw damagedError(file, (e as Error).message);
  }
  if (problems.length !== 1 || problems[0] !== 'ok') {
    throw damagedError(file, problems.filter((p) => p !== 'ok').join('; '));
  }
}

/**
 * Opens without writing anything, not even the -wal and -shm files SQLite adds beside a WAL
 * database (impossible in a read-only folder): with no live log the file is read as immutable.
 */
function openReadOnly(file: string, nativeBinding?: string): Database.Database {
  const wal = fs.statSync(`${file}-wal`, { throwIfNoEntry: false });
  if (wal && wal.size > 0) return new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
  const uri = `file:${file.split(path.sep).map(encodeURIComponent).join('/')}?immutable=1`;
  try {
    return new Database(uri, { readonly: true, nativeBinding });
  } catch {
    // URIs switched off (SQLITE_USE_URI=0 in the environment): read a copy in memory instead.
    const bytes = fs.readFileSync(file);
    bytes[18] = 1; // legacy journal in the copy: WAL needs side files an in-memory copy cannot have
    bytes[19] = 1;
    return new Database(bytes, { readonly: true, nativeBinding });
  }
}

/** Pragmas set on every open: durability first, because a workspace holds a company's numbers. */
function configure(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

function invalid(file: string, problem: string): KinerjaError {
  return new KinerjaError('workspace_invalid', `${file}: ${problem}; it is not a Kinerja workspace`);
}

interface HeaderFacts {
  applicationId: number;
  userVersion: number;
  /** The main file may be behind a write-ahead log that another connection has not checkpointed. */
  hasWal: boolean;
}

/**
 * Looks at the bytes before SQLite does, so that a text file, an empty file or a cut-off
 * copy gets a message naming the problem, and SQLite never gets a chance to write to it
 * (SQLite happily turns a zero-byte file into a fresh database, and even a read-only open
 * of a WAL database leaves -wal and -shm files behind).
 */
function readHeader(file: string): HeaderFacts {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new KinerjaError('not_found', `${file}: no such file`);
  }
  if (stat.isDirectory()) throw invalid(file, 'this is a folder');
  // SQLite keeps its write-ahead log beside the name it was opened by: two names of one file
  // (hard links) mean two logs, and writes through both corrupt it.
  if (stat.nlink > 1) {
    throw new KinerjaError(
      'workspace_invalid',
      `${file}: this file has ${stat.nlink} names (hard links), and writing through more than one would damage it; copy it to a new file and open the copy`,
    );
  }
  if (stat.size === 0) throw invalid(file, 'the file is empty (0 bytes)');
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, header, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read < 100 || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    const looksText = header.subarray(0, read).every((b) => b === 9 || b === 10 || b === 13 || b >= 32);
    throw invalid(file, looksText ? 'it is a text file' : 'it is not a database file');
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pagesInHeader = header.readUInt32BE(28);
  const headerValid = header.readUInt32BE(24) === header.readUInt32BE(92);
  const hasWal = fs.existsSync(`${file}-wal`);
  if (stat.size % pageSize !== 0 || (!hasWal && headerValid && pagesInHeader * pageSize > stat.size)) {
    throw damagedError(
      file,
      `the file is truncated: ${stat.size} bytes, expected ${pagesInHeader * pageSize}`,
    );
  }
  // Offsets from the SQLite file format: user_version at 60, application_id at 68.
  return { userVersion: header.readUInt32BE(60), applicationId: header.readUInt32BE(68), hasWal };
}

/** With a live write-ahead log the header may be stale: ask SQLite, read-only. */
function readHeaderThroughSqlite(file: string, nativeBinding?: string): HeaderFacts {
  let probe: Database.Database | undefined;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
    return {
      applicationId: probe.pragma('application_id', { simple: true }) as number,
      userVersion: probe.pragma('user_version', { simple: true }) as number,
      hasWal: true,
    };
  } catch (e) {
    throw invalid(file, `the database cannot be read (${(e as Error).message})`);
  } finally {
    probe?.close();
  }
}

/** Runs every migration newer than the file's version, each in its own transaction. */
export function migrate(db: Database.Database, from: number): void {
  for (const m of migrations) {
    if (m.version <= from) continue;
    // IMMEDIATE takes the write lock first, and the version is read again under it: another
    // process opening the same old file at the same moment may have migrated it meanwhile.
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

/**
 * Checks that a file is a Kinerja workspace this version can open, without writing to it;
 * returns its schema version.
 */
export function inspectWorkspaceFile(file: string, options: DatabaseOptions = {}): number {
  const abs = realPath(file);
  let header = readHeader(abs);
  if (header.hasWal) header = readHeaderThroughSqlite(abs, options.nativeBinding);
  if (header.applicationId !== KINERJA_APPLICATION_ID) {
    throw invalid(abs, 'it is a SQLite database of another program');
  }
  if (header.userVersion > latestSchemaVersion) {
    throw new KinerjaError(
      'workspace_too_new',
      `${abs}: this workspace was saved by a newer version of Kinerja (schema ${header.userVersion}; this version reads up to ${latestSchemaVersion}). Update Kinerja to open it; the file was not changed.`,
    );
  }
  return header.userVersion;
}

/**
 * The file itself, through any symlink: SQLite names the -wal beside the real file, so looking
 * for it beside a link would miss a live log and read a stale header (and migrate twice).
 */
function realPath(file: string): string {
  const abs = path.resolve(file);
  try {
    return fs.realpathSync(abs);
  } catch {
    return abs; // missing: the checks that follow say so
  }
}

/**
 * Opens an existing workspace: validates it, checks its pages, backs it up and migrates it
 * when it is older. A read-only file opens for reading only; a damaged one does not open.
 */
export function openDatabase(file: string, options: DatabaseOptions = {}): OpenedDatabase {
  const abs = realPath(file);
  const version = inspectWorkspaceFile(abs, options);
  const readOnly = isReadOnlyFile(abs);
  if (readOnly && version < latestSchemaVersion) {
    throw new KinerjaError(
      'forbidden',
      `${abs}: this workspace is read-only and was saved by an older version of Kinerja; opening it upgrades it, which writes to it. Make the file writable, or copy it to a folder you can write to, and open it again.`,
      { code: 'workspace_read_only_upgrade', params: { path: abs } },
    );
  }
  const db = readOnly
    ? openReadOnly(abs, options.nativeBinding)
    : new Database(abs, { fileMustExist: true, nativeBinding: options.nativeBinding });
  const checkedWhole = fs.statSync(abs).size <= (options.fullCheckMaxBytes ?? FULL_CHECK_MAX_BYTES);
  let backupPath: string | null = null;
  try {
    // Before anything is written: a damaged file is refused, and names the backup to restore.
    // (Any statement reads the schema, so this comes before the version check below.)
    checkIntegrity(db, abs, checkedWhole);
    requireSafeSqlite(db);
    if (readOnly) {
      db.pragma('busy_timeout = 5000');
    } else {
      if (version < latestSchemaVersion) {
        // A consistent copy from before the migration, so an upgrade can always be undone by hand.
        // Written under a temporary name and renamed once flushed: a full disk leaves no half copy.
        if (!checkedWhole) checkIntegrity(db, abs, true);
        backupPath = writeBackupSync(
          db,
          abs,
          `before-migration-v${version}`,
          (options.now ?? (() => new Date()))(),
        );
      }
      configure(db);
      migrate(db, version);
    }
  } catch (e) {
    db.close();
    throw e;
  }
  return { db, file: abs, schemaVersion: latestSchemaVersion, backupPath, readOnly, checkedWhole };
}

/** Creates a new workspace file; refuses to touch an existing one. */
export function createDatabase(file: string, options: DatabaseOptions = {}): OpenedDatabase {
  const abs = path.resolve(file);
  if (fs.existsSync(abs)) {
    throw new KinerjaError(
      'conflict',
      `${abs}: a file with this name already exists; open it or choose another name`,
    );
  }
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  const db = new Database(abs, { nativeBinding: options.nativeBinding });
  try {
    requireSafeSqlite(db);
    db.pragma(`application_id = ${KINERJA_APPLICATION_ID}`);
    configure(db);
    migrate(db, 0);
  } catch (e) {
    db.close();
    for (const f of [abs, `${abs}-wal`, `${abs}-shm`]) fs.rmSync(f, { force: true });
    throw e;
  }
  return {
    db,
    file: abs,
    schemaVersion: latestSchemaVersion,
    backupPath: null,
    readOnly: false,
    checkedWhole: true,
  };
}
