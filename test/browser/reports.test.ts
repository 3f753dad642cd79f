import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatKpiValue, formatPercent } from '../../shared/format/index.js';
import { builtInKpis } from '../../shared/kpi/catalog.js';
import { createFixedDemo, kinerjaBin, projectRoot, runCli } from '../helpers/cli.js';
import { pdfText } from '../helpers/pdf-text.js';
import { serve } from '../helpers/serve.js';

// PDFs from the CLI: the app's own print pages in headless Chromium (needs `npm run build`).
const settings = { locale: 'id-ID', currency: 'IDR' } as const;
const unitOf = (kpi: string) => builtInKpis.find((k) => k.code === kpi)!.unit;
const nameOf = (kpi: string, lang: 'id' | 'en') => builtInKpis.find((k) => k.code === kpi)!.name[lang];

let dir = '';
let workspace = '';
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-reports-'));
  workspace = path.join(dir, 'demo.kinerja');
  const res = createFixedDemo(workspace);
  expect(res.stderr).toBe('');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface AppraisalJson {
  person: string;
  score: number;
  rating: number;
  cap: number;
  lines: {
    kpi: string;
    weight: number;
    actual: number | null;
    target: number | null;
    achievement: number | null;
  }[];
}

describe('kinerja report', () => {
  it('an appraisal PDF shows the numbers `kinerja kpi` and `kinerja appraisal` give, in Indonesian on A4', async () => {
    const pdf = path.join(dir, 'budi.pdf');
    const res = runCli([
      'report',
      'appraisal',
      '--workspace',
      workspace,
      '--period',
      '2026-Q1',
      '--person',
      'Budi Santoso',
      '--pdf',
      pdf,
    ]);
    expect(res.stderr).toBe('');
    expect(res.stdout.trim()).toBe(`Wrote ${pdf}`);
    const { text, width, height, pages } = await pdfText(pdf);
    // A4 is 595.3 × 841.9 points; Chromium rounds the page up to whole points.
    expect(Math.abs(width - 595.3)).toBeLessThan(1);
    expect(Math.abs(height - 841.9)).toBeLessThan(1.5);
    expect(text).toContain('Penilaian kinerja');
    expect(text).toContain('Budi Santoso');
    expect(text).toContain('K1 2026');
    expect(text).toContain(`Halaman 1 dari ${pages}`);

    const appraisal = JSON.parse(
      runCli([
        'appraisal',
        '--workspace',
        workspace,
        '--period',
        '2026-Q1',
        '--person',
        'Budi Santoso',
        '--json',
      ]).stdout,
    ) as AppraisalJson;
    // The score is the sum of its lines, and the PDF prints that score and rating.
    const recomputed = appraisal.lines.reduce(
      (s, l) => s + l.weight * Math.min(l.achievement!, appraisal.cap),
      0,
    );
    expect(appraisal.score).toBeCloseTo(recomputed, 12);
    expect(text).toContain(`Skor ${formatPercent(appraisal.score, 'id-ID')}`);
    expect(text).toContain(`Peringkat ${appraisal.rating}`);

    // Each line's actual and target are what `kinerja kpi` says for Budi in that quarter.
    const kpi = JSON.parse(
      runCli([
        'kpi',
        '--workspace',
        workspace,
        '--period',
        '2026-Q1',
        '--scope',
        'owner=Budi Santoso',
        '--kpi',
        appraisal.lines.map((l) => l.kpi).join(','),
        '--json',
      ]).stdout,
    ) as { kpi: string; value: number; target: number }[];
    for (const row of kpi) {
      const unit = unitOf(row.kpi);
      const rowText = `${nameOf(row.kpi, 'id')} ${formatPercent(appraisal.lines.find((l) => l.kpi === row.kpi)!.weight, 'id-ID', 2)} ${formatKpiValue(row.value, unit, settings)} ${formatKpiValue(row.target, unit, settings)}`;
      expect(text).toContain(rowText);
    }
  });

  it('in English on Letter paper', async () => {
    const pdf = path.join(dir, 'budi-en.pdf');
    const res = runCli([
      'report',
      'appraisal',
      '--workspace',
      workspace,
      '--period',
      '2026-Q1',
      '--person',
      'Budi Santoso',
      '--pdf',
      pdf,
      '--lang',
      'en',
      '--paper',
      'Letter',
    ]);
    expect(res.stderr).toBe('');
    const { text, width, height } = await pdfText(pdf);
    expect([Math.round(width), Math.round(height)]).toEqual([612, 792]);
    expect(text).toContain('Performance appraisal');
    expect(text).toContain('Q1 2026');
    expect(text).toContain(nameOf('revenue', 'en'));
    // Money stays in the workspace's Rupiah format whatever the language.
    expect(text).toMatch(/Rp \d{1,3}(\.\d{3})+/);
    expect(text).not.toContain('Penilaian kinerja');
  });

  it('one PDF per person of a team, with a progress line per file', async () => {
    const out = path.join(dir, 'tim-jakarta');
    const res = runCli([
      'report',
      'appraisal',
      '--workspace',
      workspace,
      '--period',
      '2026-Q1',
      '--team',
      'Tim Jakarta',
      '--out-dir',
      out,
    ]);
    expect(res.stderr).toBe('');
    const lines = res.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.slice(0, 4).every((l, i) => l.startsWith(`[${i + 1}/4] `))).toBe(true);
    expect(lines[4]).toBe(`4 of 4 appraisals of Tim Jakarta written to ${out}`);
    const files = fs.readdirSync(out).sort();
    expect(files).toEqual([
      'agus-pratama-2026-Q1.pdf',
      'budi-santoso-2026-Q1.pdf',
      'rina-wulandari-2026-Q1.pdf',
      'sari-dewi-2026-Q1.pdf',
    ]);
    const { text } = await pdfText(path.join(out, 'sari-dewi-2026-Q1.pdf'));
    expect(text).toContain('Sari Dewi');
  });

  it('a review pack lists the tracked KPIs of the period and scope with their values', async () => {
    const pdf = path.join(dir, 'review.pdf');
    const res = runCli([
      'report',
      'review',
      '--workspace',
      workspace,
      '--period',
      '2026-Q1',
      '--scope',
      'team=Tim Jakarta',
      '--pdf',
      pdf,
    ]);
    expect(res.stderr).toBe('');
    const { text } = await pdfText(pdf);
    expect(text).toContain('Tinjauan KPI');
    const rows = JSON.parse(
      runCli([
        'kpi',
        '--workspace',
        workspace,
        '--period',
        '2026-Q1',
        '--scope',
        'team=Tim Jakarta',
        '--kpi',
        'revenue,deals_won,win_rate',
        '--json',
      ]).stdout,
    ) as { kpi: string; value: number }[];
    for (const row of rows) {
      expect(text).toContain(
        `${nameOf(row.kpi, 'id')} ${formatKpiValue(row.value, unitOf(row.kpi), settings)}`,
      );
    }
  });

  it.each([
    [
      'an unknown person',
      ['--person', 'Budi Santos', '--pdf', 'x.pdf'],
      {},
      "kinerja: Unknown owner 'Budi Santos'; did you mean 'Budi Santoso'",
    ],
    [
      'a folder that does not exist',
      ['--person', 'Budi Santoso', '--pdf', '/nonexistent-kinerja/x.pdf'],
      {},
      'kinerja: /nonexistent-kinerja/x.pdf',
    ],
    [
      'no Chromium',
      ['--person', 'Budi Santoso', '--pdf', 'nochrome.pdf'],
      { CHROME_PATH: '/nonexistent/chrome' },
      'kinerja: CHROME_PATH is set to /nonexistent/chrome, but there is no file there',
    ],
  ])('%s is one clear line and leaves no file', (_what, args, env, message) => {
    const res = runCli(['report', 'appraisal', '--workspace', workspace, '--period', '2026-Q1', ...args], {
      env,
      cwd: dir,
    });
    expect(res.code).not.toBe(0);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toContain(message);
    // Neither the PDF nor a half-written temporary file is left behind.
    expect(fs.readdirSync(dir).filter((f) => /x\.pdf|nochrome\.pdf|\.tmp$/.test(f))).toEqual([]);
  });

  it('browser mode makes PDFs for two people at once while a comment is saved, each PDF its own person', async () => {
    await withServer(async (call) => {
      const people = ['Sari Dewi', 'Eko Saputra'];
      const replies = await Promise.all([
        ...people.map((person) =>
          call('report/pdf', {
            kind: 'appraisal',
            person,
            period: '2026-Q1',
            lang: 'id',
            path: path.join(dir, `serve-${person}.pdf`),
          }),
        ),
        call('appraisal/comment', {
          person: 'Sari Dewi',
          period: '2026-Q1',
          reviewerComment: 'Kuartal yang kuat',
        }),
      ]);
      expect(replies.map((r) => r.ok)).toEqual([true, true, true]);
      for (const person of people) {
        const { text } = await pdfText(path.join(dir, `serve-${person}.pdf`));
        expect(text).toContain(`Penilaian kinerja ${person}`);
        for (const other of people.filter((p) => p !== person)) expect(text).not.toContain(other);
      }
    });
  });

  it('a closed review prints as minutes: frozen values, notes, actions and target changes', async () => {
    await withServer(async (call) => {
      const review = await call('reviews/create', {
        period: '2026-Q2',
        scope: { dim: 'team', name: 'Tim Surabaya' },
      });
      expect(review.ok).toBe(true);
      const id = (review.value as unknown as { id: number }).id;
      const steps = await Promise.all([
        call('reviews/note', {
          reviewId: id,
          kpi: 'revenue',
          happened: 'Dua deal besar mundur ke Juli',
          why: 'Anggaran klien dibekukan',
          next: 'Tawarkan termin pembayaran',
        }),
        call('reviews/addAction', {
          reviewId: id,
          text: 'Hubungi PT Sinar Jaya',
          owner: 'Dedi Kurniawan',
          due: '2026-07-15',
        }),
        call('reviews/adjustTarget', { reviewId: id, kpi: 'deals_won', value: 40, reason: 'Pasar melambat' }),
      ]);
      expect(steps.map((r) => r.ok)).toEqual([true, true, true]);
      expect((await call('reviews/close', { id })).ok).toBe(true);
    });
    const pdf = path.join(dir, 'minutes.pdf');
    const res = runCli([
      'report',
      'review',
      '--workspace',
      workspace,
      '--period',
      '2026-Q2',
      '--scope',
      'team=Tim Surabaya',
      '--pdf',
      pdf,
    ]);
    expect(res.stderr).toBe('');
    const { text } = await pdfText(pdf);
    expect(text).toContain('Notulen tinjauan KPI');
    expect(text).toContain('Dua deal besar mundur ke Juli');
    expect(text).toContain('Tawarkan termin pembayaran');
    expect(text).toContain('Hubungi PT Sinar Jaya Dedi Kurniawan 15/07/2026 Terbuka');
    expect(text).toContain('Pasar melambat');
    expect(text).toContain('Disetujui oleh');
  });

  it('a PDF killed half way leaves no file, and two processes writing one name leave one whole PDF', async () => {
    const target = path.join(dir, 'contended.pdf');
    const args = (person: string) => [
      kinerjaBin,
      'report',
      'appraisal',
      '--workspace',
      workspace,
      '--period',
      '2026-Q1',
      '--person',
      person,
      '--pdf',
      target,
    ];
    // Killed while Chromium renders: nothing appears under the name, no temporary file stays.
    const killed = spawn(process.execPath, args('Budi Santoso'), { cwd: projectRoot });
    await new Promise((r) => setTimeout(r, 1500));
    killed.kill('SIGKILL');
    await new Promise((r) => killed.once('exit', r));
    const leftovers = fs.readdirSync(dir).filter((f) => f.includes('contended'));
    expect(leftovers.every((f) => f === 'contended.pdf')).toBe(true);
    if (leftovers.length) expect(isWholePdf(target)).toBe(true);

    // Two writers at once: the name holds one complete PDF, never a mix or a torn file.
    const both = await Promise.all(
      ['Budi Santoso', 'Agus Pratama'].map(
        (person) =>
          new Promise<number | null>((resolve) =>
            spawn(process.execPath, args(person), { cwd: projectRoot }).once('exit', resolve),
          ),
      ),
    );
    expect(both).toEqual([0, 0]);
    expect(isWholePdf(target)).toBe(true);
    const { text } = await pdfText(target);
    expect(text.includes('Budi Santoso') !== text.includes('Agus Pratama')).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.includes('contended') && f.endsWith('.tmp'))).toEqual([]);
  });
});

function isWholePdf(file: string): boolean {
  const bytes = fs.readFileSync(file);
  return bytes.subarray(0, 5).toString() === '%PDF-' && bytes.subarray(-8).toString().includes('%%EOF');
}

type Call = (
  name: string,
  body: unknown,
) => Promise<{ ok: boolean; value?: { file: string }; error?: unknown }>;

/** Runs `kinerja serve` on the test workspace and calls its API with the token, as the app does. */
async function withServer(fn: (call: Call) => Promise<void>): Promise<void> {
  const { child: server, url: printed } = await serve(workspace);
  try {
    const url = new URL(printed);
    const call: Call = (name, body) =>
      fetch(new URL(`/api/${name}`, url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Kinerja-Token': url.searchParams.get('token')! },
        body: JSON.stringify(body),
      }).then((r) => r.json() as ReturnType<Call>);
    await fn(call);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}
