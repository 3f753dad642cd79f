import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBackend } from '../test/fake-transport';
import { renderApp } from '../test/render-app';

const headers = ['Tanggal', 'Nilai (Rp)', 'Nama Sales'];
const detection = {
  file: '/tmp/kinerja-upload-x/pesanan.csv',
  readAs: "utf-8, ';'-separated, header on line 1",
  sheets: null,
  headers,
  sample: [
    ['05/01/2026', 'Rp 1.500.000', 'Budi'],
    ['12/01/2026', 'Rp 2.000.000', 'Sari'],
  ],
  suggestedPreset: null,
  suggestedKind: 'deals',
  mapping: {},
  constants: {},
  unused: headers,
  dateRange: null,
  fields: [
    { name: 'owner', type: 'text' },
    { name: 'status', type: 'text' },
    { name: 'amount', type: 'money' },
    { name: 'closed_at', type: 'date' },
  ],
  formats: [],
};

function uploadAnswers() {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () =>
      Response.json({ ok: true, value: { path: detection.file, name: 'pesanan.csv', bytes: 99 } }),
    ),
  );
}

afterEach(() => vi.unstubAllGlobals());

async function chooseFile() {
  const input = await screen.findByLabelText('Pilih file…', { selector: 'input' });
  fireEvent.change(input, { target: { files: [new File(['x'], 'pesanan.csv')] } });
  await screen.findByText('File: pesanan.csv');
}

describe('Import wizard', () => {
  it('offers the date order and decimal mark once the user maps such columns by hand', async () => {
    uploadAnswers();
    const backend = fakeBackend();
    backend.override('import/detect', () => ({ ok: true, value: detection }));
    renderApp({ backend, screen: 'import' });
    await chooseFile();
    expect(screen.queryByLabelText('Urutan tanggal')).toBeNull();

    fireEvent.change(screen.getByLabelText('Kolom untuk closed_at'), { target: { value: 'Tanggal' } });
    fireEvent.change(screen.getByLabelText('Kolom untuk amount'), { target: { value: 'Nilai (Rp)' } });
    // The mapped column's first values are shown, so the user can see which order they are in.
    expect(screen.getByText('05/01/2026 · 12/01/2026')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Urutan tanggal'), { target: { value: 'DD/MM/YYYY' } });
    fireEvent.change(screen.getByLabelText('Tanda desimal'), { target: { value: ',' } });
    fireEvent.click(screen.getByRole('button', { name: 'Periksa semua baris' }));

    await waitFor(() => expect(backend.callsTo('import/preview')).toHaveLength(1));
    expect(backend.callsTo('import/preview')[0]).toMatchObject({
      kind: 'deals',
      map: ['Tanggal=closed_at', 'Nilai (Rp)=amount'],
      dateFormat: 'DD/MM/YYYY',
      decimal: ',',
    });
  });

  it('gives every row a status when the file has none (an orders export)', async () => {
    uploadAnswers();
    const backend = fakeBackend();
    backend.override('import/detect', () => ({ ok: true, value: detection }));
    renderApp({ backend, screen: 'import' });
    await chooseFile();
    fireEvent.change(screen.getByLabelText('Kolom untuk status'), { target: { value: '=won' } });
    expect(screen.getByRole('option', { name: 'Setiap baris: menang' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Periksa semua baris' }));
    await waitFor(() => expect(backend.callsTo('import/preview')).toHaveLength(1));
    expect(backend.callsTo('import/preview')[0]).toMatchObject({ set: ['status=won'] });
    expect(backend.callsTo('import/preview')[0]).not.toHaveProperty('map');
  });
});
