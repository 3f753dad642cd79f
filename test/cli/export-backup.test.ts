import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/tmp.js';

const tempDir = useTempDir();

function workspace() {
  const dir = tempDir();
  const ws = path.join(dir, 'w.kinerja');
  expect(runCli(['init', '--workspace', ws, '--name', 'PT Uji']).code).toBe(0);
  return { dir, ws };
}

/** One line on stderr, no stack trace, nothing on stdout, a non-zero exit. */
function expectOneLineError(res: ReturnType<typeof runCli>, text: string) {
  expect(res.code).not.toBe(0);
  expect(res.stdout).toBe('');
  expect(res.stderr.trimEnd().split('\n')).toEqual([`kinerja: ${text}`]);
}

describe('export and backup to a place that cannot be written', () => {
  it('export --out into a missing folder names the path and leaves nothing behind', () => {
    const { dir, ws } = workspace();
    const before = fs.readdirSync(dir).sort();
    for (const format of ['csv', 'xlsx']) {
      const out = path.join(dir, 'missing', `deals.${format}`);
      const res = runCli(['export', '--workspace', ws, '--what', 'deals', '--format', format, '--out', out]);
      expectOneLineError(
        res,
        `${out}: the folder ${path.join(dir, 'missing')} does not exist; choose an existing folder`,
      );
    }
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  it('backup --out into a missing folder names the path and creates no folder', () => {
    const { dir, ws } = workspace();
    const out = path.join(dir, 'missing', 'x.kinerja');
    const res = runCli(['backup', '--workspace', ws, '--out', out]);
    expectOneLineError(
      res,
      `${out}: the folder ${path.join(dir, 'missing')} does not exist; choose an existing folder`,
    );
    expect(fs.existsSync(path.join(dir, 'missing'))).toBe(false);
  });

  it('export --what kpi without --period says what is missing', () => {
    const { dir, ws } = workspace();
    const out = path.join(dir, 'kpi.csv');
    const res = runCli(['export', '--workspace', ws, '--what', 'kpi', '--out', out]);
    expectOneLineError(
      res,
      'export --what kpi needs --period (e.g. --period 2026-03, 2026-Q1 or 2026-01-01..2026-03-31)',
    );
    expect(fs.existsSync(out)).toBe(false);
  });
});
