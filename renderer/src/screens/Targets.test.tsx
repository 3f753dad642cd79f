import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBackend, workspaceInfo } from '../test/fake-transport';
import { renderApp } from '../test/render-app';

afterEach(() => {
  window.location.hash = '';
});

const cell = (name: string) => screen.getByRole('button', { name });

// The grid has a button per KPI and month: jsdom needs a few seconds to render it.
describe('Targets', { timeout: 20_000 }, () => {
  it('sets a month target typed the Indonesian way, with a reason kept in the history', async () => {
    window.location.hash = '#/targets?year=2026';
    const backend = fakeBackend(workspaceInfo());
    renderApp({ backend, screen: 'targets' });

    fireEvent.click(await screen.findByRole('button', { name: 'Target Pendapatan, Maret 2026' }));
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
        reason: 'Pameran',
      },
    ]);
    // The grid shows it, and revising it keeps both steps in the history, newest first.
    expect((await screen.findAllByText('Rp 1,5 jt')).length).toBeGreaterThan(0);
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

  it('refuses text that is not a number and sends nothing', async () => {
    const backend = fakeBackend(workspaceInfo());
    renderApp({ backend, screen: 'targets' });
    fireEvent.click(await screen.findByRole('button', { name: /^Target Pendapatan, Januari/ }));
    fireEvent.change(screen.getByLabelText('Target'), { target: { value: 'satu juta' } });
    fireEvent.click(screen.getByRole('button', { name: 'Tetapkan target' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(backend.callsTo('targets/set')).toEqual([]);
  });

  it('takes a rate in percent and stores the fraction', async () => {
    window.location.hash = '#/targets?year=2026';
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }));
    renderApp({ backend, screen: 'targets', language: 'en' });
    fireEvent.click(await screen.findByRole('button', { name: 'Target for Win rate, May 2026' }));
    fireEvent.change(screen.getByLabelText('Target in percent (e.g. 45)'), { target: { value: '45' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set target' }));
    expect(await screen.findByText('Target saved.')).toBeTruthy();
    expect(backend.callsTo('targets/set')[0]).toMatchObject({
      kpi: 'win_rate',
      period: '2026-05',
      value: 0.45,
    });
    await waitFor(() => expect(cell('Target for Win rate, May 2026').textContent).toBe('45%'));
  });

  it('spreads a year target evenly over the months of a summed KPI, for the scope chosen', async () => {
    window.location.hash = '#/targets?year=2026&scope=team%3DTim+Jakarta';
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }));
    renderApp({ backend, screen: 'targets', language: 'en' });
    fireEvent.click(await screen.findByRole('button', { name: 'Target for Revenue, 2026' }));
    fireEvent.change(screen.getByLabelText('Target'), { target: { value: '1200000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spread over the 12 months evenly' }));
    expect(await screen.findByText('12 targets saved.')).toBeTruthy();
    const calls = backend.callsTo('targets/set');
    expect(calls.map((c) => c.period)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
    );
    expect(calls.every((c) => c.value === 100000)).toBe(true);
    expect(calls[0]!.scope).toEqual({ dim: 'team', name: 'Tim Jakarta' });
  });
});
