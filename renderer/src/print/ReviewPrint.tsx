import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiDefinition, KpiRow, Review, WorkspaceSettings } from '../../../shared/contract/schemas';
import { formatDate, formatKpiValue, formatPercent, NO_VALUE } from '../../../shared/format';
import type { PrintRequest } from '../../../shared/report/print-routes';
import { useClient } from '../api/client-context';
import { KpiChart } from '../components/KpiChart';
import { scopeFromParam, usePeriodName } from '../components/ViewPickers';
import { isLanguage } from '../i18n';
import { grainOf, periodBounds, setFiscalYearStart, shiftPeriod } from '../lib/periods';
import { useLoad } from '../lib/use-load';
import { PrintError, PrintFrame, PrintLoading } from './PrintPage';

type ReviewRequest = Extract<PrintRequest, { kind: 'review' }>;

/** How many periods of the same grain a KPI's trend chart shows, ending at the reviewed one. */
const TREND_PERIODS = 6;

type Values = Pick<KpiRow, 'value' | 'target' | 'achievement' | 'status'>;

export interface ReviewPackKpi {
  kpi: string;
  values: Values;
  trend: { period: string; value: number | null; target: number | null }[];
  /** Today's values, where they differ from those frozen when the review was closed. */
  changed: Values | null;
}

export interface ReviewPack {
  settings: WorkspaceSettings;
  catalog: KpiDefinition[];
  period: string;
  scopeLabel: string | null;
  kpis: ReviewPackKpi[];
  /** The review whose notes and actions the pack carries (the minutes, once closed). */
  review: Review | null;
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
    setFiscalYearStart(info.settings.fiscalYearStartMonth);
    const review = await reviewToPrint(request, scope);
    const scopeLabel = scope ? scope.name : null;
    if (review) {
      return {
        settings: info.settings,
        catalog,
        period: review.period,
        scopeLabel: review.scope ? review.scope.name : null,
        review,
        kpis: review.kpis.map((k) => ({
          kpi: k.kpi,
          values: k,
          trend: k.trend.map((p) => ({ ...p, target: null })),
          changed: k.changedSinceReview && k.current ? k.current : null,
        })),
      };
    }
    // No review of this period and scope yet: the pack to run one with, from today's numbers.
    const tracked = catalog.filter((k) => kpiSettings.find((s) => s.kpi === k.code)?.tracked !== false);
    const kpis = tracked.map((k) => k.code);
    const scoped = scope ? { scope } : {};
    const rows = await client.kpi.query({ kpis, period: request.period, ...scoped });
    const grain = grainOf(rows[0]?.period ?? request.period);
    // A trend needs a grain to step by; a custom range shows its own value only.
    let trendRows: KpiRow[] = [];
    // Fiscal years have no grain of their own in a query; they show their own value only.
    if (grain && grain !== 'range' && grain !== 'fiscal') {
      const first = periodBounds(shiftPeriod(request.period, 1 - TREND_PERIODS)).from;
      const last = periodBounds(request.period).to;
      trendRows = await client.kpi.query({ kpis, period: `${first}..${last}`, grain, ...scoped });
    }
    return {
      settings: info.settings,
      catalog,
      period: rows[0]?.period ?? request.period,
      scopeLabel,
      review: null,
      kpis: rows.map((row) => ({
        kpi: row.kpi,
        values: row,
        changed: null,
        trend: trendRows
          .filter((r) => r.kpi === row.kpi)
          .map((r) => ({ period: r.period, value: r.value, target: r.target })),
      })),
    };

    /** The review asked for, else the latest closed one of this period and scope. */
    async function reviewToPrint(
      req: ReviewRequest,
      scopeChoice: ReturnType<typeof scopeFromParam>,
    ): Promise<Review | null> {
      if (req.reviewId !== null) return client.reviews.get({ id: req.reviewId });
      const list = await client.reviews.list({ scope: scopeChoice });
      const wanted = req.period.trim().toUpperCase();
      const closed = list.find((r) => r.status === 'closed' && r.period.toUpperCase() === wanted);
      return closed ? client.reviews.get({ id: closed.id }) : null;
    }
  }, [client, request]);
  const state = useLoad(load);
  if (state.status === 'loading') return <PrintLoading />;
  if (state.status === 'error') return <PrintError error={state.error} />;
  return <ReviewSheet pack={state.value} />;
}

/**
 * The review pack: each tracked KPI with its status and trend for the meeting; once the review
 * is closed, the minutes: the frozen values, the notes, the actions and the target changes.
 */
export function ReviewSheet({ pack }: { pack: ReviewPack }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  const periodName = usePeriodName();
  const { settings, review } = pack;
  const definition = new Map(pack.catalog.map((k) => [k.code, k]));
  const nameOf = (kpi: string) => definition.get(kpi)?.name[language] ?? kpi;
  const fmt = (kpi: string, v: number | null) =>
    formatKpiValue(v, definition.get(kpi)?.unit ?? 'ratio', settings);
  const date = (iso: string) => formatDate(iso, settings.locale);
  const closed = review?.status === 'closed';
  const title = closed ? t('print.minutesTitle') : t('print.reviewTitle');
  const subtitle = `${periodName(pack.period)} · ${pack.scopeLabel ?? t('print.company')}`;
  const notes = review ? pack.kpis.filter((k) => review.notes[k.kpi]) : [];
  // A team's pack need not list web or social KPIs row by row when nothing measures them for
  // it: they are named once below the table instead, so nothing is dropped silently.
  const shown = pack.kpis.filter(
    (k) => k.values.value !== null || k.values.target !== null || k.changed || review?.notes[k.kpi],
  );
  const empty = pack.kpis.filter((k) => !shown.includes(k));
  return (
    <PrintFrame settings={settings} title={title} subtitle={subtitle}>
      {review ? (
        <p className="print-review-state">
          {closed
            ? t('print.closedOn', { title: review.title, date: date(review.closedAt!) })
            : t('print.openReview', { title: review.title })}
        </p>
      ) : null}
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
          {shown.map(({ kpi, values, changed }) => (
            <tr key={kpi} data-kpi={kpi}>
              <th scope="row">{nameOf(kpi)}</th>
              <td>
                {fmt(kpi, values.value)}
                {changed ? (
                  <span className="print-changed">
                    {' '}
                    {changed.value === values.value
                      ? t('print.changedStatusSince', { status: t(`status.${changed.status}`) })
                      : t('print.changedSince', { value: fmt(kpi, changed.value) })}
                  </span>
                ) : null}
              </td>
              <td>{values.target === null ? t('print.noTarget') : fmt(kpi, values.target)}</td>
              <td>
                {values.achievement === null ? NO_VALUE : formatPercent(values.achievement, settings.locale)}
              </td>
              <td>
                <span className={`print-status print-status-${values.status}`}>
                  {t(`status.${values.status}`)}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {empty.length ? (
        <p className="print-muted" data-testid="print-without-data">
          {t('print.withoutData', { kpis: empty.map((k) => nameOf(k.kpi)).join(', ') })}
        </p>
      ) : null}

      {notes.length ? (
        <section className="print-notes">
          <h2>{t('print.notes')}</h2>
          {notes.map(({ kpi }) => {
            const note = review!.notes[kpi]!;
            return (
              <div key={kpi} className="print-note">
                <h3>{nameOf(kpi)}</h3>
                <dl>
                  {(['happened', 'why', 'next'] as const)
                    .filter((part) => note[part])
                    .map((part) => (
                      <div key={part}>
                        <dt>{t(`print.note.${part}`)}</dt>
                        <dd>{note[part]}</dd>
                      </div>
                    ))}
                </dl>
              </div>
            );
          })}
        </section>
      ) : null}

      {review && review.actions.length ? (
        <section className="print-actions">
          <h2>{t('print.actions')}</h2>
          <table className="print-table print-table-text">
            <thead>
              <tr>
                <th scope="col">{t('print.action')}</th>
                <th scope="col">{t('print.owner')}</th>
                <th scope="col">{t('print.due')}</th>
                <th scope="col">{t('print.actionStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {review.actions.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    {a.text}
                    {a.kpi ? <span className="print-muted"> · {nameOf(a.kpi)}</span> : null}
                    {a.carried ? (
                      <span className="print-muted">
                        {' '}
                        · {t('print.carriedFrom', { title: a.raisedIn.title })}
                      </span>
                    ) : null}
                  </th>
                  <td>{a.owner ?? NO_VALUE}</td>
                  <td>{a.due ? date(a.due) : NO_VALUE}</td>
                  <td>{t(`print.actionStatuses.${a.statusAtClose ?? a.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      {review && review.targetAdjustments.length ? (
        <section className="print-adjustments">
          <h2>{t('print.adjustments')}</h2>
          <ul>
            {review.targetAdjustments.map((a, i) => (
              <li key={i}>
                {t('print.adjustment', {
                  kpi: nameOf(a.kpi),
                  period: periodName(a.period),
                  from: a.oldValue === null ? NO_VALUE : fmt(a.kpi, a.oldValue),
                  to: a.newValue === null ? NO_VALUE : fmt(a.kpi, a.newValue),
                  reason: a.reason ?? NO_VALUE,
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="print-charts">
        {pack.kpis
          .filter((k) => k.trend.some((p) => p.value !== null))
          .map(({ kpi, trend }) => {
            const def = definition.get(kpi);
            const name = nameOf(kpi);
            return (
              <figure key={kpi} className="print-chart">
                <figcaption>{name}</figcaption>
                <KpiChart
                  unit={def?.unit ?? 'ratio'}
                  settings={settings}
                  labels={trend.map((p) => periodName(p.period))}
                  values={trend.map((p) => p.value)}
                  targets={trend.some((p) => p.target !== null) ? trend.map((p) => p.target) : undefined}
                  targetLabel={t('print.target')}
                  highlight={trend.map((p) => p.period === pack.period)}
                  description={t('print.trendOf', { kpi: name })}
                />
              </figure>
            );
          })}
      </section>

      {closed ? (
        <section className="print-signatures">
          {(['preparedBy', 'approvedBy'] as const).map((role) => (
            <div key={role} className="print-signature">
              <p className="print-signature-line" />
              <p>{t(`print.${role}`)}</p>
              <p>{t('print.dateLine')}</p>
            </div>
          ))}
        </section>
      ) : null}
    </PrintFrame>
  );
}
