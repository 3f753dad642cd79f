import type { Handlers } from './types.js';

export const workspaceHandlers = {
  'workspace/current': (_req, { session }) => session.workspace?.info() ?? null,
  'workspace/create': ({ path, ...settings }, { session }) => session.create(path, settings).info(),
  'workspace/open': ({ path }, { session }) => session.open(path).info(),
  'workspace/close': (_req, { session }) => {
    session.close();
    return null;
  },
  'settings/update': (patch, { session }) => {
    const ws = session.require();
    ws.writeSettings(patch);
    return ws.info();
  },
} satisfies Partial<Handlers>;
