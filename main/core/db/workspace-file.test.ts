import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { KINERJA_APPLICATION_ID, createDatabase, migrate, openDatabase } from './workspace-file.js';
import { latestSchemaVersion } from './migrations/index.js';

const tempDir = useTempDir();

function sha(file: string): string {
  return fs.readFileSync(file).toString('base64');
}

/** Opening must fail with a message naming the file and the problem, and leave the bytes alone. */
function expectRefused(file: string, message: RegExp): void {
  const before = fs.existsSync(file) ? sha(file) : null;
  expect(() => openDatabase(file)).toThrow(message);
  try {
    openDatabase(file);
  } catch (e) {
    expect((e as Error).message).toContain(path.resolve(file));
  }
  expect(fs.existsSync(file) ? sha(file) : null).toBe(before);
  expect(fs.existsSync(`${file}-wal`)).toBe(false);
}

describe('creating a workspace', () => {
  it('sets WAL, synchronous=FULL, foreign keys, a busy timeout and the Kinerja application id', () => {
    const file = path.join(tempDir(), 'a.kinerja');
    const { db } = createDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(db.pragma('application_id', { simple: true })).toBe(KINERJA_APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    db.close();
  });

  it('refuses to overwrite an existing file', () => {
    const file = path.join(tempDir(), 'b.kinerja');
    fs.writeFileSync(file, 'keep me');
    expect(() => createDatabase(file)).toThrow(/already exists/);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
  });
});

describe('opening a file that is not a workspace', () => {
  it('names a missing file', () => {
    expect(() => openDatabase(path.join(tempDir(), 'nope.kinerja'))).toThrow(/no such file/);
  });

  it('refuses a zero-byte file without turning it into a database', () => {
    const file = path.join(tempDir(), 'empty.kinerja');
    fs.writeFileSync(file, '');
    expectRefused(file, /empty \(0 bytes\)/);
    expect(fs.statSync(file).size).toBe(0);
  });

  it('refuses a text file', () => {
    const file = path.join(tempDir(), 'notes.kinerja');
    fs.writeFileSync(file, 'revenue,2026-03\n1000,2000\n');
    expectRefused(file, /text file/);
  });

  it('refuses a binary file that is not SQLite', () => {
    const file = path.join(tempDir(), 'photo.kinerja');
    fs.writeFileSync(
      file,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0xff, 0xfe, ...Array(200).fill(7)]),
    );
    expectRefused(file, /not a database file/);
  });

  it('refuses a truncated workspace and points to a backup', () => {
    const dir = tempDir();
    const file = path.join(dir, 'full.kinerja');
    const { db } = createDatabase(file);
    db.exec('CREATE TABLE filler (x TEXT)');
    const insert = db.prepare('INSERT INTO filler VALUES (?)');
    for (let i = 0; i < 200; i++) insert.run('x'.repeat(500));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const cut = path.join(dir, 'cut.kinerja');
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2 / 4096) * 4096 + 1000));
    expectRefused(cut, /truncated/);
    const cutOnPage = path.join(dir, 'cut-page.kinerja');
    fs.writeFileSync(cutOnPage, bytes.subarray(0, 4096 * 3));
    expectRefused(cutOnPage, /truncated/);
  });

  it('refuses a SQLite database of another program', () => {
    const file = path.join(tempDir(), 'other.db');
    const db = new Database(file);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expectRefused(file, /another program/);
  });

  it('refuses a workspace from a newer Kinerja, telling the user to update', () => {
    const file = path.join(tempDir(), 'future.kinerja');
    const { db } = createDatabase(file);
    db.pragma(`user_version = ${latestSchemaVersion + 1}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    expectRefused(file, /newer version of Kinerja.*Update Kinerja/);
  });
});

describe('opening an older workspace', () => {
  it('takes a consistent backup before migrating, and the backup still opens as the old version', () => {
    const file = path.join(tempDir(), 'old.kinerja');
    // A version-0 Kinerja file: the application id is set but no migration ran yet.
    const old = new Database(file);
    old.pragma(`application_id = ${KINERJA_APPLICATION_ID}`);
    old.exec('CREATE TABLE legacy_marker (x INTEGER); INSERT INTO legacy_marker VALUES (42);');
    old.close();
    const opened = openDatabase(file);
    expect(opened.schemaVersion).toBe(latestSchemaVersion);
    expect(opened.backupPath).toMatch(/\/backups\/old\.before-migration-v0\.[\d-]+_\d{6}\.kinerja$/);
    opened.db.close();
    const backup = new Database(opened.backupPath!, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(0);
    expect(backup.prepare('SELECT x FROM legacy_marker').pluck().get()).toBe(42);
    backup.close();
  });

  it('opens a current workspace without making a backup', () => {
    const file = path.join(tempDir(), 'now.kinerja');
    createDatabase(file).db.close();
    const opened = openDatabase(file);
    expect(opened.backupPath).toBeNull();
    opened.db.close();
    expect(fs.existsSync(path.join(path.dirname(file), 'backups'))).toBe(false);
  });
});

describe('two actors on one file', () => {
  it('refuses a workspace with a second name (hard link), whose two logs would damage it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.kinerja');
    createDatabase(file).db.close();
    fs.linkSync(file, path.join(dir, 'also.kinerja'));
    for (const name of [file, path.join(dir, 'also.kinerja')]) {
      expect(() => openDatabase(name)).toThrow(/this file has 2 names \(hard links\)/);
    }
  });

  it('a migration another process finished meanwhile is not run twice', () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.kinerja');
    // Both connections see version 0; the second migrates first.
    const first = new Database(file);
    const second = new Database(file);
    migrate(second, 0);
    expect(() => migrate(first, 0)).not.toThrow();
    expect(first.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    first.close();
    second.close();
  });
});
