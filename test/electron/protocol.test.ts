import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/server/http-host.js';
import { createAppProtocolHandler, resolveAppFile } from '../../main/electron/protocol.js';

let base: string;
let root: string;

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-protocol-'));
  root = path.join(base, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Kinerja</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'outside the renderer');
  fs.writeFileSync(path.join(base, 'renderer-evil.txt'), 'sibling with the same prefix');
});

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('resolveAppFile', () => {
  it('maps app URLs into the renderer folder', () => {
    expect(resolveAppFile(root, 'app://kinerja/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://kinerja')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://kinerja/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://kinerja/assets/app.js?v=1#x')).toBe(
      path.join(root, 'assets', 'app.js'),
    );
    expect(resolveAppFile(root, 'app://kinerja/assets/a%20b.css')).toBe(path.join(root, 'assets', 'a b.css'));
  });

  it('sends client-side routes to index.html', () => {
    expect(resolveAppFile(root, 'app://kinerja/reviews/2026-Q1')).toBe(path.join(root, 'index.html'));
  });

  it.each([
    'app://kinerja/assets/%2E%2E%2F%2E%2E%2Fsecret.txt',
    'app://kinerja/..%2fsecret.txt',
    'app://kinerja/..%5csecret.txt',
    'app://kinerja/assets/..%5c..%5csecret.txt',
    'app://kinerja/C:%5cWindows%5cwin.ini',
    'app://kinerja/%2f%2fetc/passwd/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://kinerja/index.html%00.png',
    'app://kinerja/%E0%A4%A',
    'app://other/index.html',
    'https://kinerja/index.html',
    'file:///etc/passwd',
    'garbage',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(root, url)).toBeNull();
  });

  // The URL parser already folds these dot segments away (as Chromium does), so they
  // arrive as paths inside the folder; what matters is that nothing lands outside it.
  it.each([
    'app://kinerja/../../secret.txt',
    'app://kinerja/%2e%2e/secret.txt',
    'app://kinerja/assets/%2e%2e/%2e%2e/%2e%2e/secret.txt',
    'app://kinerja/%2e%2e/renderer-evil.txt',
  ])('keeps %s inside the folder', (url) => {
    const file = resolveAppFile(root, url);
    expect(file === null || file.startsWith(root + path.sep), String(file)).toBe(true);
  });
});

describe('createAppProtocolHandler', () => {
  const handler = () => createAppProtocolHandler(root);

  it('serves the page with the CSP and a content type', async () => {
    const res = await handler()({ url: 'app://kinerja/index.html', method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Kinerja</title>');
  });

  it('serves assets as JavaScript modules can load them', async () => {
    const res = await handler()({ url: 'app://kinerja/assets/app.js' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const url of [
      'app://kinerja/%2e%2e/secret.txt',
      'app://kinerja/..%2fsecret.txt',
      'app://kinerja/..%5csecret.txt',
      'app://kinerja/%2e%2e/renderer-evil.txt',
    ]) {
      const res = await handler()({ url });
      expect(res.status, url).toBe(404);
      const body = await res.text();
      expect(body).not.toContain('outside the renderer');
      expect(body).not.toContain('same prefix');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('answers 404 for a missing asset and 405 for writes', async () => {
    expect((await handler()({ url: 'app://kinerja/assets/missing.js' })).status).toBe(404);
    expect((await handler()({ url: 'app://kinerja/index.html', method: 'POST' })).status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const res = await handler()({ url: 'app://kinerja/index.html', method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('says how to fix a missing renderer build', async () => {
    const res = await createAppProtocolHandler(path.join(base, 'not-built'))({ url: 'app://kinerja/' });
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/npm run build/);
  });
});
