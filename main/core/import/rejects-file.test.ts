import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { useTempDir } from '../../../test/helpers/tmp.js';
import { Workspace } from '../workspace.js';
import { importFile } from './pipeline.js';

const tempDir = useTempDir();
const open: Workspace[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  open.splice(0).forEach((w) => w.close());
});

const deals =
  'external_id,owner,status,amount,closed_at\nA,Budi,won,100,2026-01-05\nB,Budi,won,oops,2026-01-06\n';

describe('the rejects file of an import with --skip-invalid', () => {
  it('a disk that is full when the rejects are written: a clear error, nothing imported, no partial file', async () => {
    const dir = tempDir();
    const ws = Workspace.create(path.join(dir, 'w.kinerja'), {});
    open.push(ws);
    const file = path.join(dir, 'deals.csv');
    fs.writeFileSync(file, deals);
    const rejects = `${file}.rejected.csv`;
    fs.writeFileSync(rejects, 'rejects of an earlier import\n');
    const realWrite = fs.writeFileSync;
    vi.spyOn(fs, 'writeFileSync').mockImplementation((target, ...rest) => {
      if (String(target).includes('.rejected.csv.')) {
        realWrite(target, 'external_id,ow');
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      return realWrite(target, ...rest);
    });
    const error = await importFile(ws.db, ws.settings, file, { kind: 'deals', skipInvalid: true }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KinerjaError);
    expect((error as KinerjaError).message).toBe(
      `${rejects}: the disk is full; free some space or choose another drive; nothing was written`,
    );
    expect(ws.db.prepare('SELECT count(*) FROM deals').pluck().get()).toBe(0);
    expect(fs.readFileSync(rejects, 'utf8')).toBe('rejects of an earlier import\n');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
