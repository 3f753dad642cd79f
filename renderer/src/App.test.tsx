import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { builtInKpis } from '../../shared/kpi/catalog';
import { LANGUAGE_KEY } from './i18n';
import { fakeBackend, workspaceInfo } from './test/fake-transport';
import { renderApp } from './test/render-app';

vi.mock('react-chartjs-2', async () => ({ Bar: (await import('./test/chart-mock')).FakeBar }));

const navLinks = () =>
  within(screen.getByRole('navigation'))
    .getAllByRole('link')
    .map((a) => a.textContent);

describe('App shell', () => {
  it('shows the brand, the workspace name and every section in the sidebar', async () => {
    renderApp();
    expect(await screen.findByText('PT Maju Jaya')).toBeTruthy();
    expect(screen.getByText('Kinerja')).toBeTruthy();
    expect(navLinks()).toEqual([
      'Dasbor',
      'Input data',
      'Target',
      'Pustaka KPI',
      'Tinjauan',
      'Penilaian',
      'Impor',
      'Pengaturan',
    ]);
    expect(screen.getByRole('link', { name: 'Dasbor' }).getAttribute('aria-current')).toBe('page');
  });

  it('opens the reviews of the whole company from the sidebar', async () => {
    renderApp({ screen: 'reviews', language: 'en' });
    expect(await screen.findByRole('heading', { name: 'Reviews', level: 1 })).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Reviews for Whole company', level: 2 })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Reviews' }).getAttribute('aria-current')).toBe('page');
  });

  it('a KPI the user stops tracking in the library leaves the dashboard', async () => {
    const backend = fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' }), [
      { kpi: 'revenue', period: '2025-03', value: 5, note: null, updatedAt: '2025-03-31T00:00:00Z' },
      { kpi: 'leads', period: '2025-03', value: 7, note: null, updatedAt: '2025-03-31T00:00:00Z' },
    ]);
    renderApp({ backend, screen: 'kpi-library', language: 'en' });
    const card = (await screen.findByRole('heading', { name: 'Leads generated' })).closest('li')!;
    fireEvent.click(within(card).getByRole('checkbox', { name: 'Tracked: shown on the dashboard' }));
    await waitFor(() => expect(backend.untracked.has('leads')).toBe(true));
    fireEvent.click(screen.getByRole('link', { name: 'Dashboard' }));
    expect(await screen.findByRole('article', { name: 'Revenue' })).toBeTruthy();
    expect(screen.queryByRole('article', { name: 'Leads generated' })).toBeNull();
  });

  it('lists the KPI library in the UI language', async () => {
    renderApp({ screen: 'kpi-library' });
    expect(await screen.findByRole('heading', { name: 'Pendapatan' })).toBeTruthy();
    const revenue = builtInKpis.find((k) => k.code === 'revenue')!;
    expect(screen.getByText(revenue.definition.id)).toBeTruthy();
    expect(screen.getAllByText('Makin tinggi makin baik').length).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('button', { name: 'EN' }));
    expect(await screen.findByRole('heading', { name: 'Revenue' })).toBeTruthy();
    expect(screen.getByText(revenue.definition.en)).toBeTruthy();
  });
});

describe('UI language', () => {
  it('switches every label and remembers the choice on this computer', async () => {
    renderApp();
    expect(await screen.findByRole('heading', { name: 'Dasbor', level: 1 })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'EN' }));
    expect(await screen.findByRole('heading', { name: 'Dashboard', level: 1 })).toBeTruthy();
    expect(navLinks()).toContain('Data entry');
    expect(screen.getByRole('button', { name: 'EN' }).getAttribute('aria-pressed')).toBe('true');
    expect(window.localStorage.getItem(LANGUAGE_KEY)).toBe('en');

    fireEvent.click(screen.getByRole('button', { name: 'ID' }));
    expect(await screen.findByRole('heading', { name: 'Dasbor', level: 1 })).toBeTruthy();
    expect(window.localStorage.getItem(LANGUAGE_KEY)).toBe('id');
  });

  it('follows the workspace locale until the user picks a language', async () => {
    renderApp({ backend: fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' })) });
    expect(await screen.findByRole('heading', { name: 'Dashboard', level: 1 })).toBeTruthy();
  });

  it('keeps the language the user picked even in an English workspace', async () => {
    window.localStorage.setItem(LANGUAGE_KEY, 'id');
    renderApp({ backend: fakeBackend(workspaceInfo({ locale: 'en-US', currency: 'USD' })) });
    expect(await screen.findByRole('heading', { name: 'Dasbor', level: 1 })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Dashboard', level: 1 })).toBeNull();
  });
});

describe('Start screen', () => {
  it('offers the demo company on a first run, then lists what was opened, with the path in view', async () => {
    const backend = fakeBackend(null);
    backend.override('workspace/createDemo', (request) => {
      backend.workspace = workspaceInfo({ name: 'PT Nusantara Digital', locale: 'en-US', currency: 'USD' });
      backend.workspace.path = `/home/user/${String(request.path).slice(2)}`;
      return { ok: true, value: backend.workspace };
    });
    renderApp({ backend, language: 'en' });
    fireEvent.click(await screen.findByRole('button', { name: 'Open the demo company' }));
    expect(await screen.findByRole('heading', { name: 'Dashboard', level: 1 })).toBeTruthy();
    expect(String(backend.callsTo('workspace/createDemo')[0]!.path)).toMatch(
      /^~\/Kinerja Demo \d{14}\.kinerja$/,
    );
    const shown = screen.getByTestId('workspace-path').textContent!;
    expect(shown).toContain('/home/user/Kinerja Demo');

    // Closed again, the start screen lists it to reopen in one click.
    fireEvent.click(screen.getByRole('link', { name: 'Settings' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Close workspace' }));
    const recent = await screen.findByRole('region', { name: 'Recently opened on this computer' });
    expect(within(recent).getByRole('button', { name: /^PT Nusantara Digital/ }).textContent).toContain(
      '/home/user/',
    );
    expect(screen.queryByRole('button', { name: 'Open the demo company' })).toBeNull();
    fireEvent.click(
      within(recent).getByRole('button', {
        name: 'Remove PT Nusantara Digital from this list (the file stays)',
      }),
    );
    expect(await screen.findByRole('button', { name: 'Open the demo company' })).toBeTruthy();
  });

  it('in the desktop app, opens a workspace chosen in the native dialog or dropped on the window', async () => {
    // The preload's bridge is what tells the screen it runs in the desktop app.
    window.kinerja = {
      invoke: () => Promise.reject(new Error('unused')),
      pathForFile: () => '/data/dropped.kinerja',
    };
    try {
      const backend = fakeBackend(null);
      backend.override('files/pick', () => ({ ok: true, value: { path: '/data/picked.kinerja' } }));
      backend.override('files/saveAs', () => ({ ok: true, value: { path: '/data/Baru.kinerja' } }));
      backend.override('workspace/open', (request) => ({
        ok: false,
        error: { kind: 'workspace_invalid', message: `opened ${String(request.path)}` },
      }));
      renderApp({ backend, language: 'en' });
      fireEvent.click(await screen.findByRole('button', { name: 'Choose a workspace file…' }));
      expect((await screen.findByRole('alert')).textContent).toContain('opened /data/picked.kinerja');
      expect(backend.callsTo('files/pick')).toEqual([{ purpose: 'workspace' }]);

      fireEvent.click(screen.getByRole('button', { name: 'Choose where to save…' }));
      await waitFor(() =>
        expect(
          (screen.getAllByRole('textbox', { name: /Workspace file/ })[0] as HTMLInputElement).value,
        ).toBe('/data/Baru.kinerja'),
      );

      const file = new File(['x'], 'dropped.kinerja');
      fireEvent.drop(screen.getByRole('heading', { name: 'Welcome to Kinerja' }), {
        dataTransfer: { files: [file] },
      });
      await waitFor(() =>
        expect(screen.getByRole('alert').textContent).toContain('opened /data/dropped.kinerja'),
      );
    } finally {
      delete window.kinerja;
    }
  });

  it('appears when no workspace is open and shows why opening a file failed', async () => {
    const backend = fakeBackend(null);
    backend.override('workspace/open', (request) => ({
      ok: false,
      error: {
        kind: 'workspace_invalid',
        message: `${String(request.path)}: the file does not start with the SQLite header; it is not a Kinerja workspace`,
      },
    }));
    renderApp({ backend, language: 'en' });

    expect(await screen.findByRole('heading', { name: 'Welcome to Kinerja' })).toBeTruthy();
    const openForm = screen.getByRole('form', { name: 'Open a workspace' });
    fireEvent.change(within(openForm).getByRole('textbox', { name: /Workspace file/ }), {
      target: { value: '/tmp/notes.txt' },
    });
    fireEvent.click(within(openForm).getByRole('button', { name: 'Open workspace' }));

    const alert = await within(openForm).findByRole('alert');
    expect(alert.textContent).toContain('The workspace could not be opened.');
    expect(alert.textContent).toContain('/tmp/notes.txt: the file does not start with the SQLite header');
    expect(backend.callsTo('workspace/open')).toEqual([{ path: '/tmp/notes.txt' }]);
  });

  it('a damaged workspace is not opened; its newest backup is offered and restored in its place', async () => {
    const backend = fakeBackend(null);
    const damaged = '/data/acme.kinerja';
    const backup = '/data/backups/acme.daily.2026-11-29_090000.kinerja';
    backend.override('workspace/open', () => ({
      ok: false,
      error: {
        kind: 'workspace_invalid',
        message: `${damaged}: the workspace file is damaged`,
        code: 'workspace_damaged',
        params: { path: damaged, backup, date: '2026-11-29 09:00' },
      },
    }));
    backend.override('workspace/restore', () => ({
      ok: true,
      value: { keptAside: '/data/backups/acme.before-restore.kinerja', workspace: workspaceInfo() },
    }));
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(true);
    try {
      renderApp({ backend, language: 'en' });
      const openForm = await screen.findByRole('form', { name: 'Open a workspace' });
      fireEvent.change(within(openForm).getByRole('textbox', { name: /Workspace file/ }), {
        target: { value: damaged },
      });
      fireEvent.click(within(openForm).getByRole('button', { name: 'Open workspace' }));
      const alert = await within(openForm).findByRole('alert');
      expect(alert.textContent).toContain(
        `${damaged} is damaged, so Kinerja did not open it for changes and wrote nothing to it. The newest backup is ${backup} from 2026-11-29 09:00`,
      );
      fireEvent.click(
        within(openForm).getByRole('button', { name: 'Restore the backup of 2026-11-29 09:00' }),
      );
      expect(await screen.findByTestId('workspace-path')).toBeTruthy();
      expect(confirm).toHaveBeenCalledTimes(1);
      expect(backend.callsTo('workspace/restore')).toEqual([{ backupPath: backup, path: damaged }]);
    } finally {
      confirm.mockRestore();
    }
  });

  it('a read-only workspace says so above every screen', async () => {
    renderApp({ backend: fakeBackend({ ...workspaceInfo(), readOnly: true }), language: 'en' });
    expect((await screen.findByText(/This workspace is read-only/)).textContent).toContain(
      '/tmp/acme.kinerja',
    );
  });

  it('creates a workspace and moves on to it', async () => {
    const backend = fakeBackend(null);
    renderApp({ backend, language: 'en' });

    const createForm = await screen.findByRole('form', { name: 'Create a new workspace' });
    fireEvent.change(within(createForm).getByRole('textbox', { name: /Workspace file/ }), {
      target: { value: '/tmp/acme.kinerja' },
    });
    fireEvent.change(within(createForm).getByRole('textbox', { name: 'Company name' }), {
      target: { value: 'Acme Indonesia' },
    });
    fireEvent.change(within(createForm).getByRole('combobox', { name: 'Number and money format' }), {
      target: { value: 'en-US' },
    });
    fireEvent.click(within(createForm).getByRole('button', { name: 'Create workspace' }));

    expect(await screen.findByText('Acme Indonesia')).toBeTruthy();
    expect(screen.getByRole('navigation')).toBeTruthy();
    expect(backend.callsTo('workspace/create')).toEqual([
      { path: '/tmp/acme.kinerja', name: 'Acme Indonesia', locale: 'en-US' },
    ]);
  });

  it('offers a retry when the app cannot reach its data', async () => {
    const backend = fakeBackend();
    let failures = 1;
    const real = backend.transport;
    backend.transport = async (name, request) =>
      failures-- > 0
        ? { ok: false, error: { kind: 'internal', message: 'Kinerja is not reachable.' } }
        : real(name, request);
    renderApp({ backend });

    expect((await screen.findByRole('alert')).textContent).toContain('Kinerja is not reachable.');
    fireEvent.click(screen.getByRole('button', { name: 'Coba lagi' }));
    expect(await screen.findByText('PT Maju Jaya')).toBeTruthy();
  });
});

describe('Settings', () => {
  it('saves the workspace settings and shows the new name in the sidebar', async () => {
    const { backend } = renderApp({ screen: 'settings', language: 'en' });

    const name = (await screen.findByRole('textbox', {
      name: 'Company or workspace name',
    })) as HTMLInputElement;
    expect(name.value).toBe('PT Maju Jaya');
    fireEvent.change(name, { target: { value: 'PT Maju Bersama' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Reporting currency' }), {
      target: { value: 'USD' },
    });
    fireEvent.change(screen.getByRole('combobox', { name: 'Fiscal year starts in' }), {
      target: { value: '4' },
    });
    const weekStart = screen.getByRole('combobox', { name: 'Weeks start on' }) as HTMLSelectElement;
    expect(weekStart.value).toBe('monday');
    expect([...weekStart.options].map((o) => o.text)).toEqual(['Monday (ISO)', 'Sunday', 'Saturday']);
    fireEvent.change(weekStart, { target: { value: 'sunday' } });
    fireEvent.change(screen.getByRole('combobox', { name: /Daily backups kept/ }), {
      target: { value: '14' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));

    expect((await screen.findByRole('status')).textContent).toBe('Settings saved.');
    expect(backend.callsTo('settings/update')).toEqual([
      {
        name: 'PT Maju Bersama',
        locale: 'id-ID',
        currency: 'USD',
        fiscalYearStartMonth: 4,
        backupKeepDaily: 14,
        weekStart: 'sunday',
      },
    ]);
    expect(within(screen.getByRole('complementary')).getByText('PT Maju Bersama')).toBeTruthy();
  });

  it('saves the amber threshold and rating bands typed the Indonesian way', async () => {
    const { backend } = renderApp({ screen: 'settings', language: 'id' });
    fireEvent.change(await screen.findByRole('textbox', { name: 'Berisiko (kuning) mulai' }), {
      target: { value: '85,5' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: 'Skor terendah untuk peringkat 5, dalam persen' }), {
      target: { value: '120' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Simpan status dan peringkat' }));
    expect(
      (await screen.findByText('Ambang status dan rentang peringkat disimpan.')).getAttribute('role'),
    ).toBe('status');
    expect(backend.callsTo('settings/update')).toEqual([
      {
        amberAt: 0.855,
        ratingBands: [
          { rating: 5, min: 1.2 },
          { rating: 4, min: 1 },
          { rating: 3, min: 0.9 },
          { rating: 2, min: 0.75 },
          { rating: 1, min: 0 },
        ],
      },
    ]);
  });

  it('refuses rating bands that do not go down, and an amber threshold at 100% or more', async () => {
    const { backend } = renderApp({ screen: 'settings', language: 'en' });
    fireEvent.change(await screen.findByRole('textbox', { name: 'At risk (amber) from' }), {
      target: { value: '100' },
    });
    fireEvent.change(screen.getByRole('textbox', { name: 'Lowest score for rating 3, in percent' }), {
      target: { value: '105' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save status and ratings' }));
    expect(await screen.findByText('Enter a share of the target below 100%, such as 90.')).toBeTruthy();
    expect(screen.getByText(/Each rating needs a lower minimum than the one above it/)).toBeTruthy();
    expect(backend.callsTo('settings/update')).toEqual([]);
  });

  it('refuses an empty name', async () => {
    const { backend } = renderApp({ screen: 'settings', language: 'en' });
    fireEvent.change(await screen.findByRole('textbox', { name: 'Company or workspace name' }), {
      target: { value: '  ' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Enter a name.');
    expect(backend.callsTo('settings/update')).toEqual([]);
  });

  it('closes the workspace and returns to the start screen', async () => {
    const { backend } = renderApp({ screen: 'settings', language: 'en' });
    expect(await screen.findByText('/tmp/acme.kinerja')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close workspace' }));
    expect(await screen.findByRole('heading', { name: 'Welcome to Kinerja' })).toBeTruthy();
    expect(backend.callsTo('workspace/close')).toHaveLength(1);
  });
});
