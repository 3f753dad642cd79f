import fs from 'node:fs';
import path from 'node:path';
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
