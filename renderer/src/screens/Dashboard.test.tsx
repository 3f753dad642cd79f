import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ManualValue } from '../../../shared/contract/schemas';
import { fakeBackend, workspaceInfo } from '../test/fake-transport';
import { renderApp } from '../test/render-app';

vi.mock('react-chartjs-2', async () => ({ Bar: (await import('../test/chart-mock')).FakeBar }));

const value = (kpi: string, period: string, v: number): ManualValue => ({
  kpi,
  period,
  value: v,
  note: null,
  updatedAt: `${period}-28T00:00:00Z`,
});

const tileOf = (name: string) => screen.getByRole('article', { name });

afterEach(() => {
  vi.useRealTimers();
  window.location.hash = '';
});

describe('Dashboard', () => {
  it('opens on the latest month with data, in Rupiah without sen, with a dash where a KPI has no value', async () => {
    const backend = fakeBackend(workspaceInfo(), [
      value('revenue', '2025-02', 1000000),
      value('revenue', '2025-03', 1234567.48),
    ]);
    backend.targets.push({ kpi: 'win_rate', period: '2025-03', scope: '', value: 0.3, revisions: [] });
    renderApp({ backend });

    const revenue = await screen.findByRole('article', { name: 'Pendapatan' });
    expect(within(revenue).getByTestId('tile-value').textContent).toBe('Rp 1.234.567');
    expect(within(revenue).getByText('Maret 2025')).toBeTruthy();
    // Revenue rose 23.5% on February, good for a higher-is-better KPI; no value a year before.
    const change = within(revenue).getByText(/\+23,5%/);
    expect(change.closest('li')!.className).toContain('tone-good');
    expect(change.closest('li')!.textContent).toContain('dibanding Februari 2025');
    expect(within(revenue).getByText('Tidak ada nilai untuk Maret 2024')).toBeTruthy();
    // A KPI with a target and no value yet shows a dash, never zero.
    const winRate = tileOf('Tingkat Kemenangan');
    expect(within(winRate).getByTestId('tile-value').textContent).toBe('—');
  });

  it('offers fiscal years where the workspace starts its year in April, and charts their twelve months', async () => {
    const backend = fakeBackend(
      workspaceInfo({ locale: 'en-US', currency: 'USD', fiscalYearStartMonth: 4 }),
      [value('revenue', '2025-03', 850), value('revenue', '2025-04', 900)],
    );
    renderApp({ backend, language: 'en' });
    await screen.findByRole('article', { name: 'Revenue' });
    const grain = screen.getByRole('combobox', { name: 'Kind of period' });
    expect(within(grain).getByRole('option', { name: 'Fiscal year' })).toBeTruthy();
    fireEvent.change(grain, { target: { value: 'fiscal' } });
    // The latest data (April 2025) lies in the fiscal year that started that April.
    await waitFor(() => expect(window.location.hash).toContain('period=FY2025'));
    const revenue = await screen.findByRole('article', { name: 'Revenue' });
    expect(within(revenue).getAllByText('FY 2025/26').length).toBeGreaterThan(0);
    const labels = JSON.parse(within(revenue).getByRole('img').dataset.labels ?? '[]') as string[];
    expect(labels).toHaveLength(12);
    expect(labels[0]).toMatch(/^Apr/);
  });

  it('groups tiles by balanced-scorecard perspective, as the scorecards place them, and keeps the choice in the address', async () => {
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }), [
      value('revenue', '2025-03', 850),
      value('deals_won', '2025-03', 12),
      value('leads', '2025-03', 40),
    ]);
    renderApp({ backend, language: 'en' });
    await screen.findByRole('article', { name: 'Revenue' });
    const groupNames = () => screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(groupNames()).toEqual(expect.arrayContaining(['Sales', 'Marketing']));
    fireEvent.click(screen.getByRole('button', { name: 'Balanced scorecard' }));
    await waitFor(() => expect(window.location.hash).toContain('group=perspective'));
    const group = (name: string) => screen.getByRole('region', { name });
    // The "Penjualan" scorecard puts deals won under Customer (built in: Internal process).
    expect(within(group('Financial')).getByRole('article', { name: 'Revenue' })).toBeTruthy();
    expect(within(group('Customer')).getByRole('article', { name: 'Deals won' })).toBeTruthy();
    expect(within(group('Customer')).getByRole('article', { name: 'Leads generated' })).toBeTruthy();
    expect(groupNames()).not.toContain('Sales');
    expect(screen.getByRole('button', { name: 'Balanced scorecard' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
  });

  it('shows the target, the achievement and the status in words, not colour alone', async () => {
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }), [
      value('revenue', '2025-03', 850),
      value('deals_won', '2025-03', 12),
    ]);
    backend.targets.push({ kpi: 'revenue', period: '2025-03', scope: '', value: 1000, revisions: [] });
    renderApp({ backend, language: 'en' });

    const revenue = await screen.findByRole('article', { name: 'Revenue' });
    expect(within(revenue).getByTestId('tile-status').textContent).toContain('Off track');
    expect(within(revenue).getByTestId('tile-target').textContent).toBe('Target $1,000 · 85% achieved');
    expect(within(tileOf('Deals won')).getByTestId('tile-status').textContent).toContain('No target');
    // The chart draws the year's months with the target as a line.
    const chart = within(revenue).getByRole('img');
    expect(JSON.parse(chart.dataset.labels ?? '[]')).toHaveLength(12);
    expect(JSON.parse(chart.dataset.values ?? '[]')[2]).toBe(850);
  });

  it('colours a rise red when lower is better, in percentage points for rates', async () => {
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }), [
      value('bounce_rate', '2026-04', 0.2),
      value('bounce_rate', '2026-05', 0.25),
    ]);
    renderApp({ backend, language: 'en' });

    const tile = await screen.findByRole('article', { name: 'Bounce rate' });
    expect(within(tile).getByTestId('tile-value').textContent).toBe('25%');
    const change = within(tile).getByText(/\+5 pts/);
    expect(change.closest('li')!.className).toContain('tone-bad');
    expect(change.closest('li')!.textContent).toContain('vs April 2026');
  });

  it('steps through periods by button and Alt+arrow, and keeps the period in the address', async () => {
    const backend = fakeBackend(workspaceInfo(), [
      value('revenue', '2025-02', 700000),
      value('revenue', '2025-03', 900000),
    ]);
    renderApp({ backend });
    const revenue = await screen.findByRole('article', { name: 'Pendapatan' });
    expect(within(revenue).getByTestId('tile-value').textContent).toBe('Rp 900.000');

    fireEvent.click(screen.getByRole('button', { name: 'Periode sebelumnya' }));
    expect(await screen.findByText('Rp 700.000')).toBeTruthy();
    expect(window.location.hash).toBe('#/dashboard?period=2025-02');

    fireEvent.keyDown(window, { key: 'ArrowRight', altKey: true });
    expect(await screen.findByText('Rp 900.000')).toBeTruthy();
    expect(window.location.hash).toBe('#/dashboard?period=2025-03');

    // A quarter sums its months for a summed KPI.
    fireEvent.change(screen.getByRole('combobox', { name: 'Jenis periode' }), {
      target: { value: 'quarter' },
    });
    expect(await screen.findByText('Rp 1.600.000')).toBeTruthy();
    expect(window.location.hash).toBe('#/dashboard?period=2025-Q1');
    expect(within(tileOf('Pendapatan')).getByText('K1 2025')).toBeTruthy();
  });

  it('asks the engine for the scope chosen, and the scope stays in the address', async () => {
    const backend = fakeBackend(workspaceInfo(), [value('revenue', '2025-03', 900000)]);
    renderApp({ backend });
    await screen.findByRole('article', { name: 'Pendapatan' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Cakupan' }), { target: { value: 'owner' } });
    fireEvent.change(await screen.findByRole('combobox', { name: 'Orang' }), {
      target: { value: 'Sari Dewi' },
    });
    // The fake holds company values only, so the person has none: the empty state says so.
    expect(await screen.findByRole('heading', { name: 'Belum ada data untuk Maret 2025' })).toBeTruthy();
    expect(backend.callsTo('kpi/query').at(-1)).toMatchObject({ scope: { dim: 'owner', name: 'Sari Dewi' } });
    expect(new URLSearchParams(window.location.hash.split('?')[1]).get('scope')).toBe('owner=Sari Dewi');
  });

  it('without data points the user to Import and to Data entry', async () => {
    renderApp({ backend: fakeBackend() });
    expect(await screen.findByRole('heading', { name: /Belum ada data untuk/ })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Impor file' }).getAttribute('href')).toBe('#/import');
    const link = screen.getByRole('link', { name: 'Isi nilai' });
    expect(link.getAttribute('href')).toBe('#/data-entry');
  });

  it('says a cohort rate is still maturing and a running period is not over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 2, 15));
    const backend = fakeBackend(workspaceInfo(), [
      value('lead_conversion_rate', '2026-03', 0.1),
      value('revenue', '2026-03', 500),
    ]);
    backend.override('kpi/detail', () => ({ ok: true, value: { pace: null } }));
    renderApp({ backend });
    const cohort = await screen.findByRole('article', { name: 'Tingkat Konversi' });
    expect(within(cohort).getByText(/Ukuran kohort/)).toBeTruthy();
    expect(within(tileOf('Pendapatan')).getByText(/Periode berjalan/)).toBeTruthy();
  });

  it('compares a running period with the same days of the periods before, not with all of them', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 2, 15));
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }), [
      value('revenue', '2026-02', 900),
      value('revenue', '2026-03', 500),
    ]);
    renderApp({ backend, language: 'en' });
    const revenue = await screen.findByRole('article', { name: 'Revenue' });
    const periods = backend.callsTo('kpi/query').map((q) => (q as { period: string }).period);
    expect(periods).toContain('2026-02-01..2026-02-15');
    expect(periods).toContain('2025-03-01..2025-03-15');
    expect(periods).not.toContain('2026-02');
    const changes = within(revenue)
      .getAllByRole('listitem')
      .map((li) => li.textContent ?? '');
    expect(changes.some((text) => /Feb/.test(text) && /15/.test(text))).toBe(true);
  });

  it("marks a running month's projected end above its bar, beside the target line", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 2, 15));
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }), [
      value('revenue', '2026-02', 900),
      value('revenue', '2026-03', 500),
    ]);
    backend.targets.push({ kpi: 'revenue', period: '2026-03', scope: '', value: 1200, revisions: [] });
    backend.override('kpi/detail', () => ({
      ok: true,
      value: {
        kpi: 'revenue',
        period: '2026-03',
        scope: {},
        value: 500,
        target: 1200,
        achievement: 500 / 1200,
        status: 'red',
        origin: 'manual',
        targetOrigin: 'set',
        allocated: false,
        previous: { period: '2026-02', value: 900 },
        lastYear: { period: '2025-03', value: null },
        pace: { elapsed: 15 / 31, expectedToDate: 580, projection: 1033, neededPerRemainingDay: 41 },
        median: null,
      },
    }));
    renderApp({ backend, language: 'en' });
    const revenue = await screen.findByRole('article', { name: 'Revenue' });
    await waitFor(() => expect(within(revenue).getByTestId('tile-pace').textContent).toContain('$1,033'));
    const series = JSON.parse(within(revenue).getByRole('img').dataset.series ?? '{}') as Record<
      string,
      (number | null)[]
    >;
    expect(series['Projected month end']).toEqual([
      null,
      null,
      1033,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(series.Target?.[2]).toBe(1200);
  });

  it('compares a year with the year before once, and does not step before the first data', async () => {
    window.location.hash = '#/dashboard?period=2025';
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }), [
      value('revenue', '2024-06', 100),
      value('revenue', '2025-06', 150),
    ]);
    renderApp({ backend, language: 'en' });
    const revenue = await screen.findByRole('article', { name: 'Revenue' });
    expect(
      within(revenue)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['▲ +50% vs 2024']);
    fireEvent.click(screen.getByRole('button', { name: 'Previous period' }));
    await screen.findByText('$100');
    const back = screen.getByRole('button', { name: 'Previous period' }) as HTMLButtonElement;
    expect(back.disabled).toBe(true);
  });

  it('a custom range of one whole month is that month', async () => {
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }), [
      value('revenue', '2025-03', 150),
    ]);
    renderApp({ backend, language: 'en' });
    await screen.findByRole('article', { name: 'Revenue' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Kind of period' }), {
      target: { value: 'range' },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Apply' }));
    expect(window.location.hash).toBe('#/dashboard?period=2025-03');
  });

  it('an impossible period or an unknown name in the address is no crash', async () => {
    window.location.hash = '#/dashboard?period=2025-13&scope=team%3DNope';
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }), [
      value('revenue', '2025-03', 150),
    ]);
    renderApp({ backend, language: 'en' });
    expect(await screen.findByText("This workspace has no Team named 'Nope'.")).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Scope' }), { target: { value: '' } });
    // The period falls back to the latest month with data.
    expect(
      within(await screen.findByRole('article', { name: 'Revenue' })).getByText('March 2025'),
    ).toBeTruthy();
  });

  it('while the next period loads, the numbers shown keep the label of their own period', async () => {
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }), [
      value('revenue', '2025-02', 100),
      value('revenue', '2025-03', 150),
    ]);
    let release: () => void = () => undefined;
    renderApp({ backend, language: 'en' });
    const tile = await screen.findByRole('article', { name: 'Revenue' });
    expect(within(tile).getByTestId('tile-value').textContent).toBe('$150');
    const gate = new Promise<void>((r) => (release = r));
    backend.override('kpi/query', async (request) => {
      await gate;
      backend.override('kpi/query', () => ({ ok: false, error: { kind: 'internal', message: 'unused' } }));
      return {
        ok: true,
        value: [
          {
            kpi: 'revenue',
            period: request.period as string,
            scope: {},
            value: 100,
            target: null,
            achievement: null,
            status: 'grey',
            origin: 'manual',
            targetOrigin: null,
            allocated: false,
          },
        ],
      };
    });
    fireEvent.click(screen.getByRole('button', { name: 'Previous period' }));
    // Still March's value, still labelled March.
    expect(within(screen.getByRole('article', { name: 'Revenue' })).getByText('March 2025')).toBeTruthy();
    expect(
      within(screen.getByRole('article', { name: 'Revenue' })).getByTestId('tile-value').textContent,
    ).toBe('$150');
    release();
  });

  it('a number opens the records behind it, with the formula in words; sorting asks the engine', async () => {
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }), [
      value('revenue', '2025-03', 150),
    ]);
    backend.override('kpi/query', (request) => ({
      ok: true,
      value: [
        {
          kpi: 'win_rate',
          period: request.period as string,
          scope: {},
          value: request.period === '2025-03' ? 21 / 59 : null,
          target: null,
          achievement: null,
          status: 'grey',
          origin: 'computed',
          targetOrigin: null,
          allocated: false,
          parts: request.explain
            ? {
                shape: 'ratio',
                parts: [
                  { measure: 'won_deals', value: 21, unit: 'count' },
                  { measure: 'closed_deals', value: 59, unit: 'count' },
                ],
              }
            : undefined,
        },
      ],
    }));
    backend.override('kpi/drilldown', (request) => ({
      ok: true,
      value: {
        kind: 'deals',
        total: 59,
        page: (request.page as number) ?? 1,
        pageSize: 50,
        rows: [{ id: 1, external_id: 'D-1', owner: 'Budi', amount: 1000, closed_day: '2025-03-04' }],
      },
    }));
    renderApp({ backend, language: 'en' });
    const tile = await screen.findByRole('article', { name: 'Win rate' });
    fireEvent.click(
      within(tile).getByRole('button', { name: /Show the records behind Win rate, March 2025/ }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Win rate · March 2025' });
    expect(within(dialog).getByTestId('drill-formula').textContent).toBe(
      'Win rate = 21 won deals ÷ 59 closed deals (won or lost) = 35.6%',
    );
    expect(await within(dialog).findByText('Records 1–50 of 59')).toBeTruthy();
    expect(within(dialog).getByText('$1,000')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Amount' }));
    await waitFor(() =>
      expect(backend.callsTo('kpi/drilldown').at(-1)).toMatchObject({
        sort: { column: 'amount', descending: false },
        page: 1,
      }),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(backend.callsTo('kpi/drilldown').at(-1)).toMatchObject({ page: 2 }));
    // Every record, in the order shown, to a file named after the KPI and period.
    backend.override('export/drilldown', (request) => ({
      ok: true,
      value: { file: `/home/user/${String(request.path).slice(2)}` },
    }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));
    expect(await within(dialog).findByText('Written to /home/user/Win rate 2025-03.xlsx')).toBeTruthy();
    expect(backend.callsTo('export/drilldown')[0]).toMatchObject({
      kpi: 'win_rate',
      period: '2025-03',
      sort: { column: 'amount', descending: false },
      format: 'xlsx',
      path: '~/Win rate 2025-03.xlsx',
    });
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('ranks people by achievement of their revenue target, and shows the funnel by source', async () => {
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }), [
      value('revenue', '2025-03', 150),
    ]);
    const row = (owner: string, kpi: string, v: number, target: number | null = null) => ({
      kpi,
      period: '2025-03',
      scope: { owner },
      value: v,
      target,
      achievement: target ? v / target : null,
      status: target ? (v >= target ? 'green' : 'red') : 'grey',
      origin: 'computed',
      targetOrigin: target ? 'set' : null,
      allocated: false,
    });
    backend.override('kpi/query', (request) =>
      request.by === 'owner'
        ? {
            ok: true,
            value: [
              row('Sari', 'revenue', 50, 100),
              row('Budi', 'revenue', 120, 100),
              row('Budi', 'deals_won', 3),
              row('Sari', 'deals_won', 1),
            ],
          }
        : { ok: true, value: [{ ...row('', 'revenue', 170), scope: {} }] },
    );
    backend.override('kpi/funnel', () => ({
      ok: true,
      value: [
        {
          name: 'Google Ads',
          leads: 10,
          mql: 5,
          sql: 2,
          won: 1,
          leadToMql: 0.5,
          mqlToSql: 0.4,
          sqlToWon: 0.5,
          leadToWon: 0.1,
        },
      ],
    }));
    renderApp({ backend, language: 'en' });
    const board = await screen.findByRole('region', { name: 'Per person' });
    const rows = within(board).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Budi', 'Sari']);
    expect(rows[0]!.textContent).toContain('$120');
    expect(rows[0]!.textContent).toContain('120%');
    expect(rows[1]!.textContent).toContain('50%');
    const funnel = screen.getByRole('region', { name: 'Funnel by source' });
    expect(within(funnel).getByRole('row', { name: /Google Ads/ }).textContent).toContain('5 (50%)');
    // Lead quality per source: the chart's bars and the words a screen reader hears.
    const quality = within(funnel).getByRole('img', { name: /^Lead quality by source/ });
    expect(JSON.parse(quality.dataset.labels ?? '[]')).toEqual(['Google Ads']);
    expect(JSON.parse(quality.dataset.values ?? '[]')).toEqual([0.5]);
    expect(quality.getAttribute('aria-label')).toContain('Google Ads: MQL 50%, Won 10%');
  });
});
