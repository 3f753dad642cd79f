/**
 * A streaming scanner for the XML that spreadsheet parts are made of. It understands exactly
 * what SpreadsheetML needs (elements, attributes, text, CDATA, comments, processing
 * instructions) and refuses DOCTYPEs, so no entity or external reference is ever expanded.
 * Text arrives in arbitrary chunks; whatever is cut at a chunk's end waits for the next one.
 */

export class XmlError extends Error {}

export interface XmlHandler {
  /** `name` has its namespace prefix removed; `attrs` is the raw attribute text (see {@link parseAttrs}). */
  open(name: string, attrs: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Character data with entities already decoded. Whitespace between elements is reported too. */
  text(value: string): void;
}

// A tag or text run longer than this is not a spreadsheet any program wrote; stop before the
// pending buffer eats the memory the streaming design exists to save.
const MAX_PENDING_CHARS = 16 * 1024 * 1024;

const SLASH = 47; // /
const QUOTE = 34; // "
const APOS = 39; // '
const BANG = 33; // !
const QUESTION = 63; // ?

const namedEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.charCodeAt(0) === 35) {
      const code =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    }
    return Object.hasOwn(namedEntities, body) ? namedEntities[body]! : whole;
  });
}

/** The start of `<!--`, `<![CDATA[` or `<!DOCTYPE` cut off by the end of a chunk. */
function isCutDeclaration(rest: string): boolean {
  return '<!--'.startsWith(rest) || '<![CDATA['.startsWith(rest) || '<!DOCTYPE'.startsWith(rest);
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/** The local name (prefix dropped) of the qualified name in buf[start, end). */
function nameAt(buf: string, start: number, end: number): string {
  for (let i = start; i < end; i += 1) {
    if (buf.charCodeAt(i) === 58) return nameAt(buf, i + 1, end);
  }
  // One-letter names (c, v, t, f) are most of a sheet's tags; share their strings.
  if (end - start === 1) {
    const code = buf.charCodeAt(start);
    if (code < 128) return (oneLetterNames[code] ??= String.fromCharCode(code));
  }
  return buf.slice(start, end);
}

const oneLetterNames: string[] = [];

/** Position of `needle` at or after `from`, or Infinity when there is none. */
function indexOrEnd(buf: string, needle: string, from: number): number {
  const at = buf.indexOf(needle, from);
  return at < 0 ? Infinity : at;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/**
 * Attributes of one tag into `out` (cleared first), keyed by local name; namespace declarations
 * are skipped. A Map keeps names such as `__proto__` inert.
 */
export function parseAttrs(raw: string, out: Map<string, string>): Map<string, string> {
  out.clear();
  const length = raw.length;
  let i = 0;
  while (i < length) {
    while (i < length && isSpace(raw.charCodeAt(i))) i += 1;
    if (i >= length) break;
    const nameStart = i;
    while (i < length) {
      const c = raw.charCodeAt(i);
      if (c === 61 /* = */ || isSpace(c)) break;
      i += 1;
    }
    const name = raw.slice(nameStart, i);
    while (i < length && isSpace(raw.charCodeAt(i))) i += 1;
    if (raw.charCodeAt(i) !== 61) throw new XmlError(`malformed attribute '${name.slice(0, 40)}'`);
    i += 1;
    while (i < length && isSpace(raw.charCodeAt(i))) i += 1;
    const quote = raw.charCodeAt(i);
    if (quote !== QUOTE && quote !== APOS) throw new XmlError(`unquoted attribute '${name.slice(0, 40)}'`);
    const end = raw.indexOf(quote === QUOTE ? '"' : "'", i + 1);
    if (end < 0) throw new XmlError(`unterminated attribute '${name.slice(0, 40)}'`);
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) {
      out.set(localName(name), decodeEntities(raw.slice(i + 1, end)));
    }
    i = end + 1;
  }
  return out;
}

/** One attribute without building a map, for the hot path of sheet cells. */
export function getAttr(raw: string, name: string): string | undefined {
  let from = 0;
  for (;;) {
    const at = raw.indexOf(name, from);
    if (at < 0) return undefined;
    from = at + name.length;
    const before = at === 0 ? 32 : raw.charCodeAt(at - 1);
    if (!isSpace(before) && before !== 58 /* : */) continue;
    let i = from;
    while (i < raw.length && isSpace(raw.charCodeAt(i))) i += 1;
    if (raw.charCodeAt(i) !== 61) continue;
    i += 1;
    while (i < raw.length && isSpace(raw.charCodeAt(i))) i += 1;
    const quote = raw.charCodeAt(i);
    if (quote !== QUOTE && quote !== APOS) throw new XmlError(`unquoted attribute '${name}'`);
    const end = raw.indexOf(quote === QUOTE ? '"' : "'", i + 1);
    if (end < 0) throw new XmlError(`unterminated attribute '${name}'`);
    // A prefixed match (`x:r`) only counts when it is not a namespace declaration.
    if (before === 58) {
      let p = at - 2;
      while (p >= 0 && !isSpace(raw.charCodeAt(p))) p -= 1;
      if (raw.slice(p + 1, at - 1) === 'xmlns') {
        from = end + 1;
        continue;
      }
    }
    return decodeEntities(raw.slice(i + 1, end));
  }
}

export class XmlScanner {
  private pending = '';
  private started = false;
  private stopped = false;

  constructor(private readonly handler: XmlHandler) {}

  /** Ends scanning early; later chunks are ignored (used once a sheet's data is complete). */
  stop(): void {
    this.stopped = true;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  write(chunk: string): void {
    if (this.stopped) return;
    let buf = this.pending.length > 0 ? this.pending + chunk : chunk;
    if (!this.started) {
      if (buf.length > 0 && buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
      if (buf.length > 0) this.started = true;
    }
    const handler = this.handler;
    const length = buf.length;
    let pos = 0;
    let nextQuote = -1;
    let nextApos = -1;
    let nextLt = -1;
    while (pos < length && !this.stopped) {
      if (nextLt < pos) nextLt = indexOrEnd(buf, '<', pos);
      if (nextLt === Infinity) break;
      const lt = nextLt;
      if (lt > pos) handler.text(decodeEntities(buf.slice(pos, lt)));
      pos = lt;
      const next = buf.charCodeAt(lt + 1);
      if (Number.isNaN(next)) break;
      if (next === BANG) {
        if (buf.startsWith('<!--', lt)) {
          const end = buf.indexOf('-->', lt + 4);
          if (end < 0) break;
          pos = end + 3;
        } else if (buf.startsWith('<![CDATA[', lt)) {
          const end = buf.indexOf(']]>', lt + 9);
          if (end < 0) break;
          handler.text(buf.slice(lt + 9, end));
          pos = end + 3;
        } else if (lt + 9 > length && isCutDeclaration(buf.slice(lt))) {
          break;
        } else {
          throw new XmlError('DOCTYPE and other declarations are not accepted');
        }
        continue;
      }
      if (next === QUESTION) {
        const end = buf.indexOf('?>', lt + 2);
        if (end < 0) break;
        pos = end + 2;
        continue;
      }
      // The tag ends at the first '>' outside quoted attribute values. Found with indexOf and
      // cached positions of the next quotes, as a per-character walk costs most of the scan.
      let i = buf.indexOf('>', lt + 1);
      if (i < 0) break;
      let from = lt + 1;
      let complete = true;
      for (;;) {
        if (nextQuote < from) nextQuote = indexOrEnd(buf, '"', from);
        if (nextApos < from) nextApos = indexOrEnd(buf, "'", from);
        const q = nextQuote < nextApos ? nextQuote : nextApos;
        if (q > i) break;
        const closing = buf.indexOf(q === nextQuote ? '"' : "'", q + 1);
        if (closing < 0) {
          complete = false;
          break;
        }
        from = closing + 1;
        if (closing > i) {
          i = buf.indexOf('>', from);
          if (i < 0) {
            complete = false;
            break;
          }
        }
      }
      if (!complete) break;
      nextLt = indexOrEnd(buf, '<', lt + 1);
      if (nextLt < i) throw new XmlError('a tag is not closed before the next one begins');
      if (next === SLASH) {
        let end = i;
        while (end > lt + 2 && isSpace(buf.charCodeAt(end - 1))) end -= 1;
        handler.close(nameAt(buf, lt + 2, end));
      } else {
        const selfClosing = buf.charCodeAt(i - 1) === SLASH;
        const innerEnd = selfClosing ? i - 1 : i;
        let n = lt + 1;
        while (n < innerEnd && !isSpace(buf.charCodeAt(n))) n += 1;
        const name = nameAt(buf, lt + 1, n);
        if (name.length === 0) throw new XmlError('an element has no name');
        handler.open(name, n < innerEnd ? buf.slice(n, innerEnd) : '', selfClosing);
        if (selfClosing && !this.stopped) handler.close(name);
      }
      pos = i + 1;
    }
    this.pending = this.stopped ? '' : buf.slice(pos);
    if (this.pending.length > MAX_PENDING_CHARS) {
      throw new XmlError('a single tag or text run is longer than 16 MiB');
    }
  }

  /** Call after the last chunk: anything left over is an unfinished tag. */
  end(): void {
    if (this.stopped) return;
    const rest = this.pending;
    this.pending = '';
    if (rest.indexOf('<') >= 0) throw new XmlError('the document ends inside a tag');
    if (rest.trim().length > 0) this.handler.text(decodeEntities(rest));
  }
}
