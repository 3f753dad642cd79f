import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Dashboard } from '../../../shared/contract/schemas';
import { fakeBackend, workspaceInfo } from '../test/fake-transport';
import { renderApp } from '../test/render-app';

vi.mock('react-chartjs-2', async () => ({ Bar: (await import('../test/chart-mock')).FakeBar }));

const months2026 = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

function dashboardWith(tiles: Dashboard['tiles'], values: Record<string, Record<string, number>>): Dashboard {
  return {
    year: 2026,
    tiles,
    series: tiles.map((tile) => ({
      kpi: tile.kpi,
      points: months2026.map((period) => ({ period, value: values[tile.kpi]?.[period] ?? null })),
    })),
  };
}

function tileOf(name: string): HTMLElement {
  return screen.getByRole('article', { name });
}

describe('Dashboard', () => {
  it('shows Rupiah the Indonesian way and a dash, not zero, for a KPI without a value', async () => {
    const backend = fakeBackend(workspaceInfo(), [
      { kpi: 'revenue', period: '2026-03', value: 1234567, note: null, updatedAt: '2026-03-31T00:00:00Z' },
    ]);
    backend.override('dashboard/get', () => ({
      ok: true,
      value: dashboardWith(
        [
          { kpi: 'revenue', period: '2026-03', value: 1234567, previous: 1000000 },
          { kpi: 'win_rate', period: '2026-03', value: null, previous: 0.2 },
        ],
        { revenue: { '2026-02': 1000000, '2026-03': 1234567 } },
      ),
    }));
    renderApp({ backend });

    const revenue = await screen.findByRole('article', { name: 'Pendapatan' });
    expect(within(revenue).getByTestId('tile-value').textContent).toBe('Rp 1.234.567');
    expect(within(revenue).getByText('Mar 2026')).toBeTruthy();
    // Revenue rose 23.5% on February, which is good for a higher-is-better KPI.
    const change = within(revenue).getByText(/\+23,5%/);
    expect(change.className).toContain('tone-good');
    expect(change.textContent).toContain('dibanding Feb 2026');

    const winRate = tileOf('Win Rate');
    expect(within(winRate).getByTestId('tile-value').textContent).toBe('—');
  });

  it('draws the twelve months of the year with the entered values and describes them for screen readers', async () => {
    const backend = fakeBackend(workspaceInfo(), [
      { kpi: 'revenue', period: '2026-01', value: 500000, note: null, updatedAt: '2026-01-31T00:00:00Z' },
      { kpi: 'revenue', period: '2026-03', value: 1234567, note: null, updatedAt: '2026-03-31T00:00:00Z' },
    ]);
    renderApp({ backend });

    const revenue = await screen.findByRole('article', { name: 'Pendapatan' });
    const chart = within(revenue).getByRole('img');
    expect(JSON.parse(chart.dataset.labels ?? '[]')).toHaveLength(12);
    expect(JSON.parse(chart.dataset.values ?? '[]')).toEqual([
      500000,
      null,
      1234567,
      ...Array.from({ length: 9 }, () => null),
    ]);
    expect(chart.getAttribute('aria-label')).toContain('Mar 2026 Rp 1.234.567');
    // No value for February, so there is nothing to compare March with.
    expect(within(revenue).getByText('Belum ada nilai bulan sebelumnya')).toBeTruthy();
  });

  it('colours a rise red when lower is better', async () => {
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }));
    backend.override('values/list', () => ({ ok: true, value: [] }));
    backend.override('dashboard/get', () => ({
      ok: true,
      value: dashboardWith([{ kpi: 'win_rate', period: '2026-05', value: 0.25, previous: 0.2 }], {}),
    }));
    // Win rate is higher-is-better; present it through a catalog where it is lower-is-better.
    backend.override('kpi/catalog', () => ({
      ok: true,
      value: [
        {
          code: 'win_rate',
          name: { id: 'Biaya', en: 'Cost ratio' },
          definition: { id: 'x', en: 'x' },
          unit: 'percent',
          direction: 'lower',
          rollup: 'ratio',
        },
      ],
    }));
    renderApp({ backend, language: 'en' });

    const tile = await screen.findByRole('article', { name: 'Cost ratio' });
    expect(within(tile).getByTestId('tile-value').textContent).toBe('25%');
    // Rates compare in points: 20% → 25% is +5 points.
    const change = within(tile).getByText(/\+5 pts/);
    expect(change.className).toContain('tone-bad');
    expect(change.textContent).toContain('vs Apr 2026');
  });

  it('without data points the user to Data entry', async () => {
    renderApp({ backend: fakeBackend() });

    expect(
      await screen.findByRole('heading', { name: /Belum ada nilai KPI untuk tahun \d{4}/ }),
    ).toBeTruthy();
    const link = screen.getByRole('link', { name: 'Buka Input data' });
    expect(link.getAttribute('href')).toBe('#/data-entry');
    fireEvent.click(link);
    expect(await screen.findByRole('heading', { name: 'Input data', level: 1 })).toBeTruthy();
  });

  it('opens on the current year and shows another year when the user picks it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-04-15T09:00:00'));
    const backend = fakeBackend(workspaceInfo(), [
      { kpi: 'revenue', period: '2024-11', value: 750000, note: null, updatedAt: '2024-11-30T00:00:00Z' },
      { kpi: 'deals_won', period: '2026-03', value: 12, note: null, updatedAt: '2026-03-30T00:00:00Z' },
    ]);
    renderApp({ backend });

    const deals = await screen.findByRole('article', { name: 'Jumlah Deal Tertutup' });
    expect(within(deals).getByTestId('tile-value').textContent).toBe('12');
    const year = screen.getByRole('combobox', { name: 'Tahun' }) as HTMLSelectElement;
    expect(year.value).toBe('2026');
    expect([...year.options].map((o) => o.value)).toEqual(['2026', '2024']);

    fireEvent.change(year, { target: { value: '2024' } });
    const tile = await screen.findByRole('article', { name: 'Pendapatan' });
    expect(within(tile).getByTestId('tile-value').textContent).toBe('Rp 750.000');
    expect(screen.queryByRole('article', { name: 'Jumlah Deal Tertutup' })).toBeNull();
    expect(backend.callsTo('dashboard/get').at(-1)).toEqual({ year: 2024 });
  });

  it('opens on the latest year with data when the current year has none', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-01-05T09:00:00'));
    const backend = fakeBackend(workspaceInfo(), [
      { kpi: 'revenue', period: '2026-12', value: 900000, note: null, updatedAt: '2026-12-30T00:00:00Z' },
    ]);
    renderApp({ backend });

    const tile = await screen.findByRole('article', { name: 'Pendapatan' });
    expect(within(tile).getByText('Des 2026')).toBeTruthy();
  });
});

describe('Dashboard notes', () => {
  it('says a cohort rate is still maturing and a running month is not over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 2, 15));
    try {
      const backend = fakeBackend(workspaceInfo(), []);
      backend.override('dashboard/get', () => ({
        ok: true,
        value: dashboardWith(
          [
            { kpi: 'lead_conversion_rate', period: '2026-02', value: 0.1, previous: 0.12 },
            { kpi: 'revenue', period: '2026-03', value: 500, previous: 900 },
          ],
          {},
        ),
      }));
      renderApp({ backend });
      const cohort = await screen.findByRole('article', { name: 'Tingkat Konversi' });
      expect(within(cohort).getByText(/Ukuran kohort/)).toBeTruthy();
      expect(within(cohort).queryByText(/Bulan berjalan/)).toBeNull();
      const revenue = tileOf('Pendapatan');
      expect(within(revenue).getByText(/Bulan berjalan/)).toBeTruthy();
      expect(within(revenue).queryByText(/Ukuran kohort/)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
