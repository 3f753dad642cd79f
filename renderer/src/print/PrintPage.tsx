import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { printRequestFromHash, type PrintRequest } from '../../../shared/report/print-routes';
import type { WorkspaceSettings } from '../../../shared/contract/schemas';
import { formatDate } from '../../../shared/format';
import { errorMessage } from '../api/client-context';
import { AppraisalPrint } from './AppraisalPrint';
import { ReviewPrint } from './ReviewPrint';

/**
 * The pages PDFs are made from (`#/print/...`), rendered by the same renderer as the screens
 * and from the same API, so a PDF shows the numbers the app shows. The host that prints waits
 * for `data-print-state="ready"` (data loaded, charts drawn) or `"error"`.
 */
export function PrintPage({ request }: { request: PrintRequest }) {
  useEffect(() => {
    document.documentElement.classList.add('printing');
  }, []);
  // The host waits for the sheet inside the job it asked for (one page prints many PDFs).
  return (
    <div data-print-job={request.job ?? ''}>
      {request.kind === 'appraisal' ? (
        <AppraisalPrint request={request} />
      ) : (
        <ReviewPrint request={request} />
      )}
    </div>
  );
}

/**
 * The print page of the current address. A printing host moves one page from PDF to PDF by
 * changing the hash, so every new address mounts a fresh page in its own language.
 */
export function PrintRoot({ initial }: { initial: PrintRequest }) {
  const { i18n } = useTranslation();
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const request = printRequestFromHash(hash) ?? initial;
  useEffect(() => {
    if (i18n.language !== request.lang) void i18n.changeLanguage(request.lang);
  }, [i18n, request.lang]);
  if (i18n.language !== request.lang) return null;
  return <PrintPage key={hash} request={request} />;
}

/** The frame every print page shares: the client's logo, name and colour, and the footer words. */
export function PrintFrame({
  settings,
  title,
  subtitle,
  children,
}: {
  settings: WorkspaceSettings;
  title: string;
  subtitle: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <article
      className="print-sheet"
      data-print-state="ready"
      data-footer-page={t('print.page')}
      data-footer-of={t('print.of')}
      data-footer-left={`${settings.name} · ${title} · ${subtitle}`}
      style={{ ['--print-accent' as string]: settings.accentColor }}
    >
      <header className="print-head">
        {settings.logo ? <img className="print-logo" src={settings.logo} alt="" /> : null}
        <div>
          <p className="print-org">{settings.name}</p>
          <h1>{title}</h1>
          <p className="print-subtitle">{subtitle}</p>
        </div>
      </header>
      {children}
      <p className="print-made">
        {t('print.made', { date: formatDate(new Date().toISOString(), settings.locale) })}
      </p>
    </article>
  );
}

/** A print page that cannot be made says why, for the host to pass on as the error. */
export function PrintError({ error }: { error: unknown }) {
  const message = errorMessage(error);
  return (
    <div className="print-sheet" data-print-state="error" data-print-error={message} role="alert">
      {message}
    </div>
  );
}

export function PrintLoading() {
  const { t } = useTranslation();
  return (
    <div className="print-sheet" data-print-state="loading">
      {t('app.loading')}
    </div>
  );
}
