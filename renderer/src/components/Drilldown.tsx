import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiDefinition, KpiRow, ScopeDim } from '../../../shared/contract/schemas';
import { formatKpiValue, formatMoney, formatNumber, type FormatSettings } from '../../../shared/format';
import { errorMessage, useClient } from '../api/client-context';
import { isLanguage, uiLocale } from '../i18n';
import { useLoad } from '../lib/use-load';
import { ErrorNotice, Loading } from './common';
import { usePeriodName, type ScopeChoice } from './ViewPickers';

const PAGE_SIZE = 50;

/** Columns shown as dates, as money, or left out (the internal id). */
const isDay = (column: string) => column.endsWith('_day') || column === 'day_from' || column === 'day_to';
const MONEY_COLUMNS = new Set(['amount']);
const HIDDEN_COLUMNS = new Set(['id']);

/**
 * The records behind one number: the formula in words from the engine's own parts, then the
 * deals, leads, spend, web or social rows, paged and sortable. A value typed by hand says so.
 */
export function Drilldown({
  definition,
  row,
  period,
  scope,
  settings,
  onClose,
}: {
  definition: KpiDefinition;
  row: KpiRow;
  period: string;
  scope: ScopeChoice;
  settings: FormatSettings;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const periodName = usePeriodName();
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  const words = uiLocale(language);
  const title = useRef<HTMLHeadingElement>(null);
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<{ column: string; descending: boolean } | null>(null);
  const name = definition.name[language];

  useEffect(() => {
    title.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const manual = row.origin === 'manual';
  const load = useCallback(
    () =>
      manual
        ? Promise.resolve(null)
        : client.kpi.drilldown({
            kpi: definition.code,
            period,
            scope: scope ?? undefined,
            page,
            pageSize: PAGE_SIZE,
            sort: sort ?? undefined,
          }),
    [client, definition.code, period, scope, page, sort, manual],
  );
  const records = useLoad(load);

  const fmt = (v: number | null) => formatKpiValue(v, definition.unit, settings);
  const partText = (p: NonNullable<KpiRow['parts']>['parts'][number]) => {
    const value =
      p.unit === 'money'
        ? formatMoney(p.value, settings.currency, settings.locale)
        : formatKpiValue(p.value, p.unit === 'count' ? 'count' : p.unit, settings);
    return `${value} ${t(`drill.parts.${p.measure}` as 'drill.parts.won_deals')}`;
  };
  let formula: string | null = null;
  const parts = row.parts;
  if (parts && parts.parts.length > 0) {
    const [a, b] = parts.parts;
    if (parts.shape === 'ratio' && b)
      formula = `${name} = ${partText(a!)} ÷ ${partText(b)} = ${fmt(row.value)}`;
    else if (parts.shape === 'return' && b)
      formula = `${name} = (${partText(a!)} − ${partText(b)}) ÷ ${partText(b)} = ${fmt(row.value)}`;
    else formula = `${name} = ${parts.parts.map(partText).join(' · ')}`;
  }

  const cell = (column: string, value: string | number | null) => {
    if (value === null || value === '') return '—';
    if (isDay(column) && typeof value === 'string')
      return new Intl.DateTimeFormat(words, { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date(`${value}T00:00:00Z`),
      );
    if (MONEY_COLUMNS.has(column) && typeof value === 'number')
      return formatMoney(value, settings.currency, settings.locale);
    if (typeof value === 'number') return formatNumber(value, settings.locale);
    return value;
  };

  return (
    <div className="overlay" onClick={onClose}>
      <section
        className="card drilldown"
        role="dialog"
        aria-modal="true"
        aria-labelledby="drill-title"
        onClick={(e) => e.stopPropagation()}
      >
        <header className="drill-header">
          <h2 id="drill-title" ref={title} tabIndex={-1}>
            {name} · {periodName(period)}
            {scope ? ` · ${scope.name}` : ''}
          </h2>
          <button type="button" className="button button-secondary" onClick={onClose}>
            {t('drill.close')}
          </button>
        </header>
        <p className="drill-formula" data-testid="drill-formula">
          {manual
            ? t('drill.manual', { value: fmt(row.value) })
            : row.includesTyped
              ? t('drill.includesTyped', { value: `${name} = ${fmt(row.value)}` })
              : (formula ?? `${name} = ${fmt(row.value)}`)}
        </p>
        {manual ? null : (
          <ExportRecords
            request={{ kpi: definition.code, period, scope: scope ?? undefined, sort: sort ?? undefined }}
            fileStem={`${name} ${period}`}
          />
        )}
        {manual ? null : records.status === 'error' ? (
          <ErrorNotice message={records.error} />
        ) : (
          <RecordsTable
            state={records}
            sort={sort}
            onSort={(column) => {
              setPage(1);
              setSort((s) => ({ column, descending: s?.column === column ? !s.descending : false }));
            }}
            page={page}
            onPage={setPage}
            cell={cell}
          />
        )}
      </section>
    </div>
  );
}

/**
 * Writes every record (not only the page shown) to a file the user names; a relative name is
 * read from the home folder in the app and in browser mode.
 */
function ExportRecords({
  request,
  fileStem,
}: {
  request: {
    kpi: string;
    period: string;
    scope?: { dim: ScopeDim; name: string };
    sort?: { column: string; descending: boolean };
  };
  fileStem: string;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const [format, setFormat] = useState<'csv' | 'xlsx'>('xlsx');
  const safeStem = fileStem.replace(/[\\/:*?"<>|]+/g, '-');
  const [file, setFile] = useState(`~/${safeStem}`);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const formatId = useId();
  const fileId = useId();
  async function run(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setResult(null);
    // A name ending in .csv or .xlsx says the format itself: an .xlsx inside a .csv name would not open.
    const named = /\.(csv|xlsx)$/i.exec(file.trim())?.[1]?.toLowerCase() as 'csv' | 'xlsx' | undefined;
    const withExtension = named ? file.trim() : `${file.trim()}.${format}`;
    try {
      const written = await client.export.drilldown({
        ...request,
        format: named ?? format,
        path: withExtension,
      });
      setResult({ ok: true, text: t('drill.exported', { file: written.file }) });
    } catch (err) {
      setResult({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="drill-export" onSubmit={(e) => void run(e)}>
      <label htmlFor={fileId}>{t('drill.exportFile')}</label>
      <input
        id={fileId}
        type="text"
        value={file}
        spellCheck={false}
        onChange={(e) => setFile(e.target.value)}
      />
      <label htmlFor={formatId} className="visually-hidden">
        {t('drill.exportFormat')}
      </label>
      <select id={formatId} value={format} onChange={(e) => setFormat(e.target.value as 'csv' | 'xlsx')}>
        <option value="xlsx">XLSX</option>
        <option value="csv">CSV</option>
      </select>
      <button type="submit" className="button button-secondary" disabled={busy || !file.trim()}>
        {t('drill.export')}
      </button>
      {result ? (
        result.ok ? (
          <p className="notice notice-success" role="status">
            {result.text}
          </p>
        ) : (
          <ErrorNotice title={t('drill.exportFailed')} message={result.text} />
        )
      ) : null}
    </form>
  );
}

type RecordsPage = Awaited<ReturnType<ReturnType<typeof useClient>['kpi']['drilldown']>>;

function RecordsTable({
  state,
  sort,
  onSort,
  page,
  onPage,
  cell,
}: {
  state: ReturnType<typeof useLoad<RecordsPage | null>>;
  sort: { column: string; descending: boolean } | null;
  onSort: (column: string) => void;
  page: number;
  onPage: (page: number) => void;
  cell: (column: string, value: string | number | null) => string;
}) {
  const { t } = useTranslation();
  const data =
    state.status === 'ready' ? state.value : state.status === 'loading' ? state.previous : undefined;
  if (!data) return <Loading />;
  const columns = Object.keys(data.rows[0] ?? {}).filter((c) => !HIDDEN_COLUMNS.has(c));
  const first = (data.page - 1) * data.pageSize + 1;
  const last = Math.min(data.total, data.page * data.pageSize);
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  return (
    <div className={state.status !== 'ready' ? 'is-stale' : undefined}>
      <p className="muted" role="status">
        {data.total === 0 ? t('drill.none') : t('drill.range', { first, last, total: data.total })}
      </p>
      {data.total > 0 ? (
        <div className="table-scroll drill-table">
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th
                    key={c}
                    scope="col"
                    aria-sort={
                      sort?.column === c ? (sort.descending ? 'descending' : 'ascending') : undefined
                    }
                  >
                    <button type="button" className="sort-button" onClick={() => onSort(c)}>
                      {t(`drill.columns.${c}` as 'drill.columns.owner', { defaultValue: c })}
                      <span aria-hidden="true">
                        {sort?.column === c ? (sort.descending ? ' ▼' : ' ▲') : ''}
                      </span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r, i) => (
                <tr key={String(r.id ?? i)}>
                  {columns.map((c) => (
                    <td key={c}>{cell(c, r[c] ?? null)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {pages > 1 ? (
        <div className="pager">
          <button
            type="button"
            className="button button-secondary"
            disabled={page <= 1}
            onClick={() => onPage(page - 1)}
          >
            {t('drill.previousPage')}
          </button>
          <span>{t('drill.page', { page, pages })}</span>
          <button
            type="button"
            className="button button-secondary"
            disabled={page >= pages}
            onClick={() => onPage(page + 1)}
          >
            {t('drill.nextPage')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
