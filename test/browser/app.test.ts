import { execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../helpers/serve.js';
import { browserArgs, findBrowser } from '../../main/report/find-chromium.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(repo, 'bin/kinerja.js');
const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const screenshots = path.join(repo, 'test-results/screenshots');

let tmp: string;
let workspaceFile: string;
let server: ChildProcess | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
let appUrl: string;
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  // Let Chart.js finish its short animation so the picture shows the final bars.
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

const heading = (name: string | RegExp) => page.getByRole('heading', { name, level: 1 });
const nav = (name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true });

async function text(locator: Locator): Promise<string> {
  await locator.waitFor();
  return (await locator.textContent()) ?? '';
}

interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  };
}

/** How many pixels of the canvas are painted in (roughly) the given colour. */
function paintedPixels(canvas: Locator, rgb: [number, number, number]): Promise<number> {
  return canvas.evaluate((element, [r, g, b]) => {
    const c = element as unknown as CanvasLike;
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      const close = Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) < 30;
      if (close && data[i + 3]! > 200) count++;
    }
    return count;
  }, rgb);
}

beforeAll(async () => {
  const executablePath = findBrowser({ playwrightPath: () => chromium.executablePath() });
  fs.mkdirSync(screenshots, { recursive: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kinerja-browser-'));
  workspaceFile = path.join(tmp, 'maju-jaya.kinerja');
  execFileSync(
    process.execPath,
    [cli, 'init', '--workspace', workspaceFile, '--name', 'PT Maju Jaya', '--locale', 'id-ID'],
    { cwd: repo, stdio: 'pipe' },
  );
  const started = await serve(workspaceFile);
  server = started.child;
  appUrl = started.url;
  browser = await chromium.launch({ executablePath, headless: true, args: browserArgs });
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
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

describe('Kinerja in the browser', () => {
  it('opens on an empty dashboard that points to import and data entry', async () => {
    await page.goto(appUrl);
    // The token in the address moves into the tab's session storage and out of the URL.
    expect(new URL(page.url()).search).toBe('');
    expect(await text(heading('Dasbor'))).toBe('Dasbor');
    expect(await text(page.getByRole('complementary').getByText('PT Maju Jaya'))).toBe('PT Maju Jaya');
    await page.getByRole('heading', { name: /^Belum ada data untuk / }).waitFor();
    expect(await page.getByRole('link', { name: 'Impor file' }).getAttribute('href')).toBe('#/import');
    await shot('01-dashboard-empty');
    await page.getByRole('link', { name: 'Isi nilai' }).click();
    await heading('Input data').waitFor();
  });

  it('enters revenue for March 2026 written the Indonesian way', async () => {
    await page.getByLabel('Tahun', { exact: true }).selectOption('2026');
    const cell = (name: string) => page.locator('td.entry-cell').filter({ hasText: `${name}:` });
    const march = cell('Pendapatan, Maret 2026');
    await march.click();
    await page.keyboard.type('abc');
    await page.keyboard.press('Enter');
    expect(await text(page.getByRole('alert'))).toBe('Ini bukan angka. Tulis seperti Rp 1.234.567.');
    await shot('02-data-entry-error');

    const value = page.getByLabel('Nilai Pendapatan untuk Maret 2026', { exact: true });
    await value.fill('1.234.567');
    expect(await text(page.locator('.preview'))).toBe('Terbaca sebagai Rp 1.234.567');
    await page.keyboard.press('Enter');
    expect(await text(page.getByRole('status').filter({ hasText: 'tersimpan' }))).toBe(
      'Pendapatan untuk Maret 2026 tersimpan: Rp 1.234.567.',
    );
    expect(await text(march.getByTestId('entry-value'))).toBe('1.234.567');
    // The note is kept with the value (Shift+F2 from the cell, Enter saves and goes back).
    await march.click();
    await page.keyboard.press('Shift+F2');
    await page.keyboard.type('Dari laporan CRM');
    await page.keyboard.press('Enter');
    await page.getByText('Catatan untuk Pendapatan, Maret 2026 tersimpan.').waitFor();
    expect(await march.getAttribute('title')).toBe('Catatan: Dari laporan CRM');
    await shot('03-data-entry-saved');

    // February gives March something to compare with; a second KPI gives a second tile. Both
    // arrive as one block pasted from a spreadsheet; its empty cell leaves March's revenue alone.
    await cell('Pendapatan, Februari 2026').click();
    await page.evaluate(() => {
      // Runs in the page; this file is type-checked without the DOM library.
      const g = globalThis as unknown as {
        DataTransfer: new () => { setData(type: string, text: string): void };
        ClipboardEvent: new (type: string, init: object) => unknown;
        document: { activeElement: { dispatchEvent(e: unknown): void } };
      };
      const clipboard = new g.DataTransfer();
      clipboard.setData('text/plain', '1.000.000\t\r\n\t12\r\n');
      g.document.activeElement.dispatchEvent(
        new g.ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }),
      );
    });
    await page.getByText('2 nilai ditempel dan tersimpan.').waitFor();
    expect(await text(cell('Pendapatan, Februari 2026').getByTestId('entry-value'))).toBe('1.000.000');
    expect(await text(cell('Jumlah Deal Tertutup, Maret 2026').getByTestId('entry-value'))).toBe('12');
    expect(await text(march.getByTestId('entry-value'))).toBe('1.234.567');
  });

  it('shows the value on the dashboard as a tile and a drawn chart', async () => {
    await nav('Dasbor').click();
    // The dashboard opens on the latest month with data.
    const tile = page.getByRole('article', { name: 'Pendapatan' });
    expect(await text(tile.getByTestId('tile-value'))).toBe('Rp 1.234.567');
    expect(await text(tile.locator('.tile-period'))).toBe('Maret 2026');
    expect(await text(tile.locator('.tile-change').first())).toBe('▲ +23,5% dibanding Februari 2026');
    expect(await text(tile.getByTestId('tile-status'))).toContain('Tanpa target');
    const deals = page.getByRole('article', { name: 'Jumlah Deal Tertutup' });
    expect(await text(deals.getByTestId('tile-value'))).toBe('12');

    const chart = tile.locator('canvas');
    expect(await chart.getAttribute('aria-label')).toContain('Maret 2026 Rp 1.234.567');
    // The March bar is drawn in the highlight colour once the chart has rendered.
    let painted = 0;
    for (let i = 0; i < 20 && painted < 50; i++) {
      await page.waitForTimeout(100);
      painted = await paintedPixels(chart, [0x0f, 0x8f, 0x80]);
    }
    expect(painted).toBeGreaterThan(50);
    await shot('04-dashboard-revenue');
  });

  it('switches the UI to English and back, and a reload keeps the choice', async () => {
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await heading('Dashboard').waitFor();
    expect(await text(nav('Data entry'))).toBe('Data entry');
    // Numbers keep the workspace's format whatever the UI language.
    expect(await text(page.getByRole('article', { name: 'Revenue' }).getByTestId('tile-value'))).toBe(
      'Rp 1.234.567',
    );
    await shot('05-dashboard-english');

    await page.reload();
    await heading('Dashboard').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.getByRole('button', { name: 'ID', exact: true }).click();
    await heading('Dasbor').waitFor();
    await page.reload();
    await heading('Dasbor').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
  });

  it('lists the KPI library', async () => {
    await nav('Pustaka KPI').click();
    await page.getByRole('heading', { name: 'Pendapatan', level: 2 }).waitFor();
    await shot('06-kpi-library');
  });

  it('sets a revenue target with a reason; the dashboard and the engine show the same status', async () => {
    await nav('Target').click();
    await page.getByLabel('Tahun', { exact: true }).selectOption('2026');
    await page.getByRole('button', { name: 'Target Pendapatan, Maret 2026' }).click();
    await page.getByLabel('Target', { exact: true }).fill('1.500.000');
    await page.getByLabel('Alasan (disimpan di riwayat)').fill('Rencana kuartal 1');
    await page.getByRole('button', { name: 'Tetapkan target' }).click();
    await page.getByText('Target tersimpan.').waitFor();
    // The grid and the history reload after the save is confirmed; wait for them, not for a clock.
    const targetCell = page
      .getByRole('button', { name: 'Target Pendapatan, Maret 2026' })
      .getByTestId('target-value');
    await expect.poll(() => targetCell.textContent(), { timeout: 5000 }).toBe('Rp 1,5 jt');
    await expect
      .poll(() => page.locator('.revisions li').first().textContent(), { timeout: 5000 })
      .toContain('ditetapkan Rp 1.500.000 — Rencana kuartal 1');
    await shot('07-targets');

    const query = () =>
      page.evaluate(async () => {
        const r = await fetch('/api/kpi/query', {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            // The token the page keeps for this tab (this file is type-checked without the DOM library).
            'X-Kinerja-Token': (
              globalThis as unknown as { sessionStorage: { getItem(k: string): string } }
            ).sessionStorage.getItem('kinerja-token'),
          },
          body: JSON.stringify({ kpis: ['revenue'], period: '2026-03' }),
        });
        return ((await r.json()) as { value: { target: number; achievement: number; status: string }[] })
          .value[0]!;
      });
    const engine = await query();
    expect(engine).toMatchObject({ target: 1_500_000, status: 'red' });

    await nav('Dasbor').click();
    const tile = page.getByRole('article', { name: 'Pendapatan' });
    expect(await text(tile.getByTestId('tile-status'))).toContain('Tertinggal');
    expect(await text(tile.getByTestId('tile-target'))).toBe(
      `Target Rp 1.500.000 · tercapai ${String(Math.round(engine.achievement * 1000) / 10).replace('.', ',')}%`,
    );
    // The number opens what stands behind it: here a value typed by hand.
    await tile.getByRole('button', { name: /Tampilkan data di balik Pendapatan, Maret 2026/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Pendapatan · Maret 2026' });
    expect(await text(dialog.getByTestId('drill-formula'))).toBe(
      'Diisi manual: Rp 1.234.567. Tidak ada data impor di baliknya.',
    );
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // The period lives in the address: stepping back and reloading keeps February.
    await page.getByRole('button', { name: 'Periode sebelumnya' }).click();
    // The numbers shown keep March's label until February's have arrived.
    await tile.locator('.tile-period', { hasText: 'Februari 2026' }).waitFor();
    await page.reload();
    expect(await text(page.getByRole('article', { name: 'Pendapatan' }).locator('.tile-period'))).toBe(
      'Februari 2026',
    );
  });

  it('reads well in both languages, light and dark, at 1366×768 and 1024×768', async () => {
    // The page's CSP refuses injected scripts; axe-core is injected for the check only.
    const view = await browser!.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
    const p = await view.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.goto(appUrl);
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
          for (const screen of [
            'dashboard?period=2026-03',
            'targets?year=2026',
            'data-entry',
            'kpi-library',
            'import',
            'settings',
          ]) {
            await p.goto(new URL(`#/${screen}`, new URL(p.url()).origin + '/').toString());
            await p.reload();
            await p
              .locator(screen.startsWith('dashboard') ? '.tile' : 'main h1')
              .first()
              .waitFor();
            if (screen.startsWith('targets')) await p.locator('.target-grid').waitFor();
            if (screen === 'data-entry') await p.locator('.entry-grid').waitFor();
            if (screen === 'kpi-library') await p.locator('.kpi-card').first().waitFor();
            expect(await p.locator('html').getAttribute('data-theme')).toBe(theme);
            // Nothing wider than the window: the page itself never scrolls sideways.
            expect(
              await p.evaluate(
                () =>
                  (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
                    .document.documentElement.scrollWidth,
              ),
            ).toBeLessThanOrEqual(width);
            await p.waitForTimeout(300);
            // axe-core: no serious or critical accessibility violation, in either language or theme.
            if (width === 1366) {
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
              expect(violations, `${screen} ${language} ${theme}`).toEqual([]);
            }
            await p.screenshot({
              path: path.join(
                screenshots,
                `${screen.split('?')[0]}-${language}-${theme}-${width}x${height}.png`,
              ),
            });
          }
        }
    }
    await view.close();
    // 48 screens, each checked by axe and photographed: more than the default 90 s on a busy machine.
  }, 240_000);

  it('imports a messy deals file through the wizard, then undoes it', async () => {
    // An export as a small shop has it: a title line, ';' columns, Indonesian headers, numbers
    // and status words, day-first dates, a totals row, one unreadable amount, and one status
    // word the user has to teach.
    const messy = path.join(tmp, 'penjualan-q1.csv');
    fs.writeFileSync(
      messy,
      [
        'Laporan Penjualan PT Maju Jaya - Q1 2026',
        'No Deal;Nama Sales;Tim;Status;Nilai (Rp);Tgl Dibuat;Tgl Tutup',
        'DL-001;Budi Santoso;Tim Jakarta;Menang;Rp 15.000.000,50;03/01/2026;20/01/2026',
        'DL-002;Siti Rahma;Tim Jakarta;Kalah;Rp 7.500.000;05/01/2026;28/01/2026',
        'DL-003;Budi Santoso;Tim Jakarta;Deal Closed;Rp 22.250.000;10/01/2026;14/02/2026',
        'DL-004;Putri Lestari;Tim Surabaya;Menang;Rp 9.000.000;15/01/2026;13/02/2026',
        'DL-005;Putri Lestari;Tim Surabaya;Menang;banyak;16/01/2026;01/03/2026',
        'DL-006;Agus Wijaya;Tim Surabaya;Open;Rp 3.000.000;20/02/2026;',
        'Total;;;;Rp 56.750.000,50;;',
      ].join('\r\n'),
    );
    const kpi = (kpis: string[], period: string) =>
      page.evaluate(
        async ([kpis, period]) => {
          const r = await fetch('/api/kpi/query', {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              'X-Kinerja-Token': (
                globalThis as unknown as { sessionStorage: { getItem(k: string): string } }
              ).sessionStorage.getItem('kinerja-token'),
            },
            body: JSON.stringify({ kpis, period }),
          });
          return ((await r.json()) as { value: { kpi: string; value: number | null }[] }).value;
        },
        [kpis, period] as const,
      );

    await nav('Impor').click();
    await heading('Impor').waitFor();
    await page.getByText('Belum ada yang diimpor.').waitFor();
    await shot('07a-import-empty');
    await page.getByLabel('Isi file', { exact: true }).selectOption('deals');
    await page.locator('input[type=file]').setInputFiles(messy);
    await page.getByText('File: penjualan-q1.csv').waitFor();
    expect(await text(page.locator('.card-hint').first())).toMatch(/';'-separated, header on line 2/);
    for (const [field, header] of [
      ['external_id', 'No Deal'],
      ['owner', 'Nama Sales'],
      ['team', 'Tim'],
      ['amount', 'Nilai (Rp)'],
      ['created_at', 'Tgl Dibuat'],
      ['closed_at', 'Tgl Tutup'],
    ]) {
      await page.getByLabel(`Kolom untuk ${field}`, { exact: true }).selectOption(header!);
    }
    await page.getByLabel('Kata lain untuk “menang”', { exact: true }).fill('Deal Closed');
    await shot('07b-import-mapping');
    await page.getByRole('button', { name: 'Periksa semua baris' }).click();

    // The check names the bad cell by row, column and value, and says what was expected.
    const problem = page.locator('.problems-table tbody tr');
    await problem.waitFor();
    expect(await text(problem.getByRole('cell').nth(0))).toBe('7');
    expect(await text(problem.getByRole('cell').nth(2))).toBe('banyak');
    expect(await text(page.locator('.card').filter({ hasText: 'Pemeriksaan' }).getByRole('status'))).toBe(
      '6 baris dibaca: 5 baru, 0 berubah, 0 tetap, 1 bermasalah.',
    );
    const run = page.getByRole('button', { name: 'Impor 5 baris' });
    expect(await run.isDisabled()).toBe(true);
    await shot('07c-import-check');
    await page
      .getByLabel('Impor baris lainnya dan tulis baris ini ke file penolakan (NAMA.rejected.csv)')
      .check();
    await run.click();
    await page.getByRole('heading', { name: 'Diimpor sebagai batch 1' }).waitFor();
    // The rejected row is kept beside the workspace, not in the upload's temp folder.
    const rejects = path.join(tmp, 'penjualan-q1.csv.rejected.csv');
    expect(await text(page.getByText(/Baris yang ditolak ditulis ke/))).toContain(rejects);
    expect(fs.readFileSync(rejects, 'utf8')).toMatch(/^DL-005,Putri Lestari,.*,banyak,/m);
    await shot('07d-import-done');

    // The numbers arrived exactly: DL-001 in January, DL-003 (taught as won) and DL-004 in February.
    expect(await kpi(['revenue', 'deals_won'], '2026-01')).toMatchObject([
      { kpi: 'revenue', value: 15_000_000.5 },
      { kpi: 'deals_won', value: 1 },
    ]);
    expect(await kpi(['revenue', 'win_rate'], '2026-02')).toMatchObject([
      { kpi: 'revenue', value: 31_250_000 },
      { kpi: 'win_rate', value: 1 },
    ]);

    const batch = page.getByRole('row').filter({ hasText: 'penjualan-q1.csv' });
    expect(await text(batch.getByRole('cell').nth(4))).toBe('5 baru, 0 berubah');
    // Undo asks first: dismissing keeps the batch, accepting removes it.
    page.once('dialog', (d) => void d.dismiss());
    await page.getByRole('button', { name: 'Urungkan batch 1' }).click();
    expect(await kpi(['revenue'], '2026-01')).toMatchObject([{ kpi: 'revenue', value: 15_000_000.5 }]);
    page.once('dialog', (d) => {
      expect(d.message()).toBe(
        'Urungkan batch 1? 5 baris yang ditambahkan atau diubahnya kembali seperti sebelumnya.',
      );
      void d.accept();
    });
    await page.getByRole('button', { name: 'Urungkan batch 1' }).click();
    await batch.getByText('Diurungkan').waitFor();
    expect(await kpi(['revenue'], '2026-01')).toMatchObject([{ kpi: 'revenue', value: null }]);
  });

  it('saves settings and closes the workspace to the start screen', async () => {
    await nav('Pengaturan').click();
    const name = page.getByLabel('Nama perusahaan atau ruang kerja', { exact: true });
    await name.fill('PT Maju Jaya Abadi');
    await page.getByLabel('Tahun fiskal dimulai pada', { exact: true }).selectOption('4');
    await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
    expect(await text(page.getByRole('status'))).toBe('Pengaturan tersimpan.');
    expect(await text(page.getByRole('complementary').locator('.workspace-name'))).toBe('PT Maju Jaya Abadi');
    await shot('08-settings');

    await page.getByRole('button', { name: 'Tutup ruang kerja' }).click();
    await heading('Selamat datang di Kinerja').waitFor();
    await shot('09-start');
  });

  it('explains why a text file cannot be opened', async () => {
    const notes = path.join(tmp, 'notes.txt');
    fs.writeFileSync(notes, 'Catatan rapat: target Q2 naik 10%\n');
    const openForm = page.getByRole('form', { name: 'Buka ruang kerja' });
    await openForm.getByLabel('File ruang kerja', { exact: true }).fill(notes);
    await openForm.getByRole('button', { name: 'Buka ruang kerja' }).click();
    const alert = await text(openForm.getByRole('alert'));
    expect(alert).toContain('Ruang kerja tidak dapat dibuka.');
    expect(alert).toContain(`${notes}: it is a text file; it is not a Kinerja workspace`);
    await shot('10-start-open-error');
  });

  it('creates a new workspace from the start screen, then reopens the first one', async () => {
    const fresh = path.join(tmp, 'toko-baru.kinerja');
    const createForm = page.getByRole('form', { name: 'Buat ruang kerja baru' });
    await createForm.getByLabel('File ruang kerja', { exact: true }).fill(fresh);
    await createForm.getByLabel('Nama perusahaan', { exact: true }).fill('Toko Baru');
    await createForm.getByLabel('Format angka dan uang', { exact: true }).selectOption('en-US');
    await createForm.getByRole('button', { name: 'Buat ruang kerja' }).click();
    expect(await text(page.getByRole('complementary').locator('.workspace-name'))).toBe('Toko Baru');
    expect(fs.existsSync(fresh)).toBe(true);
    // The user picked Indonesian earlier, so the English workspace does not switch the UI.
    await heading('Dasbor').waitFor();

    await nav('Pengaturan').click();
    await page.getByRole('button', { name: 'Tutup ruang kerja' }).click();
    const openForm = page.getByRole('form', { name: 'Buka ruang kerja' });
    await openForm.getByLabel('File ruang kerja', { exact: true }).fill(workspaceFile);
    await openForm.getByRole('button', { name: 'Buka ruang kerja' }).click();
    expect(await text(page.getByRole('complementary').locator('.workspace-name'))).toBe('PT Maju Jaya Abadi');
    await nav('Dasbor').click();
    const tile = page.getByRole('article', { name: 'Pendapatan' });
    expect(await text(tile.getByTestId('tile-value'))).toBe('Rp 1.234.567');
  });

  it('the printed URL opens the app in a fresh tab, a reload keeps it working, and no cookie is set', async () => {
    const fresh = await browser!.newContext({ locale: 'en-US' });
    try {
      const tab = await fresh.newPage();
      await tab.goto(appUrl);
      const name = tab.getByRole('complementary').locator('.workspace-name');
      expect(await name.textContent()).toBe('PT Maju Jaya Abadi');
      expect(new URL(tab.url()).search).toBe('');
      await tab.reload();
      // The workspace name comes from an API call, which needs the token after the reload too.
      await name.waitFor();
      expect(await name.textContent()).toBe('PT Maju Jaya Abadi');
      expect(await tab.evaluate('document.cookie')).toBe('');
      expect(await fresh.cookies()).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('ran without errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
