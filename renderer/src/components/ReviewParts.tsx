import { useMemo, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ActionItem, KpiDefinition, ReviewKpi, WorkspaceInfo } from '../../../shared/contract/schemas';
import { formatKpiValue, formatPercent, type FormatSettings } from '../../../shared/format';
import { isLanguage, uiLocale } from '../i18n';
import { grainOf, periodBounds } from '../lib/periods';
import { KpiChart } from './KpiChart';
import { usePeriodName, type ScopeChoice } from './ViewPickers';

/** What every part of a review needs to name and format a KPI in the workspace's formats. */
export interface ReviewContext {
  settings: FormatSettings;
  catalog: Map<string, KpiDefinition>;
  language: 'id' | 'en';
}

export function useReviewContext(workspace: WorkspaceInfo, catalog: KpiDefinition[]): ReviewContext {
  const { i18n } = useTranslation();
  const { locale, currency } = workspace.settings;
  const settings = useMemo<FormatSettings>(() => ({ locale, currency }), [locale, currency]);
  const byCode = useMemo(() => new Map(catalog.map((k) => [k.code, k])), [catalog]);
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  return { settings, catalog: byCode, language };
}

/** A KPI's name in the UI language; a custom KPI removed since the review keeps its code. */
export function kpiName(context: ReviewContext, code: string): string {
  return context.catalog.get(code)?.name[context.language] ?? code;
}

/** A KPI value in its unit; a KPI no longer in the catalog is shown as a plain number. */
export function formatReviewValue(context: ReviewContext, code: string, value: number | null | undefined) {
  return formatKpiValue(value ?? null, context.catalog.get(code)?.unit ?? 'count', context.settings);
}

export function formatAchievement(context: ReviewContext, achievement: number | null | undefined) {
  return achievement == null ? '—' : formatPercent(achievement, context.settings.locale);
}

/** "Whole company" or the name of the team, person, source… a review is for. */
export function useScopeName(): (scope: ScopeChoice) => string {
  const { t } = useTranslation();
  return (scope) => (scope ? scope.name : t('scope.company'));
}

/** A date (`2026-04-30` or a timestamp) in the UI language, such as `30 Apr 2026`. */
export function useDateText(): (iso: string) => string {
  const { i18n } = useTranslation();
  const locale = uiLocale(isLanguage(i18n.language) ? i18n.language : 'id');
  return (iso) => {
    // A bare date is a calendar day: read in UTC so no time zone moves it a day.
    const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T00:00:00Z`) : new Date(iso);
    return new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      ...(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? { timeZone: 'UTC' } : {}),
    }).format(date);
  };
}

/** The word for a status, with a dot: a status is never told by colour alone. */
export function StatusWord({ status, className }: { status: ReviewKpi['status']; className?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`status-badge status-${status} ${className ?? ''}`} data-testid="review-status">
      <span aria-hidden="true" className="status-dot" /> {t(`status.${status}`)}
    </span>
  );
}

/** Where a target that was not set for the period itself comes from. */
export function useTargetOrigin(): (kpi: ReviewKpi) => string | null {
  const { t } = useTranslation();
  return (kpi) =>
    kpi.targetOrigin === 'months_sum'
      ? t('reviews.kpi.targetFromMonthsSum')
      : kpi.targetOrigin === 'months_mean'
        ? t('reviews.kpi.targetFromMonthsMean')
        : null;
}

/** A label short enough for six bars side by side: `Mar 2026`, `K1 2026`, `2026`. */
function shortPeriodName(label: string, locale: string, t: TFunction): string {
  switch (grainOf(label)) {
    case 'month':
      return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${periodBounds(label).from}T00:00:00Z`),
      );
    case 'quarter':
      return t('period.quarterName', { quarter: label.slice(-1), year: label.slice(0, 4) });
    default:
      return label;
  }
}

/** The review period and the five before it, the review period emphasised. */
export function ReviewTrend({
  kpi,
  context,
  tickSize,
}: {
  kpi: ReviewKpi;
  context: ReviewContext;
  tickSize?: number;
}) {
  const { t } = useTranslation();
  const periodName = usePeriodName();
  const name = kpiName(context, kpi.kpi);
  const locale = uiLocale(context.language);
  // Stable while the trend and the language are: the chart is not rebuilt on every render.
  const labels = useMemo(
    () => kpi.trend.map((p) => shortPeriodName(p.period, locale, t)),
    [kpi.trend, locale, t],
  );
  const values = useMemo(() => kpi.trend.map((p) => p.value), [kpi.trend]);
  const highlight = useMemo(() => kpi.trend.map((_, i) => i === kpi.trend.length - 1), [kpi.trend]);
  if (kpi.trend.length === 0) return null;
  const described = kpi.trend
    .map((p) => `${periodName(p.period)} ${formatReviewValue(context, kpi.kpi, p.value)}`)
    .join(', ');
  return (
    <KpiChart
      unit={context.catalog.get(kpi.kpi)?.unit ?? 'count'}
      settings={context.settings}
      labels={labels}
      values={values}
      highlight={highlight}
      tickSize={tickSize}
      description={t('reviews.kpi.trend', { kpi: name, values: described })}
    />
  );
}

/** An action item's owner and due date, in words when there is none. */
export function ActionMeta({ action }: { action: ActionItem }) {
  const { t } = useTranslation();
  const dateText = useDateText();
  return (
    <span className="action-meta">
      <span>
        <span className="muted">{t('reviews.actions.owner')}:</span>{' '}
        {action.owner ?? <span className="muted">{t('reviews.actions.noOwner')}</span>}
      </span>
      <span>
        <span className="muted">{t('reviews.actions.due')}:</span>{' '}
        {action.due ? dateText(action.due) : <span className="muted">{t('reviews.actions.noDue')}</span>}
      </span>
    </span>
  );
}

/** Equal but for float noise, the way the core compares a frozen value with today's. */
export function sameNumber(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** One figure of a KPI, with today's value beside it where the data changed since closing. */
function Figure({
  label,
  shown,
  now,
  testId,
  children,
}: {
  label: string;
  shown: string;
  /** Today's value, when it differs from the frozen one. */
  now?: string | null;
  testId?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="review-figure">
      <dt>{label}</dt>
      <dd>
        <span className="figure-value" data-testid={testId}>
          {shown}
        </span>
        {children}
        {now != null ? (
          <span className="figure-now" data-testid={testId ? `${testId}-now` : undefined}>
            {t('reviews.kpi.now', { value: now })}
          </span>
        ) : null}
      </dd>
    </div>
  );
}

/** The figures of a KPI: actual, target, achievement, status; frozen ones compared with today's. */
export function KpiFigures({ kpi, context }: { kpi: ReviewKpi; context: ReviewContext }) {
  const { t } = useTranslation();
  const targetOrigin = useTargetOrigin();
  const fmt = (v: number | null | undefined) => formatReviewValue(context, kpi.kpi, v);
  const now = kpi.changedSinceReview ? kpi.current : undefined;
  const differs = (frozen: number | null, today: number | null | undefined) =>
    now !== undefined && !sameNumber(frozen, today ?? null);
  const origin = targetOrigin(kpi);
  return (
    <dl className="review-figures">
      <Figure
        label={t('reviews.kpi.actual')}
        shown={fmt(kpi.value)}
        now={differs(kpi.value, now?.value) ? fmt(now?.value) : null}
        testId="review-actual"
      />
      <Figure
        label={t('reviews.kpi.target')}
        shown={fmt(kpi.target)}
        now={differs(kpi.target, now?.target) ? fmt(now?.target) : null}
        testId="review-target"
      >
        {origin ? <span className="figure-note">{origin}</span> : null}
      </Figure>
      <Figure
        label={t('reviews.kpi.achievement')}
        shown={formatAchievement(context, kpi.achievement)}
        now={differs(kpi.achievement, now?.achievement) ? formatAchievement(context, now?.achievement) : null}
        testId="review-achievement"
      />
      <div className="review-figure">
        <dt>{t('reviews.kpi.status')}</dt>
        <dd>
          <StatusWord status={kpi.status} />
          {now && now.status !== kpi.status ? (
            <span className="figure-now">{t('reviews.kpi.now', { value: t(`status.${now.status}`) })}</span>
          ) : null}
        </dd>
      </div>
    </dl>
  );
}

/** How a running period is going: share elapsed, projection, expected to date, needed per day. */
export function PaceLine({ kpi, context }: { kpi: ReviewKpi; context: ReviewContext }) {
  const { t } = useTranslation();
  const pace = kpi.pace;
  if (!pace) return null;
  const fmt = (v: number | null) => formatReviewValue(context, kpi.kpi, v);
  const parts = [
    t('reviews.kpi.running', { elapsed: formatPercent(pace.elapsed, context.settings.locale, 0) }),
    pace.projection !== null ? t('reviews.kpi.projection', { value: fmt(pace.projection) }) : null,
    pace.expectedToDate !== null ? t('reviews.kpi.expected', { value: fmt(pace.expectedToDate) }) : null,
    pace.neededPerRemainingDay !== null && pace.neededPerRemainingDay > 0
      ? t('reviews.kpi.neededPerDay', { value: fmt(pace.neededPerRemainingDay) })
      : null,
  ].filter(Boolean);
  return (
    <p className="review-pace" data-testid="review-pace">
      {parts.join(' · ')}
    </p>
  );
}

/** The mark a closed review shows where today's data differs from what was frozen. */
export function ChangedMark({ kpi }: { kpi: ReviewKpi }) {
  const { t } = useTranslation();
  if (!kpi.changedSinceReview) return null;
  return (
    <p className="changed-since" data-testid="changed-mark">
      <span className="changed-icon" aria-hidden="true">
        △
      </span>
      <strong>{t('reviews.kpi.changed')}</strong> <span>{t('reviews.kpi.changedHint')}</span>
    </p>
  );
}
