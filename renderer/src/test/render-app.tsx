import { render } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createClient } from '../../../shared/contract/client';
import { ClientProvider } from '../api/client-context';
import { App } from '../App';
import { createI18n, storeLanguage, storedLanguage, type Language } from '../i18n';
import type { Screen } from '../lib/route';
import { fakeBackend, type FakeBackend } from './fake-transport';

/** Renders the whole app against a fake core, the way main.tsx does against a real transport. */
export function renderApp({
  backend = fakeBackend(),
  screen = 'dashboard',
  language,
}: { backend?: FakeBackend; screen?: Screen; language?: Language } = {}) {
  // A test may open a screen with view parameters already in the address.
  if (!window.location.hash.startsWith(`#/${screen}?`)) window.location.hash = `#/${screen}`;
  // A language given here is one the user picked, so it is remembered like a click on ID/EN.
  if (language) storeLanguage(language);
  const i18n = createI18n(language ?? storedLanguage() ?? 'id');
  const view = render(
    <I18nextProvider i18n={i18n}>
      <ClientProvider client={createClient(backend.transport)}>
        <App />
      </ClientProvider>
    </I18nextProvider>,
  );
  return { ...view, backend, i18n };
}
