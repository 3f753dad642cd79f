import { backupWorkspace } from '../backup.js';
import { resolveUserPath as resolvePath } from '../files/user-path.js';
import type { Handlers } from './types.js';

export const workspaceHandlers = {
  'workspace/current': (_req, { session }) => session.workspace?.info() ?? null,
  'workspace/create': ({ path, ...settings }, { session, baseDir }) =>
    session.create(resolvePath(path, baseDir), settings).info(),
  'workspace/createDemo': ({ path }, { session, baseDir }) =>
    session.createDemo(resolvePath(path, baseDir)).info(),
  'workspace/open': ({ path }, { session, baseDir }) => session.open(resolvePath(path, baseDir)).info(),
  'workspace/close': (_req, { session }) => {
    session.close();
    return null;
  },
  'workspace/backup': ({ path }, { session }) => backupWorkspace(session.require().db, path),
  'workspace/restore': ({ backupPath, path }, { session, baseDir }) => {
    const { keptAside, workspace } = session.restore(
      resolvePath(backupPath, baseDir),
      path === undefined ? undefined : resolvePath(path, baseDir),
    );
    return { keptAside, workspace: workspace.info() };
  },
  'settings/update': (patch, { session }) => {
    const ws = session.require();
    ws.writeSettings(patch);
    return ws.info();
  },
} satisfies Partial<Handlers>;
