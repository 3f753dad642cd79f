import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../helpers/serve.js';
import { browserArgs, findBrowser } from '../../main/report/find-chromium.js';
import { formatPercent } from '../../shared/format/index.js';
import { createFixedDemo, projectRoot, runCli } from '../helpers/cli.js';
import { pdfText } from '../helpers/pdf-text.js';

// The Appraisals screen against `kinerja serve` on the demo company: the score a team lead
// reads is the one `kinerja appraisal` prints, and signing is kept in the workspace.
const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const screenshots = path.join(projectRoot, 'test-results/screenshots');
const period = '2026-Q2';
const team = 'Tim Jakarta';

let tmp: string;
let workspaceFile: string;
let server: ChildProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let appUrl: string;
const pageErrors: string[] = [];

interface AppraisalJson {
  person: string;
  score: number | null;
  rating: number | null;
  frozen: boolean;
  reviewerComment: string | null;
  reviewerSignOff: { name: string; at: string } | null;
}

/** What `kinerja appraisal --json` says for the person (the server may keep running: reads share the file). */
function cliAppraisal(person: string): AppraisalJson {
  const res = runCli([
    'appraisal',
    '--workspace',
    workspaceFile,
    '--period',
    period,
    '--person',
    person,
    '--json',
  ]);
  expect(res.stderr).toBe('');
  return JSON.parse(res.stdout) as AppraisalJson;
}

const hashUrl = (hash: string) => new URL(`#/${hash}`, new URL(page.url()).origin + '/').toString();
const teamHash = `appraisals?period=${period}&team=${encodeURIComponent(team)}`;

/** The team's members as the overview lists them, best first. */
async function overviewRows(p: Page): Promise<{ rank: string; person: string; score: string }[]> {
  const table = p.getByRole('table', { name: /^Penilaian Tim Jakarta untuk K2 2026/ });
  await table.locator('tbody tr').first().waitFor();
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({
      rank: r.querySelector('[data-testid="rank"]')?.textContent ?? '',
      person: r.querySelector('th')?.textContent ?? '',
      score: r.querySelector('[data-testid="score"]')?.textContent ?? '',
    })),
  );
}

beforeAll(async () => {
  const executablePath = findBrowser();
  fs.mkdirSync(screenshots, { recursive: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-appraisals-'));
  workspaceFile = path.join(tmp, 'demo.kinerja');
  const demo = createFixedDemo(workspaceFile);
  expect(demo.stderr).toBe('');
  const started = await serve(workspaceFile);
  server = started.child;
  appUrl = started.url;
  browser = await chromium.launch({ executablePath, headless: true, args: browserArgs });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'id-ID' });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  // Signing asks first; the test says yes.
  page.on('dialog', (d) => void d.accept());
});

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('Appraisals in the browser', () => {
  it("opens on the last whole quarter and shows each person's score as `kinerja appraisal` computes it", async () => {
    await page.goto(appUrl);
    await page.goto(hashUrl('appraisals'));
    await page.getByRole('heading', { name: 'Penilaian', level: 1 }).waitFor();
    // The data ends on 30 June 2026: the second quarter is the last one complete.
    expect(await page.getByRole('combobox', { name: 'Periode', exact: true }).inputValue()).toBe(period);
    expect(await page.getByRole('combobox', { name: 'Tim', exact: true }).inputValue()).toBe(team);

    const rows = await overviewRows(page);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows[0]!.rank).toBe('1');
    for (const row of rows) {
      const json = cliAppraisal(row.person);
      expect(row.score, row.person).toBe(
        json.score === null ? 'Belum ada skor' : formatPercent(json.score, 'id-ID'),
      );
    }

    // The best and the last of the team: the appraisal shows the CLI's score and rating.
    for (const { person } of [rows[0]!, rows.at(-1)!]) {
      await page.goto(hashUrl(teamHash));
      await page.getByRole('link', { name: person, exact: true }).click();
      await page.getByRole('heading', { name: person, level: 2 }).waitFor();
      const json = cliAppraisal(person);
      expect(await page.getByTestId('appraisal-score').textContent()).toBe(
        formatPercent(json.score!, 'id-ID'),
      );
      expect(await page.getByTestId('appraisal-rating').textContent()).toBe(String(json.rating));
      expect(await page.locator('.line-row').count()).toBe(5);
    }
    expect(pageErrors).toEqual([]);
  });

  it('saves a comment and a signature that the CLI reads back, and they stay after a reload', async () => {
    const [best] = await (async () => {
      await page.goto(hashUrl(teamHash));
      return overviewRows(page);
    })();
    await page.getByRole('link', { name: best!.person, exact: true }).click();
    const reviewer = page.getByRole('region', { name: 'Penilai' });
    await reviewer.getByLabel('Komentar penilai').fill('Kuartal yang kuat; pertahankan.');
    await reviewer.getByRole('button', { name: 'Simpan komentar' }).click();
    await reviewer.getByText('Komentar tersimpan.').waitFor();
    await reviewer.getByLabel('Nama penilai').fill('Ratna Kusuma');
    await reviewer.getByRole('button', { name: 'Tandatangani sebagai penilai' }).click();
    await reviewer.getByTestId('signed-reviewer').waitFor();
    expect(await page.getByTestId('frozen-notice').textContent()).toContain(
      'Angka sesuai saat ditandatangani.',
    );

    const json = cliAppraisal(best!.person);
    expect(json.frozen).toBe(true);
    expect(json.reviewerComment).toBe('Kuartal yang kuat; pertahankan.');
    expect(json.reviewerSignOff?.name).toBe('Ratna Kusuma');

    await page.reload();
    expect(await page.getByTestId('signed-reviewer').textContent()).toMatch(
      /^Ditandatangani oleh Ratna Kusuma pada /,
    );
    expect(await page.getByLabel('Komentar penilai').inputValue()).toBe('Kuartal yang kuat; pertahankan.');
    await page.goto(hashUrl(teamHash));
    const signed = page.getByRole('row').filter({ hasText: best!.person });
    await signed.getByText('Sudah', { exact: true }).waitFor();
  });

  it("makes the person's PDF from the screen, with the score the screen shows", async () => {
    const [best] = await (async () => {
      await page.goto(hashUrl(teamHash));
      return overviewRows(page);
    })();
    await page.getByRole('link', { name: best!.person, exact: true }).click();
    const shown = await page.getByTestId('appraisal-score').textContent();
    await page.getByRole('button', { name: 'PDF', exact: true }).click();
    const file = path.join(tmp, 'penilaian.pdf');
    await page.getByLabel('Simpan PDF sebagai').fill(file);
    await page.getByRole('button', { name: 'Buat PDF' }).click();
    await page.getByText(`PDF disimpan: ${file}`).waitFor({ timeout: 60_000 });
    const { text } = await pdfText(file);
    expect(text).toContain(`Penilaian kinerja ${best!.person}`);
    expect(text).toContain(`Skor ${shown}`);
    // A folder that does not exist is named, and the screen stays usable.
    await page.getByLabel('Simpan PDF sebagai').fill(path.join(tmp, 'tidak-ada', 'x.pdf'));
    await page.getByRole('button', { name: 'Buat PDF' }).click();
    await page.getByText('PDF tidak dibuat.').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('refuses scorecard weights that do not add up to 100%', async () => {
    await page.goto(hashUrl('appraisals?view=scorecards'));
    await page.getByRole('button', { name: 'Ubah kartu skor Pemasaran' }).click();
    await page.getByLabel('Bobot baris 1 dalam persen').fill('20');
    expect(await page.getByTestId('weight-total').textContent()).toBe('Jumlah bobot 90%: harus tepat 100%.');
    await page.getByRole('button', { name: 'Simpan kartu skor' }).click();
    expect(await page.getByRole('alert').textContent()).toContain(
      'Jumlah bobot 90%; jadikan tepat 100% sebelum menyimpan.',
    );
    await page.getByLabel('Bobot baris 1 dalam persen').fill('30,0');
    expect(await page.getByTestId('weight-total').textContent()).toBe('Jumlah bobot 100%.');
    await page.getByRole('button', { name: 'Simpan kartu skor' }).click();
    await page.getByText('Kartu skor Pemasaran tersimpan.').waitFor();
  });

  it(
    'reads well in both languages, light and dark, at 1366×768 and 1024×768',
    { timeout: 300_000 },
    async () => {
      const people = await (async () => {
        await page.goto(hashUrl(teamHash));
        return overviewRows(page);
      })();
      // The axe check injects a script, which the page's CSP refuses unless bypassed.
      const view = await browser!.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
      const p = await view.newPage();
      p.on('pageerror', (e) => pageErrors.push(e.message));
      await p.goto(appUrl);
      const screens = [
        { name: 'team', hash: teamHash },
        // The first person is signed (the test above), the second not: both forms are checked.
        { name: 'signed', hash: `${teamHash}&person=${encodeURIComponent(people[0]!.person)}` },
        { name: 'person', hash: `${teamHash}&person=${encodeURIComponent(people[1]!.person)}` },
        { name: 'scorecards', hash: 'appraisals?view=scorecards', open: true },
      ];
      for (const [width, height] of [
        [1366, 768],
        [1024, 768],
      ] as const) {
        await p.setViewportSize({ width, height });
        for (const language of ['id', 'en'])
          for (const theme of ['light', 'dark']) {
            await p.evaluate(
              ([l, t]) => {
                // Runs in the page; this file is type-checked without the DOM library.
                const storage = (
                  globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
                ).localStorage;
                storage.setItem('kinerja.language', l!);
                storage.setItem('kinerja.theme', t!);
              },
              [language, theme],
            );
            for (const screen of screens) {
              await p.goto(new URL(`#/${screen.hash}`, new URL(p.url()).origin + '/').toString());
              await p.reload();
              await p.locator('main h1').waitFor();
              if (screen.name === 'team') await p.locator('.appraisal-board tbody tr').first().waitFor();
              if (screen.name === 'signed' || screen.name === 'person')
                await p.locator('.appraisal-table').waitFor();
              if (screen.open) {
                await p.locator('.scorecard-list .button').first().click();
                await p.locator('.scorecard-editor').waitFor();
              }
              expect(await p.locator('html').getAttribute('data-theme')).toBe(theme);
              // Nothing wider than the window: the page itself never scrolls sideways.
              expect(
                await p.evaluate(
                  () =>
                    (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
                      .document.documentElement.scrollWidth,
                ),
                `${screen.name} ${language} ${theme} ${width}`,
              ).toBeLessThanOrEqual(width);
              // Nor is any table cut off inside its frame.
              const overflow = await p.locator('.table-scroll').evaluateAll((frames) =>
                frames.map((f) => {
                  const frame = f as unknown as { scrollWidth: number; clientWidth: number };
                  return frame.scrollWidth - frame.clientWidth;
                }),
              );
              expect(Math.max(0, ...overflow), `${screen.name} ${language} ${theme} ${width}`).toBe(0);
              await p.waitForTimeout(200);
              await p.addScriptTag({ path: axeScript });
              const violations = await p.evaluate(async () => {
                const axe = (
                  globalThis as unknown as {
                    axe: {
                      run(): Promise<{
                        violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
                      }>;
                    };
                  }
                ).axe;
                return (await axe.run()).violations
                  .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                  .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
              });
              expect(violations, `${screen.name} ${language} ${theme} ${width}`).toEqual([]);
              await p.screenshot({
                path: path.join(
                  screenshots,
                  `appraisals-${screen.name}-${language}-${theme}-${width}x${height}.png`,
                ),
                fullPage: true,
              });
            }
          }
      }
      await view.close();
      expect(pageErrors).toEqual([]);
    },
  );
});
