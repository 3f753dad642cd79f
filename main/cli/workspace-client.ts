import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '../../shared/contract/client.js';
import type { WorkspaceSettings } from '../../shared/contract/schemas.js';
import { createDispatch } from '../core/dispatch.js';
import { Session } from '../core/session.js';

/**
 * The folder of the CLI bundle (dist/node/cli.js). This module is reached from the CLI entry
 * only, so the bundler keeps it in cli.js and import.meta.url names that file.
 */
export const bundleDir = path.dirname(fileURLToPath(import.meta.url));

/** Where the built renderer sits relative to this bundle (dist/node/cli.js → dist/renderer). */
export const rendererDir = path.resolve(bundleDir, '../renderer');

/** The CLI drives the core through the same contract and dispatcher as the app: no second implementation. */
export function directClient(session: Session): Client {
  const dispatch = createDispatch({ session });
  return createClient((name, request) => dispatch(name, request));
}

/** Opens the workspace for one command and always closes it, so the WAL is checkpointed. */
export async function withWorkspace(
  file: string,
  fn: (client: Client, settings: WorkspaceSettings) => Promise<void>,
): Promise<void> {
  const session = new Session();
  try {
    const client = directClient(session);
    const info = await client.workspace.open({ path: file });
    // On stderr, so --json and --csv output stays clean.
    if (info.readOnly)
      console.error(`kinerja: note: ${info.path} is read-only; it is opened for reading only`);
    await fn(client, info.settings);
  } finally {
    session.close();
  }
}
