import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeBackend, workspaceInfo } from '../test/fake-transport';
import { renderApp } from '../test/render-app';

async function fillForm(fields: {
  kpi?: string;
  month?: string;
  year?: string;
  value: string;
  note?: string;
}) {
  const kpi = (await screen.findByRole('combobox', { name: /KPI/ })) as HTMLSelectElement;
  if (fields.kpi) fireEvent.change(kpi, { target: { value: fields.kpi } });
  if (fields.month)
    fireEvent.change(screen.getByRole('combobox', { name: /Bulan|Month/ }), {
      target: { value: fields.month },
    });
  if (fields.year)
    fireEvent.change(screen.getByRole('textbox', { name: /Tahun|Year/ }), { target: { value: fields.year } });
  fireEvent.change(screen.getByRole('textbox', { name: /Nilai|Value/ }), { target: { value: fields.value } });
  if (fields.note)
    fireEvent.change(screen.getByRole('textbox', { name: /Catatan|Note/ }), {
      target: { value: fields.note },
    });
}

describe('Data entry', () => {
  it('rejects text that is not a number, says why, and sends nothing', async () => {
    const { backend } = renderApp({ screen: 'data-entry' });
    await fillForm({ value: 'abc' });
    fireEvent.click(screen.getByRole('button', { name: 'Simpan nilai' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Ini bukan angka. Tulis seperti Rp 1.234.567.');
    expect(screen.getByRole('textbox', { name: /Nilai/ }).getAttribute('aria-invalid')).toBe('true');
    expect(backend.callsTo('values/set')).toEqual([]);
  });

  it('sends the number parsed in the workspace locale and lists it formatted', async () => {
    const { backend } = renderApp({ screen: 'data-entry' });
    await fillForm({ kpi: 'revenue', month: '3', year: '2026', value: 'Rp 1.234.567', note: 'Dari CRM' });
    expect(screen.getByText('Terbaca sebagai Rp 1.234.567')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Simpan nilai' }));

    expect(await screen.findByRole('status')).toHaveProperty(
      'textContent',
      'Pendapatan untuk Maret 2026 tersimpan: Rp 1.234.567.',
    );
    expect(backend.callsTo('values/set')).toEqual([
      { kpi: 'revenue', period: '2026-03', value: 1234567, note: 'Dari CRM' },
    ]);
    const row = (await screen.findByRole('cell', { name: 'Rp 1.234.567' })).closest('tr')!;
    expect(within(row).getByText('Pendapatan')).toBeTruthy();
    expect(within(row).getByText('Mar 2026')).toBeTruthy();
    expect(within(row).getByText('Dari CRM')).toBeTruthy();
    // The form is ready for the next value.
    expect((screen.getByRole('textbox', { name: /Nilai/ }) as HTMLInputElement).value).toBe('');
  });

  it('refuses another locale’s separators with a message naming this one’s', async () => {
    const { backend } = renderApp({
      screen: 'data-entry',
      backend: fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' })),
      language: 'en',
    });
    await fillForm({ value: '1.234.567' });
    fireEvent.click(screen.getByRole('button', { name: 'Save value' }));

    expect((await screen.findByRole('alert')).textContent).toBe(
      'In this workspace “,” separates thousands and “.” marks decimals, as in $1,234,567.',
    );
    expect(backend.callsTo('values/set')).toEqual([]);
  });

  it('takes rates in percent and stores the fraction', async () => {
    const { backend } = renderApp({ screen: 'data-entry' });
    await fillForm({ kpi: 'win_rate', month: '2', year: '2026', value: '12,5' });
    fireEvent.click(screen.getByRole('button', { name: 'Simpan nilai' }));

    await waitFor(() => expect(backend.callsTo('values/set')).toHaveLength(1));
    expect(backend.callsTo('values/set')[0]).toMatchObject({
      kpi: 'win_rate',
      period: '2026-02',
      value: 0.125,
    });
    expect(await screen.findByRole('cell', { name: '12,5%' })).toBeTruthy();
  });

  it('defaults to the current month', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-07-10T09:00:00'));
    const { backend } = renderApp({ screen: 'data-entry' });
    await fillForm({ value: '5' });
    fireEvent.click(screen.getByRole('button', { name: 'Simpan nilai' }));
    await waitFor(() => expect(backend.callsTo('values/set')).toHaveLength(1));
    expect(backend.callsTo('values/set')[0]).toMatchObject({ period: '2026-07', value: 5, note: null });
  });

  it('refuses a year that is not four digits', async () => {
    const { backend } = renderApp({ screen: 'data-entry' });
    await fillForm({ year: '26', value: '5' });
    fireEvent.click(screen.getByRole('button', { name: 'Simpan nilai' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Isi tahun antara 1990 dan 2100, misalnya 2026.',
    );
    expect(backend.callsTo('values/set')).toEqual([]);
  });

  it('loads an entered value back into the form for correction', async () => {
    const backend = fakeBackend(workspaceInfo(), [
      {
        kpi: 'revenue',
        period: '2025-11',
        value: 2500000.5,
        note: 'awal',
        updatedAt: '2025-11-30T00:00:00Z',
      },
    ]);
    renderApp({ screen: 'data-entry', backend });
    fireEvent.click(await screen.findByRole('button', { name: 'Ubah Pendapatan untuk Nov 2025' }));

    expect((screen.getByRole('textbox', { name: /Nilai/ }) as HTMLInputElement).value).toBe('2.500.000,5');
    expect((screen.getByRole('textbox', { name: /Tahun/ }) as HTMLInputElement).value).toBe('2025');
    expect((screen.getByRole('combobox', { name: /Bulan/ }) as HTMLSelectElement).value).toBe('11');
    fireEvent.click(screen.getByRole('button', { name: 'Simpan nilai' }));
    await waitFor(() => expect(backend.callsTo('values/set')).toHaveLength(1));
    expect(backend.callsTo('values/set')[0]).toEqual({
      kpi: 'revenue',
      period: '2025-11',
      value: 2500000.5,
      note: 'awal',
    });
  });

  it('shows the core’s message when saving fails', async () => {
    const backend = fakeBackend();
    backend.override('values/set', () => ({
      ok: false,
      error: { kind: 'no_workspace', message: 'No workspace is open: create or open one first' },
    }));
    renderApp({ screen: 'data-entry', backend });
    await fillForm({ value: '10' });
    fireEvent.click(screen.getByRole('button', { name: 'Simpan nilai' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Nilai tidak tersimpan.');
    expect(alert.textContent).toContain('No workspace is open');
  });

  it('says the value waits for a running import, then confirms it was saved', async () => {
    const { backend } = renderApp({ screen: 'data-entry' });
    let finishImport: () => void = () => undefined;
    const importDone = new Promise<void>((resolve) => (finishImport = resolve));
    backend.override('import/progress', () => ({
      ok: true,
      value: {
        call: 'import/file',
        file: '/data/hubspot-deals.csv',
        bytesRead: 10,
        totalBytes: 100,
        rows: 5,
        waitingWrites: 1,
      },
    }));
    backend.override('values/set', async (request) => {
      await importDone;
      return {
        ok: true,
        value: {
          ...request,
          note: null,
          updatedAt: '2026-03-31T10:00:00.000Z',
          inEffect: true,
          shownValue: request.value,
        },
      };
    });
    await fillForm({ kpi: 'leads', month: '3', year: '2026', value: '120' });
    fireEvent.click(screen.getByRole('button', { name: 'Simpan nilai' }));

    expect(
      await screen.findByText(
        'Impor hubspot-deals.csv sedang berjalan. Nilai Anda disimpan begitu impor selesai; tidak ada yang hilang.',
      ),
    ).toBeTruthy();
    finishImport();
    expect(await screen.findByText(/tersimpan: 120\./)).toBeTruthy();
    expect(screen.queryByText(/sedang berjalan/)).toBeNull();
  });

  it.each([
    ['win_rate', '150', 'Persentase berada di antara 0 dan 100 persen.'],
    ['deals_won', '2,5', 'Jumlah berupa bilangan bulat, 0 atau lebih.'],
    ['leads', '-3', 'Jumlah berupa bilangan bulat, 0 atau lebih.'],
  ])("refuses %s = %s by the KPI's unit, in the UI language", async (kpi, value, message) => {
    const { backend } = renderApp({ screen: 'data-entry' });
    await fillForm({ kpi, year: '2026', value });
    fireEvent.click(screen.getByRole('button', { name: 'Simpan nilai' }));
    expect((await screen.findByRole('alert')).textContent).toBe(message);
    expect(backend.callsTo('values/set')).toEqual([]);
  });

  it('does not offer KPIs computed from others', async () => {
    renderApp({ screen: 'data-entry' });
    const kpi = (await screen.findByRole('combobox', { name: /KPI/ })) as HTMLSelectElement;
    const codes = [...kpi.options].map((o) => o.value);
    expect(codes).toContain('revenue');
    expect(codes).not.toContain('cac');
    expect(codes).not.toContain('romi');
    expect(codes).not.toContain('target_achievement');
  });

  it('says when a computed value outranks the typed one, and lets the typed one win', async () => {
    const backend = fakeBackend(workspaceInfo());
    backend.override('values/set', (request) => ({
      ok: true,
      value: {
        ...request,
        note: null,
        updatedAt: '2026-03-31T10:00:00.000Z',
        inEffect: false,
        shownValue: 9000000,
      },
    }));
    backend.override('kpi/settings', () => ({
      ok: true,
      value: { manualWins: true, manualRollup: 'sum', tracked: true },
    }));
    renderApp({ backend, screen: 'data-entry' });
    await fillForm({ kpi: 'revenue', year: '2026', value: '5.000.000' });
    fireEvent.click(screen.getByRole('button', { name: 'Simpan nilai' }));
    expect(
      await screen.findByText(
        'Tersimpan, tetapi Pendapatan menampilkan Rp 9.000.000 yang dihitung dari data impor: nilai hitungan yang dipakai untuk KPI ini.',
      ),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Pakai nilai yang diisi' }));
    expect(
      await screen.findByText('Pendapatan kini menampilkan nilai yang diisi di sini bila ada.'),
    ).toBeTruthy();
    expect(backend.callsTo('kpi/settings')).toEqual([{ kpi: 'revenue', manualWins: true }]);
  });

  it('deletes a value and brings it back with Undo', async () => {
    const backend = fakeBackend(workspaceInfo(), [
      { kpi: 'revenue', period: '2025-11', value: 2500000, note: 'awal', updatedAt: '2025-11-30T00:00:00Z' },
    ]);
    renderApp({ backend, screen: 'data-entry' });
    fireEvent.click(await screen.findByRole('button', { name: 'Hapus Pendapatan untuk Nov 2025' }));
    expect(await screen.findByText(/Pendapatan untuk Nov 2025 dihapus\./)).toBeTruthy();
    expect(backend.values).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Urungkan' }));
    expect(await screen.findByRole('button', { name: 'Hapus Pendapatan untuk Nov 2025' })).toBeTruthy();
    expect(backend.values).toMatchObject([
      { kpi: 'revenue', period: '2025-11', value: 2500000, note: 'awal' },
    ]);
  });
});
