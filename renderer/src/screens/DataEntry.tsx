import { useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiDefinition, KpiUnit, ManualValue, WorkspaceInfo } from '../../../shared/contract/schemas';
import {
  formatKpiValue,
  formatMoney,
  formatMonth,
  formatNumber,
  monthNames,
  numberSymbols,
  parseLocaleNumber,
  type FormatSettings,
} from '../../../shared/format';
import { derivedKpis } from '../../../shared/kpi/groups';
import { valueUnitProblem, type ValueUnitProblem } from '../../../shared/kpi/manual-values';
import { errorMessage, useClient } from '../api/client-context';
import { ErrorNotice, Field, Loading, PageHeader } from '../components/common';
import { isLanguage, uiLocale, type Language } from '../i18n';
import { FIRST_YEAR, LAST_YEAR } from '../lib/periods';
import { useLoad } from '../lib/use-load';

const pad = (n: number) => String(n).padStart(2, '0');

/** The example shown under the value field, written the way this workspace writes numbers. */
function exampleFor(unit: KpiUnit, settings: FormatSettings): string {
  switch (unit) {
    case 'money':
      return formatMoney(1234567, settings.currency, settings.locale);
    case 'percent':
      return `${formatNumber(12.5, settings.locale)}%`;
    case 'count':
      return formatNumber(1234567, settings.locale);
    default:
      return formatNumber(1234.5, settings.locale);
  }
}

/** The text a stored value is edited as: plain numbers, and percentages in points. */
function editableText(value: number, unit: KpiUnit, locale: string): string {
  return formatNumber(unit === 'percent' ? value * 100 : value, locale, { maximumFractionDigits: 6 });
}

/** The unit's rule a value broke, as the screen says it (the core refuses the same, in English). */
const UNIT_PROBLEM_TEXT = {
  finite: 'parse.invalid',
  rate: 'dataEntry.badRate',
  count: 'dataEntry.badCount',
  duration: 'dataEntry.badDuration',
} as const satisfies Record<ValueUnitProblem, string>;

export function DataEntry({ workspace }: { workspace: WorkspaceInfo }) {
  const client = useClient();
  const { t, i18n } = useTranslation();
  const language: Language = isLanguage(i18n.language) ? i18n.language : 'id';
  const words = uiLocale(language);
  const { locale, currency } = workspace.settings;
  const settings = useMemo<FormatSettings>(() => ({ locale, currency }), [locale, currency]);

  const loadCatalog = useCallback(() => client.kpi.catalog({}), [client]);
  const catalog = useLoad(loadCatalog);
  const loadValues = useCallback(() => client.values.list({}), [client]);
  const initialValues = useLoad(loadValues);
  const [freshValues, setFreshValues] = useState<ManualValue[] | null>(null);

  const [now] = useState(() => new Date());
  const [kpi, setKpi] = useState('');
  const [month, setMonth] = useState(now.getMonth() + 1);
  const [year, setYear] = useState(String(now.getFullYear()));
  const [valueText, setValueText] = useState('');
  const [note, setNote] = useState('');
  const [valueError, setValueError] = useState<string | null>(null);
  const [yearError, setYearError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [savedMessage, setSavedMessage] = useState<string | null>(null);
  /** A saved value that a computed one outranks: said, with the switch right there. */
  const [shadowed, setShadowed] = useState<{ kpi: string; shown: number | null } | null>(null);
  /** The value last deleted, for Undo. */
  const [deleted, setDeleted] = useState<ManualValue | null>(null);
  const [saving, setSaving] = useState(false);
  /** The file of an import the save is waiting for, if any. */
  const [waitingFor, setWaitingFor] = useState<string | null>(null);
  const valueInput = useRef<HTMLInputElement>(null);

  if (catalog.status === 'loading') return <Loading />;
  if (catalog.status === 'error') return <ErrorNotice message={catalog.error} />;
  // Achievement, CAC and ROMI come from their parts; they are never typed.
  const kpis = catalog.value.filter((k) => !Object.hasOwn(derivedKpis, k.code));
  const definition: KpiDefinition | undefined = kpis.find((k) => k.code === kpi) ?? kpis[0];
  const unit = definition?.unit ?? 'count';
  const nameOf = (code: string) => kpis.find((k) => k.code === code)?.name[language] ?? code;
  const unitOf = (code: string): KpiUnit => kpis.find((k) => k.code === code)?.unit ?? 'count';
  const preview = valueText.trim()
    ? parseLocaleNumber(valueText, locale, { percent: unit === 'percent' })
    : null;

  const values = freshValues ?? (initialValues.status === 'ready' ? initialValues.value : []);
  const sorted = [...values].sort(
    (a, b) => b.period.localeCompare(a.period) || nameOf(a.kpi).localeCompare(nameOf(b.kpi), words),
  );
  const dateTime = new Intl.DateTimeFormat(words, { dateStyle: 'medium', timeStyle: 'short' });
  const example = exampleFor(unit, settings);
  // Keeps `Rp 1.234.567` on one line wherever the hint wraps.
  const exampleShown = example.replace(/ /g, '\u00a0');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!definition) return;
    setSavedMessage(null);
    setSaveError(null);
    const yearOk = /^\d{4}$/.test(year.trim()) && Number(year) >= FIRST_YEAR && Number(year) <= LAST_YEAR;
    setYearError(yearOk ? null : t('dataEntry.badYear'));
    const parsed = parseLocaleNumber(valueText, locale, { percent: definition.unit === 'percent' });
    if (!parsed.ok) {
      const { group, decimal } = numberSymbols(locale);
      setValueError(t(`parse.${parsed.error}`, { example, group, decimal }));
      valueInput.current?.focus();
      return;
    }
    // The unit decides what a value can be: the core refuses the same, in English for the CLI.
    const unitProblem = valueUnitProblem(definition.unit, parsed.value);
    if (unitProblem) {
      setValueError(t(UNIT_PROBLEM_TEXT[unitProblem], { example }));
      valueInput.current?.focus();
      return;
    }
    setValueError(null);
    if (!yearOk) return;
    const period = `${year.trim()}-${pad(month)}`;
    setSaving(true);
    // A save made while an import runs waits for it (the import holds the workspace); say so
    // rather than leave the user staring at "Saving…".
    const waitCheck = setTimeout(() => {
      void client.import.progress({}).then(
        (p) => p && setWaitingFor(p.file.split(/[\\/]/).pop() ?? p.file),
        () => undefined,
      );
    }, 400);
    try {
      const saved = await client.values.set({
        kpi: definition.code,
        period,
        value: parsed.value,
        note: note.trim() || null,
      });
      setSavedMessage(
        t('dataEntry.saved', {
          kpi: definition.name[language],
          month: formatMonth(saved.period, words, 'long'),
          value: formatKpiValue(saved.value, definition.unit, settings),
        }),
      );
      setShadowed(saved.inEffect ? null : { kpi: definition.code, shown: saved.shownValue });
      setValueText('');
      setNote('');
      setFreshValues(await client.values.list({}));
    } catch (e) {
      setSaveError(errorMessage(e));
    } finally {
      clearTimeout(waitCheck);
      setWaitingFor(null);
      setSaving(false);
    }
  }

  async function letTypedWin(code: string) {
    try {
      await client.kpi.settings({ kpi: code, manualWins: true });
      setShadowed(null);
      setSavedMessage(t('dataEntry.typedWins', { kpi: nameOf(code) }));
    } catch (e) {
      setSaveError(errorMessage(e));
    }
  }

  async function remove(row: ManualValue) {
    setSaveError(null);
    setSavedMessage(null);
    try {
      await client.values.delete({ kpi: row.kpi, period: row.period });
      setDeleted(row);
      setFreshValues(await client.values.list({}));
    } catch (e) {
      setSaveError(errorMessage(e));
    }
  }

  async function undoDelete() {
    if (!deleted) return;
    try {
      await client.values.set({
        kpi: deleted.kpi,
        period: deleted.period,
        value: deleted.value,
        note: deleted.note,
      });
      setDeleted(null);
      setFreshValues(await client.values.list({}));
    } catch (e) {
      setSaveError(errorMessage(e));
    }
  }

  function edit(row: ManualValue) {
    const [y, m] = row.period.split('-');
    setKpi(row.kpi);
    setYear(y ?? year);
    setMonth(Number(m));
    setValueText(editableText(row.value, unitOf(row.kpi), locale));
    setNote(row.note ?? '');
    setValueError(null);
    setSavedMessage(null);
    valueInput.current?.focus();
  }

  return (
    <>
      <PageHeader title={t('dataEntry.title')} subtitle={t('dataEntry.subtitle')} />
      <div className="entry-layout">
        <form className="card form" onSubmit={(e) => void submit(e)} noValidate>
          <div className="form-columns">
            <div className="form-column">
              <Field label={t('dataEntry.kpi')} hint={definition?.definition[language]}>
                {(control) => (
                  <select
                    {...control}
                    value={definition?.code ?? ''}
                    onChange={(e) => {
                      setKpi(e.target.value);
                      setValueError(null);
                    }}
                  >
                    {kpis.map((k) => (
                      <option key={k.code} value={k.code}>
                        {k.name[language]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <div className="field-row field-row-month">
                <Field label={t('dataEntry.month')}>
                  {(control) => (
                    <select {...control} value={month} onChange={(e) => setMonth(Number(e.target.value))}>
                      {monthNames(words).map((label, i) => (
                        <option key={label} value={i + 1}>
                          {label}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={t('dataEntry.year')} error={yearError}>
                  {(control) => (
                    <input
                      {...control}
                      type="text"
                      inputMode="numeric"
                      maxLength={4}
                      value={year}
                      onChange={(e) => setYear(e.target.value)}
                    />
                  )}
                </Field>
              </div>
            </div>
            <div className="form-column">
              <Field
                label={t('dataEntry.value')}
                error={valueError}
                hint={
                  <>
                    {unit === 'percent'
                      ? t('dataEntry.percentHint', { example: exampleShown })
                      : t('dataEntry.valueHint', { example: exampleShown })}
                    {preview?.ok ? (
                      <>
                        {' · '}
                        <strong className="preview">
                          {t('dataEntry.reads', { value: formatKpiValue(preview.value, unit, settings) })}
                        </strong>
                      </>
                    ) : null}
                  </>
                }
              >
                {(control) => (
                  <input
                    {...control}
                    ref={valueInput}
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    className="value-input"
                    placeholder={example}
                    value={valueText}
                    onChange={(e) => {
                      setValueText(e.target.value);
                      setValueError(null);
                    }}
                  />
                )}
              </Field>
              <Field label={t('dataEntry.note')}>
                {(control) => (
                  <textarea
                    {...control}
                    rows={2}
                    maxLength={2000}
                    value={note}
                    placeholder={t('dataEntry.notePlaceholder')}
                    onChange={(e) => setNote(e.target.value)}
                  />
                )}
              </Field>
            </div>
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={saving || !definition}>
              {saving ? t('dataEntry.saving') : t('dataEntry.save')}
            </button>
          </div>
          {waitingFor ? (
            <p className="notice" role="status">
              {t('dataEntry.waitingForImport', { file: waitingFor })}
            </p>
          ) : null}
          {savedMessage ? (
            <p className="notice notice-success" role="status">
              {savedMessage}
            </p>
          ) : null}
          {shadowed ? (
            <div className="notice" role="status">
              <span>
                {t('dataEntry.shadowed', {
                  kpi: nameOf(shadowed.kpi),
                  value: formatKpiValue(shadowed.shown, unitOf(shadowed.kpi), settings),
                })}
              </span>{' '}
              <button
                type="button"
                className="button button-small button-secondary"
                onClick={() => void letTypedWin(shadowed.kpi)}
              >
                {t('dataEntry.useTyped')}
              </button>
            </div>
          ) : null}
          {saveError ? <ErrorNotice message={saveError} title={t('dataEntry.saveFailed')} /> : null}
        </form>

        <section className="card" aria-labelledby="values-title">
          <h2 id="values-title" className="card-title">
            {t('dataEntry.listTitle')}
          </h2>
          {initialValues.status === 'error' && !freshValues ? (
            <ErrorNotice message={initialValues.error} />
          ) : null}
          {initialValues.status === 'loading' && !freshValues ? <Loading /> : null}
          {initialValues.status === 'ready' && sorted.length === 0 ? (
            <p className="muted">{t('dataEntry.listEmpty')}</p>
          ) : null}
          {deleted ? (
            <p className="notice" role="status">
              {t('dataEntry.deleted', {
                kpi: nameOf(deleted.kpi),
                month: formatMonth(deleted.period, words),
              })}{' '}
              <button
                type="button"
                className="button button-small button-secondary"
                onClick={() => void undoDelete()}
              >
                {t('dataEntry.undo')}
              </button>
            </p>
          ) : null}
          {sorted.length > 0 ? (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('dataEntry.kpi')}</th>
                    <th scope="col">{t('dataEntry.month')}</th>
                    <th scope="col" className="num">
                      {t('dataEntry.value')}
                    </th>
                    <th scope="col">{t('dataEntry.noteColumn')}</th>
                    <th scope="col">{t('dataEntry.updated')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('dataEntry.edit')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sorted.map((row) => (
                    <tr key={`${row.kpi}/${row.period}`}>
                      <td>{nameOf(row.kpi)}</td>
                      <td className="nowrap">{formatMonth(row.period, words)}</td>
                      <td className="num nowrap">{formatKpiValue(row.value, unitOf(row.kpi), settings)}</td>
                      <td className="note-cell">{row.note ?? ''}</td>
                      <td className="nowrap muted">{dateTime.format(new Date(row.updatedAt))}</td>
                      <td>
                        <button
                          type="button"
                          className="button button-small button-secondary"
                          aria-label={t('dataEntry.editLabel', {
                            kpi: nameOf(row.kpi),
                            month: formatMonth(row.period, words),
                          })}
                          onClick={() => edit(row)}
                        >
                          {t('dataEntry.edit')}
                        </button>{' '}
                        <button
                          type="button"
                          className="button button-small button-secondary"
                          aria-label={t('dataEntry.deleteLabel', {
                            kpi: nameOf(row.kpi),
                            month: formatMonth(row.period, words),
                          })}
                          onClick={() => void remove(row)}
                        >
                          {t('dataEntry.delete')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      </div>
    </>
  );
}
