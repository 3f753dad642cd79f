import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KinerjaError } from '../../../shared/contract/errors.js';
import { useTempDir } from '../../../test/helpers/tmp.js';
import {
  describeWriteError,
  fileStreams,
  streamFileAtomically,
  writeFileAtomically,
  writeFileAtomicallySync,
} from './atomic-write.js';

const tempDir = useTempDir();
afterEach(() => vi.restoreAllMocks());

/** A disk that takes `room` bytes into the real file and then reports ENOSPC, as a full one does. */
function fillingDisk(room: number) {
  return (file: string): Writable => {
    const fd = fs.openSync(file, 'wx');
    let used = 0;
    return new Writable({
      write(chunk: Buffer, _enc, done) {
        if (used + chunk.length > room) {
          const take = room - used;
          if (take > 0) fs.writeSync(fd, chunk.subarray(0, take));
          used = room;
          done(Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC' }));
          return;
        }
        fs.writeSync(fd, chunk);
        used += chunk.length;
        done();
      },
      destroy(error, done) {
        fs.closeSync(fd);
        done(error);
      },
      final(done) {
        fs.closeSync(fd);
        done();
      },
    });
  };
}

const chunks = function* (n: number) {
  for (let i = 0; i < n; i += 1) yield `row ${i} ${'x'.repeat(100)}\n`;
};

async function rejection(p: Promise<unknown>): Promise<KinerjaError> {
  try {
    await p;
  } catch (error) {
    return error as KinerjaError;
  }
  throw new Error('expected the write to fail');
}

describe('atomic file writes', () => {
  it('a missing folder is a message naming the path, and nothing is created', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'no-such-folder', 'out.csv');
    const error = await rejection(streamFileAtomically(file, chunks(10)));
    expect(error).toBeInstanceOf(KinerjaError);
    expect(error.kind).toBe('invalid_request');
    expect(error.message).toBe(
      `${file}: the folder ${path.dirname(file)} does not exist; choose an existing folder`,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a disk that fills up half way leaves the previous file intact and no temporary file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'report.csv');
    fs.writeFileSync(file, 'the previous export\n');
    vi.spyOn(fileStreams, 'create').mockImplementation(fillingDisk(50_000));
    const error = await rejection(streamFileAtomically(file, chunks(10_000)));
    expect(error).toBeInstanceOf(KinerjaError);
    expect(error.message).toBe(
      `${file}: the disk is full; free some space or choose another drive; nothing was written`,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('the previous export\n');
    expect(fs.readdirSync(dir)).toEqual(['report.csv']);
  });

  it('replaces the destination only once the new file is complete', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'report.csv');
    fs.writeFileSync(file, 'old\n');
    let seenWhileWriting: string | null = null;
    await writeFileAtomically(file, (temp) => {
      fs.writeFileSync(temp, 'new\n');
      seenWhileWriting = fs.readFileSync(file, 'utf8');
    });
    expect(seenWhileWriting).toBe('old\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('new\n');
    expect(fs.readdirSync(dir)).toEqual(['report.csv']);
  });

  it('refuses an existing name when asked to, and a folder given as the file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'taken.csv');
    fs.writeFileSync(file, 'keep');
    const taken = await rejection(writeFileAtomically(file, () => {}, { refuseExisting: true }));
    expect(taken.kind).toBe('conflict');
    expect(taken.message).toContain(file);
    const folder = await rejection(writeFileAtomically(dir, () => {}));
    expect(folder.message).toBe(`${dir}: this is a folder; give a file name`);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep');
  });

  it('an error of the content keeps its own type and still removes the temporary file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'out.csv');
    class ContentError extends Error {}
    const error = await rejection(
      writeFileAtomically(file, (temp) => {
        fs.writeFileSync(temp, 'half');
        throw new ContentError('row 3 is bad');
      }),
    );
    expect(error).toBeInstanceOf(ContentError);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('SQLite reporting a full disk while it writes a copy is the same clear message', () => {
    const dir = tempDir();
    const file = path.join(dir, 'w.kinerja.v1.bak');
    let error: unknown;
    try {
      writeFileAtomicallySync(file, (temp) => {
        fs.writeFileSync(temp, 'half a database');
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KinerjaError);
    expect((error as KinerjaError).message).toBe(
      `${file}: the disk is full; free some space or choose another drive; nothing was written`,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('two writers to one new name', () => {
  it('the second to finish is told the name was taken meanwhile, and the first file stays whole', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'backup.kinerja');
    let releaseSlow: () => void = () => undefined;
    const slowMayFinish = new Promise<void>((resolve) => (releaseSlow = resolve));
    // Both pass the "does it exist yet?" check before either has written anything.
    const slow = writeFileAtomically(
      out,
      async (temp) => {
        await slowMayFinish;
        fs.writeFileSync(temp, 'the slow one');
      },
      { refuseExisting: true },
    );
    const fast = writeFileAtomically(out, (temp) => fs.writeFileSync(temp, 'the fast one'), {
      refuseExisting: true,
    });
    await expect(fast).resolves.toBe(out);
    releaseSlow();
    await expect(slow).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringMatching(/backup\.kinerja: a file with this name appeared meanwhile/),
    });
    expect(fs.readFileSync(out, 'utf8')).toBe('the fast one');
    expect(fs.readdirSync(dir)).toEqual(['backup.kinerja']);
  });
});

describe('a write stopped by the disk', () => {
  it('names the disk, not the stream that was aborted because of it', () => {
    const full = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    const aborted = Object.assign(new Error('The operation was aborted'), { code: 'ABORT_ERR', cause: full });
    expect(describeWriteError('/media/usb/laporan.xlsx', aborted).message).toBe(
      '/media/usb/laporan.xlsx: the disk is full; free some space or choose another drive; nothing was written',
    );
  });
});
