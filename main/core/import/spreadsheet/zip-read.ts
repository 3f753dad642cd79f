/**
 * A zip reader made for untrusted XLSX files: it trusts the central directory only after checking
 * it against the file, and inflates one entry at a time as a stream so a caller can parse while
 * the limits of {@link ZipLimits} are enforced on the bytes actually produced.
 */
import type { FileHandle } from 'node:fs/promises';
import { pipeline, PassThrough, Readable } from 'node:stream';
import zlib from 'node:zlib';
import {
  fail,
  formatBytes,
  RATIO_APPLIES_ABOVE_BYTES,
  SpreadsheetError,
  zipBomb,
  type ZipLimits,
} from './errors.js';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
// The central directory is read into memory; real workbooks need a few KiB per hundred parts.
const MAX_CENTRAL_DIRECTORY_BYTES = 64 * 1024 * 1024;
const READ_CHUNK = 64 * 1024;

function readU64(buf: Buffer, at: number): number {
  const value = buf.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return Number.MAX_SAFE_INTEGER;
  return Number(value);
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buf : buf.subarray(0, done);
}

/** Tracks what one read of a workbook has inflated so far, across all the entries it opens. */
export class InflateBudget {
  inflated = 0;
  constructor(readonly limits: ZipLimits) {}
}

export class ZipReader {
  private readonly byName = new Map<string, ZipEntry>();
  private readonly byLowerName = new Map<string, ZipEntry>();

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    readonly size: number,
    readonly entries: ZipEntry[],
  ) {
    for (const entry of entries) {
      if (this.byName.has(entry.name)) {
        // Two entries with one name let different readers see different workbooks.
        fail(file, `the archive is corrupt (it holds the entry ${entry.name} twice)`);
      }
      this.byName.set(entry.name, entry);
      const lower = entry.name.toLowerCase();
      if (!this.byLowerName.has(lower)) this.byLowerName.set(lower, entry);
    }
  }

  static async open(file: string, handle: FileHandle, size: number, limits: ZipLimits): Promise<ZipReader> {
    const corrupt = (why: string): never => fail(file, `the file is truncated or corrupt (${why})`);
    const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT);
    const tail = await readAt(handle, size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - EOCD_SIZE; i >= 0; i -= 1) {
      if (
        tail.readUInt32LE(i) === EOCD_SIGNATURE &&
        i + EOCD_SIZE + tail.readUInt16LE(i + 20) <= tail.length
      ) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) corrupt('no zip directory at its end');
    const eocdOffset = size - tailLength + eocd;
    let diskNumber = tail.readUInt16LE(eocd + 4);
    let directoryDisk = tail.readUInt16LE(eocd + 6);
    let entryCount = tail.readUInt16LE(eocd + 10);
    let directorySize = tail.readUInt32LE(eocd + 12);
    let directoryOffset = tail.readUInt32LE(eocd + 16);
    let directoryEnd = eocdOffset;

    const needsZip64 =
      entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff;
    if (needsZip64 || (eocd >= 20 && tail.readUInt32LE(eocd - 20) === ZIP64_LOCATOR_SIGNATURE)) {
      if (eocd < 20 || tail.readUInt32LE(eocd - 20) !== ZIP64_LOCATOR_SIGNATURE) {
        corrupt('its ZIP64 directory locator is missing');
      }
      const recordOffset = readU64(tail, eocd - 20 + 8);
      if (recordOffset + 56 > eocdOffset) corrupt('its ZIP64 directory points outside the file');
      const record = await readAt(handle, recordOffset, 56);
      if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE) {
        corrupt('its ZIP64 directory is damaged');
      }
      diskNumber = record.readUInt32LE(16);
      directoryDisk = record.readUInt32LE(20);
      entryCount = readU64(record, 32);
      directorySize = readU64(record, 40);
      directoryOffset = readU64(record, 48);
      directoryEnd = recordOffset;
    }
    if (diskNumber !== 0 || directoryDisk !== 0) {
      fail(file, 'the workbook is a multi-part (split) zip archive, which cannot be read');
    }
    if (entryCount > limits.maxEntries) {
      zipBomb(file, `it has ${entryCount} entries; at most ${limits.maxEntries} are accepted`);
    }
    if (directoryOffset + directorySize > directoryEnd) corrupt('its zip directory points outside the file');
    if (directorySize > MAX_CENTRAL_DIRECTORY_BYTES) corrupt('its zip directory is implausibly large');

    const directory = await readAt(handle, directoryOffset, directorySize);
    if (directory.length < directorySize) corrupt('its zip directory is cut short');
    const entries: ZipEntry[] = [];
    let at = 0;
    for (let n = 0; n < entryCount; n += 1) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
        corrupt('its zip directory is damaged');
      }
      const flags = directory.readUInt16LE(at + 8);
      const method = directory.readUInt16LE(at + 10);
      const crc32 = directory.readUInt32LE(at + 16);
      let compressedSize = directory.readUInt32LE(at + 20);
      let uncompressedSize = directory.readUInt32LE(at + 24);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      let localHeaderOffset = directory.readUInt32LE(at + 42);
      const nameStart = at + 46;
      const extraStart = nameStart + nameLength;
      const next = extraStart + extraLength + commentLength;
      if (next > directory.length) corrupt('its zip directory is damaged');
      const rawName = directory.subarray(nameStart, extraStart);
      // Bit 11 marks UTF-8 names; older tools write code page 437, which agrees on ASCII.
      const name = (flags & 0x800 ? rawName.toString('utf8') : rawName.toString('latin1')).replace(
        /\\/g,
        '/',
      );

      for (let x = extraStart; x + 4 <= extraStart + extraLength;) {
        const id = directory.readUInt16LE(x);
        const length = directory.readUInt16LE(x + 2);
        if (id === 0x0001) {
          let field = x + 4;
          const end = field + length;
          if (uncompressedSize === 0xffffffff && field + 8 <= end) {
            uncompressedSize = readU64(directory, field);
            field += 8;
          }
          if (compressedSize === 0xffffffff && field + 8 <= end) {
            compressedSize = readU64(directory, field);
            field += 8;
          }
          if (localHeaderOffset === 0xffffffff && field + 8 <= end) {
            localHeaderOffset = readU64(directory, field);
          }
        }
        x += 4 + length;
      }
      if (localHeaderOffset + 30 + compressedSize > directoryOffset) {
        corrupt(`the entry ${name} points outside the file`);
      }
      entries.push({ name, method, flags, crc32, compressedSize, uncompressedSize, localHeaderOffset });
      at = next;
    }
    return new ZipReader(file, handle, size, entries);
  }

  /** Exact name first; some writers vary the case of part names, which Excel tolerates. */
  find(name: string): ZipEntry | undefined {
    return this.byName.get(name) ?? this.byLowerName.get(name.toLowerCase());
  }

  /**
   * Inflated bytes of one entry, chunk by chunk. Stops with a {@link SpreadsheetError} as soon as
   * a limit is passed, and verifies size and CRC when the entry is read to its end.
   */
  async *read(
    entry: ZipEntry,
    budget: InflateBudget,
    onCompressedBytes?: (bytes: number) => void,
  ): AsyncGenerator<Buffer, void, undefined> {
    const { file } = this;
    const { limits } = budget;
    if (entry.flags & 0x1)
      fail(file, `the workbook is password-protected (entry ${entry.name} is encrypted)`);
    if (entry.method !== 0 && entry.method !== 8) {
      fail(
        file,
        `the entry ${entry.name} uses zip compression method ${entry.method}, which is not supported`,
      );
    }
    const beyond = (what: string): never => zipBomb(file, `entry ${entry.name} inflates beyond ${what}`);
    const totalLimit = `the limit of ${formatBytes(limits.maxTotalInflatedBytes)} unpacked in total`;
    // Declared sizes are checked first so an honest bomb is refused without inflating anything.
    if (budget.inflated + entry.uncompressedSize > limits.maxTotalInflatedBytes) beyond(totalLimit);
    const ratioLimit = `${limits.maxRatio} times its compressed size`;
    if (
      entry.uncompressedSize > RATIO_APPLIES_ABOVE_BYTES &&
      entry.uncompressedSize > limits.maxRatio * Math.max(entry.compressedSize, 1)
    ) {
      beyond(ratioLimit);
    }

    const header = await readAt(this.handle, entry.localHeaderOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_SIGNATURE) {
      fail(file, `the file is truncated or corrupt (the entry ${entry.name} is damaged)`);
    }
    const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (dataStart + entry.compressedSize > this.size) {
      fail(file, `the file is truncated or corrupt (the entry ${entry.name} is cut short)`);
    }
    if (entry.compressedSize === 0) {
      if (entry.method === 8 || entry.uncompressedSize !== 0) {
        fail(file, `the file is truncated or corrupt (the entry ${entry.name} is empty)`);
      }
      return;
    }

    // FileHandle.createReadStream closes the shared handle when it ends, so read by position.
    const handle = this.handle;
    const source = Readable.from(
      (async function* () {
        const end = dataStart + entry.compressedSize;
        for (let at = dataStart; at < end;) {
          const chunk = await readAt(handle, at, Math.min(READ_CHUNK, end - at));
          if (chunk.length === 0) return;
          at += chunk.length;
          onCompressedBytes?.(chunk.length);
          yield chunk;
        }
      })(),
      { objectMode: false },
    );
    const inflater: Readable & NodeJS.WritableStream =
      entry.method === 8 ? zlib.createInflateRaw({ chunkSize: READ_CHUNK }) : new PassThrough();
    pipeline(source, inflater, () => {
      // Errors surface through the iteration below; this callback only keeps pipeline quiet.
    });

    let produced = 0;
    let crc = 0;
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) {
        produced += chunk.length;
        budget.inflated += chunk.length;
        if (produced > entry.uncompressedSize) {
          beyond(`its declared size of ${formatBytes(entry.uncompressedSize)}`);
        }
        if (budget.inflated > limits.maxTotalInflatedBytes) beyond(totalLimit);
        if (produced > RATIO_APPLIES_ABOVE_BYTES && produced > limits.maxRatio * entry.compressedSize) {
          beyond(ratioLimit);
        }
        crc = zlib.crc32(chunk, crc);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof SpreadsheetError) throw error;
      const why = error instanceof Error ? error.message : String(error);
      fail(file, `the file is truncated or corrupt (the entry ${entry.name} cannot be unpacked: ${why})`);
    } finally {
      source.destroy();
      inflater.destroy();
    }
    if (produced !== entry.uncompressedSize || crc !== entry.crc32) {
      fail(file, `the file is truncated or corrupt (the entry ${entry.name} fails its checksum)`);
    }
  }
}
