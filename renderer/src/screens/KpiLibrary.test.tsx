import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeBackend, type FakeValue } from '../test/fake-transport';
import { renderApp } from '../test/render-app';

vi.mock('react-chartjs-2', async () => ({ Bar: (await import('../test/chart-mock')).FakeBar }));

const typed = (kpi: string, period: string, value: number): FakeValue => ({
  kpi,
  period,
  value,
  note: null,
  updatedAt: '2026-03-01T00:00:00Z',
});

/** February 2026, the latest month with data: 500 million of revenue from 10 deals. */
function backendWithData() {
  return fakeBackend(undefined, [
    typed('revenue', '2026-02', 500_000_000),
    typed('deals_won', '2026-02', 10),
  ]);
}

async function openEditor(language: 'id' | 'en' = 'en', backend = backendWithData()) {
  renderApp({ backend, screen: 'kpi-library', language });
  // Text queries: role queries over the whole library (every card, every SMART row) are slow.
  await screen.findByText(language === 'en' ? 'Revenue' : 'Pendapatan', { selector: 'h2' });
  fireEvent.click(screen.getByText(language === 'en' ? 'New KPI' : 'KPI baru', { selector: 'button' }));
  const title = screen.getByText(language === 'en' ? 'New custom KPI' : 'KPI kustom baru', {
    selector: 'h2',
  });
  const editor = title.closest('section')!;
  expect(editor.getAttribute('aria-labelledby')).toBe(title.id);
  return { backend, editor: within(editor) };
}

const formulaBox = (editor: ReturnType<typeof within>, language: 'id' | 'en' = 'en') =>
  editor.getByRole('textbox', { name: language === 'en' ? 'Formula' : 'Rumus' });

describe('the custom KPI editor', () => {
  it('checks the formula while it is typed and points at the character that is wrong', async () => {
    const { editor } = await openEditor('en');
    const formula = formulaBox(editor);
    fireEvent.change(formula, { target: { value: 'revenue / / leads' } });
    // The second '/' is the 11th character.
    const message = "expected a KPI code, a number or '(' after '/', found '/' (at character 11)";
    expect(editor.getByText(message)).toBeTruthy();
    expect(formula.getAttribute('aria-invalid')).toBe('true');
    expect(formula.getAttribute('aria-describedby')).toContain(editor.getByText(message).id);
    const marker = screen.getByTestId('formula-marker');
    expect(marker.querySelector('mark')?.textContent).toBe('/');
    expect(marker.querySelector('.formula-marker-caret')?.textContent).toBe(`${' '.repeat(10)}^`);

    fireEvent.change(formula, { target: { value: 'revenue / lead' } });
    expect(editor.getByText("unknown KPI code 'lead' (at character 11)")).toBeTruthy();

    fireEvent.change(formula, { target: { value: 'revenue / leads' } });
    expect(editor.getByText('The formula is valid.')).toBeTruthy();
    expect(screen.queryByTestId('formula-marker')).toBeNull();
    expect(formula.getAttribute('aria-invalid')).toBeNull();
  });

  it("says the parser's problem in Indonesian, and checks the code as it is typed", async () => {
    const { editor } = await openEditor('id');
    fireEvent.change(formulaBox(editor, 'id'), { target: { value: 'revenue × 2' } });
    expect(
      editor.getByText(
        "karakter '×' tidak dikenal dalam rumus: gunakan '*' untuk perkalian (pada karakter ke-9)",
      ),
    ).toBeTruthy();
    const code = editor.getByRole('textbox', { name: 'Kode' });
    fireEvent.change(code, { target: { value: 'Omzet' } });
    expect(editor.getByText(/Gunakan hanya huruf kecil, angka, dan _/)).toBeTruthy();
    fireEvent.change(code, { target: { value: 'revenue' } });
    expect(editor.getByText("'revenue' adalah KPI bawaan; pilih kode lain.")).toBeTruthy();
  });

  it('lists the KPI codes and functions a formula may use; a click puts a code in', async () => {
    const { editor } = await openEditor('en');
    const help = within(editor.getByRole('complementary', { name: 'Formula help' }));
    for (const usage of ['min(a, b, …)', 'max(a, b, …)', 'abs(x)', 'if_null(x, fallback)'])
      expect(help.getByText(usage)).toBeTruthy();
    fireEvent.change(formulaBox(editor), { target: { value: 'revenue /' } });
    fireEvent.click(help.getByRole('button', { name: 'leads Leads generated' }));
    expect((formulaBox(editor) as HTMLTextAreaElement).value).toBe('revenue / leads');
  });

  it('previews the value for the latest month with data, once typing pauses', async () => {
    const { backend, editor } = await openEditor('en');
    fireEvent.change(editor.getByRole('combobox', { name: 'Unit' }), { target: { value: 'money' } });
    fireEvent.change(formulaBox(editor), { target: { value: 'revenue / deals' } });
    fireEvent.change(formulaBox(editor), { target: { value: 'revenue / deals_won' } });
    expect(editor.getByText('Preview for February 2026')).toBeTruthy();
    expect(await screen.findByText('Rp 50.000.000')).toBeTruthy();
    // Only the formula typing stopped at was sent.
    expect(backend.callsTo('kpi/previewCustom')).toEqual([
      expect.objectContaining({ formula: 'revenue / deals_won', period: '2026-02' }),
    ]);
  });

  it("shows the core's refusal of a preview as it came", async () => {
    const backend = backendWithData();
    backend.override('kpi/previewCustom', () => ({
      ok: false,
      error: { kind: 'invalid_request', message: 'KPI draft_kpi: the workspace is busy' },
    }));
    const { editor } = await openEditor('en', backend);
    fireEvent.change(formulaBox(editor), { target: { value: 'revenue / 2' } });
    expect(await editor.findByText('KPI draft_kpi: the workspace is busy')).toBeTruthy();
    expect(editor.getByText('The preview was refused:')).toBeTruthy();
  });

  it('saves a custom KPI, which then appears in the library with its formula, and edits it', async () => {
    const { backend, editor } = await openEditor('en');
    fireEvent.change(editor.getByRole('textbox', { name: 'Code' }), {
      target: { value: 'revenue_per_deal' },
    });
    fireEvent.click(editor.getByRole('button', { name: 'Save KPI' }));
    // Names missing: nothing is sent.
    expect(editor.getAllByText('Give the KPI a name.')).toHaveLength(2);
    expect(backend.callsTo('kpi/defineCustom')).toHaveLength(0);

    fireEvent.change(editor.getByRole('textbox', { name: 'Name in Bahasa Indonesia' }), {
      target: { value: 'Pendapatan per deal' },
    });
    fireEvent.change(editor.getByRole('textbox', { name: 'Name in English' }), {
      target: { value: 'Revenue per deal' },
    });
    fireEvent.change(formulaBox(editor), { target: { value: 'revenue / deals_won' } });
    fireEvent.change(editor.getByRole('combobox', { name: 'Unit' }), { target: { value: 'money' } });
    fireEvent.click(editor.getByRole('button', { name: 'Save KPI' }));

    expect(await screen.findByText('Revenue per deal is saved.')).toBeTruthy();
    expect(backend.callsTo('kpi/defineCustom')).toEqual([
      {
        code: 'revenue_per_deal',
        name: { id: 'Pendapatan per deal', en: 'Revenue per deal' },
        formula: 'revenue / deals_won',
        unit: 'money',
        direction: 'higher',
      },
    ]);
    expect(screen.queryByText('New custom KPI')).toBeNull();
    const card = (await screen.findByText('Revenue per deal', { selector: 'h2' })).closest('li')!;
    expect(within(card).getByText('Formula: revenue / deals_won')).toBeTruthy();
    expect(within(card).getByText('Money')).toBeTruthy();

    fireEvent.click(within(card).getByRole('button', { name: 'Edit Revenue per deal' }));
    const edit = within(
      (await screen.findByText('Edit Revenue per deal', { selector: 'h2' })).closest('section')!,
    );
    expect((edit.getByRole('textbox', { name: 'Code' }) as HTMLInputElement).readOnly).toBe(true);
    expect((formulaBox(edit) as HTMLTextAreaElement).value).toBe('revenue / deals_won');
    expect((edit.getByRole('textbox', { name: 'Name in Bahasa Indonesia' }) as HTMLInputElement).value).toBe(
      'Pendapatan per deal',
    );
    fireEvent.change(formulaBox(edit), { target: { value: 'revenue / deals_won / 1000' } });
    fireEvent.click(edit.getByRole('button', { name: 'Save KPI' }));
    await waitFor(() => expect(within(card).getByText('Formula: revenue / deals_won / 1000')).toBeTruthy());
  });

  it("shows the core's refusal to save", async () => {
    const backend = backendWithData();
    backend.override('kpi/defineCustom', () => ({
      ok: false,
      error: { kind: 'conflict', message: 'The workspace is read-only: another window holds it' },
    }));
    const { editor } = await openEditor('en', backend);
    fireEvent.change(editor.getByRole('textbox', { name: 'Code' }), { target: { value: 'half_revenue' } });
    fireEvent.change(editor.getByRole('textbox', { name: 'Name in Bahasa Indonesia' }), {
      target: { value: 'Separuh pendapatan' },
    });
    fireEvent.change(editor.getByRole('textbox', { name: 'Name in English' }), {
      target: { value: 'Half revenue' },
    });
    fireEvent.change(formulaBox(editor), { target: { value: 'revenue / 2' } });
    fireEvent.click(editor.getByRole('button', { name: 'Save KPI' }));
    const alert = await editor.findByRole('alert');
    expect(alert.textContent).toContain('The KPI was not saved.');
    expect(alert.textContent).toContain('another window holds it');
  });
});

/**
 * Revenue typed by month: 100 million a month from March 2024, 110 million from March 2025,
 * and 121 million in July 2025 (+21% over July 2024, the best growth). The fake judges
 * 15 March 2026.
 */
function revenueHistory(): FakeValue[] {
  const values: FakeValue[] = [];
  for (let i = 0; i < 24; i++) {
    const year = 2024 + Math.floor((2 + i) / 12);
    const period = `${year}-${String(((2 + i) % 12) + 1).padStart(2, '0')}`;
    values.push(typed('revenue', period, period === '2025-07' ? 121e6 : i >= 12 ? 110e6 : 100e6));
  }
  return values;
}

describe('the SMART check of each tracked KPI', () => {
  it('says what is missing and where to fix it, in English and in Indonesian', async () => {
    const backend = fakeBackend(undefined, revenueHistory());
    // A target for March 2025, long past: the running month has none.
    backend.targets.push({ kpi: 'revenue', period: '2025-03', scope: '', value: 110e6, revisions: [] });
    renderApp({ backend, screen: 'kpi-library', language: 'en' });
    const card = (await screen.findByRole('heading', { name: 'Revenue' })).closest('li')!;
    const row = await within(card).findByRole('button', { expanded: false, name: /^SMART/ });
    // Each letter's state is in words for a screen reader, and the count is in words for all.
    expect(row.textContent).toContain('Time-bound: not met');
    expect(row.textContent).toContain('Specific: met');
    expect(within(row).getByTestId('smart-timeBound').className).toContain('smart-notMet');
    expect(row.textContent).toContain('not met');

    fireEvent.click(row);
    expect(row.getAttribute('aria-expanded')).toBe('true');
    expect(within(card).getByText('No company target for March 2026, Q1 2026 or 2026.')).toBeTruthy();
    expect(within(card).getByText('Set one under Targets.')).toBeTruthy();
    expect(within(card).getByRole('link', { name: 'Open Targets' }).getAttribute('href')).toBe('#/targets');
    expect(within(card).getByText('Financial perspective on scorecard Penjualan.')).toBeTruthy();
    expect(
      within(card).getByText('On scorecard Penjualan, assigned to Budi Santoso and Sari Dewi.'),
    ).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'ID' }));
    const kartu = (await screen.findByRole('heading', { name: 'Pendapatan' })).closest('li')!;
    expect(
      within(kartu).getByText('Belum ada target perusahaan untuk Maret 2026, K1 2026, atau 2026.'),
    ).toBeTruthy();
    expect(within(kartu).getByText('Tetapkan di Target.')).toBeTruthy();
    expect(within(kartu).getByRole('button', { name: /^SMART/ }).textContent).toContain(
      'Berbatas waktu: belum terpenuhi',
    );
  });

  it('sets the growth a target needs against the best month so far', async () => {
    const backend = fakeBackend(undefined, revenueHistory());
    // 151.8 million is +38% over March 2025's 110 million.
    backend.targets.push({ kpi: 'revenue', period: '2026-03', scope: '', value: 151.8e6, revisions: [] });
    renderApp({ backend, screen: 'kpi-library', language: 'en' });
    const card = (await screen.findByRole('heading', { name: 'Revenue' })).closest('li')!;
    const row = await within(card).findByRole('button', { name: /^SMART/ });
    expect(row.textContent).toContain('Achievable: not met');
    expect(row.textContent).toContain('Time-bound: met');
    act(() => row.click());
    expect(
      within(card).getByText(
        /^The target for March 2026 needs \+38% over March 2025 \(.+ against .+\); the best month so far was \+21% \(July 2025\)\.$/,
      ),
    ).toBeTruthy();
    expect(within(card).getByText(/^Check the target for March 2026 under Targets/)).toBeTruthy();
  });

  it('leaves untracked KPIs out, and checks a KPI again once it is tracked', async () => {
    const backend = fakeBackend(undefined, revenueHistory());
    backend.untracked.add('leads');
    renderApp({ backend, screen: 'kpi-library', language: 'en' });
    const card = (await screen.findByRole('heading', { name: 'Leads generated' })).closest('li')!;
    await within((await screen.findByRole('heading', { name: 'Revenue' })).closest('li')!).findByRole(
      'button',
      { name: /^SMART/ },
    );
    expect(within(card).queryByRole('button', { name: /^SMART/ })).toBeNull();
    fireEvent.click(within(card).getByRole('checkbox', { name: 'Tracked: shown on the dashboard' }));
    const row = await within(card).findByRole('button', { name: /^SMART/ });
    expect(row.textContent).toContain('Measurable: not met');
  });
});
