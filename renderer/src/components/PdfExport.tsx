import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestOf } from '../../../shared/contract/api';
import { errorMessage, useClient } from '../api/client-context';
import { hasNativeDialogs } from '../api/transport';
import { isLanguage } from '../i18n';
import { ErrorNotice } from './common';

type PdfRequest = RequestOf<'report/pdf'>;
/** What a screen says about the PDF; where it goes, its language and paper are asked here. */
export type PdfWhat =
  | Omit<Extract<PdfRequest, { kind: 'appraisal' }>, 'path' | 'lang' | 'paper'>
  | Omit<Extract<PdfRequest, { kind: 'review' }>, 'path' | 'lang' | 'paper'>;

/**
 * "PDF": the print page of what is on screen, written where the user says (a path typed
 * relative to the home folder, as everywhere in browser mode), in the UI language.
 */
export function PdfExport({ what, fileName }: { what: PdfWhat; fileName: string }) {
  const client = useClient();
  const { t, i18n } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  // The home folder always exists; a suggested subfolder would fail for a new user.
  const [path, setPath] = useState(fileName);
  const [paper, setPaper] = useState<'A4' | 'Letter'>('A4');
  const [busy, setBusy] = useState(false);
  const [written, setWritten] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setWritten(null);
    setError(null);
    try {
      const lang = isLanguage(i18n.language) ? i18n.language : 'id';
      const { file } = await client.report.pdf({ ...what, lang, paper, path: path.trim() } as PdfRequest);
      setWritten(file);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="pdf-export">
      <button
        type="button"
        className="button button-secondary"
        aria-expanded={open}
        aria-controls={`${id}-form`}
        onClick={() => setOpen((o) => !o)}
      >
        {t('pdf.button')}
      </button>
      {open ? (
        <form id={`${id}-form`} className="card pdf-export-form" onSubmit={(e) => void save(e)}>
          <label htmlFor={`${id}-path`} className="field-label">
            {t('pdf.path')}
          </label>
          <input
            id={`${id}-path`}
            type="text"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            required
          />
          {hasNativeDialogs() ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() =>
                void client.files.saveAs({ purpose: 'pdf', defaultName: fileName }).then((picked) => {
                  if (picked) setPath(picked.path);
                })
              }
            >
              {t('pdf.choose')}
            </button>
          ) : null}
          <span className="field-hint">{t('pdf.pathHint')}</span>
          <label htmlFor={`${id}-paper`} className="field-label">
            {t('pdf.paper')}
          </label>
          <select
            id={`${id}-paper`}
            value={paper}
            onChange={(e) => setPaper(e.target.value as 'A4' | 'Letter')}
          >
            <option value="A4">A4</option>
            <option value="Letter">Letter</option>
          </select>
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy || !path.trim()}>
              {busy ? t('pdf.making') : t('pdf.save')}
            </button>
          </div>
          {written ? (
            <p className="notice notice-success" role="status">
              {t('pdf.written', { file: written })}
            </p>
          ) : null}
          {error ? <ErrorNotice title={t('pdf.failed')} message={error} /> : null}
        </form>
      ) : null}
    </div>
  );
}
