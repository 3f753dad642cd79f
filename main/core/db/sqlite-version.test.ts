import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { createDispatch } from '../dispatch.js';
import { Session } from '../session.js';
import { compareVersions, MIN_SQLITE_VERSION, sqliteVersion } from './sqlite-version.js';

// Every connection this file opens may be told to report another SQLite version, the way a
// better-sqlite3 built against an old system SQLite would.
const pretend = vi.hoisted(() => ({ version: null as string | null }));
vi.mock('better-sqlite3', async (importOriginal) => {
  const real = (await importOriginal<{ default: typeof Database }>()).default;
  class ReportingDatabase extends real {}
  const prepare = real.prototype.prepare;
  ReportingDatabase.prototype.prepare = function (this: Database.Database, source: string) {
    const sql =
      pretend.version !== null && /sqlite_version\(\)/i.test(source) ? `SELECT '${pretend.version}'` : source;
    return prepare.call(this, sql);
  } as typeof prepare;
  return { default: ReportingDatabase };
});

const tempDir = useTempDir();
let session: Session | undefined;
afterEach(() => {
  session?.close();
  session = undefined;
  pretend.version = null;
});

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]),
  );
}

describe('the SQLite behind better-sqlite3', () => {
  it(`is ${MIN_SQLITE_VERSION} or newer (older ones can corrupt a database in WAL mode)`, () => {
    const db = new Database(':memory:');
    try {
      const version = sqliteVersion(db);
      expect(
        compareVersions(version, MIN_SQLITE_VERSION),
        `bundled SQLite ${version}`,
      ).toBeGreaterThanOrEqual(0);
    } finally {
      db.close();
    }
  });

  it('compares versions part by part, not as text', () => {
    expect(compareVersions('3.51.10', '3.51.3')).toBeGreaterThan(0);
    expect(compareVersions('3.9.0', '3.51.3')).toBeLessThan(0);
    expect(compareVersions('3.51.3', '3.51.3')).toBe(0);
    expect(compareVersions('4', '3.51.3')).toBeGreaterThan(0);
  });
});

describe('with an older SQLite', () => {
  it('a new workspace is refused, saying which SQLite and which is needed, and no file is left', async () => {
    const dir = tempDir();
    pretend.version = '3.51.2';
    session = new Session();
    const reply = await createDispatch({ session })('workspace/create', {
      path: path.join(dir, 'new.kinerja'),
      name: 'PT Uji',
    });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'sqlite_too_old', params: { version: '3.51.2', minimum: MIN_SQLITE_VERSION } },
    });
    expect(JSON.stringify(reply)).toMatch(/SQLite 3\.51\.2.*3\.51\.3 or newer/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('an existing workspace is not opened and stays exactly as it was', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.kinerja');
    const maker = new Session();
    maker.create(file, { name: 'PT Uji' });
    maker.close();
    const before = snapshot(dir);
    pretend.version = '3.50.4';
    session = new Session();
    const reply = await createDispatch({ session })('workspace/open', { path: file });
    expect(reply).toMatchObject({ ok: false, error: { code: 'sqlite_too_old' } });
    expect(await createDispatch({ session })('workspace/current', {})).toEqual({ ok: true, value: null });
    expect(snapshot(dir)).toEqual(before);
  });
});
