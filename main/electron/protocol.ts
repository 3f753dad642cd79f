import fs from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../server/http-host.js';
import { APP_HOST, APP_SCHEME } from './app-url.js';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Maps an app:// URL to a file inside the renderer folder, or null when it must not be
 * served: another host, a path that climbs out of the folder (also when encoded as %2e%2e
 * or %2f or with backslashes), NUL bytes, or malformed escapes. Paths without an extension
 * are client-side routes and get index.html.
 */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const segments = pathname.split(/[/\\]+/).filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || /^[a-zA-Z]:$/.test(s))) return null;
  const root = path.resolve(rootDir);
  if (segments.length === 0) return path.join(root, 'index.html');
  const file = path.resolve(root, ...segments);
  if (!file.startsWith(root + path.sep)) return null;
  return path.extname(file) === '' ? path.join(root, 'index.html') : file;
}

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    },
  });
}

/**
 * The handler for protocol.handle(APP_SCHEME, ...). Uses only Web standard Request/Response,
 * so it runs under Node in tests. Every response carries the CSP; reads go through
 * fs.readFile, which Electron lets into app.asar.
 */
export function createAppProtocolHandler(
  rootDir: string,
  readFile: (file: string) => Promise<Uint8Array> = (file) => fs.readFile(file),
): (request: { url: string; method?: string }) => Promise<Response> {
  return async (request) => {
    const method = (request.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return plain(405, 'Method not allowed');
    const file = resolveAppFile(rootDir, request.url);
    if (file === null) return plain(404, 'Not found');
    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      if (path.basename(file) === 'index.html') {
        return plain(500, `The renderer is not built (${file} is missing); run npm run build`);
      }
      return plain(404, 'Not found');
    }
    return new Response(method === 'HEAD' ? null : body, {
      status: 200,
      headers: {
        'Content-Type': mimeTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  };
}
