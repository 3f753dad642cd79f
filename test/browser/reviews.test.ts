import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../helpers/serve.js';
import { browserArgs, findBrowser } from '../../main/report/find-chromium.js';
import { formatKpiValue } from '../../shared/format/index.js';
import { createFixedDemo, projectRoot, runCli } from '../helpers/cli.js';

// The Reviews screen against `kinerja serve` on the demo company: a consultant holds the
// 2026-Q1 review with the client, then the 2026-Q2 one, and presents from a projector.
const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const screenshots = path.join(projectRoot, 'test-results/screenshots');
const q1Title = 'Tinjauan K1 2026 · Seluruh perusahaan';
const q2Title = 'Tinjauan K2 2026 · Seluruh perusahaan';
const actionText = 'Telepon sepuluh klien teratas sebelum akhir April';

let tmp: string;
let workspaceFile: string;
let server: ChildProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let appUrl: string;
const pageErrors: string[] = [];
const dialogs: string[] = [];

/** Revenue for 2026-Q1 as `kinerja kpi --json` prints it (reads share the file with the server). */
function cliRevenue(): number {
  const res = runCli([
    'kpi',
    '--workspace',
    workspaceFile,
    '--period',
    '2026-Q1',
    '--kpi',
    'revenue',
    '--json',
  ]);
  expect(res.stderr).toBe('');
  const [row] = JSON.parse(res.stdout) as { value: number }[];
  return row!.value;
}

const rupiah = (value: number) => formatKpiValue(value, 'money', { locale: 'id-ID', currency: 'IDR' });
const hashUrl = (p: Page, hash: string) => new URL(`#/${hash}`, new URL(p.url()).origin + '/').toString();

/** The id of the review the address shows. */
const reviewIdOf = (p: Page) => new URL(p.url().replace('#/reviews?', '?')).searchParams.get('review');

beforeAll(async () => {
  const executablePath = findBrowser();
  fs.mkdirSync(screenshots, { recursive: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-reviews-'));
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
  // Closing a review asks first; the consultant says yes.
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.accept();
  });
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

describe('Reviews in the browser', () => {
  let q1Review: string | null = null;
  let q2Review: string | null = null;

  it('holds the 2026-Q1 review of the company: a note, an action item, then closing it', async () => {
    await page.goto(appUrl);
    await page.goto(hashUrl(page, 'reviews'));
    await page.getByRole('heading', { name: 'Tinjauan', level: 1 }).waitFor();
    // The data ends on 30 June 2026: a new review is for its quarter unless another is chosen.
    const period = page.getByRole('combobox', { name: 'Periode', exact: true });
    expect(await period.inputValue()).toBe('2026-Q2');
    await period.selectOption('2026-Q1');
    await page.getByRole('button', { name: 'Mulai tinjauan' }).click();
    await page.getByRole('heading', { name: q1Title, level: 2 }).waitFor();
    q1Review = reviewIdOf(page);
    expect(q1Review).toMatch(/^\d+$/);

    await page.locator('.agenda-item[data-kpi="revenue"]').click();
    const panel = page.getByRole('region', { name: 'Pendapatan' });
    // The number on the screen is the number the CLI computes.
    expect(await panel.getByTestId('review-actual').textContent()).toBe(rupiah(cliRevenue()));
    expect(await panel.getByTestId('review-status').textContent()).toMatch(/Waspada|Tertinggal|Sesuai jalur/);

    await panel.getByLabel('Apa yang terjadi').fill('Februari lambat: dua deal besar mundur ke Maret.');
    await panel.getByLabel('Mengapa').click();
    await panel.getByRole('status').getByText('Tersimpan').waitFor();

    await panel.getByLabel('Tindak lanjut baru').fill(actionText);
    await panel.getByLabel('Penanggung jawab').fill('Budi Santoso');
    await panel.getByLabel('Tenggat').fill('2026-04-30');
    await panel.getByRole('button', { name: 'Tambah' }).click();
    await panel.getByRole('combobox', { name: `Status: ${actionText}` }).waitFor();

    await page.getByRole('button', { name: 'Tutup tinjauan' }).click();
    await page.getByTestId('frozen-notice').waitFor();
    expect(dialogs.at(-1)).toContain('Semua nilai yang ditampilkan akan dibekukan seperti sekarang');
    expect(await page.getByTestId('review-state').textContent()).toBe('Ditutup');
    expect(await panel.getByLabel('Apa yang terjadi').isDisabled()).toBe(true);
    expect(await panel.getByLabel('Apa yang terjadi').inputValue()).toBe(
      'Februari lambat: dua deal besar mundur ke Maret.',
    );

    // The minutes as a PDF, written where the consultant says.
    const minutes = path.join(tmp, 'notulen-2026-Q1.pdf');
    await page.getByRole('button', { name: 'PDF', exact: true }).click();
    await page.getByLabel('Simpan PDF sebagai').fill(minutes);
    await page.getByRole('button', { name: 'Buat PDF' }).click();
    await page.getByText(`PDF disimpan: ${minutes}`).waitFor({ timeout: 60_000 });
    expect(fs.readFileSync(minutes).subarray(0, 5).toString()).toBe('%PDF-');

    // Reopened later, the review is as it was closed.
    await page.reload();
    await page.getByRole('heading', { name: q1Title, level: 2 }).waitFor();
    expect(
      await page.getByRole('region', { name: 'Pendapatan' }).getByTestId('review-actual').textContent(),
    ).toBe(rupiah(cliRevenue()));
    expect(pageErrors).toEqual([]);
  });

  it('carries the open action item into the 2026-Q2 review, saying where it was raised', async () => {
    await page.getByRole('link', { name: /Semua tinjauan untuk Seluruh perusahaan/ }).click();
    const list = page.getByRole('table', { name: 'Tinjauan untuk Seluruh perusahaan, yang terbaru di atas' });
    await list.getByRole('link', { name: q1Title }).waitFor();
    expect(
      await list.locator(`tr[data-review="${q1Review}"] [data-testid="open-actions"]`).textContent(),
    ).toBe('1');
    expect(await page.getByRole('combobox', { name: 'Periode', exact: true }).inputValue()).toBe('2026-Q1');
    await page.getByRole('combobox', { name: 'Periode', exact: true }).selectOption('2026-Q2');
    await page.getByRole('button', { name: 'Mulai tinjauan' }).click();
    await page.getByRole('heading', { name: q2Title, level: 2 }).waitFor();
    q2Review = reviewIdOf(page);

    const overview = page.getByRole('region', { name: 'Ringkasan' });
    const carried = overview.getByRole('listitem').filter({ hasText: actionText });
    expect(await carried.getByTestId('carried').textContent()).toBe(`Dibawa dari K1 2026 · ${q1Title}`);
    await page.locator('.agenda-item[data-kpi="revenue"]').click();
    const revenueActions = page.getByRole('region', { name: 'Pendapatan' }).locator('.action-item');
    expect(await revenueActions.count()).toBe(1);
    expect(await revenueActions.first().textContent()).toContain('Dibawa');
    expect(pageErrors).toEqual([]);
  });

  it('presents from the keyboard: arrows step through the KPIs, Escape returns', async () => {
    await page.goto(hashUrl(page, `reviews?review=${q1Review}&kpi=revenue`));
    await page.getByRole('heading', { name: q1Title, level: 2 }).waitFor();
    const present = page.getByRole('button', { name: 'Mode presentasi' });
    await present.click();
    const view = page.getByRole('dialog', { name: `Mode presentasi: ${q1Title}` });
    await view.waitFor();
    const step = view.getByTestId('presenter-step');
    const total = await page.locator('.agenda-item[data-kpi]').count();
    expect(await step.textContent()).toBe(`1 / ${total}`);
    expect(await view.getByRole('heading', { level: 2 }).textContent()).toBe('Pendapatan');
    expect(await view.getByTestId('presenter-value').textContent()).toBe(rupiah(cliRevenue()));

    // No click first: the view has focus, so the first key already steps.
    await page.keyboard.press('ArrowRight');
    expect(await step.textContent()).toBe(`2 / ${total}`);
    expect(await view.getByRole('heading', { level: 2 }).textContent()).not.toBe('Pendapatan');
    await page.keyboard.press('PageDown');
    expect(await step.textContent()).toBe(`3 / ${total}`);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('PageUp');
    expect(await step.textContent()).toBe(`1 / ${total}`);
    await page.keyboard.press('End');
    expect(await step.textContent()).toBe(`${total} / ${total}`);
    await page.keyboard.press('Home');
    expect(await step.textContent()).toBe(`1 / ${total}`);

    // A step slides in, unless the system asks for less motion.
    const animation = () =>
      view
        .locator('.presenter-slide')
        .evaluate(
          (el) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { animationName: string } }
            ).getComputedStyle(el).animationName,
        );
    expect(await animation()).toBe('presenter-step');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await animation()).toBe('none');
    await page.emulateMedia({ reducedMotion: null });

    await page.keyboard.press('Escape');
    await view.waitFor({ state: 'detached' });
    expect(
      await present.evaluate((b) => b === (b.ownerDocument as { activeElement: unknown }).activeElement),
    ).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it(
    'reads well in both languages, light and dark, at 1366×768 and 1024×768, presenter mode included',
    { timeout: 400_000 },
    async () => {
      // The axe check injects a script, which the page's CSP refuses unless bypassed.
      const view = await browser!.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
      const p = await view.newPage();
      p.on('pageerror', (e) => pageErrors.push(e.message));
      await p.goto(appUrl);
      const screens = [
        { name: 'list', hash: 'reviews' },
        { name: 'session', hash: `reviews?review=${q2Review}&kpi=revenue` },
        { name: 'closed', hash: `reviews?review=${q1Review}&kpi=revenue` },
        { name: 'overview', hash: `reviews?review=${q2Review}` },
        { name: 'presenter', hash: `reviews?review=${q1Review}&kpi=revenue`, present: true },
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
              const label = `${screen.name} ${language} ${theme} ${width}`;
              await p.goto(hashUrl(p, screen.hash));
              await p.reload();
              await p.locator('main h1').waitFor();
              if (screen.name === 'list') await p.locator('.review-table tbody tr').first().waitFor();
              else await p.locator('.review-agenda').waitFor();
              if (screen.present) {
                await p.locator('.review-actions .button').first().click();
                await p.locator('.presenter').waitFor();
                // One KPI fits the projector's 1024×768 without scrolling.
                const overflow = await p.locator('.presenter, .presenter-side').evaluateAll((boxes) =>
                  boxes.map((b) => {
                    const box = b as unknown as { scrollHeight: number; clientHeight: number };
                    return box.scrollHeight - box.clientHeight;
                  }),
                );
                expect(Math.max(...overflow), label).toBeLessThanOrEqual(0);
              }
              expect(await p.locator('html').getAttribute('data-theme')).toBe(theme);
              // Nothing wider than the window: the page itself never scrolls sideways.
              expect(
                await p.evaluate(
                  () =>
                    (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
                      .document.documentElement.scrollWidth,
                ),
                label,
              ).toBeLessThanOrEqual(width);
              // Nor is any table cut off inside its frame.
              const cut = await p.locator('.table-scroll').evaluateAll((frames) =>
                frames.map((f) => {
                  const frame = f as unknown as { scrollWidth: number; clientWidth: number };
                  return frame.scrollWidth - frame.clientWidth;
                }),
              );
              expect(Math.max(0, ...cut), label).toBe(0);
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
              expect(violations, label).toEqual([]);
              await p.screenshot({
                path: path.join(
                  screenshots,
                  `reviews-${screen.name}-${language}-${theme}-${width}x${height}.png`,
                ),
                fullPage: !screen.present,
              });
            }
          }
      }
      await view.close();
      expect(pageErrors).toEqual([]);
    },
  );
});
