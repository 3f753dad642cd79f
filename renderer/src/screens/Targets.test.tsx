import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBackend, workspaceInfo } from '../test/fake-transport';
import { renderApp } from '../test/render-app';

afterEach(() => {
  window.location.hash = '';
});

/**
 * A cell of the grid by the name a screen reader reads (its hidden label, then its value). Role
 * queries compute the accessible name of all 300 cells on every call, which jsdom does slowly.
 */
const cell = (name: RegExp): HTMLButtonElement => {
  const found = [...document.querySelectorAll<HTMLButtonElement>('button.target-cell')].find((b) =>
    name.test(b.textContent ?? ''),
  );
  if (!found) throw new Error(`no cell named ${name}`);
  return found;
};
const findCell = (name: RegExp) => waitFor(() => cell(name));

// The grid has a button per KPI and month: jsdom needs a few seconds to render it.
describe('Targets', { timeout: 20_000 }, () => {
  it('sets a month target typed the Indonesian way, with a reason kept in the history', async () => {
    window.location.hash = '#/targets?year=2026';
    const backend = fakeBackend(workspaceInfo());
    renderApp({ backend, screen: 'targets' });

    fireEvent.click(await findCell(/^Target Pendapatan, Maret 2026:/));
    fireEvent.change(screen.getByLabelText('Target'), { target: { value: '1.500.000,50' } });
    fireEvent.change(screen.getByLabelText('Alasan (disimpan di riwayat)'), { target: { value: 'Pameran' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tetapkan target' }));

    expect(await screen.findByText('Target tersimpan.')).toBeTruthy();
    expect(backend.callsTo('targets/set')).toEqual([
      {
        kpi: 'revenue',
        period: '2026-03',
        scope: null,
        value: 1500000.5,
        bandLow: null,
        bandHigh: null,
        amberAt: null,
        reason: 'Pameran',
      },
    ]);
    // The grid shows it, and revising it keeps both steps in the history, newest first.
    await waitFor(() =>
      expect(within(cell(/^Target Pendapatan, Maret 2026:/)).getByTestId('target-value').textContent).toBe(
        'Rp 1,5 jt',
      ),
    );
    fireEvent.change(screen.getByLabelText('Target'), { target: { value: '2000000' } });
    fireEvent.change(screen.getByLabelText('Alasan (disimpan di riwayat)'), { target: { value: 'Naik' } });
    fireEvent.click(screen.getByRole('button', { name: 'Revisi target' }));
    const change = await screen.findByText(/diubah dari Rp 1\.500\.001 menjadi Rp 2\.000\.000/);
    const history = change.closest('ol')!;
    expect(
      within(history)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      expect.stringMatching(/diubah dari Rp 1\.500\.001 menjadi Rp 2\.000\.000 — Naik$/),
      expect.stringMatching(/ditetapkan Rp 1\.500\.001 — Pameran$/),
    ]);
  });

  it('sets a target with its own amber threshold, shown on the cell; an empty one follows the workspace', async () => {
    window.location.hash = '#/targets?year=2026';
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }));
    renderApp({ backend, screen: 'targets', language: 'en' });
    fireEvent.click(await findCell(/^Target for Revenue, May 2026:/));
    const amber = screen.getByLabelText('At risk (amber) from, in %') as HTMLInputElement;
    expect(amber.value).toBe('');
    expect(amber.placeholder).toBe('90% (workspace default)');
    fireEvent.change(screen.getByLabelText('Target'), { target: { value: '1000' } });
    fireEvent.change(amber, { target: { value: '80' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set target' }));
    expect(await screen.findByText('Target saved.')).toBeTruthy();
    expect(backend.callsTo('targets/set')).toEqual([
      expect.objectContaining({ kpi: 'revenue', period: '2026-05', value: 1000, amberAt: 0.8 }),
    ]);
    await waitFor(() => expect(cell(/^Target for Revenue, May 2026:/).title).toBe('Amber from 80%'));
    expect(cell(/^Target for Revenue, May 2026:/).textContent).toMatch(/\$1\.0K \(Amber from 80%\)$/);
    // Revising the value keeps the threshold, which the editor shows as typed.
    expect((screen.getByLabelText('At risk (amber) from, in %') as HTMLInputElement).value).toBe('80');
  });

  it('refuses an amber threshold of 150% with a message and sends nothing', async () => {
    window.location.hash = '#/targets?year=2026';
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }));
    renderApp({ backend, screen: 'targets', language: 'en' });
    fireEvent.click(await findCell(/^Target for Revenue, May 2026:/));
    fireEvent.change(screen.getByLabelText('Target'), { target: { value: '1000' } });
    const amber = screen.getByLabelText('At risk (amber) from, in %');
    fireEvent.change(amber, { target: { value: '150' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set target' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Enter a share of the target below 100%, such as 90.',
    );
    expect(amber.getAttribute('aria-invalid')).toBe('true');
    expect(backend.callsTo('targets/set')).toEqual([]);
  });

  it('refuses text that is not a number and sends nothing', async () => {
    const backend = fakeBackend(workspaceInfo());
    renderApp({ backend, screen: 'targets' });
    fireEvent.click(await findCell(/^Target Pendapatan, Januari/));
    fireEvent.change(screen.getByLabelText('Target'), { target: { value: 'satu juta' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tetapkan target' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(backend.callsTo('targets/set')).toEqual([]);
  });

  it('takes a rate in percent and stores the fraction', async () => {
    window.location.hash = '#/targets?year=2026';
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }));
    renderApp({ backend, screen: 'targets', language: 'en' });
    fireEvent.click(await findCell(/^Target for Win rate, May 2026:/));
    fireEvent.change(screen.getByLabelText('Target in percent (e.g. 45)'), { target: { value: '45' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set target' }));
    expect(await screen.findByText('Target saved.')).toBeTruthy();
    expect(backend.callsTo('targets/set')[0]).toMatchObject({
      kpi: 'win_rate',
      period: '2026-05',
      value: 0.45,
    });
    await waitFor(() =>
      expect(within(cell(/^Target for Win rate, May 2026:/)).getByTestId('target-value').textContent).toBe(
        '45%',
      ),
    );
  });

  it('spreads a year target evenly over the months of a summed KPI, shown first, then saved in one call', async () => {
    window.location.hash = '#/targets?year=2026&scope=team%3DTim+Jakarta';
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }));
    renderApp({ backend, screen: 'targets', language: 'en' });
    fireEvent.click(await findCell(/^Target for Revenue, 2026:/));
    fireEvent.change(screen.getByLabelText('Target'), { target: { value: '1200005' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show the months' }));
    const table = await screen.findByRole('table', { name: 'Monthly targets planned for 2026' });
    // Twelfths that add up to the year exactly: the five dollars left over go to the first months.
    expect(within(table).getByRole('row', { name: /^January 2026/ }).textContent).toContain('$100,001');
    expect(within(table).getByRole('row', { name: /^December 2026/ }).textContent).toContain('$100,000');
    expect(within(table).getByRole('row', { name: /^Year/ }).textContent).toContain('$1,200,005');
    expect(backend.callsTo('targets/setMany')).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Save these 12 targets' }));
    expect(await screen.findByText('12 targets saved.')).toBeTruthy();
    const [call] = backend.callsTo('targets/setMany');
    expect(call).toMatchObject({
      kpi: 'revenue',
      scope: { dim: 'team', name: 'Tim Jakarta' },
      reason: 'Spread evenly from the 2026 target',
    });
    expect((call!.values as { value: number }[]).reduce((a, v) => a + v.value, 0)).toBe(1200005);
  });

  it('asks before a plan replaces months that already have targets; last year + 10% per month', async () => {
    window.location.hash = '#/targets?year=2026';
    const backend = fakeBackend(
      workspaceInfo({ locale: 'en-US', currency: 'USD' }),
      Array.from({ length: 12 }, (_, i) => ({
        kpi: 'revenue',
        period: `2025-${String(i + 1).padStart(2, '0')}`,
        value: 100 * (i + 1),
        note: null,
        updatedAt: '2025-12-31T00:00:00Z',
      })),
    );
    backend.targets.push({ kpi: 'revenue', period: '2026-01', scope: '', value: 5, revisions: [] });
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    renderApp({ backend, screen: 'targets', language: 'en' });
    fireEvent.click(await findCell(/^Target for Revenue, 2026:/));
    fireEvent.click(screen.getByRole('radio', { name: "Each month: last year's same month plus a change" }));
    fireEvent.change(screen.getByLabelText('Change on last year, in percent (e.g. 10 or -5)'), {
      target: { value: '10' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Show the months' }));
    const table = await screen.findByRole('table', { name: 'Monthly targets planned for 2026' });
    expect(within(table).getByRole('row', { name: /^March 2026/ }).textContent).toBe('March 2026$300$330');
    const save = screen.getByRole('button', { name: 'Save these 12 targets' });
    fireEvent.click(save);
    expect(confirm).toHaveBeenLastCalledWith(
      '1 months of this year already have a target. Replace them all with the spread?',
    );
    expect(backend.callsTo('targets/setMany')).toEqual([]);
    fireEvent.click(save);
    expect(await screen.findByText('12 targets saved.')).toBeTruthy();
    expect(backend.callsTo('targets/setMany')[0]).toMatchObject({ reason: "Last year's months 10%" });
    confirm.mockRestore();
  });

  it('moves between cells with the arrow keys from one Tab stop, and Escape closes the editor', async () => {
    window.location.hash = '#/targets?year=2026';
    renderApp({
      backend: fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' })),
      screen: 'targets',
      language: 'en',
    });
    const first = await findCell(/^Target for Revenue, 2026:/);
    // The year comes first; only one cell of the grid is in the Tab order.
    expect(first.tabIndex).toBe(0);
    expect(cell(/^Target for Revenue, January 2026:/).tabIndex).toBe(-1);
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(cell(/^Target for Revenue, January 2026:/));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toMatch(
      /^Target for Sales target achievement, January 2026:/,
    );
    fireEvent.click(document.activeElement!);
    fireEvent.keyDown(screen.getByLabelText('Target in percent (e.g. 45)'), { key: 'Escape' });
    expect(screen.queryByRole('button', { name: 'Set target' })).toBeNull();
    expect(document.activeElement?.textContent).toMatch(
      /^Target for Sales target achievement, January 2026:/,
    );
  });

  it('an editor open for one person closes when the scope changes, so it never saves into another', async () => {
    window.location.hash = '#/targets?year=2026&scope=owner%3DBudi+Santoso';
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }));
    renderApp({ backend, screen: 'targets', language: 'en' });
    fireEvent.click(await findCell(/^Target for Revenue, March 2026:/));
    expect(screen.getByRole('button', { name: 'Set target' })).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Scope' }), { target: { value: '' } });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Set target' })).toBeNull());
    expect(backend.callsTo('targets/set')).toEqual([]);
  });
});
