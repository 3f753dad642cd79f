import { backupWorkspace } from '../backup.js';
import { userFile } from '../files/user-path.js';
import type { Handlers } from './types.js';

export const workspaceHandlers = {
  'workspace/current': (_req, { session }) => session.workspace?.info() ?? null,
  'workspace/create': ({ path, ...settings }, context) =>
    context.session.create(userFile(path, context, { resolve: true }), settings).info(),
  'workspace/createDemo': ({ path }, context) =>
    context.session.createDemo(userFile(path, context, { resolve: true })).info(),
  'workspace/open': ({ path }, context) =>
    context.session.open(userFile(path, context, { resolve: true })).info(),
  'workspace/close': (_req, { session }) => {
    session.close();
    return null;
  },
  'workspace/backup': ({ path }, context) =>
    backupWorkspace(context.session.require().db, userFile(path, context)),
  'workspace/restore': ({ backupPath, path }, context) => {
    const { keptAside, workspace } = context.session.restore(
      userFile(backupPath, context),
      path === undefined ? undefined : userFile(path, context, { resolve: true }),
    );
    return { keptAside, workspace: workspace.info() };
  },
  'settings/update': (patch, { session }) => {
    const ws = session.require();
    ws.writeSettings(patch);
    return ws.info();
  },
} satisfies Partial<Handlers>;
