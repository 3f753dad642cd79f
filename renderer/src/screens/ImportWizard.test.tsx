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

  it('shows the rows to check (negative won amounts, two columns of one name) before and after the import', async () => {
    uploadAnswers();
    const backend = fakeBackend();
    backend.override('import/detect', () => ({ ok: true, value: detection }));
    const warnings = [
      {
        code: 'negative_won_amount',
        column: 'Nilai (Rp) (amount)',
        rows: [3, 7],
        count: 5,
        positions: [],
        message:
          'rows 3, 7 and 3 more, column Nilai (Rp) (amount): a won deal with a negative amount; it lowers revenue',
      },
      {
        code: 'duplicate_header',
        column: 'Nama Sales',
        rows: [1],
        count: 1,
        positions: [3, 5],
        message: "columns 3 and 5 are both named 'Nama Sales'; only column 3 is read",
      },
    ];
    const summary = {
      batchId: 4,
      file: detection.file,
      kind: 'deals',
      readAs: detection.readAs,
      preset: null,
      read: 10,
      inserted: 10,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      rejectsFile: null,
      skippedLines: 0,
      skippedTotals: 0,
      totalsRows: [],
      moreTables: false,
      duplicatesInFile: 0,
      ignoredColumns: [],
      formats: [],
      dryRun: false,
      warnings,
    };
    backend.override('import/preview', () => ({
      ok: true,
      value: { ...summary, batchId: null, dryRun: true, preview: [], problems: [] },
    }));
    backend.override('import/file', () => ({ ok: true, value: summary }));
    renderApp({ backend, screen: 'import' });
    await chooseFile();
    fireEvent.change(screen.getByLabelText('Kolom untuk status'), { target: { value: '=won' } });
    fireEvent.click(screen.getByRole('button', { name: 'Periksa semua baris' }));
    const negative =
      'Baris 3, 7 dan 3 lainnya, kolom Nilai (Rp) (amount): deal menang dengan nilai negatif; ini mengurangi pendapatan.';
    const twice = 'Kolom 3 & 5 sama-sama bernama “Nama Sales”; hanya kolom 3 yang dibaca.';
    expect(await screen.findByText(negative)).toBeTruthy();
    expect(screen.getByText(twice)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Impor 10 baris' }));
    await screen.findByText('Diimpor sebagai batch 4');
    expect(screen.getByText(negative)).toBeTruthy();
    expect(screen.getByText(twice)).toBeTruthy();
  });
});
