import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readerThreadsStarted, useReaderThread } from '../../main/core/import/fact-reader.js';
import { importFile, type ImportFileOptions } from '../../main/core/import/pipeline.js';
import { Workspace } from '../../main/core/workspace.js';
import { useTempDir } from '../helpers/tmp.js';

// A large import reads its file in a thread of its own while the importing thread writes. The
// same file must give the same workspace, summary, refusal and rejects file either way: each
// case below is imported once read in the importing thread and once in the reader thread
// (the built bundle, forced on for files of any size), and the results compared.

const projectRoot = path.resolve(import.meta.dirname, '../..');
const readerScript = path.join(projectRoot, 'dist/node/read-worker.js');
const fixtures = path.join(projectRoot, 'test/fixtures');
const tempDir = useTempDir();
afterEach(() => useReaderThread(null));

const tables = ['deals', 'leads', 'spend', 'web', 'social', 'people', 'teams', 'sources', 'campaigns'];
const rollups = ['r_deals', 'r_spend', 'r_web'];

interface Outcome {
  summary: unknown;
  error: string | null;
  rows: unknown[][];
  rejects: string | null;
}

/** Imports `file` (copied into a folder of its own, where its rejects file goes) into a new workspace. */
async function importOnce(source: string, options: ImportFileOptions, inThread: boolean): Promise<Outcome> {
  const dir = tempDir();
  const file = path.join(dir, path.basename(source));
  fs.copyFileSync(source, file);
  useReaderThread(inThread ? readerScript : null, 0);
  const started = readerThreadsStarted.count;
  const ws = Workspace.create(path.join(dir, 'w.kinerja'), { locale: 'en-US' });
  try {
    let summary: unknown = null;
    let error: string | null = null;
    try {
      const s = await importFile(ws.db, ws.settings, file, options);
      summary = {
        ...s,
        file: path.basename(s.file),
        rejectsFile: s.rejectsFile && path.basename(s.rejectsFile),
      };
    } catch (e) {
      error = (e as Error).message.replaceAll(dir, '<dir>');
    }
    // Each way was really taken: a reader thread started for the one, none for the other.
    expect(readerThreadsStarted.count - started).toBe(inThread && options.kind !== 'kpi_values' ? 1 : 0);
    const rejects = `${file}.rejected.csv`;
    return {
      summary,
      error,
      rows: [...tables, ...rollups].map((t) => ws.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).raw().all()),
      rejects: fs.existsSync(rejects) ? fs.readFileSync(rejects, 'utf8') : null,
    };
  } finally {
    ws.close();
  }
}

async function bothWays(file: string, options: ImportFileOptions) {
  const here = await importOnce(file, options, false);
  const there = await importOnce(file, options, true);
  expect(there).toEqual(here);
  return here;
}

/** A deals file of `n` rows with a bad amount on each row listed in `bad`. */
function dealsFile(n: number, bad: number[] = []): string {
  const lines = ['No,Sales,Status,Nilai,Tanggal Dibuat,Tanggal Tutup'];
  for (let i = 1; i <= n; i++) {
    const amount = bad.includes(i) ? 'sejuta' : `${(i * 1234.5678).toFixed(4).replace('.', ',')}`;
    lines.push(
      `D-${i},Sales ${i % 7},${i % 3 ? 'Menang' : 'Kalah'},"${amount}",${String((i % 28) + 1).padStart(2, '0')}/01/2026,${String((i % 28) + 1).padStart(2, '0')}/03/2026`,
    );
  }
  const file = path.join(tempDir(), 'deals.csv');
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}
const dealsMap = [
  'No=external_id',
  'Sales=owner',
  'Status=status',
  'Nilai=amount',
  'Tanggal Dibuat=created_at',
  'Tanggal Tutup=closed_at',
];

describe('a file read in a reader thread gives what it gives read in the importing thread', () => {
  it.each([
    ['csv/salesforce-opportunities.csv', { kind: 'deals' }],
    ['csv/meta-ads-campaigns.csv', { kind: 'spend' }],
    ['csv/google-ads-campaign-report.csv', { kind: 'spend' }],
    ['csv/ua-browser-nl.csv', { kind: 'web', set: ['source=Website'] }],
    ['spreadsheets/pipeline.xlsx', { kind: 'deals' }],
  ] as [string, ImportFileOptions][])('%s', async (rel, options) => {
    const outcome = await bothWays(path.join(fixtures, rel), options);
    // The cases are imports that succeed, so the comparison is between two workspaces with rows.
    expect(outcome.error).toBeNull();
    expect(outcome.rows.flat().length).toBeGreaterThan(0);
  });

  it('40,000 rows, more than the reader may send ahead of the writer: every row arrives once', async () => {
    const outcome = await bothWays(dealsFile(40_000), { kind: 'deals', map: dealsMap });
    expect(outcome.summary).toMatchObject({ read: 40_000, inserted: 40_000 });
    expect(outcome.rows[0]).toHaveLength(40_000);
  });

  it('a file with problems is refused the same way, and leaves nothing behind', async () => {
    const outcome = await bothWays(dealsFile(3000, [17, 2500]), { kind: 'deals', map: dealsMap });
    expect(outcome.error).toMatch(/2 problems; nothing was imported/);
    expect(outcome.error).toMatch(/row 18, column Nilai \(amount\): 'sejuta'/);
    expect(outcome.rows[0]).toEqual([]);
  });

  it('--skip-invalid keeps the valid rows and writes the same rejects file', async () => {
    const outcome = await bothWays(dealsFile(3000, [17, 2500]), {
      kind: 'deals',
      map: dealsMap,
      skipInvalid: true,
    });
    expect(outcome.summary).toMatchObject({
      inserted: 2998,
      rejected: 2,
      rejectsFile: 'deals.csv.rejected.csv',
    });
    expect(outcome.rejects?.split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('a preview (dry run) shows the same first rows and problems, and writes nothing', async () => {
    const outcome = await bothWays(dealsFile(500, [3]), {
      kind: 'deals',
      map: dealsMap,
      dryRun: true,
      preview: 5,
    });
    expect(outcome.summary).toMatchObject({ dryRun: true, batchId: null });
    expect((outcome.summary as { preview: unknown[] }).preview).toHaveLength(5);
    expect(outcome.rows[0]).toEqual([]);
  });

  it('a file that is not there is named the same way', async () => {
    const missing = path.join(tempDir(), 'nowhere.csv');
    useReaderThread(readerScript, 0);
    const ws = Workspace.create(path.join(tempDir(), 'w.kinerja'), {});
    try {
      await expect(importFile(ws.db, ws.settings, missing, { kind: 'deals' })).rejects.toThrow(
        `${missing}: no such file`,
      );
      expect(ws.db.prepare('SELECT count(*) FROM import_batches').pluck().get()).toBe(0);
    } finally {
      ws.close();
    }
  });
});

describe('a file that changes while it is read', () => {
  it('is refused either way, naming the change, and nothing is imported', async () => {
    for (const inThread of [false, true]) {
      const file = dealsFile(30_000);
      useReaderThread(inThread ? readerScript : null, 0);
      const ws = Workspace.create(path.join(tempDir(), 'w.kinerja'), {});
      try {
        let cut = false;
        const outcome = importFile(ws.db, ws.settings, file, {
          kind: 'deals',
          map: dealsMap,
          // Once reading has begun, the file is cut short, as a download still running would be.
          onProgress: () => {
            if (cut) return;
            cut = true;
            fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
          },
        });
        await expect(outcome, `reader thread: ${inThread}`).rejects.toThrow(
          /the file changed while it was read .*nothing was imported/,
        );
        expect(ws.db.prepare('SELECT count(*) FROM deals').pluck().get()).toBe(0);
      } finally {
        ws.close();
      }
    }
  });
});
