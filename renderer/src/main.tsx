import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createClient } from '../../shared/contract/client';
import { ClientProvider } from './api/client-context';
import { isDesktop, pickTransport, takeTokenFromAddress } from './api/transport';
import { createI18n, storedLanguage, uiLocale } from './i18n';
import { setUnitWordsLocale } from '../../shared/format';
import { startTheme } from './lib/theme';
import { PrintRoot } from './print/PrintPage';
import { printRequestFromHash } from '../../shared/report/print-routes';
import './styles.css';

// Browser mode: the token moves from the printed URL into this tab's storage before any call.
if (!isDesktop()) takeTokenFromAddress();

// A print page (what PDFs are made from) has its own language and always the light theme.
const printRequest = printRequestFromHash(window.location.hash);
if (!printRequest) startTheme();

const i18n = createI18n(printRequest?.lang ?? storedLanguage() ?? 'id');
const syncLang = (language: string) => {
  document.documentElement.setAttribute('lang', language);
  // Words inside values ("hari", "jt") follow the UI language; digits keep the workspace's format.
  setUnitWordsLocale(uiLocale(language));
};
syncLang(i18n.language);
i18n.on('languageChanged', syncLang);

// The screens load apart from the print pages, so a PDF's page parses only what it draws.
const App = lazy(() => import('./App').then((m) => ({ default: m.App })));

const client = createClient(pickTransport());
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <ClientProvider client={client}>
        {printRequest ? (
          <PrintRoot initial={printRequest} />
        ) : (
          <Suspense fallback={null}>
            <App />
          </Suspense>
        )}
      </ClientProvider>
    </I18nextProvider>
  </StrictMode>,
);
