import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/helpers/tmp.js';
import { createDispatch } from '../core/dispatch.js';
import { Session } from '../core/session.js';
import { MAX_UPLOAD_BYTES, fileNameOf, startHttpHost, type HttpHost } from './http-host.js';

const tempDir = useTempDir();

/** Raw requests, so the Host and Origin headers are exactly what an attacker could send. */
function request(
  port: number,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path ?? '/',
        headers: opts.headers,
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('browser-mode host', () => {
  let host: HttpHost;
  let session: Session;
  let headers: Record<string, string>;

  beforeEach(async () => {
    const dir = tempDir();
    const staticDir = path.join(dir, 'renderer');
    fs.mkdirSync(staticDir);
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Kinerja</title>');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer');
    session = new Session();
    session.create(path.join(dir, 'w.kinerja'), { name: 'PT Uji' });
    host = await startHttpHost({ dispatch: createDispatch({ session }), staticDir, token: 'tok-123' });
    headers = {
      Host: `127.0.0.1:${host.port}`,
      'Content-Type': 'application/json',
      'X-Kinerja-Token': 'tok-123',
    };
  });
  afterEach(async () => {
    await host.close();
    session.close();
  });

  it('listens on 127.0.0.1 only and prints a URL carrying the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=tok-123`);
  });

  it('answers API calls with the token', async () => {
    const res = await request(host.port, {
      method: 'POST',
      path: '/api/workspace/current',
      headers,
      body: '{}',
    });
    expect(res.status).toBe(200);
    const reply = JSON.parse(res.body);
    expect(reply.ok).toBe(true);
    expect(reply.value.settings.name).toBe('PT Uji');
  });

  it('refuses API calls without the token header or with a wrong one; the page itself holds no data', async () => {
    const { 'X-Kinerja-Token': _, ...noToken } = headers;
    for (const h of [noToken, { ...headers, 'X-Kinerja-Token': 'guess' }]) {
      const api = await request(host.port, {
        method: 'POST',
        path: '/api/workspace/current',
        headers: h,
        body: '{}',
      });
      expect(api.status).toBe(401);
      expect(api.body).not.toContain('PT Uji');
    }
    const wrongQuery = await request(host.port, { path: '/?token=guess', headers: noToken });
    expect(wrongQuery.status).toBe(401);
    expect(wrongQuery.body).toMatch(/wrong token/);
  });

  it('takes the token only from the header: a cookie carrying it is refused', async () => {
    const { 'X-Kinerja-Token': _, ...noToken } = headers;
    const res = await request(host.port, {
      method: 'POST',
      path: '/api/workspace/current',
      headers: { ...noToken, Cookie: `kinerja_token_${host.port}=tok-123` },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });

  it('refuses a foreign Host header even with the right token (DNS rebinding)', async () => {
    for (const h of [
      'evil.example:80',
      `evil.example:${host.port}`,
      `127.0.0.1:${host.port + 1}`,
      'localhost',
    ]) {
      const res = await request(host.port, {
        method: 'POST',
        path: '/api/workspace/current',
        headers: { ...headers, Host: h },
        body: '{}',
      });
      expect(res.status).toBe(403);
    }
  });

  it('refuses a foreign Origin even with the right token', async () => {
    const res = await request(host.port, {
      method: 'POST',
      path: '/api/workspace/current',
      headers: { ...headers, Origin: 'http://evil.example' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    const same = await request(host.port, {
      method: 'POST',
      path: '/api/workspace/current',
      headers: { ...headers, Origin: `http://127.0.0.1:${host.port}` },
      body: '{}',
    });
    expect(same.status).toBe(200);
  });

  it('serves the page for the printed URL without a redirect and never sets a cookie', async () => {
    const { 'X-Kinerja-Token': _, ...noToken } = headers;
    for (const p of ['/?token=tok-123', '/', '/reviews']) {
      const page = await request(host.port, { path: p, headers: noToken });
      expect(page.status).toBe(200);
      expect(page.body).toContain('<title>Kinerja');
      expect(page.headers['set-cookie']).toBeUndefined();
      expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    }
  });

  it('answers a malformed address with 400 and ignores a malformed cookie', async () => {
    for (const p of ['/%E0%A4%A', '/assets/%ZZ.js']) {
      const res = await request(host.port, { path: p, headers });
      expect(res.status).toBe(400);
      expect(res.body).toMatch(/Bad request/);
    }
    const api = await request(host.port, { method: 'POST', path: '/api/%E0%A4%A', headers, body: '{}' });
    expect(api.status).toBe(400);
    const cookie = { ...headers, Cookie: 'kinerja_token_1=%E0%A4%A; =; x' };
    expect((await request(host.port, { path: '/', headers: cookie })).status).toBe(200);
    const withCookie = await request(host.port, {
      method: 'POST',
      path: '/api/workspace/current',
      headers: cookie,
      body: '{}',
    });
    expect(withCookie.status).toBe(200);
  });

  it('rejects unknown calls, bad requests and non-JSON posts with clear errors', async () => {
    const unknown = await request(host.port, { method: 'POST', path: '/api/db/exec', headers, body: '{}' });
    expect(JSON.parse(unknown.body)).toEqual({
      ok: false,
      error: { kind: 'unknown_call', message: "Unknown call 'db/exec'" },
    });
    const bad = await request(host.port, {
      method: 'POST',
      path: '/api/values/set',
      headers,
      body: JSON.stringify({ kpi: 'revenue', period: '2026-13', value: 5 }),
    });
    const reply = JSON.parse(bad.body);
    expect(reply.error.kind).toBe('invalid_request');
    expect(reply.error.message).toMatch(/period: expected a month such as 2026-03/);
    const form = await request(host.port, {
      method: 'POST',
      path: '/api/workspace/current',
      headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(415);
  });

  it('an export to a folder that does not exist is an error reply, and the server keeps answering', async () => {
    const missing = path.join(path.dirname(session.require().path), 'no-such-folder', 'deals.csv');
    for (const body of [
      { kind: 'deals', format: 'csv', path: missing },
      { kind: 'deals', format: 'xlsx', path: missing.replace(/csv$/, 'xlsx') },
    ]) {
      const res = await request(host.port, {
        method: 'POST',
        path: '/api/export/facts',
        headers,
        body: JSON.stringify(body),
      });
      const reply = JSON.parse(res.body);
      expect(reply.ok).toBe(false);
      expect(reply.error.kind).toBe('invalid_request');
      expect(reply.error.message).toContain(`${path.resolve(body.path)}: the folder`);
    }
    const next = await request(host.port, {
      method: 'POST',
      path: '/api/workspace/current',
      headers,
      body: '{}',
    });
    expect(JSON.parse(next.body).value.settings.name).toBe('PT Uji');
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await request(host.port, { path: '/../secret.txt', headers });
    expect(res.body).not.toContain('outside the renderer');
    const encoded = await request(host.port, { path: '/%2e%2e/secret.txt', headers });
    expect(encoded.body).not.toContain('outside the renderer');
  });

  describe('uploads for the import wizard', () => {
    const upload = (name: string, body: string, extra: Record<string, string> = {}) =>
      request(host.port, {
        method: 'POST',
        path: `/upload?name=${encodeURIComponent(name)}`,
        headers: { ...headers, 'Content-Type': 'application/octet-stream', ...extra },
        body,
      });

    it('keeps the file under its own name in a private folder and the importer reads it from there', async () => {
      const res = await upload(
        'penjualan.csv',
        'external_id,status,amount,closed_at\nA,won,100,2026-01-05\n',
      );
      expect(res.status).toBe(200);
      const reply = JSON.parse(res.body) as {
        ok: true;
        value: { path: string; name: string; bytes: number };
      };
      expect(reply.value).toMatchObject({ name: 'penjualan.csv', bytes: 57 });
      expect(path.basename(reply.value.path)).toBe('penjualan.csv');
      const imported = await request(host.port, {
        method: 'POST',
        path: '/api/import/file',
        headers,
        body: JSON.stringify({ path: reply.value.path, kind: 'deals' }),
      });
      expect(JSON.parse(imported.body)).toMatchObject({ ok: true, value: { inserted: 1 } });
      // Closing the server removes what was uploaded.
      await host.close();
      expect(fs.existsSync(reply.value.path)).toBe(false);
    });

    it('keeps a long non-Latin name within what a file system holds, whole characters and extension kept', async () => {
      const name = `Laporan penjualan ${'é'.repeat(120)}${'😀'.repeat(30)}.csv`;
      const res = await upload(name, 'external_id,status\nA,won\n');
      expect(res.status).toBe(200);
      const { value } = JSON.parse(res.body) as { value: { path: string; name: string } };
      expect(Buffer.byteLength(value.name)).toBeLessThanOrEqual(200);
      expect(value.name).toMatch(/^Laporan penjualan é+\.csv$/);
      expect(fileNameOf('a/b\\c\u0000d.csv')).toBe('c_d.csv');
      // Not hidden: browser mode refuses to read hidden files, so it could never be imported.
      expect(fileNameOf('.deals.csv')).toBe('deals.csv');
      expect(fileNameOf('...')).toBe('upload');
    });

    it('cannot be steered out of its folder by the name', async () => {
      const res = await upload('../../../tmp/evil.csv', 'x');
      const { value } = JSON.parse(res.body) as { value: { path: string } };
      expect(path.basename(value.path)).toBe('evil.csv');
      expect(path.basename(path.dirname(value.path))).toMatch(/^kinerja-upload-/);
    });

    it('refuses an upload without the token, of another content type, or larger than the cap', async () => {
      const noToken = await upload('a.csv', 'x', { 'X-Kinerja-Token': 'wrong' });
      expect(noToken.status).toBe(401);
      const form = await upload('a.csv', 'x', { 'Content-Type': 'multipart/form-data; boundary=x' });
      expect(form.status).toBe(415);
      const huge = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: host.port,
            method: 'POST',
            path: '/upload?name=big.csv',
            headers: {
              ...headers,
              'Content-Type': 'application/octet-stream',
              'Content-Length': String(MAX_UPLOAD_BYTES + 1),
            },
          },
          (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode!, body }));
          },
        );
        req.on('error', reject);
        req.write('abc');
      });
      expect(huge.status).toBe(413);
      expect(JSON.parse(huge.body).error.message).toMatch(/big\.csv: the file is larger than 1 GiB/);
    });
  });
});
