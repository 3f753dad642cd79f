import { useCallback, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  Dashboard as DashboardData,
  DashboardTile,
  KpiDefinition,
  WorkspaceInfo,
} from '../../../shared/contract/schemas';
import {
  formatKpiValue,
  formatMonth,
  formatNumber,
  formatPercent,
  monthNames,
  type FormatSettings,
} from '../../../shared/format';
import { useClient } from '../api/client-context';
import { ErrorNotice, Loading, PageHeader } from '../components/common';
import { KpiChart } from '../components/KpiChart';
import { isLanguage, uiLocale } from '../i18n';
import { hrefOf } from '../lib/route';
import { useLoad } from '../lib/use-load';

const yearOf = (period: string) => Number(period.slice(0, 4));

export function Dashboard({ workspace }: { workspace: WorkspaceInfo }) {
  const client = useClient();
  const { t } = useTranslation();
  const [thisYear] = useState(() => new Date().getFullYear());
  const [chosenYear, setChosenYear] = useState<number | null>(null);
  const yearId = useId();
  const loadOverview = useCallback(
    () => Promise.all([client.kpi.catalog({}), client.values.list({})]),
    [client],
  );
  const overview = useLoad(loadOverview);

  if (overview.status === 'loading') return <Loading />;
  if (overview.status === 'error') return <ErrorNotice message={overview.error} />;
  const [catalog, values] = overview.value;
  const yearsWithData = [...new Set(values.map((v) => yearOf(v.period)))];
  // Open on the year the user is working in; if it has no data yet, on the latest year that has.
  const defaultYear =
    yearsWithData.includes(thisYear) || yearsWithData.length === 0 ? thisYear : Math.max(...yearsWithData);
  const year = chosenYear ?? defaultYear;
  const years = [...new Set([thisYear, year, ...yearsWithData])].sort((a, b) => b - a);

  return (
    <>
      <PageHeader title={t('dashboard.title')} subtitle={t('dashboard.subtitle', { year })}>
        <div className="inline-field">
          <label htmlFor={yearId}>{t('dashboard.year')}</label>
          <select id={yearId} value={year} onChange={(e) => setChosenYear(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </PageHeader>
      <YearDashboard year={year} catalog={catalog} workspace={workspace} />
    </>
  );
}

function YearDashboard({
  year,
  catalog,
  workspace,
}: {
  year: number;
  catalog: KpiDefinition[];
  workspace: WorkspaceInfo;
}) {
  const client = useClient();
  const load = useCallback(() => client.dashboard.get({ year }), [client, year]);
  const state = useLoad(load);
  if (state.status === 'error') return <ErrorNotice message={state.error} />;
  const data = state.status === 'ready' ? state.value : state.previous;
  if (!data) return <Loading />;
  return <Tiles data={data} catalog={catalog} workspace={workspace} stale={state.status !== 'ready'} />;
}

function Tiles({
  data,
  catalog,
  workspace,
  stale,
}: {
  data: DashboardData;
  catalog: KpiDefinition[];
  workspace: WorkspaceInfo;
  stale: boolean;
}) {
  const { t } = useTranslation();
  const { locale, currency } = workspace.settings;
  const settings = useMemo<FormatSettings>(() => ({ locale, currency }), [locale, currency]);

  if (data.tiles.length === 0) {
    return (
      <section className="empty-state" aria-busy={stale}>
        <h2>{t('dashboard.emptyTitle', { year: data.year })}</h2>
        <p>{t('dashboard.emptyText')}</p>
        <a className="button" href={hrefOf('data-entry')}>
          {t('dashboard.emptyAction')}
        </a>
      </section>
    );
  }
  return (
    <ul className={`tiles ${stale ? 'is-stale' : ''}`} aria-busy={stale}>
      {data.tiles.map((tile) => (
        <li key={tile.kpi}>
          <KpiTile
            tile={tile}
            definition={catalog.find((k) => k.code === tile.kpi)}
            points={data.series.find((s) => s.kpi === tile.kpi)?.points ?? []}
            year={data.year}
            settings={settings}
          />
        </li>
      ))}
    </ul>
  );
}

type Tone = 'good' | 'bad' | 'neutral';

// Cohort rates count leads by the month they were created: recent months keep converting.
const COHORT_KPIS = new Set(['lead_conversion_rate', 'mql_rate']);

function currentMonth(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

function previousMonth(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function KpiTile({
  tile,
  definition,
  points,
  year,
  settings,
}: {
  tile: DashboardTile;
  definition: KpiDefinition | undefined;
  points: { period: string; value: number | null }[];
  year: number;
  settings: FormatSettings;
}) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  const words = uiLocale(language);
  const unit = definition?.unit ?? 'count';
  const name = definition?.name[language] ?? tile.kpi;
  const headingId = `tile-${tile.kpi}`;
  const labels = useMemo(() => monthNames(words, 'short'), [words]);
  const values = useMemo(() => points.map((p) => p.value), [points]);

  const described = points
    .filter((p) => p.value !== null)
    .map((p) => `${formatMonth(p.period, words)} ${formatKpiValue(p.value, unit, settings)}`)
    .join(', ');

  let change: { text: string; tone: Tone; arrow: string } | null = null;
  if (tile.value !== null && tile.previous !== null) {
    const diff = tile.value - tile.previous;
    const sign = diff > 0 ? '+' : '';
    let text: string;
    if (diff === 0) text = t('dashboard.noChange');
    else if (unit === 'percent') {
      // Rates compare in percentage points: 20% → 25% is +5 points, not +25%.
      text = t('dashboard.points', {
        value: sign + formatNumber(diff * 100, settings.locale, { maximumFractionDigits: 1 }),
      });
    } else if (tile.previous === 0) text = sign + formatKpiValue(diff, unit, settings);
    else text = sign + formatPercent(diff / Math.abs(tile.previous), settings.locale);
    const better = definition?.direction === 'lower' ? diff < 0 : diff > 0;
    const tone: Tone = diff === 0 || definition?.direction === 'band' ? 'neutral' : better ? 'good' : 'bad';
    change = { text, tone, arrow: diff > 0 ? '▲' : diff < 0 ? '▼' : '■' };
  }

  return (
    <article className="tile" aria-labelledby={headingId}>
      <header className="tile-header">
        <h2 id={headingId}>{name}</h2>
        <span className="tile-period">{formatMonth(tile.period, words)}</span>
      </header>
      <p className={`tile-value ${tile.value === null ? 'is-empty' : ''}`} data-testid="tile-value">
        {formatKpiValue(tile.value, unit, settings)}
      </p>
      {change ? (
        <p className={`tile-change tone-${change.tone}`}>
          <span aria-hidden="true">{change.arrow}</span> {change.text}{' '}
          <span className="muted">
            {t('dashboard.versus', { month: formatMonth(previousMonth(tile.period), words) })}
          </span>
        </p>
      ) : (
        <p className="tile-change tone-neutral muted">{t('dashboard.noPrevious')}</p>
      )}
      {tile.period === currentMonth() && <p className="tile-note muted">{t('dashboard.monthToDate')}</p>}
      {COHORT_KPIS.has(tile.kpi) && <p className="tile-note muted">{t('dashboard.cohortNote')}</p>}
      <KpiChart
        unit={unit}
        settings={settings}
        labels={labels}
        values={values}
        highlight={points.findIndex((p) => p.period === tile.period)}
        description={t('dashboard.chartLabel', {
          kpi: name,
          year,
          values: described || t('dashboard.noData'),
        })}
      />
    </article>
  );
}
