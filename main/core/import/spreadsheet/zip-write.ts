/**
 * A minimal streaming zip writer: each entry is deflated as its pieces arrive and followed by a
 * data descriptor, so no entry has to be held in memory to learn its size first.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import zlib from 'node:zlib';

interface CentralRecord {
  name: Buffer;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  offset: number;
}

const FLAGS = 0x0808; // bit 3: sizes in a data descriptor; bit 11: UTF-8 names
const METHOD_DEFLATE = 8;
// 1980-01-01 00:00, the earliest DOS time; a fixed stamp keeps generated files reproducible.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const BATCH_CHARS = 64 * 1024;
const MAX_ZIP32 = 0xffffffff;

export type ZipPieces = Iterable<string | Buffer> | AsyncIterable<string | Buffer>;

export class ZipWriter {
  private offset = 0;
  private readonly records: CentralRecord[] = [];

  private constructor(private readonly out: fs.WriteStream) {}

  static async create(file: string): Promise<ZipWriter> {
    const out = fs.createWriteStream(file, { flags: 'wx' });
    await once(out, 'open');
    return new ZipWriter(out);
  }

  private async write(buf: Buffer): Promise<void> {
    this.offset += buf.length;
    if (!this.out.write(buf)) await once(this.out, 'drain');
  }

  async addEntry(name: string, pieces: ZipPieces): Promise<void> {
    const nameBytes = Buffer.from(name, 'utf8');
    const offset = this.offset;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(FLAGS, 6);
    local.writeUInt16LE(METHOD_DEFLATE, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt16LE(nameBytes.length, 26);
    await this.write(Buffer.concat([local, nameBytes]));

    const deflater = zlib.createDeflateRaw({ level: 6 });
    let compressedSize = 0;
    const drainOutput = (async () => {
      for await (const chunk of deflater as AsyncIterable<Buffer>) {
        compressedSize += chunk.length;
        await this.write(chunk);
      }
    })();
    let crc = 0;
    let uncompressedSize = 0;
    const pushBytes = async (bytes: Buffer): Promise<void> => {
      crc = zlib.crc32(bytes, crc);
      uncompressedSize += bytes.length;
      if (!deflater.write(bytes)) await once(deflater, 'drain');
    };
    try {
      // Small pieces (one row each) are batched; a zlib call per row would dominate the cost.
      let batch: string[] = [];
      let batchChars = 0;
      for await (const piece of pieces) {
        if (typeof piece !== 'string') {
          if (batch.length > 0) await pushBytes(Buffer.from(batch.join(''), 'utf8'));
          batch = [];
          batchChars = 0;
          await pushBytes(piece);
          continue;
        }
        batch.push(piece);
        batchChars += piece.length;
        if (batchChars >= BATCH_CHARS) {
          await pushBytes(Buffer.from(batch.join(''), 'utf8'));
          batch = [];
          batchChars = 0;
        }
      }
      if (batch.length > 0) await pushBytes(Buffer.from(batch.join(''), 'utf8'));
      deflater.end();
      await drainOutput;
    } catch (error) {
      deflater.destroy();
      await drainOutput.catch(() => {});
      throw error;
    }
    if (uncompressedSize > MAX_ZIP32 || compressedSize > MAX_ZIP32 || this.offset > MAX_ZIP32) {
      throw new RangeError(`The zip entry ${name} is larger than 4 GiB, which this writer does not support`);
    }
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(compressedSize, 8);
    descriptor.writeUInt32LE(uncompressedSize, 12);
    await this.write(descriptor);
    this.records.push({ name: nameBytes, crc32: crc >>> 0, compressedSize, uncompressedSize, offset });
  }

  async finish(): Promise<void> {
    const start = this.offset;
    for (const record of this.records) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(FLAGS, 8);
      header.writeUInt16LE(METHOD_DEFLATE, 10);
      header.writeUInt16LE(DOS_TIME, 12);
      header.writeUInt16LE(DOS_DATE, 14);
      header.writeUInt32LE(record.crc32, 16);
      header.writeUInt32LE(record.compressedSize, 20);
      header.writeUInt32LE(record.uncompressedSize, 24);
      header.writeUInt16LE(record.name.length, 28);
      header.writeUInt32LE(record.offset, 42);
      await this.write(Buffer.concat([header, record.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.records.length, 8);
    end.writeUInt16LE(this.records.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
    this.out.end();
    await once(this.out, 'close');
  }

  /** Closes the file without completing the archive (the caller removes it). */
  async abort(): Promise<void> {
    if (this.out.closed) return;
    this.out.destroy();
    await once(this.out, 'close').catch(() => {});
  }
}
