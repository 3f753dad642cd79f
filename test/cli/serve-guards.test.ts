import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { serve } from '../helpers/serve.js';

/**
 * `kinerja serve` as a user runs it: the token only in a header (never a cookie, which every
 * port of 127.0.0.1 would receive), files only inside the allowed folders, and bad addresses
 * and bad ports said plainly.
 */
let root: string;
let home: string;
let elsewhere: string;
let child: ChildProcess | undefined;
let origin: string;
let printed: string;
let token: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-serve-'));
  home = path.join(root, 'home');
  elsewhere = path.join(root, 'elsewhere');
  for (const dir of [home, elsewhere, path.join(root, 'tmp')]) fs.mkdirSync(dir);
  fs.writeFileSync(path.join(elsewhere, 'secret.csv'), 'password,x\nhunter2,1\n');
  const workspace = path.join(home, 'w.kinerja');
  expect(runCli(['init', '--workspace', workspace, '--name', 'PT Serve']).code).toBe(0);
  // Its own home and temp folders, so "outside" is a folder of this test's.
  const started = await serve(workspace, { env: { HOME: home, TMPDIR: path.join(root, 'tmp') } });
  child = started.child;
  printed = started.url;
  origin = new URL(printed).origin;
  token = new URL(printed).searchParams.get('token')!;
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(root, { recursive: true, force: true });
});

const call = (name: string, body: unknown, headers: Record<string, string> = { 'X-Kinerja-Token': token }) =>
  fetch(`${origin}/api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('kinerja serve', () => {
  it('refuses a call that carries the token only in a cookie', async () => {
    const port = new URL(origin).port;
    const cookieOnly = await call('workspace/current', {}, { Cookie: `kinerja_token_${port}=${token}` });
    expect(cookieOnly.status).toBe(401);
    expect(await cookieOnly.text()).toMatch(/open the URL printed by `kinerja serve`/);
    const withHeader = await call('workspace/current', {});
    expect(((await withHeader.json()) as { value: { settings: { name: string } } }).value.settings.name).toBe(
      'PT Serve',
    );
  });

  it('serves the printed URL as the page itself and never sets a cookie', async () => {
    for (const url of [printed, `${origin}/`]) {
      const page = await fetch(url, { redirect: 'manual' });
      expect(page.status).toBe(200);
      expect(page.headers.get('set-cookie')).toBeNull();
      expect(await page.text()).toContain('<div id="root">');
    }
  });

  it('refuses to read system files or files outside the allowed folders, naming the rule', async () => {
    for (const file of ['/etc/passwd', path.join(elsewhere, 'secret.csv')]) {
      const reply = (await (await call('import/detect', { path: file })).json()) as {
        ok: boolean;
        error: { kind: string; code: string; message: string };
      };
      expect(reply.ok).toBe(false);
      expect(reply.error).toMatchObject({ kind: 'forbidden', code: 'path_not_allowed' });
      expect(reply.error.message).toContain(
        `${file}: in browser mode Kinerja reads and writes files only inside your home folder (${home})`,
      );
      expect(JSON.stringify(reply)).not.toMatch(/root:|hunter2/);
    }
  });

  it('refuses to write outside the allowed folders and creates nothing there', async () => {
    const out = path.join(elsewhere, 'deals.csv');
    const reply = (await (
      await call('export/facts', { kind: 'deals', format: 'csv', path: out })
    ).json()) as {
      error: { code: string };
    };
    expect(reply.error.code).toBe('path_not_allowed');
    expect(fs.readdirSync(elsewhere)).toEqual(['secret.csv']);
    // A path typed inside home still works (read from the home folder).
    const ok = (await (
      await call('export/facts', { kind: 'deals', format: 'csv', path: 'deals.csv' })
    ).json()) as {
      ok: boolean;
    };
    expect(ok.ok).toBe(true);
    expect(fs.existsSync(path.join(home, 'deals.csv'))).toBe(true);
  });

  it('answers a malformed address with 400', async () => {
    const res = await fetch(`${origin}/%E0%A4%A`);
    expect(res.status).toBe(400);
    const api = await fetch(`${origin}/api/%E0%A4%A`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Kinerja-Token': token },
      body: '{}',
    });
    expect(api.status).toBe(400);
    // And keeps answering.
    expect((await call('workspace/current', {})).status).toBe(200);
  });

  it.each(['abc', '1e3', '0x50', ' 80', '80.5'])('says in one line that --port %j is not a port', (port) => {
    const res = runCli(['serve', '--workspace', path.join(home, 'w.kinerja'), '--port', port]);
    expect(res.code).not.toBe(0);
    expect(res.stderr.trim()).toBe(
      `kinerja: --port: '${port}' is not a port; give a whole number from 1 to 65535, or 0 for any free port`,
    );
  });

  it('says in one line that the port is taken, and leaves the workspace free for the next run', async () => {
    const other = path.join(root, 'other.kinerja');
    expect(runCli(['init', '--workspace', other]).code).toBe(0);
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const res = runCli(['serve', '--workspace', other, '--port', String(port)]);
      expect(res.code).not.toBe(0);
      expect(res.stderr.trim()).toBe(
        `kinerja: port ${port} on 127.0.0.1 is already in use by another program; give another --port, or leave --port out to take a free one`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    // The failed run left no writer lock behind: the CLI can write to the workspace.
    const target = runCli([
      'target',
      'set',
      '--workspace',
      other,
      '--kpi',
      'revenue',
      '--period',
      '2026-03',
      '--value',
      '5',
    ]);
    expect(target.stderr).toBe('');
    expect(target.code).toBe(0);
  });
});
