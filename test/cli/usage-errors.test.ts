import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/tmp.js';

const tempDir = useTempDir();

describe('kinerja CLI usage errors found while a command runs', () => {
  it('demo without --workspace or --csv-dir says which one to give', () => {
    const res = runCli(['demo']);
    expect(res.code).not.toBe(0);
    expect(res.stderr.trim()).toBe('kinerja: give either --workspace FILE or --csv-dir DIR');
    expect(res.stdout).toBe('');
  });

  it('demo with both --workspace and --csv-dir refuses and writes nothing', () => {
    const dir = tempDir();
    const file = path.join(dir, 'demo.kinerja');
    const csvDir = path.join(dir, 'csv');
    const res = runCli(['demo', '--workspace', file, '--csv-dir', csvDir, '--deals', '10']);
    expect(res.code).not.toBe(0);
    expect(res.stderr.trim()).toBe('kinerja: give either --workspace FILE or --csv-dir DIR');
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(csvDir)).toBe(false);
  });

  it('a bad option value is still reported once, by the option parser', () => {
    const res = runCli(['demo', '--csv-dir', path.join(tempDir(), 'csv'), '--deals', 'many']);
    expect(res.code).not.toBe(0);
    const lines = res.stderr.split('\n').filter((l) => l.includes("'many' is not a whole number"));
    expect(lines).toHaveLength(1);
  });
});
