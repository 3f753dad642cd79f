import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiDefinition, KpiRow, WorkspaceSettings } from '../../../shared/contract/schemas';
import { formatKpiValue, formatPercent, NO_VALUE } from '../../../shared/format';
import type { PrintRequest } from '../../../shared/report/print-routes';
import { useClient } from '../api/client-context';
import { KpiChart } from '../components/KpiChart';
import { scopeFromParam, usePeriodName } from '../components/ViewPickers';
import { isLanguage } from '../i18n';
import { grainOf, periodBounds, shiftPeriod } from '../lib/periods';
import { useLoad } from '../lib/use-load';
import { PrintError, PrintFrame, PrintLoading } from './PrintPage';

type ReviewRequest = Extract<PrintRequest, { kind: 'review' }>;

/** How many periods of the same grain a KPI's trend chart shows, ending at the reviewed one. */
const TREND_PERIODS = 6;

export interface ReviewPackKpi {
  row: KpiRow;
  trend: { period: string; value: number | null; target: number | null }[];
}

export interface ReviewPack {
  settings: WorkspaceSettings;
  catalog: KpiDefinition[];
  period: string;
  scopeLabel: string | null;
  kpis: ReviewPackKpi[];
}

export function ReviewPrint({ request }: { request: ReviewRequest }) {
  const client = useClient();
  const load = useCallback(async (): Promise<ReviewPack> => {
    const scope = scopeFromParam(request.scope);
    const [info, catalog, kpiSettings] = await Promise.all([
      client.workspace.current({}),
      client.kpi.catalog({}),
      client.kpi.settingsList({}),
    ]);
    if (!info) throw new Error('No workspace is open');
    const tracked = catalog.filter((k) => kpiSettings.find((s) => s.kpi === k.code)?.tracked !== false);
    const kpis = tracked.map((k) => k.code);
    const scoped = scope ? { scope } : {};
    const rows = await client.kpi.query({ kpis, period: request.period, ...scoped });
    const grain = grainOf(rows[0]?.period ?? request.period);
    // A trend needs a grain to step by; a custom range shows its own value only.
    let trendRows: KpiRow[] = [];
    if (grain && grain !== 'range') {
      const first = periodBounds(shiftPeriod(request.period, 1 - TREND_PERIODS)).from;
      const last = periodBounds(request.period).to;
      trendRows = await client.kpi.query({ kpis, period: `${first}..${last}`, grain, ...scoped });
    }
    return {
      settings: info.settings,
      catalog,
      period: rows[0]?.period ?? request.period,
      scopeLabel: scope ? scope.name : null,
      kpis: rows.map((row) => ({
        row,
        trend: trendRows
          .filter((r) => r.kpi === row.kpi)
          .map((r) => ({ period: r.period, value: r.value, target: r.target })),
      })),
    };
  }, [client, request.period, request.scope]);
  const state = useLoad(load);
  if (state.status === 'loading') return <PrintLoading />;
  if (state.status === 'error') return <PrintError error={state.error} />;
  return <ReviewSheet pack={state.value} />;
}

/** The review pack: each tracked KPI with its status and trend, for a meeting or its minutes. */
export function ReviewSheet({ pack }: { pack: ReviewPack }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  const periodName = usePeriodName();
  const { settings } = pack;
  const definition = new Map(pack.catalog.map((k) => [k.code, k]));
  const subtitle = `${periodName(pack.period)} · ${pack.scopeLabel ?? t('print.company')}`;
  return (
    <PrintFrame settings={settings} title={t('print.reviewTitle')} subtitle={subtitle}>
      <table className="print-table">
        <thead>
          <tr>
            <th scope="col">{t('print.kpi')}</th>
            <th scope="col">{t('print.actual')}</th>
            <th scope="col">{t('print.target')}</th>
            <th scope="col">{t('print.achievement')}</th>
            <th scope="col">{t('print.status')}</th>
          </tr>
        </thead>
        <tbody>
          {pack.kpis.map(({ row }) => {
            const unit = definition.get(row.kpi)?.unit ?? 'ratio';
            return (
              <tr key={row.kpi} data-kpi={row.kpi}>
                <th scope="row">{definition.get(row.kpi)?.name[language] ?? row.kpi}</th>
                <td>{formatKpiValue(row.value, unit, settings)}</td>
                <td>
                  {row.target === null ? t('print.noTarget') : formatKpiValue(row.target, unit, settings)}
                </td>
                <td>
                  {row.achievement === null ? NO_VALUE : formatPercent(row.achievement, settings.locale)}
                </td>
                <td>
                  <span className={`print-status print-status-${row.status}`}>
                    {t(`status.${row.status}`)}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <section className="print-charts">
        {pack.kpis
          .filter((k) => k.trend.some((p) => p.value !== null))
          .map(({ row, trend }) => {
            const def = definition.get(row.kpi);
            const name = def?.name[language] ?? row.kpi;
            return (
              <figure key={row.kpi} className="print-chart">
                <figcaption>{name}</figcaption>
                <KpiChart
                  unit={def?.unit ?? 'ratio'}
                  settings={settings}
                  labels={trend.map((p) => periodName(p.period))}
                  values={trend.map((p) => p.value)}
                  targets={trend.some((p) => p.target !== null) ? trend.map((p) => p.target) : undefined}
                  targetLabel={t('print.target')}
                  highlight={trend.map((p) => p.period === row.period)}
                  description={t('print.trendOf', { kpi: name })}
                />
              </figure>
            );
          })}
      </section>
    </PrintFrame>
  );
}
