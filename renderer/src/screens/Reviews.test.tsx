import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtInKpis } from '../../../shared/kpi/catalog';
import { fakeBackend, workspaceInfo, type FakeBackend, type FakeValue } from '../test/fake-transport';
import { renderApp } from '../test/render-app';

vi.mock('react-chartjs-2', async () => ({ Bar: (await import('../test/chart-mock')).FakeBar }));

afterEach(() => {
  vi.restoreAllMocks();
});

const typed = (kpi: string, period: string, value: number): FakeValue => ({
  kpi,
  period,
  value,
  note: null,
  updatedAt: '2026-03-31T10:00:00.000Z',
});

/** The reviewed KPIs: revenue (Rp 350 jt in 2026-Q1 against Rp 400 jt), deals won and leads. */
const reviewed = ['revenue', 'deals_won', 'leads'];

function companyWithData(): FakeBackend {
  const backend = fakeBackend(workspaceInfo(), [
    typed('revenue', '2025-12', 90_000_000),
    typed('revenue', '2026-01', 100_000_000),
    typed('revenue', '2026-02', 120_000_000),
    typed('revenue', '2026-03', 130_000_000),
    typed('deals_won', '2026-01', 4),
    typed('deals_won', '2026-03', 5),
    typed('leads', '2026-02', 80),
  ]);
  for (const k of builtInKpis) if (!reviewed.includes(k.code)) backend.untracked.add(k.code);
  backend.targets.push({ kpi: 'revenue', period: '2026-Q1', scope: '', value: 400_000_000, revisions: [] });
  return backend;
}

/** A review made through the fake core, as if in an earlier session. */
async function reviewOf(backend: FakeBackend, period = '2026-Q1'): Promise<number> {
  const reply = await backend.transport('reviews/create', { period });
  if (!reply.ok) throw new Error(reply.error.message);
  return (reply.value as { id: number }).id;
}

async function call(backend: FakeBackend, name: Parameters<FakeBackend['transport']>[0], request: object) {
  const reply = await backend.transport(name, request);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value;
}

async function openReview(backend: FakeBackend, id: number, kpi?: string) {
  window.location.hash = `#/reviews?review=${id}${kpi ? `&kpi=${kpi}` : ''}`;
  renderApp({ backend, screen: 'reviews' });
  return screen.findByRole('heading', { level: 2, name: /Tinjauan K1 2026|2026-Q1/ });
}

describe('Reviews', () => {
  it("lists the company's reviews and starts one for the quarter of the latest data", async () => {
    const backend = companyWithData();
    window.location.hash = '#/reviews';
    renderApp({ backend, screen: 'reviews' });

    expect(
      await screen.findByText(
        'Belum ada tinjauan untuk Seluruh perusahaan. Pilih periode di atas dan mulai yang pertama.',
      ),
    ).toBeTruthy();
    // The data ends in March 2026: the first quarter is offered.
    expect((screen.getByRole('combobox', { name: 'Periode' }) as HTMLSelectElement).value).toBe('2026-Q1');
    fireEvent.click(screen.getByRole('button', { name: 'Mulai tinjauan' }));

    const heading = await screen.findByRole('heading', {
      level: 2,
      name: 'Tinjauan K1 2026 · Seluruh perusahaan',
    });
    expect(backend.callsTo('reviews/create')).toEqual([
      {
        period: '2026-Q1',
        scope: null,
        title: 'Tinjauan K1 2026 · Seluruh perusahaan',
        today: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as unknown,
      },
    ]);
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(window.location.hash).toContain('review=1');
    expect(window.location.hash).toContain('period=2026-Q1');
    const agenda = screen.getByRole('navigation', { name: 'Agenda' });
    expect(
      within(agenda)
        .getAllByRole('button')
        .map((b) => b.querySelector('.agenda-name')?.textContent),
    ).toEqual(['Ringkasan', 'Pendapatan', 'Jumlah Deal Tertutup', 'Leads Dihasilkan']);
    // Status in words, never by colour alone.
    expect(within(agenda).getAllByTestId('review-status')[0]!.textContent).toContain('Tertinggal');

    fireEvent.click(screen.getByRole('link', { name: /Semua tinjauan untuk Seluruh perusahaan/ }));
    const table = await screen.findByRole('table', {
      name: 'Tinjauan untuk Seluruh perusahaan, yang terbaru di atas',
    });
    const row = within(table).getAllByRole('row')[1]!;
    expect([...row.querySelectorAll('th, td')].map((c) => c.textContent)).toEqual([
      'K1 2026',
      'Tinjauan K1 2026 · Seluruh perusahaan',
      'Terbuka',
      '0',
      'Dimulai 2 Apr 2026',
    ]);
  });

  it('walks a KPI with actual, target, achievement and status, and saves a note when a field is left', async () => {
    const backend = companyWithData();
    const id = await reviewOf(backend);
    await openReview(backend, id, 'revenue');

    const panel = screen.getByRole('region', { name: 'Pendapatan' });
    expect(within(panel).getByTestId('review-actual').textContent).toBe('Rp 350.000.000');
    expect(within(panel).getByTestId('review-target').textContent).toBe('Rp 400.000.000');
    expect(within(panel).getByTestId('review-achievement').textContent).toBe('87,5%');
    expect(within(panel).getByTestId('review-status').textContent).toContain('Tertinggal');
    expect(within(panel).getByText('KPI 1 dari 3')).toBeTruthy();
    // The trend: the quarter and the five before it, oldest first.
    expect(JSON.parse(within(panel).getByRole('img').getAttribute('data-labels')!)).toEqual([
      'K4 2024',
      'K1 2025',
      'K2 2025',
      'K3 2025',
      'K4 2025',
      'K1 2026',
    ]);

    const happened = within(panel).getByLabelText('Apa yang terjadi');
    fireEvent.change(happened, { target: { value: 'Februari lambat karena libur Imlek' } });
    expect(within(panel).getByRole('status').textContent).toBe('Belum tersimpan');
    fireEvent.blur(happened);
    await waitFor(() => expect(within(panel).getByRole('status').textContent).toBe('Tersimpan'));
    expect(backend.callsTo('reviews/note')).toEqual([
      { reviewId: id, kpi: 'revenue', happened: 'Februari lambat karena libur Imlek', why: '', next: '' },
    ]);
    // Leaving the field again without a change saves nothing more.
    fireEvent.blur(happened);
    expect(backend.callsTo('reviews/note')).toHaveLength(1);
    const agenda = screen.getByRole('navigation', { name: 'Agenda' });
    expect(within(agenda).getByRole('button', { name: /Pendapatan/ }).textContent).toContain('Ada catatan');

    // The next KPI, by its button; the note stays with revenue.
    fireEvent.click(within(panel).getByRole('button', { name: 'KPI berikutnya' }));
    expect(await screen.findByRole('region', { name: 'Jumlah Deal Tertutup' })).toBeTruthy();
    expect(window.location.hash).toContain('kpi=deals_won');
  });

  it('shows the pace of a period still running: share elapsed, projection, target due by now', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 1, 14, 12));
    const backend = companyWithData();
    const id = await reviewOf(backend);
    await openReview(backend, id, 'revenue');

    expect(backend.callsTo('reviews/get')).toEqual([{ id, today: '2026-02-14' }]);
    const panel = screen.getByRole('region', { name: 'Pendapatan' });
    expect(within(panel).getByTestId('review-pace').textContent).toBe(
      'Periode masih berjalan (50% berlalu) · proyeksi Rp 700.000.000 · seharusnya sudah Rp 200.000.000 · perlu Rp 1.111.111 per hari tersisa',
    );
  });

  it('adds an action item to a KPI and changes its status', async () => {
    const backend = companyWithData();
    const id = await reviewOf(backend);
    await openReview(backend, id, 'revenue');
    const panel = screen.getByRole('region', { name: 'Pendapatan' });

    // Without a text nothing is sent.
    fireEvent.click(within(panel).getByRole('button', { name: 'Tambah' }));
    expect(await within(panel).findByText('Tulis apa yang akan dilakukan.')).toBeTruthy();
    expect(backend.callsTo('reviews/addAction')).toEqual([]);

    fireEvent.change(within(panel).getByLabelText('Tindak lanjut baru'), {
      target: { value: 'Telepon 10 klien teratas' },
    });
    fireEvent.change(within(panel).getByLabelText('Penanggung jawab'), { target: { value: 'Budi Santoso' } });
    fireEvent.change(within(panel).getByLabelText('Tenggat'), { target: { value: '2026-04-30' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Tambah' }));

    const status = await within(panel).findByRole('combobox', { name: 'Status: Telepon 10 klien teratas' });
    expect(backend.callsTo('reviews/addAction')).toEqual([
      {
        reviewId: id,
        text: 'Telepon 10 klien teratas',
        owner: 'Budi Santoso',
        due: '2026-04-30',
        kpi: 'revenue',
      },
    ]);
    const item = status.closest('li')!;
    expect(item.textContent).toContain('Penanggung jawab: Budi Santoso');
    expect(item.textContent).toContain('Tenggat: 30 Apr 2026');
    expect((status as HTMLSelectElement).value).toBe('open');
    expect(screen.getByText('1 tindak lanjut terbuka')).toBeTruthy();

    fireEvent.change(status, { target: { value: 'done' } });
    await waitFor(() => expect(backend.callsTo('reviews/updateAction')).toEqual([{ id: 1, status: 'done' }]));
    await waitFor(() => expect((status as HTMLSelectElement).value).toBe('done'));
    expect(screen.getByText('0 tindak lanjut terbuka')).toBeTruthy();
  });

  it('adjusts a target only with a reason, and lists the adjustment with the review', async () => {
    const backend = companyWithData();
    const id = await reviewOf(backend);
    await openReview(backend, id, 'revenue');
    const panel = screen.getByRole('region', { name: 'Pendapatan' });

    fireEvent.change(within(panel).getByLabelText('Target baru'), { target: { value: '380.000.000' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Sesuaikan target' }));
    expect(await within(panel).findByText('Tulis alasan perubahan target.')).toBeTruthy();
    expect(backend.callsTo('reviews/adjustTarget')).toEqual([]);

    fireEvent.change(within(panel).getByLabelText('Alasan (wajib)'), {
      target: { value: 'Pasar melambat' },
    });
    fireEvent.click(within(panel).getByRole('button', { name: 'Sesuaikan target' }));
    expect(await within(panel).findByText('Target disesuaikan.')).toBeTruthy();
    expect(backend.callsTo('reviews/adjustTarget')).toEqual([
      {
        reviewId: id,
        kpi: 'revenue',
        value: 380_000_000,
        reason: 'Pasar melambat',
        today: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as unknown,
      },
    ]);
    // The review shows the new target at once, and the adjustment with its reason.
    expect(within(panel).getByTestId('review-target').textContent).toBe('Rp 380.000.000');
    expect(within(panel).getByTestId('review-achievement').textContent).toBe('92,1%');
    expect(panel.querySelector('.review-adjustments')!.textContent).toContain(
      'K1 2026: Rp 400.000.000 → Rp 380.000.000 — Pasar melambat',
    );
  });

  it('closes a review only after saying its values will be frozen; then notes can no longer be edited', async () => {
    const backend = companyWithData();
    const id = await reviewOf(backend);
    await call(backend, 'reviews/addAction', { reviewId: id, text: 'Telepon klien', kpi: 'revenue' });
    await openReview(backend, id, 'revenue');

    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    fireEvent.click(screen.getByRole('button', { name: 'Tutup tinjauan' }));
    expect(confirm.mock.calls[0]![0]).toContain(
      'Semua nilai yang ditampilkan akan dibekukan seperti sekarang',
    );
    expect(backend.callsTo('reviews/close')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Tutup tinjauan' }));
    expect(await screen.findByTestId('frozen-notice')).toBeTruthy();
    expect(backend.callsTo('reviews/close')).toHaveLength(1);
    expect(screen.getByTestId('review-state').textContent).toBe('Ditutup');
    expect(screen.queryByRole('button', { name: 'Tutup tinjauan' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Hapus tinjauan' })).toBeNull();

    const panel = screen.getByRole('region', { name: 'Pendapatan' });
    for (const label of ['Apa yang terjadi', 'Mengapa', 'Langkah berikutnya'])
      expect((within(panel).getByLabelText(label) as HTMLTextAreaElement).disabled).toBe(true);
    expect(within(panel).getByText('Tinjauan sudah ditutup: catatan tidak bisa diubah.')).toBeTruthy();
    expect(within(panel).queryByRole('button', { name: 'Simpan catatan' })).toBeNull();
    expect(within(panel).queryByRole('button', { name: 'Tambah' })).toBeNull();
    expect(within(panel).queryByRole('button', { name: 'Sesuaikan target' })).toBeNull();
    // An action item is still ticked off in a closed review.
    const status = within(panel).getByRole('combobox', {
      name: 'Status: Telepon klien',
    }) as HTMLSelectElement;
    expect(status.disabled).toBe(false);
    fireEvent.change(status, { target: { value: 'done' } });
    await waitFor(() => expect(backend.callsTo('reviews/updateAction')).toEqual([{ id: 1, status: 'done' }]));
    expect(await within(panel).findByText('Saat ditutup: Terbuka')).toBeTruthy();
  });

  it("shows a closed review's frozen values, and today's beside those the data has changed since", async () => {
    const backend = companyWithData();
    const id = await reviewOf(backend);
    await call(backend, 'reviews/note', { reviewId: id, kpi: 'revenue', happened: 'Maret kuat' });
    await call(backend, 'reviews/close', { id });
    // A late deal for March is entered after the meeting.
    backend.values = backend.values.map((v) =>
      v.kpi === 'revenue' && v.period === '2026-03' ? { ...v, value: 150_000_000 } : v,
    );
    await openReview(backend, id, 'revenue');

    expect(screen.getByTestId('frozen-notice').textContent).toContain('1 KPI berubah sejak tinjauan.');
    const panel = screen.getByRole('region', { name: 'Pendapatan' });
    expect(within(panel).getByTestId('review-actual').textContent).toBe('Rp 350.000.000');
    expect(within(panel).getByTestId('review-actual-now').textContent).toBe('Sekarang: Rp 370.000.000');
    expect(within(panel).getByTestId('review-achievement').textContent).toBe('87,5%');
    expect(within(panel).getByTestId('review-achievement-now').textContent).toBe('Sekarang: 92,5%');
    expect(within(panel).queryByTestId('review-target-now')).toBeNull();
    expect(within(panel).getByTestId('changed-mark').textContent).toContain('Berubah sejak tinjauan.');
    expect((within(panel).getByLabelText('Apa yang terjadi') as HTMLTextAreaElement).value).toBe(
      'Maret kuat',
    );
    const agenda = screen.getByRole('navigation', { name: 'Agenda' });
    expect(within(agenda).getByRole('button', { name: /Pendapatan/ }).textContent).toContain('Berubah');
    expect(within(agenda).getByRole('button', { name: /Jumlah Deal Tertutup/ }).textContent).not.toContain(
      'Berubah',
    );
  });

  it('carries an open action item into the next review of the scope, saying where it was raised', async () => {
    const backend = companyWithData();
    const first = await reviewOf(backend);
    await call(backend, 'reviews/addAction', {
      reviewId: first,
      text: 'Perbarui daftar harga',
      kpi: 'revenue',
    });
    await call(backend, 'reviews/close', { id: first });
    const second = await reviewOf(backend, '2026-Q2');
    window.location.hash = `#/reviews?review=${second}`;
    renderApp({ backend, screen: 'reviews' });

    const overview = await screen.findByRole('region', { name: 'Ringkasan' });
    const carried = within(overview).getByTestId('carried');
    expect(carried.textContent).toBe('Dibawa dari K1 2026 · 2026-Q1');
    expect(within(carried).getByRole('link').getAttribute('href')).toBe(
      `#/reviews?period=2026-Q1&review=${first}`,
    );
  });

  it('deletes an open review after asking, and returns to the list', async () => {
    const backend = companyWithData();
    const id = await reviewOf(backend);
    await openReview(backend, id);
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    fireEvent.click(screen.getByRole('button', { name: 'Hapus tinjauan' }));
    const listHeading = await screen.findByRole('heading', { name: 'Tinjauan untuk Seluruh perusahaan' });
    expect(backend.callsTo('reviews/delete')).toEqual([{ id }]);
    expect(window.location.hash).not.toContain('review=');
    await waitFor(() => expect(document.activeElement).toBe(listHeading));
    expect(await screen.findByText(/Belum ada tinjauan untuk Seluruh perusahaan/)).toBeTruthy();
  });

  it('writes the PDF minutes where the user says and names the file written, or says why not', async () => {
    const backend = companyWithData();
    const id = await reviewOf(backend);
    backend.override('report/pdf', (request) => ({
      ok: true,
      value: { file: `/home/konsultan/${String(request.path)}`, bytes: 48213 },
    }));
    await openReview(backend, id);
    fireEvent.click(screen.getByRole('button', { name: 'PDF' }));
    const path = screen.getByLabelText('Simpan PDF sebagai') as HTMLInputElement;
    expect(path.value).toBe('tinjauan-2026-Q1.pdf');
    fireEvent.click(screen.getByRole('button', { name: 'Buat PDF' }));
    expect(await screen.findByText('PDF disimpan: /home/konsultan/tinjauan-2026-Q1.pdf')).toBeTruthy();
    expect(backend.callsTo('report/pdf')).toEqual([
      {
        kind: 'review',
        period: '2026-Q1',
        scope: null,
        reviewId: id,
        lang: 'id',
        paper: 'A4',
        path: 'tinjauan-2026-Q1.pdf',
      },
    ]);

    backend.override('report/pdf', () => ({
      ok: false,
      error: {
        kind: 'invalid_request',
        message:
          '/home/konsultan/Rapat/notulen.pdf: the folder /home/konsultan/Rapat does not exist; choose an existing folder',
      },
    }));
    fireEvent.change(path, { target: { value: 'Rapat/notulen.pdf' } });
    fireEvent.click(screen.getByRole('button', { name: 'Buat PDF' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('PDF tidak dibuat.');
    expect(alert.textContent).toContain('the folder /home/konsultan/Rapat does not exist');
  });

  it('names the PDF of a team review after the team', async () => {
    const backend = companyWithData();
    const reply = await backend.transport('reviews/create', {
      period: '2026-Q1',
      scope: { dim: 'team', name: 'Tim Jakarta' },
    });
    const id = (reply as { value: { id: number } }).value.id;
    window.location.hash = `#/reviews?review=${id}&scope=team%3DTim+Jakarta`;
    renderApp({ backend, screen: 'reviews' });
    await screen.findByRole('heading', { level: 2, name: '2026-Q1 · Tim Jakarta' });
    fireEvent.click(screen.getByRole('button', { name: 'PDF' }));
    expect((screen.getByLabelText('Simpan PDF sebagai') as HTMLInputElement).value).toBe(
      'tinjauan-2026-Q1-Tim-Jakarta.pdf',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Buat PDF' }));
    await waitFor(() =>
      expect(backend.callsTo('report/pdf')[0]).toMatchObject({ scope: 'team=Tim Jakarta', reviewId: id }),
    );
  });

  it('presents one KPI per step, driven by the keys a clicker sends, and returns where it left off', async () => {
    const backend = companyWithData();
    const id = await reviewOf(backend);
    await call(backend, 'reviews/note', { reviewId: id, kpi: 'revenue', why: 'Dua deal besar mundur' });
    await openReview(backend, id);

    const present = screen.getByRole('button', { name: 'Mode presentasi' });
    fireEvent.click(present);
    const view = screen.getByRole('dialog', { name: 'Mode presentasi: 2026-Q1' });
    // Focus is on the view at once: the first key press already steps.
    expect(document.activeElement).toBe(view);
    const step = () => within(view).getByTestId('presenter-step').textContent;
    const kpi = () => within(view).getByRole('heading', { level: 2 }).textContent;
    expect(step()).toBe('1 / 3');
    expect(kpi()).toBe('Pendapatan');
    expect(within(view).getByTestId('presenter-value').textContent).toBe('Rp 350.000.000');
    expect(view.querySelector('.presenter-target')!.textContent).toBe(
      'Target Rp 400.000.000 · capaian 87,5%',
    );
    expect(within(view).getByTestId('review-status').textContent).toContain('Tertinggal');
    expect(within(view).getByText('Dua deal besar mundur')).toBeTruthy();

    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(step()).toBe('2 / 3');
    expect(kpi()).toBe('Jumlah Deal Tertutup');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(step()).toBe('1 / 3');
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(step()).toBe('3 / 3');
    expect(kpi()).toBe('Leads Dihasilkan');
    // Past the last step it stays on the last.
    fireEvent.keyDown(document.activeElement!, { key: 'PageDown' });
    expect(step()).toBe('3 / 3');
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    fireEvent.keyDown(document.activeElement!, { key: ' ' });
    expect(step()).toBe('2 / 3');
    fireEvent.keyDown(document.activeElement!, { key: 'PageUp' });
    fireEvent.keyDown(document.activeElement!, { key: 'End' });

    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(present));
    // The session opens on the KPI the presentation ended on.
    expect(window.location.hash).toContain('kpi=leads');
    expect(await screen.findByRole('region', { name: 'Leads Dihasilkan' })).toBeTruthy();
  });
});
