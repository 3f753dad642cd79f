import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite from 'better-sqlite3';
import type Database from 'better-sqlite3';
import { writeFileAtomicallySync } from '../files/atomic-write.js';

/**
 * Automatic backups of a workspace live in a `backups` folder beside it, named after the
 * workspace, why they were taken and when (local time, as the user's clock shows it):
 * `acme.daily.2026-11-30_091502.kinerja`, `acme.before-migration-v3.….kinerja`,
 * `acme.before-restore.….kinerja`. The name alone says which workspace a backup belongs to,
 * so several workspaces can share one folder.
 */
export type BackupKind = 'daily' | 'before-migration' | 'before-restore';

export interface BackupEntry {
  file: string;
  kind: BackupKind;
  /** `YYYY-MM-DD_HHMMSS`, local time; sorts as time does. */
  stamp: string;
  /** `YYYY-MM-DD HH:MM`, for messages. */
  when: string;
}

/** Daily backups kept when the workspace does not say otherwise. */
export const DEFAULT_KEEP_DAILY = 7;

export function backupsDirOf(workspaceFile: string): string {
  return path.join(path.dirname(path.resolve(workspaceFile)), 'backups');
}

function baseOf(workspaceFile: string): string {
  return path.basename(workspaceFile).replace(/\.kinerja$/i, '');
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The local calendar day of a moment, `YYYY-MM-DD`. */
export function localDay(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

function stampOf(at: Date): string {
  return `${localDay(at)}_${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
}

const NAME =
  /^(.*)\.(daily|before-migration(?:-v\d+)?|before-restore)\.(\d{4}-\d{2}-\d{2})_(\d{2})(\d{2})(\d{2})(?:-\d+)?\.kinerja$/;

/** The automatic backups of one workspace, newest first. */
export function listBackups(workspaceFile: string): BackupEntry[] {
  const dir = backupsDirOf(workspaceFile);
  const base = baseOf(workspaceFile);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const found: BackupEntry[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m || m[1] !== base) continue;
    const kind = m[2]!.startsWith('before-migration') ? 'before-migration' : (m[2] as BackupKind);
    found.push({
      file: path.join(dir, name),
      kind,
      stamp: `${m[3]}_${m[4]}${m[5]}${m[6]}`,
      when: `${m[3]} ${m[4]}:${m[5]}`,
    });
  }
  return found.sort((a, b) => (a.stamp < b.stamp ? 1 : a.stamp > b.stamp ? -1 : a.file < b.file ? 1 : -1));
}

/**
 * The newest backup worth restoring: one SQLite copied from the checked workspace (daily or
 * before a migration), not a file a restore set aside, which may be the damaged one itself.
 */
export function newestBackup(workspaceFile: string): BackupEntry | null {
  // Offered to restore a damaged workspace: a backup that is damaged too is passed over.
  return listBackups(workspaceFile).find((b) => b.kind !== 'before-restore' && isSound(b.file)) ?? null;
}

/** Opens and passes SQLite's quick check (read-only; nothing is written beside it). */
function isSound(file: string): boolean {
  let db: Database.Database | undefined;
  try {
    // Immutable: read as it is, without the -wal and -shm files a plain open may add beside it.
    const uri = `file:${file.split(path.sep).map(encodeURIComponent).join('/')}?immutable=1`;
    try {
      db = new BetterSqlite(uri, { readonly: true });
    } catch {
      db = new BetterSqlite(file, { readonly: true, fileMustExist: true });
    }
    return db.pragma('quick_check(1)', { simple: true }) === 'ok';
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** A free name for a new backup (a second one in the same second gets a counter). */
export function backupPathFor(workspaceFile: string, kind: string, at: Date): string {
  const dir = backupsDirOf(workspaceFile);
  const stem = `${baseOf(workspaceFile)}.${kind}.${stampOf(at)}`;
  let candidate = path.join(dir, `${stem}.kinerja`);
  for (let i = 2; fs.existsSync(candidate); i++) candidate = path.join(dir, `${stem}-${i}.kinerja`);
  return candidate;
}

/**
 * A consistent copy of an open workspace into its backups folder: VACUUM INTO a temporary
 * file, flushed and renamed into place (files/atomic-write), so a backup is whole or absent
 * and the previous backups are never touched while it is written.
 */
export function writeBackupSync(
  db: Database.Database,
  workspaceFile: string,
  kind: string,
  at: Date,
): string {
  fs.mkdirSync(backupsDirOf(workspaceFile), { recursive: true });
  removeAbandonedTemps(workspaceFile);
  return writeFileAtomicallySync(backupPathFor(workspaceFile, kind, at), (temp) => {
    db.prepare('VACUUM INTO ?').run(temp);
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files of backups whose writer died half way (a crash, a kill): their
 * name carries the writer's process id (files/atomic-write), so a live writer's is left alone.
 */
export function removeAbandonedTemps(workspaceFile: string): void {
  const dir = backupsDirOf(workspaceFile);
  const prefix = `.${baseOf(workspaceFile)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /\.kinerja\.(\d+)-[0-9a-f]+\.tmp$/.exec(name);
    if (!name.startsWith(prefix) || !m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && !isAlive(pid)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** Keeps the newest `keep` backups of one kind and removes the older ones; returns those removed. */
export function rotateBackups(workspaceFile: string, kind: BackupKind, keep: number): string[] {
  const old = listBackups(workspaceFile)
    .filter((b) => b.kind === kind)
    .slice(Math.max(1, keep));
  for (const b of old) fs.rmSync(b.file, { force: true });
  return old.map((b) => b.file);
}
