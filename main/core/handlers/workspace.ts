import { backupWorkspace, restoreWorkspace } from '../backup.js';
import { inspectWorkspaceFile } from '../db/workspace-file.js';
import type { Handlers } from './types.js';

export const workspaceHandlers = {
  'workspace/current': (_req, { session }) => session.workspace?.info() ?? null,
  'workspace/create': ({ path, ...settings }, { session }) => session.create(path, settings).info(),
  'workspace/open': ({ path }, { session }) => session.open(path).info(),
  'workspace/close': (_req, { session }) => {
    session.close();
    return null;
  },
  'workspace/backup': ({ path }, { session }) => backupWorkspace(session.require().db, path),
  'workspace/restore': ({ backupPath }, { session }) => {
    const file = session.require().path;
    // Check the backup before closing anything, so a bad file leaves the app as it was.
    inspectWorkspaceFile(backupPath);
    session.close();
    try {
      const { keptAside } = restoreWorkspace(file, backupPath);
      return { keptAside, workspace: session.open(file).info() };
    } catch (e) {
      session.open(file);
      throw e;
    }
  },
  'settings/update': (patch, { session }) => {
    const ws = session.require();
    ws.writeSettings(patch);
    return ws.info();
  },
} satisfies Partial<Handlers>;
