import os from 'node:os';
import nodePath from 'node:path';
import { backupWorkspace } from '../backup.js';
import type { Handlers } from './types.js';

/** A path as the user typed it, read from the host's base folder; `~/` is the home folder. */
function resolvePath(typed: string, baseDir: string | undefined): string {
  const trimmed = typed.trim();
  if (trimmed === '~' || trimmed.startsWith('~/')) return nodePath.join(os.homedir(), trimmed.slice(1));
  return nodePath.resolve(baseDir ?? process.cwd(), trimmed);
}

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
