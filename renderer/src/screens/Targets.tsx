import { useCallback, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestOf, ResponseOf } from '../../../shared/contract/api';
import type { KpiDefinition, KpiRow, ScopeDim, WorkspaceInfo } from '../../../shared/contract/schemas';
import { formatKpiValue, type FormatSettings } from '../../../shared/format';
import { numberSymbols, parseLocaleNumber } from '../../../shared/format/parse';
import { errorMessage, useClient } from '../api/client-context';
import { ErrorNotice, Loading, PageHeader } from '../components/common';
import {
  knownScope,
  ScopePicker,
  scopeFromParam,
  scopeToParam,
  usePeriodName,
  type ScopeChoice,
} from '../components/ViewPickers';
import { isLanguage } from '../i18n';
import { FIRST_YEAR, LAST_YEAR } from '../lib/periods';
import { parsePercentInput, percentText } from '../lib/percent-input';
import { setRouteParams, useRouteParam } from '../lib/route';
import { useLoad } from '../lib/use-load';

const pad = (n: number) => String(n).padStart(2, '0');

type PlanMethod = RequestOf<'targets/plan'>['method'];

/** A cell of the grid: one KPI and one period (a month or the year). */
interface Cell {
  kpi: KpiDefinition;
  period: string;
}

/**
 * Targets per KPI and month for a year and a scope, set and revised with a reason. A year
 * without its own target shows the one derived from its months, marked as derived. The same
 * targets the CLI sets (`kinerja target set`), through the same core.
 */
export function Targets({ workspace }: { workspace: WorkspaceInfo }) {
  const client = useClient();
  const { t } = useTranslation();
  const yearId = useId();
  const loadOverview = useCallback(
    () => Promise.all([client.kpi.catalog({}), client.data.range({}), client.scopes.list({})]),
    [client],
  );
  const overview = useLoad(loadOverview);
  const yearParam = useRouteParam('year');
  const askedScope = scopeFromParam(useRouteParam('scope'));
  const setScope = useCallback((s: ScopeChoice) => setRouteParams({ scope: scopeToParam(s) }), []);
  const thisYear = new Date().getFullYear();

  if (overview.status === 'loading') return <Loading />;
  if (overview.status === 'error') return <ErrorNotice message={overview.error} />;
  const [catalog, range, names] = overview.value;
  // An unknown name from the address falls back to the whole company rather than a scope no one has.
  const { scope } = knownScope(askedScope, names as Record<ScopeDim, string[]>);
  const first = Number((range.first ?? `${thisYear}`).slice(0, 4));
  const last = Number((range.last ?? `${thisYear}`).slice(0, 4));
  const asked = Number(yearParam);
  const year = asked >= FIRST_YEAR && asked <= LAST_YEAR ? asked : Math.max(last, thisYear);
  // Every year with data, and the next two: targets are set ahead.
  const years: number[] = [];
  for (let y = Math.max(last, thisYear) + 1; y >= Math.min(first, year); y--) years.push(y);
  if (!years.includes(year)) years.unshift(year);

  return (
    <>
      <PageHeader title={t('targets.title')} subtitle={t('targets.subtitle')}>
        <div className="picker">
          <label htmlFor={yearId}>{t('period.grains.year')}</label>
          <select id={yearId} value={year} onChange={(e) => setRouteParams({ year: e.target.value })}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <ScopePicker scope={scope} names={names as Record<ScopeDim, string[]>} onChange={setScope} />
      </PageHeader>
      {/* Keyed by year and scope: an editor open for one never saves into another. */}
      <TargetGrid
        key={`${year}/${scopeToParam(scope) ?? ''}`}
        year={year}
        scope={scope}
        catalog={catalog}
        workspace={workspace}
      />
    </>
  );
}

function TargetGrid({
  year,
  scope,
  catalog,
  workspace,
}: {
  year: number;
  scope: ScopeChoice;
  catalog: KpiDefinition[];
  workspace: WorkspaceInfo;
}) {
  const client = useClient();
  const { t, i18n } = useTranslation();
  const periodName = usePeriodName();
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  const { locale, currency } = workspace.settings;
  const settings: FormatSettings = { locale, currency };
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState<Cell | null>(null);
  const [focusAt, setFocusAt] = useState<[number, number]>([0, 0]);
  const load = useCallback(
    () =>
      Promise.all([
        client.targets.list({ year, scope }),
        // The year's target as the engine reads it: set, or derived from the months.
        client.kpi.query({ period: String(year), scope: scope ?? undefined }),
      ]),
    // reload re-reads after a save
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, year, scope, reload],
  );
  const state = useLoad(load);
  if (state.status === 'error') return <ErrorNotice message={state.error} />;
  const data = state.status === 'ready' ? state.value : state.previous;
  if (!data) return <Loading />;
  const [targets, yearRows] = data;
  /** Arrow keys move between cells, Home/End to the row's ends: one Tab stop for the whole grid. */
  const moveFocus = (e: KeyboardEvent<HTMLButtonElement>, row: number, col: number) => {
    const step: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    let next: [number, number] | null = null;
    if (e.key in step) next = [row + step[e.key]![0], col + step[e.key]![1]];
    else if (e.key === 'Home') next = [row, 0];
    else if (e.key === 'End') next = [row, 12];
    if (!next) return;
    e.preventDefault();
    const [r, c] = next;
    if (r < 0 || r >= catalog.length || c < 0 || c > 12) return;
    setFocusAt([r, c]);
    document.querySelector<HTMLButtonElement>(`[data-cell="${r}-${c}"]`)?.focus();
  };
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${pad(i + 1)}`);
  // The year first: it is where a plan starts, and it stays in view on a narrow window.
  const periods = [String(year), ...months];
  const targetOf = (kpi: string, period: string) => targets.find((x) => x.kpi === kpi && x.period === period);
  const derivedYear = (kpi: string): KpiRow | undefined =>
    yearRows.find((r) => r.kpi === kpi && r.target !== null && r.targetOrigin !== 'set');
  const monthShort = (period: string) =>
    new Intl.DateTimeFormat(language === 'en' ? 'en-US' : 'id-ID', {
      month: 'short',
      timeZone: 'UTC',
    }).format(new Date(`${period}-01T00:00:00Z`));
  const shown = (kpi: KpiDefinition, value: number | null, low?: number | null, high?: number | null) =>
    low != null || high != null
      ? `${formatKpiValue(low ?? null, kpi.unit, settings, { compact: true })}–${formatKpiValue(high ?? null, kpi.unit, settings, { compact: true })}`
      : formatKpiValue(value, kpi.unit, settings, { compact: true });

  return (
    <div className={state.status !== 'ready' ? 'is-stale' : undefined}>
      <div className="table-scroll">
        <table className="target-grid">
          <caption className="visually-hidden">{t('targets.caption', { year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('targets.kpi')}</th>
              <th scope="col" className="year-cell">
                {year}
              </th>
              {months.map((m) => (
                <th key={m} scope="col">
                  {monthShort(m)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {catalog.map((kpi, row) => (
              <tr key={kpi.code}>
                <th scope="row" title={kpi.name[language]}>
                  {kpi.name[language]}
                </th>
                {periods.map((period, col) => {
                  const set = targetOf(kpi.code, period);
                  const derived = period.length === 4 && !set ? derivedYear(kpi.code) : undefined;
                  const label = t('targets.cellLabel', {
                    kpi: kpi.name[language],
                    period: periodName(period),
                  });
                  return (
                    <td key={period} className={period.length === 4 ? 'year-cell' : undefined}>
                      <button
                        type="button"
                        data-cell={`${row}-${col}`}
                        tabIndex={focusAt[0] === row && focusAt[1] === col ? 0 : -1}
                        onKeyDown={(e) => moveFocus(e, row, col)}
                        onFocus={() => setFocusAt([row, col])}
                        className={`target-cell ${set ? 'is-set' : ''} ${derived ? 'is-derived' : ''} ${set?.amberAt != null ? 'has-amber' : ''}`}
                        aria-pressed={editing?.kpi.code === kpi.code && editing.period === period}
                        title={
                          derived
                            ? t('targets.derived')
                            : set?.amberAt != null
                              ? t('targets.amberTitle', { value: percentText(set.amberAt, locale) })
                              : undefined
                        }
                        onClick={() => setEditing({ kpi, period })}
                      >
                        {/* The name says which cell; the visible value stays part of it. */}
                        <span className="visually-hidden">{label}: </span>
                        <span data-testid="target-value">
                          {set
                            ? shown(kpi, set.value, set.bandLow, set.bandHigh)
                            : derived
                              ? `Σ ${formatKpiValue(derived.target, kpi.unit, settings, { compact: true })}`
                              : '—'}
                        </span>
                        {set?.amberAt != null ? (
                          <span className="visually-hidden">
                            {' '}
                            ({t('targets.amberTitle', { value: percentText(set.amberAt, locale) })})
                          </span>
                        ) : null}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing ? (
        <TargetEditor
          key={`${editing.kpi.code}/${editing.period}`}
          cell={editing}
          scope={scope}
          current={targetOf(editing.kpi.code, editing.period)}
          monthsWithTarget={() => months.filter((m) => targetOf(editing.kpi.code, m)).length}
          settings={settings}
          defaultAmber={workspace.settings.amberAt}
          name={editing.kpi.name[language]}
          onClose={() => {
            setEditing(null);
            document.querySelector<HTMLButtonElement>(`[data-cell="${focusAt[0]}-${focusAt[1]}"]`)?.focus();
          }}
          onSaved={() => setReload((n) => n + 1)}
        />
      ) : (
        <p className="muted">{t('targets.pickCell')}</p>
      )}
    </div>
  );
}

type Listing = ResponseOf<'targets/list'>[number];

function TargetEditor({
  cell,
  scope,
  current,
  monthsWithTarget,
  settings,
  defaultAmber,
  name,
  onClose,
  onSaved,
}: {
  cell: Cell;
  scope: ScopeChoice;
  current: Listing | undefined;
  /** How many months of the year already have a target (a spread replaces them). */
  monthsWithTarget: () => number;
  settings: FormatSettings;
  /** The workspace's amber threshold, which a target without its own follows. */
  defaultAmber: number;
  name: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const client = useClient();
  const { t } = useTranslation();
  const periodName = usePeriodName();
  const valueId = useId();
  const lowId = useId();
  const highId = useId();
  const amberId = useId();
  const reasonId = useId();
  const { kpi, period } = cell;
  const percent = kpi.unit === 'percent';
  const band = kpi.direction === 'band' || current?.bandLow != null || current?.bandHigh != null;
  // The text a user would type back: rates in percent, in the workspace's number format.
  const asText = (v: number | null | undefined) =>
    v == null
      ? ''
      : new Intl.NumberFormat(settings.locale, { useGrouping: false, maximumFractionDigits: 4 }).format(
          percent ? v * 100 : v,
        );
  const [value, setValue] = useState(asText(current?.value));
  const [low, setLow] = useState(asText(current?.bandLow));
  const [high, setHigh] = useState(asText(current?.bandHigh));
  const [amber, setAmber] = useState(
    current?.amberAt != null ? percentText(current.amberAt, settings.locale) : '',
  );
  const [amberProblem, setAmberProblem] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const isYear = period.length === 4;

  const parse = (text: string) => {
    if (!text.trim()) return { ok: true as const, value: null };
    const p = parseLocaleNumber(text, settings.locale, { percent });
    if (!p.ok) {
      const { group, decimal } = numberSymbols(settings.locale);
      const example = percent ? '45' : new Intl.NumberFormat(settings.locale).format(1234567.5);
      return { ok: false as const, message: t(`parse.${p.error}`, { example, group, decimal }) };
    }
    if (percent && (p.value < 0 || p.value > 10))
      return { ok: false as const, message: t('targets.badPercent') };
    return { ok: true as const, value: p.value };
  };

  async function save(
    values: {
      period: string;
      value: number | null;
      low: number | null;
      high: number | null;
      amberAt: number | null;
      defaultReason?: string;
    }[],
  ) {
    setSaving(true);
    setProblem(null);
    setSaved(null);
    try {
      for (const v of values) {
        await client.targets.set({
          kpi: kpi.code,
          period: v.period,
          scope,
          value: v.value,
          bandLow: v.low,
          bandHigh: v.high,
          amberAt: v.amberAt,
          reason: reason.trim() || v.defaultReason || null,
        });
      }
      setSaved(
        values.length === 1 ? t('targets.savedOne') : t('targets.savedMany', { count: values.length }),
      );
      onSaved();
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  /** Empty follows the workspace; otherwise a share of the target below 100%, as in Settings. */
  const readAmber = (): { ok: boolean; value: number | null } => {
    if (!amber.trim()) return { ok: true, value: null };
    const a = parsePercentInput(amber);
    return a.ok && a.value < 1 ? { ok: true, value: a.value } : { ok: false, value: null };
  };

  const read = () => {
    const v = parse(value);
    const l = parse(low);
    const h = parse(high);
    const a = readAmber();
    setAmberProblem(a.ok ? null : t('settingsScoring.amberInvalid'));
    for (const r of [v, l, h]) if (!r.ok) return (setProblem(r.message), null);
    if (!a.ok) return null;
    if (!band && (v as { value: number | null }).value === null)
      return (setProblem(t('targets.needValue')), null);
    return {
      value: (v as { value: number | null }).value,
      low: (l as { value: number | null }).value,
      high: (h as { value: number | null }).value,
      amberAt: a.value,
    };
  };

  function submit(e: FormEvent) {
    e.preventDefault();
    const r = read();
    if (r) void save([{ period, ...r }]);
  }

  // Helpers for a year's months: the plan is shown before anything is saved.
  const [method, setMethod] = useState<PlanMethod>('even');
  const [growthText, setGrowthText] = useState('10');
  const [plan, setPlan] = useState<ResponseOf<'targets/plan'> | null>(null);
  const [planProblem, setPlanProblem] = useState<string | null>(null);
  const summed = kpi.rollup === 'sum';

  async function preview() {
    setProblem(null);
    setPlanProblem(null);
    setSaved(null);
    setPlan(null);
    let request: RequestOf<'targets/plan'>;
    const year = Number(period);
    if (method === 'lastYear') {
      const g = parseLocaleNumber(growthText.replace(/^\+/, ''), settings.locale, { percent: true });
      if (!g.ok) return setPlanProblem(t('targets.plan.badGrowth'));
      request = { kpi: kpi.code, year, scope, method, growth: g.value };
    } else {
      const r = read();
      if (!r || r.value === null) return;
      request = { kpi: kpi.code, year, scope, method, value: r.value };
    }
    try {
      setPlan(await client.targets.plan(request));
    } catch (e) {
      // Nothing was being saved: the plan could not be made.
      setPlanProblem(errorMessage(e));
    }
  }

  async function applyPlan() {
    if (!plan) return;
    const replaced = monthsWithTarget();
    if (replaced > 0 && !window.confirm(t('targets.spreadConfirm', { count: replaced }))) return;
    setSaving(true);
    setProblem(null);
    try {
      const { saved: count } = await client.targets.setMany({
        kpi: kpi.code,
        scope,
        values: plan.map(({ period: p, value: v }) => ({ period: p, value: v })),
        reason: reason.trim() || t(`targets.plan.reasons.${method}`, { year: period, growth: growthText }),
      });
      setSaved(t('targets.savedMany', { count }));
      setPlan(null);
      onSaved();
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  const dateTime = new Intl.DateTimeFormat(settings.locale, { dateStyle: 'medium', timeStyle: 'short' });
  const fmt = (v: number | null) => formatKpiValue(v, kpi.unit, settings);
  return (
    <section
      className="card target-editor"
      aria-labelledby="target-editor-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <h2 id="target-editor-title" className="card-title">
        {t('targets.editTitle', { kpi: name, period: periodName(period) })}
      </h2>
      <form onSubmit={submit} className="target-form">
        {!band ? (
          <label htmlFor={valueId}>
            {percent ? t('targets.valuePercent') : t('targets.value')}
            <input
              type="text"
              id={valueId}
              inputMode="decimal"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              autoFocus
            />
          </label>
        ) : (
          <>
            <label htmlFor={lowId}>
              {t('targets.bandLow')}
              <input
                type="text"
                id={lowId}
                inputMode="decimal"
                value={low}
                onChange={(e) => setLow(e.target.value)}
                autoFocus
              />
            </label>
            <label htmlFor={highId}>
              {t('targets.bandHigh')}
              <input
                type="text"
                id={highId}
                inputMode="decimal"
                value={high}
                onChange={(e) => setHigh(e.target.value)}
              />
            </label>
          </>
        )}
        <label htmlFor={amberId}>
          {t('targets.amber')}
          <input
            type="text"
            id={amberId}
            inputMode="decimal"
            value={amber}
            placeholder={t('targets.amberDefault', { value: percentText(defaultAmber, settings.locale) })}
            aria-invalid={amberProblem ? true : undefined}
            aria-describedby={amberProblem ? `${amberId}-error` : undefined}
            onChange={(e) => setAmber(e.target.value)}
          />
        </label>
        <label htmlFor={reasonId}>
          {t('targets.reason')}
          <input
            type="text"
            id={reasonId}
            value={reason}
            maxLength={2000}
            placeholder={t('targets.reasonPlaceholder')}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <div className="form-actions">
          <button type="submit" className="button" disabled={saving}>
            {current ? t('targets.revise') : t('targets.set')}
          </button>
          <button type="button" className="button button-secondary" onClick={onClose}>
            {t('targets.close')}
          </button>
        </div>
        {/* Below the row, so the inputs stay level with each other. */}
        {amberProblem ? (
          <span id={`${amberId}-error`} className="field-error target-form-error" role="alert">
            {amberProblem}
          </span>
        ) : null}
      </form>
      {isYear && !band ? (
        <section className="target-plan" aria-labelledby={`${valueId}-plan`}>
          <h3 id={`${valueId}-plan`} className="history-title">
            {t('targets.plan.title')}
          </h3>
          <fieldset className="target-plan-methods">
            <legend className="visually-hidden">{t('targets.plan.title')}</legend>
            {(['even', ...(summed ? (['seasonal'] as const) : []), 'lastYear'] as const).map((m) => (
              <label key={m}>
                <input
                  type="radio"
                  name={`${valueId}-method`}
                  checked={method === m}
                  onChange={() => {
                    setMethod(m);
                    setPlan(null);
                  }}
                />{' '}
                {m === 'even'
                  ? summed
                    ? t('targets.spreadSum')
                    : t('targets.spreadSame')
                  : t(`targets.plan.${m}`)}
              </label>
            ))}
          </fieldset>
          {method === 'lastYear' ? (
            <label htmlFor={`${valueId}-growth`}>
              {t('targets.plan.growth')}
              <input
                type="text"
                id={`${valueId}-growth`}
                inputMode="decimal"
                value={growthText}
                onChange={(e) => setGrowthText(e.target.value)}
              />
            </label>
          ) : (
            <p className="muted">{t('targets.plan.fromValue')}</p>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="button button-secondary"
              disabled={saving}
              onClick={() => void preview()}
            >
              {t('targets.plan.preview')}
            </button>
            {plan ? (
              <button type="button" className="button" disabled={saving} onClick={() => void applyPlan()}>
                {t('targets.plan.apply')}
              </button>
            ) : null}
          </div>
          {planProblem ? <ErrorNotice title={t('targets.plan.failed')} message={planProblem} /> : null}
          {plan ? (
            <table className="target-plan-table">
              <caption className="visually-hidden">{t('targets.plan.caption', { year: period })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('targets.plan.month')}</th>
                  <th scope="col">{t('targets.plan.lastYearColumn')}</th>
                  <th scope="col">{t('targets.plan.target')}</th>
                </tr>
              </thead>
              <tbody>
                {plan.map((m) => (
                  <tr key={m.period}>
                    <th scope="row">{periodName(m.period)}</th>
                    <td>
                      {fmt(m.lastYear)}
                      {m.basePeriod && m.basePeriod.slice(0, 4) !== String(Number(period) - 1) ? (
                        <span className="muted"> ({periodName(m.basePeriod)})</span>
                      ) : null}
                    </td>
                    <td>{fmt(m.value)}</td>
                  </tr>
                ))}
              </tbody>
              {summed ? (
                <tfoot>
                  <tr>
                    <th scope="row">{t('targets.plan.total')}</th>
                    <td>
                      {fmt(
                        plan.every((m) => m.lastYear !== null)
                          ? plan.reduce((a, m) => a + m.lastYear!, 0)
                          : null,
                      )}
                    </td>
                    <td>{fmt(plan.reduce((a, m) => a + m.value, 0))}</td>
                  </tr>
                </tfoot>
              ) : null}
            </table>
          ) : null}
        </section>
      ) : null}
      {problem ? <ErrorNotice title={t('targets.notSaved')} message={problem} /> : null}
      {saved ? (
        <p className="notice notice-success" role="status">
          {saved}
        </p>
      ) : null}
      <h3 className="history-title">{t('targets.history')}</h3>
      {current?.revisions.length ? (
        <ol className="revisions">
          {[...current.revisions].reverse().map((r, i) => (
            <li key={i}>
              <span className="muted">{dateTime.format(new Date(r.changedAt))}</span>{' '}
              {r.oldValue === null
                ? t('targets.firstSet', { value: fmt(r.newValue) })
                : t('targets.changed', { from: fmt(r.oldValue), to: fmt(r.newValue) })}
              {r.reason ? (
                <>
                  {' '}
                  — <q>{r.reason}</q>
                </>
              ) : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('targets.noHistory')}</p>
      )}
    </section>
  );
}
