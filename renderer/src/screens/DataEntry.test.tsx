import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBackend, workspaceInfo, type FakeBackend } from '../test/fake-transport';
import { renderApp } from '../test/render-app';

afterEach(() => {
  window.location.hash = '';
});

/**
 * A cell of the grid by the name a screen reader reads (its hidden label, then its value). Role
 * queries compute the accessible name of all 240 cells on every call, which jsdom does slowly.
 */
const cell = (name: string): HTMLTableCellElement => {
  const found = [...document.querySelectorAll<HTMLTableCellElement>('td.entry-cell')].find((td) =>
    (td.textContent ?? '').startsWith(`${name}:`),
  );
  if (!found) throw new Error(`no cell named ${name}`);
  return found;
};
const findCell = (name: string) => waitFor(() => cell(name));
/** Gives a cell the keyboard focus, as a click or Tab does; the grid follows before the next key. */
const select = (td: HTMLElement) => act(() => td.focus());
const valueIn = (name: string) => within(cell(name)).getByTestId('entry-value').textContent;
/** The cell that has the keyboard focus, by its name. */
const focusedCell = () => {
  const td = (document.activeElement as HTMLElement).closest('td.entry-cell');
  return td?.querySelector('.visually-hidden')?.textContent?.replace(/:\s*$/, '') ?? null;
};

function open(backend: FakeBackend = fakeBackend(workspaceInfo()), params = 'year=2026') {
  window.location.hash = `#/data-entry?${params}`;
  return renderApp({ backend, screen: 'data-entry' });
}

/** Selects a cell and types into it, as a user does: the first key opens the editor. */
async function typeInto(name: string, text: string) {
  const td = await findCell(name);
  select(td);
  fireEvent.keyDown(td, { key: text[0] });
  const input = within(td).getByRole('textbox');
  fireEvent.change(input, { target: { value: text } });
  return input;
}

const paste = (target: HTMLElement, text: string) =>
  fireEvent.paste(target, {
    clipboardData: { getData: (type: string) => (type === 'text/plain' ? text : '') },
  });

// The grid has a cell per KPI and month: jsdom needs a few seconds to render it.
describe('Data entry grid', { timeout: 20_000 }, () => {
  it('takes a value typed the Indonesian way, saves it on Enter and moves down', async () => {
    const { backend } = open();
    const input = await typeInto('Pendapatan, Maret 2026', '1.234.567');
    expect(input.getAttribute('aria-label')).toBe('Nilai Pendapatan untuk Maret 2026');
    expect(screen.getByText('Terbaca sebagai Rp 1.234.567')).toBeTruthy();
    fireEvent.keyDown(input, { key: 'Enter' });

    expect((await screen.findByText(/tersimpan: Rp 1\.234\.567\./)).textContent).toBe(
      'Pendapatan untuk Maret 2026 tersimpan: Rp 1.234.567.',
    );
    expect(backend.callsTo('values/set')).toEqual([
      { kpi: 'revenue', period: '2026-03', value: 1234567, note: null },
    ]);
    expect(valueIn('Pendapatan, Maret 2026')).toBe('1.234.567');
    expect(focusedCell()).toBe('Jumlah Deal Tertutup, Maret 2026');
  });

  it('moves with the arrows, Home and End, and Tab / Shift+Tab running on across rows', async () => {
    open();
    const start = await findCell('Pendapatan, Januari 2026');
    select(start);
    const press = (key: string, init: Record<string, unknown> = {}) =>
      fireEvent.keyDown(document.activeElement!, { key, ...init });

    press('ArrowRight');
    expect(focusedCell()).toBe('Pendapatan, Februari 2026');
    press('ArrowDown');
    expect(focusedCell()).toBe('Jumlah Deal Tertutup, Februari 2026');
    press('ArrowLeft');
    press('ArrowLeft');
    expect(focusedCell()).toBe('Jumlah Deal Tertutup, Januari 2026');
    press('ArrowUp');
    press('ArrowUp');
    expect(focusedCell()).toBe('Pendapatan, Januari 2026');
    press('End');
    expect(focusedCell()).toBe('Pendapatan, Desember 2026');
    press('Tab');
    expect(focusedCell()).toBe('Jumlah Deal Tertutup, Januari 2026');
    press('Tab', { shiftKey: true });
    expect(focusedCell()).toBe('Pendapatan, Desember 2026');
    press('Home');
    expect(focusedCell()).toBe('Pendapatan, Januari 2026');
    // One Tab stop for the whole grid: only the selected cell is in the page's tab order.
    expect(document.querySelectorAll('td.entry-cell[tabindex="0"]')).toHaveLength(1);
  });

  it('Escape cancels an edit; Tab saves it and moves right; text that is no number is refused', async () => {
    const { backend } = open();
    let input = await typeInto('Leads Dihasilkan, Mei 2026', '120');
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(within(cell('Leads Dihasilkan, Mei 2026')).queryByRole('textbox')).toBeNull();
    expect(valueIn('Leads Dihasilkan, Mei 2026')).toBe('—');
    expect(focusedCell()).toBe('Leads Dihasilkan, Mei 2026');

    input = await typeInto('Leads Dihasilkan, Mei 2026', 'banyak');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect((await screen.findByRole('alert')).textContent).toBe('Ini bukan angka. Tulis seperti 1.234.567.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    // The editor stays open on the cell for a correction.
    expect(document.activeElement).toBe(input);

    fireEvent.change(input, { target: { value: '120' } });
    fireEvent.keyDown(input, { key: 'Tab' });
    await waitFor(() => expect(backend.callsTo('values/set')).toHaveLength(1));
    expect(backend.callsTo('values/set')[0]).toMatchObject({ kpi: 'leads', period: '2026-05', value: 120 });
    expect(focusedCell()).toBe('Leads Dihasilkan, Juni 2026');
  });

  it.each([
    ['win_rate', 'Tingkat Kemenangan', '150', 'Persentase berada di antara 0 dan 100 persen.'],
    ['deals_won', 'Jumlah Deal Tertutup', '2,5', 'Jumlah berupa bilangan bulat, 0 atau lebih.'],
  ])("refuses %s = %s by the KPI's unit and sends nothing", async (_code, name, text, message) => {
    const { backend } = open();
    const input = await typeInto(`${name}, Maret 2026`, text);
    fireEvent.keyDown(input, { key: 'Enter' });
    expect((await screen.findByRole('alert')).textContent).toBe(message);
    expect(backend.callsTo('values/set')).toEqual([]);
  });

  it('takes a rate in percent and stores the fraction', async () => {
    const { backend } = open();
    fireEvent.keyDown(await typeInto('Tingkat Kemenangan, Februari 2026', '12,5'), { key: 'Enter' });
    await waitFor(() => expect(backend.callsTo('values/set')).toHaveLength(1));
    expect(backend.callsTo('values/set')[0]).toMatchObject({
      kpi: 'win_rate',
      period: '2026-02',
      value: 0.125,
    });
    await waitFor(() => expect(valueIn('Tingkat Kemenangan, Februari 2026')).toBe('12,5%'));
  });

  it('pastes a block copied from Excel, written the Indonesian way, in one save', async () => {
    const { backend } = open();
    const start = await findCell('Pendapatan, Januari 2026');
    select(start);
    // Revenue, deals won and win rate for January and February, as Excel copies them.
    paste(start, '1.234.567,89\tRp 2.000.000\r\n12\t15\r\n45%\t45\r\n');

    expect(await screen.findByText('6 nilai ditempel dan tersimpan.')).toBeTruthy();
    expect(backend.callsTo('values/setMany')).toEqual([
      {
        values: [
          { kpi: 'revenue', period: '2026-01', value: 1234567.89, note: null },
          { kpi: 'revenue', period: '2026-02', value: 2000000, note: null },
          { kpi: 'deals_won', period: '2026-01', value: 12, note: null },
          { kpi: 'deals_won', period: '2026-02', value: 15, note: null },
          { kpi: 'win_rate', period: '2026-01', value: 0.45, note: null },
          { kpi: 'win_rate', period: '2026-02', value: 0.45, note: null },
        ],
      },
    ]);
    expect(backend.callsTo('values/set')).toEqual([]);
    expect(valueIn('Pendapatan, Januari 2026')).toBe('1.234.568');
    expect(valueIn('Tingkat Kemenangan, Februari 2026')).toBe('45%');
  });

  it('reads a pasted block the English way in an en-US workspace', async () => {
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }));
    // An English workspace opens in English unless the user picked a language.
    open(backend);
    const start = await findCell('Revenue, March 2026');
    select(start);
    paste(start, '1,234,567.89\t2,500\n3\t4\n');
    await waitFor(() => expect(backend.callsTo('values/setMany')).toHaveLength(1));
    expect((backend.callsTo('values/setMany')[0]!.values as { value: number }[]).map((v) => v.value)).toEqual(
      [1234567.89, 2500, 3, 4],
    );
    await waitFor(() => expect(valueIn('Revenue, March 2026')).toBe('1,234,567.89'));
  });

  it('refuses the whole block when one cell is bad, naming its KPI and month, and saves nothing', async () => {
    const { backend } = open();
    const start = await findCell('Pendapatan, Januari 2026');
    select(start);
    paste(start, '1.000.000\t2.000.000\n3\t2,5\n');

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Tidak ada yang disimpan dari blok yang ditempel.')).toBeTruthy();
    expect(
      within(alert).getByText(
        'Jumlah Deal Tertutup, Februari 2026: “2,5”. Jumlah berupa bilangan bulat, 0 atau lebih.',
      ),
    ).toBeTruthy();
    expect(backend.callsTo('values/setMany')).toEqual([]);
    expect(backend.values).toEqual([]);
    expect(valueIn('Pendapatan, Januari 2026')).toBe('—');
  });

  it('refuses a block in the other locale’s format and one that runs off the grid', async () => {
    const { backend } = open();
    const start = await findCell('Pendapatan, November 2026');
    select(start);
    paste(start, '1,234,567.89');
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Pendapatan, November 2026: “1,234,567.89”. Di ruang kerja ini “.” memisahkan ribuan dan “,” menandai desimal',
    );
    paste(start, '1\t2\t3');
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Blok berisi 1 baris × 3 kolom; mulai dari Pendapatan, November 2026 hanya ada tempat untuk',
    );
    expect(backend.callsTo('values/setMany')).toEqual([]);
  });

  it('keeps a note with the value, marks the cell and gives it the note as its description', async () => {
    const { backend } = open();
    fireEvent.keyDown(await typeInto('Pendapatan, Maret 2026', '5.000.000'), { key: 'Enter' });
    await screen.findByText(/tersimpan: Rp 5\.000\.000\./);
    const revenue = cell('Pendapatan, Maret 2026');
    select(revenue);
    fireEvent.keyDown(revenue, { key: 'F2', shiftKey: true });
    const note = screen.getByRole('textbox', { name: 'Catatan' });
    expect(document.activeElement).toBe(note);
    fireEvent.change(note, { target: { value: 'Dari laporan CRM' } });
    fireEvent.keyDown(note, { key: 'Enter' });

    expect(await screen.findByText('Catatan untuk Pendapatan, Maret 2026 tersimpan.')).toBeTruthy();
    expect(backend.callsTo('values/set').at(-1)).toEqual({
      kpi: 'revenue',
      period: '2026-03',
      value: 5000000,
      note: 'Dari laporan CRM',
    });
    await waitFor(() => expect(cell('Pendapatan, Maret 2026').classList).toContain('has-note'));
    const marked = cell('Pendapatan, Maret 2026');
    expect(marked.title).toBe('Catatan: Dari laporan CRM');
    expect(document.getElementById(marked.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Catatan: Dari laporan CRM',
    );
    expect(document.activeElement).toBe(marked);
    // Typing a new value over the cell keeps its note.
    fireEvent.keyDown(await typeInto('Pendapatan, Maret 2026', '6.000.000'), { key: 'Enter' });
    await waitFor(() =>
      expect(backend.callsTo('values/set').at(-1)).toMatchObject({
        value: 6000000,
        note: 'Dari laporan CRM',
      }),
    );
  });

  it('Delete clears a value and Undo (the button, or Ctrl+Z) brings it back with its note', async () => {
    const backend = fakeBackend(workspaceInfo(), [
      { kpi: 'revenue', period: '2026-11', value: 2500000, note: 'awal', updatedAt: '2026-11-30T00:00:00Z' },
    ]);
    open(backend);
    await waitFor(() => expect(valueIn('Pendapatan, November 2026')).toBe('2.500.000'));
    const revenue = cell('Pendapatan, November 2026');
    select(revenue);
    fireEvent.keyDown(revenue, { key: 'Delete' });

    const toast = (await screen.findByText('Pendapatan untuk November 2026 dihapus.')).closest('.toast')!;
    expect(backend.values).toEqual([]);
    expect(backend.callsTo('values/delete')).toEqual([{ kpi: 'revenue', period: '2026-11' }]);
    await waitFor(() => expect(valueIn('Pendapatan, November 2026')).toBe('—'));
    fireEvent.click(within(toast as HTMLElement).getByRole('button', { name: 'Urungkan' }));
    await waitFor(() => expect(valueIn('Pendapatan, November 2026')).toBe('2.500.000'));
    expect(backend.values).toMatchObject([
      { kpi: 'revenue', period: '2026-11', value: 2500000, note: 'awal' },
    ]);

    // The same with the keyboard.
    select(cell('Pendapatan, November 2026'));
    fireEvent.keyDown(cell('Pendapatan, November 2026'), { key: 'Delete' });
    await screen.findByText('Pendapatan untuk November 2026 dihapus.');
    fireEvent.keyDown(cell('Pendapatan, November 2026'), { key: 'z', ctrlKey: true });
    await waitFor(() => expect(backend.values).toMatchObject([{ value: 2500000, note: 'awal' }]));
    expect(await screen.findByText('Pendapatan untuk November 2026 dikembalikan.')).toBeTruthy();

    // A value typed after a delete ends the undo offer: Ctrl+Z must not bring the old one back over it.
    select(cell('Pendapatan, November 2026'));
    fireEvent.keyDown(cell('Pendapatan, November 2026'), { key: 'Delete' });
    await screen.findByText('Pendapatan untuk November 2026 dihapus.');
    const input = await typeInto('Pendapatan, November 2026', '777');
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(backend.values).toMatchObject([{ value: 777 }]), { timeout: 5000 });
    // Ctrl+Z at once, even before the save has answered.
    fireEvent.keyDown(cell('Pendapatan, November 2026'), { key: 'z', ctrlKey: true });
    await new Promise((r) => setTimeout(r, 50));
    expect(backend.values).toMatchObject([{ value: 777 }]);
    expect(screen.queryByText('Pendapatan untuk November 2026 dihapus.')).toBeNull();
  }, 20_000);

  it('enters values for one person, kept in the address, apart from the company’s', async () => {
    const backend = fakeBackend(workspaceInfo(), [
      { kpi: 'leads', period: '2026-02', value: 40, note: null, updatedAt: '2026-02-28T00:00:00Z' },
      {
        kpi: 'leads',
        period: '2026-02',
        value: 7,
        note: null,
        updatedAt: '2026-02-28T00:00:00Z',
        owner: 'Sari Dewi',
      },
    ]);
    open(backend);
    await waitFor(() => expect(valueIn('Leads Dihasilkan, Februari 2026')).toBe('40'));
    const scope = screen.getByRole('combobox', { name: 'Untuk' }) as HTMLSelectElement;
    expect([...scope.options].map((o) => o.textContent)).toEqual([
      'Seluruh perusahaan',
      'Budi Santoso',
      'Sari Dewi',
    ]);
    fireEvent.change(scope, { target: { value: 'owner=Sari Dewi' } });

    expect(new URLSearchParams(window.location.hash.split('?')[1]).get('scope')).toBe('owner=Sari Dewi');
    await waitFor(() => expect(valueIn('Leads Dihasilkan, Februari 2026')).toBe('7'));
    fireEvent.keyDown(await typeInto('Leads Dihasilkan, Maret 2026', '9'), { key: 'Enter' });
    await waitFor(() => expect(backend.callsTo('values/set')).toHaveLength(1));
    expect(backend.callsTo('values/set')[0]).toEqual({
      kpi: 'leads',
      period: '2026-03',
      value: 9,
      note: null,
      scope: { owner: 'Sari Dewi' },
    });
    expect(backend.values.find((v) => v.period === '2026-03')).toMatchObject({
      owner: 'Sari Dewi',
      value: 9,
    });

    // Back to the company: Sari's March is hers only.
    fireEvent.change(screen.getByRole('combobox', { name: 'Untuk' }), { target: { value: '' } });
    await waitFor(() => expect(valueIn('Leads Dihasilkan, Februari 2026')).toBe('40'));
    expect(valueIn('Leads Dihasilkan, Maret 2026')).toBe('—');
  });

  it('pastes a block for one person in one save for that person', async () => {
    const { backend } = open(undefined, 'year=2026&scope=owner%3DBudi%20Santoso');
    const start = await findCell('Leads Dihasilkan, Januari 2026');
    select(start);
    paste(start, '10\t11\n');
    await waitFor(() => expect(backend.callsTo('values/setMany')).toHaveLength(1));
    expect(backend.callsTo('values/setMany')[0]).toMatchObject({ scope: { owner: 'Budi Santoso' } });
    expect(backend.values.map((v) => [v.owner, v.period, v.value])).toEqual([
      ['Budi Santoso', '2026-01', 10],
      ['Budi Santoso', '2026-02', 11],
    ]);
  });

  it('shows computed values read-only with their source, and the rule for which wins right there', async () => {
    const backend = fakeBackend(workspaceInfo(), [
      { kpi: 'revenue', period: '2026-03', value: 5000000, note: null, updatedAt: '2026-03-31T00:00:00Z' },
    ]);
    backend.computed.push(
      { kpi: 'revenue', period: '2026-03', value: 9000000 },
      { kpi: 'revenue', period: '2026-04', value: 8000000 },
    );
    open(backend);
    await waitFor(() => expect(valueIn('Pendapatan, Maret 2026')).toBe('9.000.000'));
    const march = cell('Pendapatan, Maret 2026');
    expect(march.getAttribute('aria-readonly')).toBe('true');
    expect(march.textContent).toContain('(dihitung dari data impor)');
    select(march);
    fireEvent.keyDown(march, { key: 'Enter' });
    expect(within(march).queryByRole('textbox')).toBeNull();
    expect(await screen.findByText(/^Pendapatan untuk Maret 2026 dihitung dari data impor\./)).toBeTruthy();
    expect(
      screen.getByText(/Nilai yang diisi di sini, Rp 5\.000\.000, disimpan tetapi tidak ditampilkan/),
    ).toBeTruthy();

    // A pasted block over a computed cell is refused, naming it, with the switch offered.
    const april = cell('Pendapatan, April 2026');
    select(april);
    paste(april, '7.000.000');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Pendapatan, April 2026: “7.000.000”. Dihitung dari data impor');
    expect(backend.callsTo('values/setMany')).toEqual([]);

    const rule = screen.getByRole('combobox', {
      name: 'Bila Pendapatan punya nilai hitungan dan nilai yang diisi, tampilkan',
    }) as HTMLSelectElement;
    expect(rule.value).toBe('computed');
    fireEvent.change(rule, { target: { value: 'typed' } });
    expect(
      await screen.findByText('Pendapatan kini menampilkan nilai yang diisi di sini bila ada.'),
    ).toBeTruthy();
    expect(backend.callsTo('kpi/settings')).toEqual([{ kpi: 'revenue', manualWins: true }]);
    await waitFor(() => expect(valueIn('Pendapatan, Maret 2026')).toBe('5.000.000'));
    expect(cell('Pendapatan, Maret 2026').getAttribute('aria-readonly')).toBeNull();
    // Typed values now win for revenue: April, computed and never typed, takes a paste too.
    await waitFor(() => expect(cell('Pendapatan, April 2026').getAttribute('aria-readonly')).toBeNull());
    const aprilAgain = cell('Pendapatan, April 2026');
    select(aprilAgain);
    paste(aprilAgain, '7.000.000');
    await waitFor(() => expect(backend.callsTo('values/setMany')).toHaveLength(1));
    expect(backend.callsTo('values/setMany')[0]).toMatchObject({
      values: [{ kpi: 'revenue', period: '2026-04', value: 7000000 }],
    });
  });

  it('says when a saved value is outranked by a computed one, and lets the typed one win', async () => {
    const backend = fakeBackend(workspaceInfo());
    open(backend);
    await findCell('Pendapatan, Juni 2026');
    // Facts for the month arrive after the grid was read: the typed value is kept, not shown.
    backend.computed.push({ kpi: 'revenue', period: '2026-06', value: 9000000 });
    fireEvent.keyDown(await typeInto('Pendapatan, Juni 2026', '5.000.000'), { key: 'Enter' });
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

  it('shows the core’s message when saving fails', async () => {
    const backend = fakeBackend();
    backend.override('values/set', () => ({
      ok: false,
      error: { kind: 'no_workspace', message: 'No workspace is open: create or open one first' },
    }));
    open(backend);
    fireEvent.keyDown(await typeInto('Leads Dihasilkan, Maret 2026', '10'), { key: 'Enter' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Nilai tidak tersimpan.');
    expect(alert.textContent).toContain('No workspace is open');
  });

  it('says the value waits for a running import, then confirms it was saved', async () => {
    const backend = fakeBackend();
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
    open(backend);
    fireEvent.keyDown(await typeInto('Leads Dihasilkan, Maret 2026', '120'), { key: 'Enter' });
    expect(
      await screen.findByText(
        'Impor hubspot-deals.csv sedang berjalan. Nilai Anda disimpan begitu impor selesai; tidak ada yang hilang.',
      ),
    ).toBeTruthy();
    finishImport();
    expect(await screen.findByText(/tersimpan: 120\./)).toBeTruthy();
    expect(screen.queryByText(/sedang berjalan/)).toBeNull();
  });

  it('offers only KPIs typed by hand, not those computed from others', async () => {
    open();
    await findCell('Pendapatan, Januari 2026');
    const rows = [...document.querySelectorAll('.entry-grid tbody th')].map((th) => th.textContent);
    expect(rows).toContain('Pendapatan (Rp)');
    expect(rows).toContain('Rasio Pentalan');
    expect(rows.some((r) => /CAC|ROMI|Pencapaian Target/.test(r ?? ''))).toBe(false);
  });

  it('speaks English when the UI does, with numbers still in the workspace’s format', async () => {
    window.location.hash = '#/data-entry?year=2026';
    renderApp({ screen: 'data-entry', language: 'en' });
    const input = await typeInto('Revenue, March 2026', '1.234.567');
    expect(screen.getByText('Reads as Rp 1.234.567')).toBeTruthy();
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(await screen.findByText('Saved Revenue for March 2026: Rp 1.234.567.')).toBeTruthy();
  });
});
