/**
 * Byte-level decisions for text tables: which encoding a file uses, whether it is text at all,
 * and decoders that can be fed chunk by chunk so no file is ever held in memory whole.
 */

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface ByteOrderMark {
  encoding: 'utf-8-bom' | 'utf-16le' | 'utf-16be';
  length: number;
}

/** How many leading bytes the binary check looks at. */
export const SNIFF_BYTES = 8192;

export function byteOrderMark(head: Uint8Array): ByteOrderMark | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8-bom', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * Windows-1252 differs from Latin-1 only in 0x80–0x9F. Node 20's TextDecoder('windows-1252')
 * decodes those bytes as Latin-1 C1 controls (nodejs/node#60888), which would turn the curly
 * quotes and `„` of real cp1252 exports into invisible characters, so the table is applied here.
 * The five bytes Windows leaves undefined map to the same C1 code points, as in the WHATWG index.
 */
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]!);
}

const CP1252_BYTE = new Map([...CP1252_80_9F].map((c, i) => [c.charCodeAt(0), 0x80 + i]));

/** A UTF-8 lead byte followed by a continuation byte, as Windows-1252 shows them ("Ã¼" for "ü"). */
const UTF8_AS_CP1252 =
  /[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * What UTF-8 text pasted into a Windows-1252 file holds in practice: Latin letters with accents
 * (Latin-1 and Latin Extended-A), dashes, curly quotes, `…`, `€`, `™`. Other decodings (`è•—`
 * reads as UTF-8 `蕗`) are far likelier real Windows-1252 text, and are left as they are.
 */
const PLAUSIBLE_UTF8 = /^[\u0020-\u007f\t\r\n\u00a0-\u017f\u2013-\u2026\u20ac\u2122]*$/;

/**
 * Text decoded as Windows-1252 whose bytes were in fact UTF-8 (a file whose rows were pasted
 * together from two sources), decoded again as UTF-8; null when it is not such text.
 */
export function utf8ReadAsWindows1252(text: string): string | null {
  if (!UTF8_AS_CP1252.test(text)) return null;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const b = c < 0x100 ? c : CP1252_BYTE.get(c);
    if (b === undefined) return null;
    bytes[i] = b;
  }
  let decoded: string;
  try {
    decoded = strictUtf8.decode(bytes);
  } catch {
    return null;
  }
  return PLAUSIBLE_UTF8.test(decoded) ? decoded : null;
}

/** Raised when bytes are not UTF-8; the reader decides whether to fall back or to stop. */
export class InvalidUtf8Error extends Error {
  constructor() {
    super('the bytes are not valid UTF-8');
    this.name = 'InvalidUtf8Error';
  }
}

export interface ChunkDecoder {
  /** Decodes the next chunk; `final` flushes a character split across the last two chunks. */
  decode(bytes: Uint8Array, final: boolean): string;
}

/**
 * `strict` makes UTF-8 throw InvalidUtf8Error instead of writing U+FFFD, which is how the
 * Windows-1252 fallback is detected. A byte-order mark is never part of the text: the reader
 * starts after it, and a second one left inside the text is removed from the header later.
 */
export function chunkDecoder(encoding: TextEncodingName, strict: boolean): ChunkDecoder {
  if (encoding === 'windows-1252') return { decode: (bytes) => decodeWindows1252(bytes) };
  const label = encoding === 'utf-16le' || encoding === 'utf-16be' ? encoding : 'utf-8';
  const decoder = new TextDecoder(label, { fatal: strict && label === 'utf-8', ignoreBOM: true });
  return {
    decode(bytes, final) {
      try {
        return decoder.decode(bytes, { stream: !final });
      } catch (e) {
        if (e instanceof TypeError) throw new InvalidUtf8Error();
        throw e;
      }
    },
  };
}

/**
 * Text tables hold next to no control characters; random bytes give about 12 % of them
 * (33 of 256 values), so a tenth is far above any real export and below any binary blob.
 */
const CONTROL_SHARE_LIMIT = 0.1;

/**
 * A binary file renamed `.csv` (an XLSX is a ZIP, an XLS an OLE2 file, images, PDFs): NUL bytes
 * never occur in 8-bit or UTF-8 text, and UTF-16 is only trusted with its byte-order mark.
 */
export function looksBinary(head: Uint8Array, encoding: TextEncodingName, hasBom: boolean): boolean {
  const utf16 = encoding === 'utf-16le' || encoding === 'utf-16be';
  if (!(utf16 && hasBom) && head.includes(0)) return true;
  const text = chunkDecoder(encoding, false).decode(head, false);
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f) control++;
  }
  return text.length > 0 && control / text.length > CONTROL_SHARE_LIMIT;
}

/**
 * UTF-16 text saved without its byte-order mark: every other byte is NUL (the high byte of an
 * ASCII character) and the bytes between are text. Returns the byte order, or null.
 */
export function utf16WithoutMark(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(head.length / 2);
  if (pairs < 2) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  if (oddNul >= pairs * 0.7 && evenNul === 0) return 'utf-16le';
  if (evenNul >= pairs * 0.7 && oddNul === 0) return 'utf-16be';
  return null;
}

/**
 * Why a file that failed the binary check is not read, as specific as the bytes allow: UTF-16
 * without a mark and text with stray NUL bytes are said as such (with the line of the first NUL),
 * so the user knows to save the file again rather than look for another one.
 */
export function describeNonText(head: Uint8Array): { message: string; line: number | null } {
  const utf16 = utf16WithoutMark(head);
  if (utf16)
    return {
      message: `this is ${utf16 === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'} text without a byte-order mark, which cannot be read reliably; save it again as CSV UTF-8 (or UTF-16 with a byte-order mark)`,
      line: null,
    };
  const nul = head.indexOf(0);
  if (nul >= 0) {
    const rest = head.filter((b) => b !== 0);
    if (!looksBinary(rest, 'utf-8', false)) {
      let line = 1;
      for (let i = 0; i < nul; i++) {
        if (head[i] === 0x0a || (head[i] === 0x0d && head[i + 1] !== 0x0a)) line++;
      }
      return {
        message: `the text holds NUL bytes (the first at byte ${nul + 1}), which a text table never does; the file is damaged or not a CSV file. Export it again`,
        line,
      };
    }
  }
  return { message: 'this is not a text table (it looks like a binary file)', line: null };
}
