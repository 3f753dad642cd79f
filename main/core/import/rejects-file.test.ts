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
    const earlier = `${file}.rejected.csv`;
    fs.writeFileSync(earlier, 'rejects of an earlier import\n');
    const rejects = `${file}.rejected-2.csv`;
    const realWrite = fs.writeFileSync;
    vi.spyOn(fs, 'writeFileSync').mockImplementation((target, ...rest) => {
      if (String(target).includes('.rejected-2.csv.')) {
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
    expect(fs.readFileSync(earlier, 'utf8')).toBe('rejects of an earlier import\n');
    expect(fs.existsSync(rejects)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('never replaces the rejects of an earlier import: the next free name is used and the summary names it', async () => {
    const dir = tempDir();
    const ws = Workspace.create(path.join(dir, 'w.kinerja'), {});
    open.push(ws);
    const file = path.join(dir, 'deals.csv');
    fs.writeFileSync(file, deals);
    const first = await importFile(ws.db, ws.settings, file, { kind: 'deals', skipInvalid: true });
    expect(first.rejectsFile).toBe(`${file}.rejected.csv`);
    fs.writeFileSync(first.rejectsFile!, 'being fixed by hand\n');
    const second = await importFile(ws.db, ws.settings, file, { kind: 'deals', skipInvalid: true });
    expect(second.rejectsFile).toBe(`${file}.rejected-2.csv`);
    const third = await importFile(ws.db, ws.settings, file, { kind: 'deals', skipInvalid: true });
    expect(third.rejectsFile).toBe(`${file}.rejected-3.csv`);
    expect(fs.readFileSync(first.rejectsFile!, 'utf8')).toBe('being fixed by hand\n');
    expect(fs.readFileSync(second.rejectsFile!, 'utf8')).toContain('B,Budi,won,oops,2026-01-06');
  });

  it('neutralises formula-like cells as a CSV export does, so opening the rejects runs nothing', async () => {
    const dir = tempDir();
    const ws = Workspace.create(path.join(dir, 'w.kinerja'), {});
    open.push(ws);
    const file = path.join(dir, 'deals.csv');
    fs.writeFileSync(
      file,
      'external_id,owner,status,amount,closed_at\n' +
        'A,Budi,won,100,2026-01-05\n' +
        'B,"=HYPERLINK(""http://x.example"",""open"")",won,@SUM(1),2026-01-06\n' +
        'C,+Ani,won,-12,not a date\n',
    );
    const s = await importFile(ws.db, ws.settings, file, { kind: 'deals', skipInvalid: true });
    expect(s.rejected).toBe(2);
    const text = fs.readFileSync(s.rejectsFile!, 'utf8');
    expect(text).toContain(`B,"'=HYPERLINK(""http://x.example"",""open"")",won,'@SUM(1),2026-01-06,`);
    expect(text).toContain("C,'+Ani,won,-12,not a date,");
  });
});
