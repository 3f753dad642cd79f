import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { WorkspaceSettings } from '../../shared/contract/schemas.js';
import { importFile } from '../../main/core/import/pipeline.js';
import type { ImportKind } from '../../main/core/import/kinds.js';
import { Workspace } from '../../main/core/workspace.js';

/** A new workspace in `dir` with the given canonical CSV texts imported, in order. */
export async function workspaceWith(
  dir: string,
  files: Partial<Record<ImportKind, string>>,
  settings: Partial<WorkspaceSettings> = {},
): Promise<Workspace> {
  const ws = Workspace.create(path.join(dir, 'test.kinerja'), { name: 'PT Uji', ...settings });
  for (const [kind, text] of Object.entries(files)) {
    const file = path.join(dir, `${kind}.csv`);
    fs.writeFileSync(file, text);
    await importFile(ws.db, ws.settings, file, { kind: kind as ImportKind });
  }
  return ws;
}

/**
 * Everything a workspace holds, as one hash (tables and rows in a fixed order): a refused call
 * must not change a byte of it.
 */
export function workspaceDigest(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const hash = createHash('sha256');
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    for (const t of tables) {
      hash.update(t);
      const rows = db
        .prepare(`SELECT * FROM "${t}"`)
        .raw()
        .all()
        .map((row) => JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
      for (const row of rows.sort()) hash.update(row);
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}
