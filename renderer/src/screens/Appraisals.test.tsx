import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBackend, workspaceInfo } from '../test/fake-transport';
import { renderApp } from '../test/render-app';

afterEach(() => {
  window.location.hash = '';
  vi.restoreAllMocks();
});

const team = '#/appraisals?period=2026-Q1&team=Tim+Jakarta';
const budi = `${team}&person=Budi+Santoso`;

/** The row of the weighted table for a KPI, by its code. */
const lineOf = (kpi: string) => {
  const row = document.querySelector<HTMLTableRowElement>(`tr.line-row[data-kpi="${kpi}"]`);
  if (!row) throw new Error(`no line for ${kpi}`);
  return row;
};
/** The sentence under a KPI's line that says how its points came about. */
const explanationOf = (kpi: string) => lineOf(kpi).nextElementSibling!.textContent;

describe('Appraisals', () => {
  it('ranks the team by score and says in words who has no scorecard', async () => {
    window.location.hash = team;
    renderApp({ screen: 'appraisals' });

    const table = await screen.findByRole('table', { name: /^Penilaian Tim Jakarta untuk K1 2026/ });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['1', 'Budi Santoso', 'Penjualan', '108,8%', '4 · 100% sampai di bawah 110%', 'Belum'],
      ['2', 'Sari Dewi', 'Penjualan', '91,3%', '3 · 90% sampai di bawah 100%', 'Belum'],
      ['—', 'Rudi Hartono', 'Belum ada kartu skor untuk orang ini maupun timnya. Atur kartu skor'],
    ]);
    // The core's English reason is not shown; the person without a scorecard is no link.
    expect(screen.queryByText(/No scorecard is assigned/)).toBeNull();
    expect(within(table).queryByRole('link', { name: 'Rudi Hartono' })).toBeNull();
    expect(screen.getByText('0 dari 2 penilaian sudah ditandatangani')).toBeTruthy();
  });

  it("opens a person's appraisal from the overview and keeps them in the address", async () => {
    window.location.hash = team;
    const { backend } = renderApp({ screen: 'appraisals' });

    fireEvent.click(await screen.findByRole('link', { name: 'Budi Santoso' }));
    const heading = await screen.findByRole('heading', { name: 'Budi Santoso', level: 2 });
    expect(document.activeElement).toBe(heading);
    expect(window.location.hash).toContain('person=Budi+Santoso');
    expect(window.location.hash).toContain('period=2026-Q1');
    expect(backend.callsTo('appraisal/get')).toEqual([{ person: 'Budi Santoso', period: '2026-Q1' }]);
    expect(screen.getByText(/Kartu skor Penjualan \(ditetapkan untuk orang ini\)/)).toBeTruthy();
    expect(screen.getByTestId('appraisal-score').textContent).toBe('108,8%');
    expect(screen.getByTestId('appraisal-rating').textContent).toBe('4');
    expect(screen.getByTestId('appraisal-band').textContent).toBe(
      'Peringkat 4: skor 100% sampai di bawah 110%.',
    );

    // Back to the team: the overview again, for the same team and period.
    fireEvent.click(screen.getByRole('link', { name: /Kembali ke Tim Jakarta/ }));
    expect(await screen.findByRole('table', { name: /^Penilaian Tim Jakarta/ })).toBeTruthy();
    expect(window.location.hash).not.toContain('person=');
  });

  it('shows capped lines and lines without data or target in words, grouped by perspective', async () => {
    window.location.hash = budi;
    renderApp({ screen: 'appraisals' });
    await screen.findByRole('heading', { name: 'Budi Santoso', level: 2 });

    // Revenue at 135% counts as 120%, with the cap marked.
    const revenue = lineOf('revenue');
    expect([...revenue.querySelectorAll('th, td')].map((c) => c.textContent)).toEqual([
      'Pendapatan',
      '40%',
      'Rp 540.000.000',
      'Rp 400.000.000',
      '135%',
      '120%dibatasi 120%',
      '53,3%',
      '64,0',
    ]);
    expect(explanationOf('revenue')).toBe(
      'Pendapatan: 53,3% × min(135%, 120%) = 64,0 poin. Bobotnya 40% naik menjadi 53,3% karena KPI tanpa target atau data tidak dinilai.',
    );
    // No data and no target are said, not left as a dash.
    expect(within(lineOf('avg_deal_size')).getByText('Tidak ada data')).toBeTruthy();
    expect(within(lineOf('avg_deal_size')).getByText('Tidak dinilai')).toBeTruthy();
    expect(explanationOf('avg_deal_size')).toBe(
      'Rata-rata Nilai Deal: tidak ada data di periode ini, jadi tidak dinilai; bobotnya 10% dibagi ke KPI yang dinilai.',
    );
    expect(within(lineOf('win_rate')).getByText('Tanpa target')).toBeTruthy();
    expect(explanationOf('win_rate')).toMatch(/^Tingkat Kemenangan: tidak ada target untuk periode ini/);
    expect(screen.getByTestId('missing-rule').textContent).toMatch(
      /^Data kosong: KPI tanpa target atau tanpa data tidak dinilai, dan bobotnya dibagi/,
    );
    // Perspectives head their groups with their total weight.
    for (const name of ['Keuangan · bobot 50%', 'Pelanggan · bobot 20%', 'Proses Internal · bobot 30%']) {
      expect(screen.getByRole('rowheader', { name })).toBeTruthy();
    }
    expect(screen.getByTestId('appraisal-points-total').textContent).toBe('108,8');
  });

  it('says it in English, with the numbers still in the workspace format', async () => {
    window.location.hash = budi;
    renderApp({ screen: 'appraisals', language: 'en' });
    await screen.findByRole('heading', { name: 'Budi Santoso', level: 2 });
    expect(within(lineOf('revenue')).getByText('capped at 120%')).toBeTruthy();
    expect(within(lineOf('avg_deal_size')).getByText('No data')).toBeTruthy();
    expect(within(lineOf('win_rate')).getByText('No target')).toBeTruthy();
    expect(screen.getByRole('rowheader', { name: 'Internal Process · weight 30%' })).toBeTruthy();
    expect(screen.getByTestId('appraisal-band').textContent).toBe('Rating 4: a score of 100% to under 110%.');
  });

  it("saves the reviewer's comment", async () => {
    window.location.hash = budi;
    const { backend } = renderApp({ screen: 'appraisals' });
    const reviewer = await screen.findByRole('region', { name: 'Penilai' });

    fireEvent.change(within(reviewer).getByLabelText('Komentar penilai'), {
      target: { value: 'Pendapatan jauh di atas target.' },
    });
    fireEvent.click(within(reviewer).getByRole('button', { name: 'Simpan komentar' }));

    expect(await within(reviewer).findByText('Komentar tersimpan.')).toBeTruthy();
    expect(backend.callsTo('appraisal/comment')).toEqual([
      { person: 'Budi Santoso', period: '2026-Q1', reviewerComment: 'Pendapatan jauh di atas target.' },
    ]);
    // Saved: nothing left to save until the text changes again.
    expect(
      (within(reviewer).getByRole('button', { name: 'Simpan komentar' }) as HTMLButtonElement).disabled,
    ).toBe(true);
  });

  it('signs as reviewer: who signed and when, numbers as signed, and a notice once the data moves on', async () => {
    window.location.hash = budi;
    const backend = fakeBackend(workspaceInfo());
    renderApp({ backend, screen: 'appraisals' });
    const reviewer = await screen.findByRole('region', { name: 'Penilai' });
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(true);

    // No name, no signature.
    fireEvent.click(within(reviewer).getByRole('button', { name: 'Tandatangani sebagai penilai' }));
    expect(await within(reviewer).findByText('Isi nama orang yang menandatangani.')).toBeTruthy();
    expect(backend.callsTo('appraisal/sign')).toEqual([]);

    // A comment typed but not saved goes with the signature rather than being lost to it.
    fireEvent.change(within(reviewer).getByLabelText('Komentar penilai'), {
      target: { value: 'Kuartal kuat' },
    });
    fireEvent.change(within(reviewer).getByLabelText('Nama penilai'), { target: { value: 'Ratna Sari' } });
    fireEvent.click(within(reviewer).getByRole('button', { name: 'Tandatangani sebagai penilai' }));

    expect(confirm).toHaveBeenCalledWith(
      expect.stringMatching(/^Tandatangani penilaian Budi Santoso untuk K1 2026 sebagai Ratna Sari\?/),
    );
    expect((await within(reviewer).findByTestId('signed-reviewer')).textContent).toMatch(
      /^Ditandatangani oleh Ratna Sari pada 2 Apr 2026/,
    );
    expect(backend.callsTo('appraisal/sign')).toEqual([
      { person: 'Budi Santoso', period: '2026-Q1', role: 'reviewer', name: 'Ratna Sari' },
    ]);
    expect(backend.callsTo('appraisal/comment')).toEqual([
      { person: 'Budi Santoso', period: '2026-Q1', reviewerComment: 'Kuartal kuat' },
    ]);
    expect(screen.getByTestId('frozen-notice').textContent).toMatch(/^Angka sesuai saat ditandatangani\./);
    // The reviewer's comment is final now; the employee may still comment and sign.
    expect((within(reviewer).getByLabelText('Komentar penilai') as HTMLTextAreaElement).readOnly).toBe(true);
    expect(screen.getByRole('button', { name: 'Tandatangani sebagai karyawan' })).toBeTruthy();
    expect(screen.queryByTestId('changed-notice')).toBeNull();

    // A later import changes revenue: the signed numbers stay, and the screen says the data moved on.
    backend.scoring.results = backend.scoring.results.map((r) =>
      r.person === 'Budi Santoso' && r.kpi === 'revenue' ? { ...r, actual: 380_000_000 } : r,
    );
    fireEvent.click(screen.getByRole('link', { name: /Kembali ke Tim Jakarta/ }));
    const table = await screen.findByRole('table', { name: /^Penilaian Tim Jakarta/ });
    expect(within(table).getByText('Sudah')).toBeTruthy();
    fireEvent.click(within(table).getByRole('link', { name: 'Budi Santoso' }));
    expect(await screen.findByTestId('changed-notice')).toBeTruthy();
    expect(screen.getByTestId('appraisal-score').textContent).toBe('108,8%');
  });

  it('refuses a scorecard whose weights do not add up to 100%, and saves it once they do', async () => {
    window.location.hash = '#/appraisals?view=scorecards';
    const { backend } = renderApp({ screen: 'appraisals' });

    fireEvent.click(await screen.findByRole('button', { name: 'Kartu skor baru' }));
    fireEvent.change(screen.getByLabelText('Nama'), { target: { value: 'Pemasaran' } });
    fireEvent.change(screen.getByLabelText('KPI baris 1'), { target: { value: 'leads' } });
    fireEvent.change(screen.getByLabelText('Bobot baris 1 dalam persen'), { target: { value: '60' } });
    fireEvent.change(screen.getByLabelText('Perspektif baris 1'), { target: { value: 'customer' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tambah KPI' }));
    fireEvent.change(screen.getByLabelText('KPI baris 2'), { target: { value: 'mql' } });
    // Typed the Indonesian way.
    fireEvent.change(screen.getByLabelText('Bobot baris 2 dalam persen'), { target: { value: '30,5' } });
    expect(screen.getByTestId('weight-total').textContent).toBe('Jumlah bobot 90,5%: harus tepat 100%.');

    fireEvent.click(screen.getByRole('button', { name: 'Simpan kartu skor' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Jumlah bobot 90,5%; jadikan tepat 100% sebelum menyimpan.',
    );
    expect(backend.callsTo('scorecards/save')).toEqual([]);

    // Typed the English way, the weights add up.
    fireEvent.change(screen.getByLabelText('Bobot baris 2 dalam persen'), { target: { value: '40.0' } });
    expect(screen.getByTestId('weight-total').textContent).toBe('Jumlah bobot 100%.');
    fireEvent.click(screen.getByRole('radio', { name: /Dihitung nol/ }));
    fireEvent.change(screen.getByLabelText('Tim atau orang'), { target: { value: 'owner' } });
    fireEvent.change(screen.getByLabelText('Orang'), { target: { value: 'Sari Dewi' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tambahkan' }));
    // Sari has the Penjualan scorecard: the editor says she moves.
    expect(screen.getByText(/pindah dari Penjualan/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Simpan kartu skor' }));

    expect(await screen.findByText('Kartu skor Pemasaran tersimpan.')).toBeTruthy();
    expect(backend.callsTo('scorecards/save')).toEqual([
      {
        id: null,
        name: 'Pemasaran',
        cap: 1.2,
        missingRule: 'zero',
        lines: [
          { kpi: 'leads', weight: 0.6, perspective: 'customer' },
          { kpi: 'mql', weight: 0.4, perspective: null },
        ],
        assignedTo: [{ dim: 'owner', name: 'Sari Dewi' }],
      },
    ]);
    const list = screen.getByRole('table', { name: 'Kartu skor' });
    await waitFor(() => expect(within(list).getByRole('rowheader', { name: 'Pemasaran' })).toBeTruthy());
  });

  it('says which line is wrong: no KPI, the same KPI twice, a weight that is no number', async () => {
    window.location.hash = '#/appraisals?view=scorecards';
    const { backend } = renderApp({ screen: 'appraisals' });
    fireEvent.click(await screen.findByRole('button', { name: 'Ubah kartu skor Penjualan' }));
    fireEvent.change(screen.getByLabelText('KPI baris 2'), { target: { value: 'revenue' } });
    fireEvent.change(screen.getByLabelText('Bobot baris 3 dalam persen'), { target: { value: 'dua puluh' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tambah KPI' }));
    fireEvent.click(screen.getByRole('button', { name: 'Simpan kartu skor' }));

    const alert = await screen.findByRole('alert');
    expect([...alert.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Baris 2: Pendapatan sudah ada di kartu skor.',
      'Baris 3: isi bobot dalam persen, misalnya 40 atau 12,5.',
      'Baris 6: pilih KPI.',
      'Baris 6: isi bobot dalam persen, misalnya 40 atau 12,5.',
    ]);
    expect(screen.getByLabelText('Bobot baris 3 dalam persen').getAttribute('aria-invalid')).toBe('true');
    expect(backend.callsTo('scorecards/save')).toEqual([]);
  });

  it('deletes a scorecard after asking', async () => {
    window.location.hash = '#/appraisals?view=scorecards';
    const { backend } = renderApp({ screen: 'appraisals' });
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    fireEvent.click(await screen.findByRole('button', { name: 'Ubah kartu skor Penjualan' }));

    fireEvent.click(screen.getByRole('button', { name: 'Hapus kartu skor' }));
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(backend.callsTo('scorecards/delete')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Hapus kartu skor' }));
    expect(await screen.findByText('Kartu skor Penjualan dihapus.')).toBeTruthy();
    expect(backend.callsTo('scorecards/delete')).toEqual([{ id: 1 }]);
    expect(await screen.findByText('Belum ada kartu skor.')).toBeTruthy();
  });

  it('shows an error from the core with the notice', async () => {
    window.location.hash = '#/appraisals?period=2026-Q1&team=Tim+Jakarta&person=Rudi+Hartono';
    renderApp({ screen: 'appraisals' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Penilaian Rudi Hartono tidak dapat ditampilkan.');
    expect(alert.textContent).toContain('No scorecard is assigned to Rudi Hartono or to Tim Jakarta');
  });
});
