import { backupWorkspace } from '../backup.js';
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
    const { keptAside, workspace } = session.restore(backupPath);
    return { keptAside, workspace: workspace.info() };
  },
  'settings/update': (patch, { session }) => {
    const ws = session.require();
    ws.writeSettings(patch);
    return ws.info();
  },
} satisfies Partial<Handlers>;
