import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kinerjaBin, runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/tmp.js';

const tempDir = useTempDir();

describe('kinerja CLI', () => {
  it('--help lists the commands and exits 0', () => {
    const res = runCli(['--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/init/);
    expect(res.stdout).toMatch(/serve/);
  });

  it('init creates a workspace with Indonesian defaults', () => {
    const file = path.join(tempDir(), 'pt-maju.kinerja');
    const res = runCli(['init', '--workspace', file, '--name', 'PT Maju Jaya']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('PT Maju Jaya, id-ID, IDR');
    expect(fs.statSync(file).size).toBeGreaterThan(0);
  });

  it('init refuses to overwrite and says so on stderr with a non-zero exit', () => {
    const file = path.join(tempDir(), 'x.kinerja');
    fs.writeFileSync(file, 'my notes');
    const res = runCli(['init', '--workspace', file]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(file);
    expect(res.stderr).toMatch(/already exists/);
    expect(fs.readFileSync(file, 'utf8')).toBe('my notes');
  });

  it('init rejects an unknown locale naming the choices', () => {
    const res = runCli(['init', '--workspace', path.join(tempDir(), 'y.kinerja'), '--locale', 'fr-FR']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/id-ID/);
  });

  it('serve refuses a file that is not a workspace, leaving it untouched', () => {
    const file = path.join(tempDir(), 'notes.kinerja');
    fs.writeFileSync(file, 'hello');
    const res = runCli(['serve', '--workspace', file]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(`${file}: it is a text file`);
    expect(fs.readFileSync(file, 'utf8')).toBe('hello');
  });

  it('serve prints a tokenised 127.0.0.1 URL that answers, and refuses without the token', async () => {
    const file = path.join(tempDir(), 'w.kinerja');
    expect(runCli(['init', '--workspace', file, '--name', 'PT Serve']).code).toBe(0);
    const child = spawn(process.execPath, [kinerjaBin, 'serve', '--workspace', file, '--port', '0']);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c) => {
          out += c;
          const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const { origin, searchParams } = new URL(url);
      const post = (headers: Record<string, string>) =>
        fetch(`${origin}/api/workspace/current`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body: '{}',
        });
      const ok = await post({ 'X-Kinerja-Token': searchParams.get('token')! });
      expect(((await ok.json()) as { value: { settings: { name: string } } }).value.settings.name).toBe(
        'PT Serve',
      );
      expect((await post({})).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
