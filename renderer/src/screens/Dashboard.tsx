import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiDefinition, KpiRow, ScopeDim, WorkspaceInfo } from '../../../shared/contract/schemas';
import { formatKpiValue, formatNumber, formatPercent, type FormatSettings } from '../../../shared/format';
import {
  kpiGroupOf,
  kpiGroups,
  perspectiveOf,
  perspectiveOrder,
  type KpiGroup,
  type PerspectiveName,
} from '../../../shared/kpi/groups';
import { useClient } from '../api/client-context';
import { ErrorNotice, Loading, PageHeader } from '../components/common';
import { Drilldown } from '../components/Drilldown';
import { KpiChart } from '../components/KpiChart';
import { SourceQualityChart } from '../components/SourceQualityChart';
import {
  knownScope,
  PeriodPicker,
  ScopePicker,
  scopeFromParam,
  scopeToParam,
  usePeriodName,
  type ScopeChoice,
} from '../components/ViewPickers';
import { isLanguage, uiLocale } from '../i18n';
import {
  daysElapsed,
  firstDaysOf,
  grainOf,
  isRunning,
  localTodayIso,
  periodBounds,
  periodOf,
  sameLastYear,
  monthsTouched,
  shiftPeriod,
} from '../lib/periods';
import { hrefOf, setRouteParams, useRouteParam } from '../lib/route';
import { useLoad } from '../lib/use-load';

export function Dashboard({ workspace }: { workspace: WorkspaceInfo }) {
  const client = useClient();
  const { t } = useTranslation();
  const loadOverview = useCallback(
    () =>
      Promise.all([
        client.kpi.catalog({}),
        client.data.range({}),
        client.scopes.list({}),
        client.kpi.settingsList({}),
        client.scorecards.list({}),
      ]),
    [client],
  );
  const overview = useLoad(loadOverview);
  const periodParam = useRouteParam('period');
  const scopeParam = useRouteParam('scope');
  const setPeriod = useCallback((p: string) => setRouteParams({ period: p }), []);
  const setScope = useCallback((s: ScopeChoice) => setRouteParams({ scope: scopeToParam(s) }), []);
  const grouping: Grouping = useRouteParam('group') === 'perspective' ? 'perspective' : 'area';
  const setGrouping = useCallback(
    (g: Grouping) => setRouteParams({ group: g === 'perspective' ? 'perspective' : null }),
    [],
  );

  if (overview.status === 'loading') return <Loading />;
  if (overview.status === 'error') return <ErrorNotice message={overview.error} />;
  const [fullCatalog, range, names, kpiSettings, scorecards] = overview.value;
  // The dashboard shows the KPIs the workspace tracks (all of them until the user chooses).
  const catalog = fullCatalog.filter((k) => kpiSettings.find((x) => x.kpi === k.code)?.tracked !== false);
  const today = localTodayIso();
  const dataRange = range.first && range.last ? { first: range.first, last: range.last } : null;
  // Opens on the latest month with data (the running month in a workspace with none yet).
  const period =
    periodParam && grainOf(periodParam) ? periodParam : periodOf('month', dataRange?.last ?? today);
  // A name from the address is matched as the workspace spells it; an unknown one is said so.
  const { scope, unknown } = knownScope(scopeFromParam(scopeParam), names as Record<ScopeDim, string[]>);

  return (
    <>
      <PageHeader title={t('dashboard.title')} subtitle={t('dashboard.subtitle')}>
        <PeriodPicker period={period} range={dataRange} until={today} onChange={setPeriod} />
        <ScopePicker scope={scope} names={names as Record<ScopeDim, string[]>} onChange={setScope} />
        <GroupingSwitch grouping={grouping} onChange={setGrouping} />
      </PageHeader>
      {unknown ? (
        <ErrorNotice
          title={t('dashboard.unknownScope', { dim: t(`scope.dims.${unknown.dim}`), name: unknown.name })}
          message={t('dashboard.unknownScopeHint')}
        />
      ) : (
        <PeriodDashboard
          period={period}
          scope={scope}
          catalog={catalog}
          workspace={workspace}
          today={today}
          groupOf={(code) =>
            grouping === 'perspective' ? (perspectiveOf(code, scorecards) ?? 'none') : kpiGroupOf(code)
          }
          groupOrder={grouping === 'perspective' ? [...perspectiveOrder, 'none'] : kpiGroups}
        />
      )}
    </>
  );
}

type Grouping = 'area' | 'perspective';

/** Tiles grouped Sales / Marketing, or by balanced-scorecard perspective. */
function GroupingSwitch({ grouping, onChange }: { grouping: Grouping; onChange: (g: Grouping) => void }) {
  const { t } = useTranslation();
  return (
    <div className="segmented" role="group" aria-label={t('dashboard.groupBy')}>
      {(['area', 'perspective'] as const).map((g) => (
        <button key={g} type="button" aria-pressed={grouping === g} onClick={() => onChange(g)}>
          {t(`dashboard.grouping.${g}`)}
        </button>
      ))}
    </div>
  );
}

/** A group's heading: Sales, Marketing, Your KPIs, or a perspective. */
function GroupTitle({ group }: { group: string }) {
  const { t } = useTranslation();
  return (kpiGroups as readonly string[]).includes(group)
    ? t(`dashboard.groups.${group as KpiGroup}`)
    : t(`appraisals.perspectives.${group as PerspectiveName | 'none'}`);
}

interface Answers {
  /** The period and scope these answers are for: while the next ones load, labels stay true. */
  period: string;
  scope: ScopeChoice;
  now: KpiRow[];
  /** Revenue per person (within the team chosen), for the leaderboard. */

  previous: KpiRow[];
  lastYear: KpiRow[];
  /** What previous and lastYear are for: for a running period, the same days of those periods. */
  comparedTo: { previous: string; lastYear: string };
  trend: KpiRow[];
  pace: Map<string, Pace>;
}

type QueryRequest = Parameters<ReturnType<typeof useClient>['kpi']['query']>[0];

/** kpi/query, each distinct question asked once (a failed one is asked again next time). */
function cachedQueries(client: ReturnType<typeof useClient>): (request: QueryRequest) => Promise<KpiRow[]> {
  const answered = new Map<string, Promise<KpiRow[]>>();
  return (request) => {
    const key = JSON.stringify(request);
    let answer = answered.get(key);
    if (!answer) {
      answer = client.kpi.query(request);
      answered.set(key, answer);
      answer.catch(() => answered.delete(key));
    }
    return answer;
  };
}

interface Breakdowns {
  /** Revenue per person (within the team chosen), for the leaderboard. */
  people: KpiRow[];
  funnel: FunnelRow[];
}

type FunnelRow = Awaited<ReturnType<ReturnType<typeof useClient>['kpi']['funnel']>>[number];

type Pace = {
  expectedToDate: number | null;
  projection: number | null;
  neededPerRemainingDay: number | null;
};

/** Months a custom range may chart; a longer range shows its tiles without the chart. */
const MAX_CHART_MONTHS = 36;

/** The months a period's chart shows: its own year, or the months of a custom range; null for none. */
function trendPeriod(period: string): string | null {
  const grain = grainOf(period);
  // A fiscal year charts its own twelve months, which straddle two calendar years.
  if (grain === 'fiscal') return `${periodBounds(period).from}..${periodBounds(period).to}`;
  if (grain !== 'range') return periodBounds(period).to.slice(0, 4);
  return monthsTouched(period) <= MAX_CHART_MONTHS ? period : null;
}

function PeriodDashboard({
  period,
  scope,
  catalog,
  workspace,
  today,
  groupOf,
  groupOrder,
}: {
  period: string;
  scope: ScopeChoice;
  catalog: KpiDefinition[];
  workspace: WorkspaceInfo;
  today: string;
  groupOf: (code: string) => string;
  groupOrder: readonly string[];
}) {
  const client = useClient();
  // Answers already fetched while this dashboard is open: stepping through the months of one
  // year asks for the same year's trend and the same neighbouring months again. Opening the
  // dashboard again starts afresh, so new data shows.
  const [query] = useState(() => cachedQueries(client));
  const load = useCallback(async (): Promise<Answers> => {
    const s = scope ?? undefined;
    const trendOf = trendPeriod(period);
    // A running period so far is compared with the same number of days of the periods before:
    // eleven months of this year against all of last year would always look like a fall.
    const elapsed = isRunning(period, today) ? daysElapsed(period, today) : null;
    const sameDays = (other: string) => (elapsed === null ? other : firstDaysOf(other, elapsed));
    const comparedTo = {
      previous: sameDays(shiftPeriod(period, -1)),
      lastYear: sameDays(sameLastYear(period)),
    };
    const [now, previous, lastYear, trend] = await Promise.all([
      query({ period, scope: s, explain: true }),
      // Asked the same way as `now`, so stepping back a month finds its answer already here.
      query({ period: comparedTo.previous, scope: s, explain: true }),
      query({ period: comparedTo.lastYear, scope: s, explain: true }),
      trendOf ? query({ period: trendOf, grain: 'month', scope: s }) : Promise.resolve([]),
    ]);
    const pace = new Map<string, Pace>();
    if (isRunning(period, today)) {
      // Pace and projection come from the engine, for the KPIs with a target to pace against.
      const withTarget = now.filter((r) => r.target !== null);
      const details = await Promise.all(
        withTarget.map((r) => client.kpi.detail({ kpi: r.kpi, period, scope: s, today })),
      );
      details.forEach((d, i) => d.pace && pace.set(withTarget[i]!.kpi, d.pace));
    }
    return { period, scope, now, previous, lastYear, comparedTo, trend, pace };
  }, [client, query, period, scope, today]);
  // The breakdowns below the tiles load on their own: the tiles do not wait for them.
  const loadBreakdowns = useCallback(async (): Promise<Breakdowns> => {
    // Per person for the company or one team; the funnel by source for the whole company.
    const [people, funnel] = await Promise.all([
      !scope || scope.dim === 'team'
        ? query({
            kpis: ['revenue', 'deals_won', 'win_rate'],
            period,
            by: 'owner',
            scope: scope ?? undefined,
          })
        : Promise.resolve([]),
      !scope ? client.kpi.funnel({ period, by: 'source' }) : Promise.resolve([]),
    ]);
    return { people, funnel };
  }, [client, query, period, scope]);
  const breakdowns = useLoad(loadBreakdowns);
  const state = useLoad(load);
  // Once this period is shown, ask ahead for what a step to the previous or next period needs
  // (each neighbour's own neighbour and same period last year), so ‹ and › answer at once.
  const ready = state.status === 'ready';
  useEffect(() => {
    if (!ready) return;
    const s = scope ?? undefined;
    const timer = setTimeout(() => {
      for (const step of [-1, 1]) {
        const next = shiftPeriod(period, step);
        if (next === period) continue;
        for (const p of [shiftPeriod(next, step), sameLastYear(next)]) {
          query({ period: p, scope: s, explain: true }).catch(() => undefined);
        }
      }
    }, 0);
    return () => clearTimeout(timer);
  }, [ready, query, period, scope]);
  if (state.status === 'error') return <ErrorNotice message={state.error} />;
  const data = state.status === 'ready' ? state.value : state.previous;
  if (!data) return <Loading />;
  return (
    <Tiles
      data={data}
      period={data.period}
      catalog={catalog}
      workspace={workspace}
      stale={state.status !== 'ready'}
      running={isRunning(data.period, today)}
      breakdowns={breakdowns.status === 'ready' ? breakdowns.value : undefined}
      groupOf={groupOf}
      groupOrder={groupOrder}
    />
  );
}

function Tiles({
  data,
  period,
  catalog,
  workspace,
  stale,
  running,
  breakdowns,
  groupOf,
  groupOrder,
}: {
  data: Answers;
  period: string;
  catalog: KpiDefinition[];
  workspace: WorkspaceInfo;
  stale: boolean;
  running: boolean;
  breakdowns: Breakdowns | undefined;
  groupOf: (code: string) => string;
  groupOrder: readonly string[];
}) {
  const { t, i18n } = useTranslation();
  const periodName = usePeriodName();
  const { locale, currency } = workspace.settings;
  const settings = useMemo<FormatSettings>(() => ({ locale, currency }), [locale, currency]);
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  const [drill, setDrill] = useState<string | null>(null);
  const trendByKpi = useMemo(() => {
    const byKpi = new Map<string, KpiRow[]>();
    for (const r of data.trend) byKpi.set(r.kpi, [...(byKpi.get(r.kpi) ?? []), r]);
    return byKpi;
  }, [data.trend]);
  const closeDrill = useCallback(() => setDrill(null), []);
  const drillRow = drill ? data.now.find((r) => r.kpi === drill) : undefined;
  const drillDef = drill ? catalog.find((k) => k.code === drill) : undefined;

  // A KPI gets a tile when it has a value or a target now, or a value in the months charted.
  const shown = catalog.filter((k) => {
    const row = data.now.find((r) => r.kpi === k.code);
    return (
      row?.value != null ||
      row?.target != null ||
      data.trend.some((r) => r.kpi === k.code && r.value !== null)
    );
  });
  if (shown.length === 0) {
    return (
      <section className="empty-state" aria-busy={stale}>
        <h2>{t('dashboard.emptyTitle', { period: periodName(period) })}</h2>
        <p>{t('dashboard.emptyText')}</p>
        <p className="empty-actions">
          <a className="button" href={hrefOf('import')}>
            {t('dashboard.emptyImport')}
          </a>
          <a className="button button-secondary" href={hrefOf('data-entry')}>
            {t('dashboard.emptyAction')}
          </a>
        </p>
      </section>
    );
  }
  const groups = groupOrder
    .map((g) => ({ group: g, kpis: shown.filter((k) => groupOf(k.code) === g) }))
    .filter((g) => g.kpis.length > 0);
  return (
    <div className={stale ? 'is-stale' : undefined} aria-busy={stale}>
      {groups.map(({ group, kpis }) => (
        <section key={group} className="tile-group" aria-labelledby={`group-${group}`}>
          <h2 id={`group-${group}`} className="group-title">
            <GroupTitle group={group} />
          </h2>
          <ul className="tiles">
            {kpis.map((k) => (
              <li key={k.code}>
                <KpiTile
                  definition={k}
                  name={k.name[language]}
                  period={period}
                  row={data.now.find((r) => r.kpi === k.code)}
                  previous={data.previous.find((r) => r.kpi === k.code)}
                  lastYear={data.lastYear.find((r) => r.kpi === k.code)}
                  comparedTo={data.comparedTo}
                  trend={trendByKpi.get(k.code) ?? NO_ROWS}
                  pace={data.pace.get(k.code) ?? null}
                  running={running}
                  settings={settings}
                  onDrill={setDrill}
                />
              </li>
            ))}
          </ul>
        </section>
      ))}
      <Leaderboard rows={breakdowns?.people ?? NO_ROWS} catalog={catalog} settings={settings} />
      <Funnel rows={breakdowns?.funnel ?? []} settings={settings} />
      {drillRow && drillDef ? (
        <Drilldown
          definition={drillDef}
          row={drillRow}
          period={data.period}
          scope={data.scope}
          settings={settings}
          onClose={closeDrill}
        />
      ) : null}
    </div>
  );
}

type Tone = 'good' | 'bad' | 'neutral';

// Cohort rates count leads by the month they were created: recent months keep converting.
const COHORT_KPIS = new Set(['lead_conversion_rate', 'mql_rate']);

function useChange(definition: KpiDefinition, settings: FormatSettings) {
  const { t } = useTranslation();
  return (value: number | null | undefined, before: number | null | undefined) => {
    if (value == null || before == null) return null;
    const unit = definition.unit;
    const diff = value - before;
    const sign = diff > 0 ? '+' : '';
    let text: string;
    if (diff === 0) text = t('dashboard.noChange');
    else if (unit === 'percent') {
      // Rates compare in percentage points: 20% → 25% is +5 points, not +25%.
      text = t('dashboard.points', {
        value: sign + formatNumber(diff * 100, settings.locale, { maximumFractionDigits: 1 }),
      });
    } else if (before === 0) text = sign + formatKpiValue(diff, unit, settings);
    else text = sign + formatPercent(diff / Math.abs(before), settings.locale);
    const better = definition.direction === 'lower' ? diff < 0 : diff > 0;
    const tone: Tone = diff === 0 || definition.direction === 'band' ? 'neutral' : better ? 'good' : 'bad';
    return { text, tone, arrow: diff > 0 ? '▲' : diff < 0 ? '▼' : '■' };
  };
}

const NO_ROWS: KpiRow[] = [];

/**
 * One KPI's tile. Memoised: opening a drill-down or a new answer for other tiles must not redraw
 * two dozen charts whose numbers did not change.
 */
const KpiTile = memo(function KpiTile({
  definition,
  name,
  period,
  row,
  previous,
  lastYear,
  comparedTo,
  trend,
  pace,
  running,
  settings,
  onDrill,
}: {
  definition: KpiDefinition;
  name: string;
  period: string;
  row: KpiRow | undefined;
  previous: KpiRow | undefined;
  lastYear: KpiRow | undefined;
  comparedTo: { previous: string; lastYear: string };
  trend: KpiRow[];
  pace: Pace | null;
  running: boolean;
  settings: FormatSettings;
  onDrill: (kpi: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const periodName = usePeriodName();
  const words = uiLocale(isLanguage(i18n.language) ? i18n.language : 'id');
  const unit = definition.unit;
  const headingId = `tile-${definition.code}`;
  const change = useChange(definition, settings);
  const fmt = (v: number | null | undefined) => formatKpiValue(v ?? null, unit, settings);
  const status = row?.status ?? 'grey';
  // For a year the previous period is last year: one line, not the same line twice.
  const comparisons = [
    { key: 'previous', row: previous, label: periodName(comparedTo.previous) },
    ...(sameLastYear(period) === shiftPeriod(period, -1)
      ? []
      : [{ key: 'lastYear', row: lastYear, label: periodName(comparedTo.lastYear) }]),
  ];
  const labels = useMemo(() => {
    // One formatter for the tile's months, not one per bar.
    const month = new Intl.DateTimeFormat(words, { month: 'short', timeZone: 'UTC' });
    return trend.map((r) => month.format(new Date(`${r.period}-01T00:00:00Z`)));
  }, [trend, words]);
  const values = trend.map((r) => r.value);
  const highlight = useMemo(() => {
    const { from, to } = periodBounds(period);
    return trend.map((r) => `${r.period}-01` <= to && periodBounds(r.period).to >= from);
  }, [trend, period]);
  const targets = trend.map((r) => r.target);
  // A running month's projected end sits above its bar; a quarter or year projects past its months.
  const projection = useMemo(
    () =>
      running && grainOf(period) === 'month' && pace?.projection != null
        ? trend.map((r) => (r.period === period ? pace.projection : null))
        : undefined,
    [running, period, pace, trend],
  );
  const described = trend
    .filter((r) => r.value !== null)
    .map((r) => `${periodName(r.period)} ${fmt(r.value)}`)
    .join(', ');

  return (
    <article className="tile" aria-labelledby={headingId} data-kpi={definition.code}>
      <header className="tile-header">
        <h3 id={headingId}>{name}</h3>
        <span className="tile-period">{periodName(period)}</span>
      </header>
      <p className={`tile-value ${row?.value == null ? 'is-empty' : ''}`} data-testid="tile-value">
        {row?.value == null ? (
          fmt(row?.value)
        ) : (
          // Every number opens the records behind it.
          <button
            type="button"
            className="tile-value-button"
            aria-label={`${fmt(row.value)} · ${t('drill.open', { kpi: name, period: periodName(period) })}`}
            onClick={() => onDrill(definition.code)}
          >
            {fmt(row.value)}
          </button>
        )}
      </p>
      <p className="tile-target">
        <span className={`status-badge status-${status}`} data-testid="tile-status">
          <span aria-hidden="true" className="status-dot" /> {t(`status.${status}`)}
        </span>
        {/* Without a target the grey badge already says so; a band target has bounds, not a value. */}
        {row?.target != null ? (
          <span data-testid="tile-target">
            {t('dashboard.target', { value: fmt(row.target) })}
            {row.achievement != null
              ? ` · ${t('dashboard.achievement', { value: formatPercent(row.achievement, settings.locale) })}`
              : ''}
            {row.targetOrigin && row.targetOrigin !== 'set' ? ` · ${t('dashboard.derivedTarget')}` : ''}
          </span>
        ) : row?.achievement != null ? (
          <span data-testid="tile-target">{t('dashboard.bandTarget')}</span>
        ) : null}
      </p>
      <ul className="tile-changes">
        {comparisons.map(({ key, row: before, label }) => {
          const c = change(row?.value, before?.value);
          return (
            <li key={key} className={`tile-change tone-${c?.tone ?? 'neutral'} ${c ? '' : 'muted'}`}>
              {c ? (
                <>
                  <span aria-hidden="true">{c.arrow}</span> {c.text}{' '}
                  <span className="muted">{t('dashboard.versus', { period: label })}</span>
                </>
              ) : (
                t('dashboard.noComparison', { period: label })
              )}
            </li>
          );
        })}
      </ul>
      {running && (
        <div className="tile-pace" data-testid="tile-pace">
          <p className="muted">{t('dashboard.toDate')}</p>
          {pace?.projection != null && (
            <p>
              {t('dashboard.projection', { value: fmt(pace.projection) })}
              {pace.expectedToDate != null
                ? ` · ${t('dashboard.expected', { value: fmt(pace.expectedToDate) })}`
                : ''}
            </p>
          )}
          {pace?.neededPerRemainingDay != null && pace.neededPerRemainingDay > 0 && (
            <p>{t('dashboard.neededPerDay', { value: fmt(pace.neededPerRemainingDay) })}</p>
          )}
        </div>
      )}
      {COHORT_KPIS.has(definition.code) && <p className="tile-note muted">{t('dashboard.cohortNote')}</p>}
      {trend.length > 0 && (
        <KpiChart
          unit={unit}
          settings={settings}
          labels={labels}
          values={values}
          targets={targets.some((v) => v !== null) ? targets : undefined}
          targetLabel={t('dashboard.targetLine')}
          projection={projection}
          projectionLabel={t('dashboard.projectionLine')}
          highlight={highlight}
          description={t('dashboard.chartLabel', { kpi: name, values: described || t('dashboard.noData') })}
        />
      )}
    </article>
  );
});

/** Revenue per person against each person's target, best achievement first; deals and win rate beside. */
function Leaderboard({
  rows,
  catalog,
  settings,
}: {
  rows: KpiRow[];
  catalog: KpiDefinition[];
  settings: FormatSettings;
}) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  const byPerson = new Map<string, Record<string, KpiRow>>();
  for (const r of rows) {
    const name = r.scope.owner;
    if (name === undefined) continue;
    const key = name ?? '';
    byPerson.set(key, { ...byPerson.get(key), [r.kpi]: r });
  }
  const people = [...byPerson.entries()].filter(
    ([, k]) => k.revenue?.value != null || k.revenue?.target != null,
  );
  if (people.length < 2) return null;
  people.sort(
    ([, a], [, b]) =>
      (b.revenue?.achievement ?? -1) - (a.revenue?.achievement ?? -1) ||
      (b.revenue?.value ?? 0) - (a.revenue?.value ?? 0),
  );
  const top = Math.max(...people.map(([, k]) => Math.max(k.revenue?.value ?? 0, k.revenue?.target ?? 0)), 1);
  const nameOf = (code: string) => catalog.find((k) => k.code === code)?.name[language] ?? code;
  return (
    <section className="tile-group" aria-labelledby="group-people">
      <h2 id="group-people" className="group-title">
        {t('dashboard.leaderboard')}
      </h2>
      <div className="table-scroll">
        <table className="board">
          <thead>
            <tr>
              <th scope="col">{t('scope.dims.owner')}</th>
              <th scope="col" colSpan={2}>
                {nameOf('revenue')}
              </th>
              <th scope="col">{t('dashboard.targetColumn')}</th>
              <th scope="col">{t('dashboard.achievementColumn')}</th>
              <th scope="col">{nameOf('deals_won')}</th>
              <th scope="col">{nameOf('win_rate')}</th>
            </tr>
          </thead>
          <tbody>
            {people.map(([person, k]) => {
              const r = k.revenue!;
              return (
                <tr key={person}>
                  <th scope="row">{person || t('dashboard.noOwner')}</th>
                  <td className="bar-cell" aria-hidden="true">
                    <span className="board-bar">
                      <span className="board-fill" style={{ width: `${((r.value ?? 0) / top) * 100}%` }} />
                      {r.target != null ? (
                        <span className="board-target" style={{ left: `${(r.target / top) * 100}%` }} />
                      ) : null}
                    </span>
                  </td>
                  <td>{formatKpiValue(r.value, 'money', settings)}</td>
                  <td>{formatKpiValue(r.target, 'money', settings)}</td>
                  <td>
                    <span className={`status-badge status-${r.status}`}>
                      {r.achievement != null
                        ? formatPercent(r.achievement, settings.locale)
                        : t(`status.${r.status}`)}
                    </span>
                  </td>
                  <td>{formatKpiValue(k.deals_won?.value ?? null, 'count', settings)}</td>
                  <td>{formatKpiValue(k.win_rate?.value ?? null, 'percent', settings)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Leads through MQL and SQL to won deals, per source, with the rate at each step. */
function Funnel({ rows, settings }: { rows: FunnelRow[]; settings: FormatSettings }) {
  const { t } = useTranslation();
  const shown = rows.filter((r) => r.leads > 0);
  if (shown.length === 0) return null;
  const pct = (v: number | null) => formatKpiValue(v, 'percent', settings);
  const n = (v: number) => formatKpiValue(v, 'count', settings);
  return (
    <section className="tile-group" aria-labelledby="group-funnel">
      <h2 id="group-funnel" className="group-title">
        {t('dashboard.funnel')}
      </h2>
      <h3 className="subgroup-title">{t('dashboard.leadQuality')}</h3>
      <SourceQualityChart
        rows={shown.map((r) => ({
          name: r.name ?? t('dashboard.noSource'),
          leadToMql: r.leadToMql,
          leadToWon: r.leadToWon,
        }))}
        settings={settings}
        labels={{ mql: t('dashboard.leadQualityMql'), won: t('dashboard.leadQualityWon') }}
        description={t('dashboard.leadQualityLabel', {
          values: shown
            .map(
              (r) =>
                `${r.name ?? t('dashboard.noSource')}: MQL ${pct(r.leadToMql)}, ${t('dashboard.funnelWon')} ${pct(r.leadToWon)}`,
            )
            .join('; '),
        })}
      />
      <div className="table-scroll">
        <table className="board">
          <thead>
            <tr>
              <th scope="col">{t('scope.dims.source')}</th>
              <th scope="col">{t('dashboard.funnelLeads')}</th>
              <th scope="col">MQL</th>
              <th scope="col">SQL</th>
              <th scope="col">{t('dashboard.funnelWon')}</th>
              <th scope="col">{t('dashboard.funnelLeadToWon')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.name ?? ''}>
                <th scope="row">{r.name ?? t('dashboard.noSource')}</th>
                <td>{n(r.leads)}</td>
                <td>
                  {n(r.mql)} <span className="muted">({pct(r.leadToMql)})</span>
                </td>
                <td>
                  {n(r.sql)} <span className="muted">({pct(r.mqlToSql)})</span>
                </td>
                <td>
                  {n(r.won)} <span className="muted">({pct(r.sqlToWon)})</span>
                </td>
                <td>{pct(r.leadToWon)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
