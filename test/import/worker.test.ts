import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../shared/contract/client.js';
import { createDispatch } from '../../main/core/dispatch.js';
import { importInWorker } from '../../main/core/import/run-import.js';
import { Session } from '../../main/core/session.js';
import { projectRoot } from '../helpers/cli.js';
import { useTempDir } from '../helpers/tmp.js';

// The bundled worker (npm run build:node, which the unit-test script runs first).
const workerScript = path.join(projectRoot, 'dist/node/import-worker.js');
const tempDir = useTempDir();

function appLike() {
  const session = new Session();
  const dispatch = createDispatch({ session, imports: importInWorker(workerScript) });
  return { session, client: createClient((name, req) => dispatch(name, req)) };
}

describe('imports in the app run in a worker thread', () => {
  it('a large file imports in the worker while the app keeps answering and progress can be polled', async () => {
    const dir = tempDir();
    const rows = Array.from(
      { length: 60_000 },
      (_, i) =>
        `D${i},Budi,${i % 3 === 0 ? 'lost' : 'won'},1000,2026-01-${String((i % 28) + 1).padStart(2, '0')}`,
    );
    const file = path.join(dir, 'deals.csv');
    fs.writeFileSync(file, `external_id,owner,status,amount,closed_at\n${rows.join('\n')}\n`);
    const { session, client } = appLike();
    await client.workspace.create({ path: path.join(dir, 'w.kinerja') });
    let ticks = 0;
    let last = performance.now();
    let longestGap = 0;
    const seenProgress: number[] = [];
    const timer = setInterval(() => {
      ticks++;
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      void client.import.progress({}).then((p) => p && seenProgress.push(p.rows));
    }, 20);
    const summary = await client.import.file({ path: file, kind: 'deals' });
    clearInterval(timer);
    expect(summary).toMatchObject({ read: 60_000, inserted: 60_000 });
    // The main thread was free: the timer ran throughout and the progress calls were answered.
    expect(ticks).toBeGreaterThan(5);
    console.log(
      `import in a worker: longest stall of the main thread ${Math.round(longestGap)} ms over ${ticks} ticks`,
    );
    expect(seenProgress.some((rows) => rows > 0)).toBe(true);
    // The app's own connection sees what the worker wrote.
    const [revenue] = await client.kpi.query({ kpis: ['revenue'], period: '2026-01' });
    expect(revenue!.value).toBe(40_000 * 1000);
    expect(await client.import.progress({})).toBeNull();
    session.close();
  });

  it('a refused file keeps its clear message and kind, and the workspace is unchanged', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, 'external_id,status,amount,closed_at\nA,won,banyak,2026-01-05\n');
    const { session, client } = appLike();
    await client.workspace.create({ path: path.join(dir, 'w.kinerja') });
    await expect(client.import.file({ path: file, kind: 'deals' })).rejects.toMatchObject({
      kind: 'invalid_request',
      message: expect.stringMatching(/row 2, column amount: 'banyak'/),
    });
    expect(await client.import.history({})).toEqual([]);
    session.close();
  });
});
