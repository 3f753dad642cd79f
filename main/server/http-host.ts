import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Dispatch } from '../core/dispatch.js';
import { UPLOAD_DIR_PREFIX } from '../core/import/pipeline.js';

/**
 * Browser mode: the same renderer and the same handlers as the desktop app, served over
 * loopback HTTP. Other programs on the machine and web pages in the user's browser must
 * not be able to drive it, so every API call and upload needs the per-run token in the
 * `X-Kinerja-Token` header, a loopback Host header (against DNS rebinding) and, when the
 * browser sends one, a loopback Origin. The token is never put in a cookie: browsers send
 * cookies to every port of 127.0.0.1, so any other local listener the browser visits would
 * receive it. The page moves it from the printed URL into sessionStorage (kept per origin,
 * port included) and sends it as the header. The page and its scripts hold no data and are
 * served without the token.
 */
export interface HttpHostOptions {
  dispatch: Dispatch;
  /** The built renderer (index.html and assets). */
  staticDir: string;
  /** 0 or omitted: the OS picks a free port. */
  port?: number;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
}

export interface HttpHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;
/** Largest file the import wizard may upload in browser mode (a 1M-row CRM export is ~170 MB). */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

/** Percent-decoding that says "bad request" instead of throwing (`/%E0%A4%A`). */
class BadRequest extends Error {}
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new BadRequest(`Bad request: the address is not valid percent-encoding`);
  }
}

function send(
  res: http.ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'Referrer-Policy': 'no-referrer',
  });
  res.end(body);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The uploaded file's own name, safe to create: no folders, no control or reserved characters,
 * and at most 200 bytes of UTF-8 (file systems count bytes), cut between characters and
 * keeping the extension the importer reads the format from.
 */
export function fileNameOf(raw: string): string {
  const base = path
    .basename(raw.replace(/\\/g, '/'))
    .replace(/[<>:"|?*]/g, '_')
    // Control characters have no place in a file name (and NUL would cut it short).
    .replace(/\p{Cc}/gu, '_')
    // A leading dot would hide the file, and hidden files are refused when the import reads it.
    .replace(/^\.+/, '');
  const ext = path.extname(base).slice(0, 16);
  let stem = base.slice(0, base.length - path.extname(base).length);
  while (Buffer.byteLength(stem + ext) > 200) stem = [...stem].slice(0, -1).join('');
  return stem + ext || 'upload';
}

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url');
  const staticRoot = path.resolve(options.staticDir);
  let port = options.port ?? 0;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (e instanceof BadRequest && !res.headersSent) send(res, 400, e.message);
      else if (!res.headersSent) send(res, 500, 'Internal error');
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (!allowedHosts().includes(host))
      return send(res, 403, `Forbidden: unexpected Host header '${host.slice(0, 100)}'`);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().some((h) => origin === `http://${h}`)) {
      return send(res, 403, `Forbidden: requests from origin '${origin.slice(0, 100)}' are not accepted`);
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${host}`);
    } catch {
      return send(res, 400, 'Bad request: the address cannot be read');
    }
    const isApi = url.pathname.startsWith('/api/') || url.pathname === '/upload';
    const queryToken = url.searchParams.get('token');
    // The printed URL: a wrong (say, last run's) token is said at once rather than on the first call.
    if (!isApi && queryToken !== null && !safeEqual(queryToken, token)) {
      return send(res, 401, 'Unauthorized: wrong token; open the URL `kinerja serve` printed this time');
    }
    const presented = req.headers['x-kinerja-token'];
    if (isApi && (typeof presented !== 'string' || !safeEqual(presented, token))) {
      return send(res, 401, 'Unauthorized: open the URL printed by `kinerja serve` (it carries the token)');
    }
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url.pathname.slice('/api/'.length));
    if (url.pathname === '/upload') return handleUpload(req, res, url.searchParams.get('name') ?? '');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    return serveStatic(res, url.pathname);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, 'Use POST for API calls');
    // A JSON content type cannot be sent cross-site without a CORS preflight, which we never grant.
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return send(res, 415, 'API calls must send application/json');
    }
    let payload: unknown;
    try {
      const body = await readBody(req);
      payload = body.length ? JSON.parse(body) : {};
    } catch (e) {
      const reply = {
        ok: false,
        error: { kind: 'invalid_request', message: `Bad request body: ${(e as Error).message}` },
      };
      return send(res, 400, JSON.stringify(reply), mimeTypes['.json']);
    }
    const reply = await options.dispatch(decode(name), payload);
    send(res, 200, JSON.stringify(reply), mimeTypes['.json']);
  }

  const uploadDirs: string[] = [];

  /**
   * Browser mode's way to hand the importer a file: the page cannot give a path, so the bytes
   * are streamed (never held whole) into a private temp folder under the file's own name, so
   * messages still name it. The same token, Host and Origin checks as the API apply, and an
   * octet-stream body cannot be sent cross-site without a preflight, which is never granted.
   */
  async function handleUpload(req: http.IncomingMessage, res: http.ServerResponse, name: string) {
    const json = (status: number, reply: unknown) =>
      send(res, status, JSON.stringify(reply), mimeTypes['.json']);
    const refuse = (status: number, message: string) =>
      json(status, { ok: false, error: { kind: 'invalid_request', message } });
    if (req.method !== 'POST') return send(res, 405, 'Use POST to upload');
    if (req.headers['content-type'] !== 'application/octet-stream') {
      return send(res, 415, 'Uploads must send application/octet-stream');
    }
    const base = fileNameOf(name);
    if (!base || base === '.' || base === '..')
      return refuse(400, 'The upload needs the file name (?name=…)');
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > MAX_UPLOAD_BYTES) {
      req.resume();
      return refuse(413, `${base}: the file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB`);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), UPLOAD_DIR_PREFIX));
    uploadDirs.push(dir);
    const file = path.join(dir, base);
    let bytes = 0;
    try {
      await pipeline(
        req,
        new Transform({
          transform(chunk: Buffer, _enc, done) {
            bytes += chunk.length;
            if (bytes > MAX_UPLOAD_BYTES) done(new Error('too large'));
            else done(null, chunk);
          },
        }),
        fs.createWriteStream(file, { flags: 'wx' }),
      );
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      if (bytes > MAX_UPLOAD_BYTES) {
        return refuse(413, `${base}: the file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB`);
      }
      if (!res.destroyed) return refuse(500, `${base}: the upload failed (${(e as Error).message})`);
      return;
    }
    return json(200, { ok: true, value: { path: file, name: base, bytes } });
  }

  function serveStatic(res: http.ServerResponse, pathname: string): void {
    const relative = path.normalize(decode(pathname)).replace(/^([/\\])+/, '');
    let file = path.join(staticRoot, relative);
    if (!file.startsWith(staticRoot)) return send(res, 404, 'Not found');
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      // Client-side routes fall back to the app; missing assets stay 404.
      if (path.extname(relative)) return send(res, 404, 'Not found');
      file = path.join(staticRoot, 'index.html');
    }
    if (!fs.existsSync(file)) {
      return send(res, 500, `The renderer is not built (${file} is missing); run npm run build`);
    }
    send(res, 200, fs.readFileSync(file), mimeTypes[path.extname(file)] ?? 'application/octet-stream');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise((resolve) => {
        for (const dir of uploadDirs) fs.rmSync(dir, { recursive: true, force: true });
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
