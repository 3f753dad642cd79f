import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { latestSchemaVersion, migrations } from './migrations/index.js';
import { writeFileAtomicallySync } from '../files/atomic-write.js';
import { requireSafeSqlite } from './sqlite-version.js';

/** `PRAGMA application_id` of every Kinerja workspace ("KNJA"), so other SQLite files are told apart. */
export const KINERJA_APPLICATION_ID = 0x4b4e4a41;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export interface DatabaseOptions {
  /** Path of a better-sqlite3 binary built for another ABI (the Electron host passes one). */
  nativeBinding?: string;
}

export interface OpenedDatabase {
  db: Database.Database;
  schemaVersion: number;
  /** Where the pre-migration copy went, when opening migrated an older file. */
  backupPath: string | null;
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
    throw new KinerjaError(
      'workspace_invalid',
      `${file}: the file is truncated (${stat.size} bytes, expected ${pagesInHeader * pageSize}); restore it from a backup`,
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

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Opens an existing workspace: validates it, backs it up and migrates it when it is older. */
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

export function openDatabase(file: string, options: DatabaseOptions = {}): OpenedDatabase {
  const abs = realPath(file);
  const version = inspectWorkspaceFile(abs, options);
  const db = new Database(abs, { fileMustExist: true, nativeBinding: options.nativeBinding });
  let backupPath: string | null = null;
  try {
    requireSafeSqlite(db);
    try {
      // Touch the schema so a damaged file fails here, before anything is written.
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
    } catch (e) {
      throw invalid(abs, `the database is damaged (${(e as Error).message})`);
    }
    if (version < latestSchemaVersion) {
      // A consistent copy from before the migration, so an upgrade can always be undone by hand.
      // Written under a temporary name and renamed once flushed: a full disk leaves no half copy.
      backupPath = writeFileAtomicallySync(`${abs}.v${version}-${timestamp()}.bak`, (temp) => {
        db.prepare('VACUUM INTO ?').run(temp);
      });
    }
    configure(db);
    migrate(db, version);
  } catch (e) {
    db.close();
    throw e;
  }
  return { db, schemaVersion: latestSchemaVersion, backupPath };
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
  return { db, schemaVersion: latestSchemaVersion, backupPath: null };
}
