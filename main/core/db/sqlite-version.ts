import type Database from 'better-sqlite3';
import { KinerjaError } from '../../../shared/contract/errors.js';

/**
 * The oldest SQLite Kinerja writes workspaces with. SQLite 3.7.0 to 3.51.2 can corrupt a
 * database in WAL mode when a write-ahead-log reset races with another connection's write
 * (fixed in 3.51.3), and every workspace runs in WAL mode. better-sqlite3 bundles its own
 * SQLite, so this only fails with a build made against an older system library or an old
 * better-sqlite3.
 */
export const MIN_SQLITE_VERSION = '3.51.3';

/** Compares dotted version numbers part by part: negative, zero or positive like a sort. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The version of the SQLite library behind a connection. */
export function sqliteVersion(db: Database.Database): string {
  return String(db.prepare('SELECT sqlite_version()').pluck().get());
}

/** Refuses to go on with a SQLite that can corrupt a workspace, saying which one and what to do. */
export function requireSafeSqlite(db: Database.Database): void {
  const version = sqliteVersion(db);
  if (compareVersions(version, MIN_SQLITE_VERSION) < 0) {
    throw new KinerjaError(
      'internal',
      `This Kinerja uses SQLite ${version}, which can damage a workspace; it needs ${MIN_SQLITE_VERSION} or newer. ` +
        'Reinstall or update Kinerja (developers: update better-sqlite3 and rebuild it). No workspace was opened.',
      { code: 'sqlite_too_old', params: { version, minimum: MIN_SQLITE_VERSION } },
    );
  }
}
