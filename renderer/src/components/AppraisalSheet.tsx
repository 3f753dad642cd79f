import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  Appraisal,
  AppraisalLine,
  KpiDefinition,
  Perspective,
  RatingBand,
} from '../../../shared/contract/schemas';
import { formatKpiValue, formatNumber, formatPercent, type FormatSettings } from '../../../shared/format';
import { isLanguage } from '../i18n';

/** Balanced-scorecard order: money first, then the customer, the process and learning (DESIGN §6). */
export const perspectives: readonly Perspective[] = ['financial', 'customer', 'internal', 'learning'];

/** The score range a rating covers, from the workspace's bands (best first). */
export function bandOf(
  rating: number,
  bands: readonly RatingBand[],
): { min: number; below: number | null } | null {
  const at = bands.findIndex((b) => b.rating === rating);
  if (at < 0) return null;
  return { min: bands[at]!.min, below: at === 0 ? null : bands[at - 1]!.min };
}

/** `100% to under 110%`, `110% or more`, `under 75%`, in the UI language. */
export function useBandText(locale: string): (band: { min: number; below: number | null }) => string {
  const { t } = useTranslation();
  const pct = (x: number) => formatPercent(x, locale);
  return ({ min, below }) =>
    below === null
      ? t('appraisals.rating.bandTop', { from: pct(min) })
      : min === 0
        ? t('appraisals.rating.bandBottom', { to: pct(below) })
        : t('appraisals.rating.bandMiddle', { from: pct(min), to: pct(below) });
}

/** Points are the score's share in percentage points: 0.465 → `46,5`. */
export const formatPoints = (points: number, locale: string) =>
  formatNumber(points * 100, locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** The score, the rating and the band that earned it, against the workspace's whole scale. */
export function AppraisalSummary({
  appraisal,
  bands,
  locale,
}: {
  appraisal: Appraisal;
  bands: readonly RatingBand[];
  locale: string;
}) {
  const { t } = useTranslation();
  const bandText = useBandText(locale);
  const band = appraisal.rating === null ? null : bandOf(appraisal.rating, bands);
  return (
    <section className="appraisal-summary" aria-label={t('appraisals.rating.summary')}>
      <div className="summary-figure">
        <span className="summary-label">{t('appraisals.score')}</span>
        <span className="summary-value" data-testid="appraisal-score">
          {appraisal.score === null ? t('appraisals.noScoreShort') : formatPercent(appraisal.score, locale)}
        </span>
      </div>
      <div className="summary-figure">
        <span className="summary-label">{t('appraisals.ratingLabel')}</span>
        <span className="summary-value" data-testid="appraisal-rating">
          {appraisal.rating ?? '—'}
        </span>
      </div>
      <div className="summary-text">
        {appraisal.rating !== null ? (
          <p data-testid="appraisal-band">
            {band
              ? t('appraisals.rating.explained', { rating: appraisal.rating, band: bandText(band) })
              : t('appraisals.rating.only', { rating: appraisal.rating })}
          </p>
        ) : (
          <p>{t('appraisals.rating.none')}</p>
        )}
        <ol className="rating-scale" aria-label={t('appraisals.rating.scale')}>
          {bands.map((b) => {
            const range = bandOf(b.rating, bands)!;
            const current = b.rating === appraisal.rating;
            return (
              <li
                key={b.rating}
                className={current ? 'is-current' : undefined}
                aria-current={current || undefined}
              >
                <strong>{b.rating}</strong> <span>{bandText(range)}</span>
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
}

/**
 * The weighted table, grouped by perspective with each perspective's weight: every line's
 * actual, target, achievement, what it counts as under the cap, the weight it carried and its
 * points, with a sentence per line that says how the points came about. Every number comes
 * from the appraisal as the core scored it.
 */
export function AppraisalTable({
  appraisal,
  catalog,
  settings,
}: {
  appraisal: Appraisal;
  catalog: readonly KpiDefinition[];
  settings: FormatSettings;
}) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  const { locale } = settings;
  const definitionOf = (code: string) => catalog.find((k) => k.code === code);
  const nameOf = (code: string) => definitionOf(code)?.name[language] ?? code;
  const pct = (x: number, digits = 1) => formatPercent(x, locale, digits);
  const cap = pct(appraisal.cap);
  const groups = [...perspectives, null]
    .map((p) => ({ perspective: p, lines: appraisal.lines.filter((l) => l.perspective === p) }))
    .filter((g) => g.lines.length > 0);

  const explain = (l: AppraisalLine) => {
    const kpi = nameOf(l.kpi);
    if (l.counted === null) {
      const why = l.missing === 'no_target' ? 'NoTarget' : 'NoData';
      const rule = appraisal.missingRule === 'zero' ? 'Zero' : 'Redistribute';
      return t(`appraisals.table.explain${why}${rule}`, { kpi, weight: pct(l.weight, 2) });
    }
    const sentence = t('appraisals.table.explain', {
      kpi,
      weight: pct(l.effectiveWeight),
      achievement: pct(l.achievement ?? l.counted),
      cap,
      points: formatPoints(l.points ?? 0, locale),
    });
    const extra = [
      Math.abs(l.effectiveWeight - l.weight) > 1e-9
        ? t('appraisals.table.weightRaised', { weight: pct(l.weight, 2), to: pct(l.effectiveWeight) })
        : null,
      l.targetOrigin === 'months_sum'
        ? t('appraisals.table.targetSum')
        : l.targetOrigin === 'months_mean'
          ? t('appraisals.table.targetMean')
          : null,
    ].filter(Boolean);
    return [sentence, ...extra].join(' ');
  };

  return (
    <div className="table-scroll">
      <table className="appraisal-table">
        <caption className="visually-hidden">
          {t('appraisals.table.caption', { person: appraisal.person, scorecard: appraisal.scorecard })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('appraisals.table.kpi')}</th>
            <th scope="col" className="num">
              {t('appraisals.table.weight')}
            </th>
            <th scope="col" className="num">
              {t('appraisals.table.actual')}
            </th>
            <th scope="col" className="num">
              {t('appraisals.table.target')}
            </th>
            <th scope="col" className="num">
              {t('appraisals.table.achievement')}
            </th>
            <th scope="col" className="num">
              {t('appraisals.table.counted')}
            </th>
            <th scope="col" className="num">
              {t('appraisals.table.weightUsed')}
            </th>
            <th scope="col" className="num">
              {t('appraisals.table.points')}
            </th>
          </tr>
        </thead>
        {groups.map(({ perspective, lines }) => (
          <tbody key={perspective ?? 'none'}>
            <tr className="perspective-row">
              <th scope="rowgroup" colSpan={8}>
                {t('appraisals.table.perspectiveWeight', {
                  perspective: t(`appraisals.perspectives.${perspective ?? 'none'}`),
                  weight: pct(
                    lines.reduce((sum, l) => sum + l.weight, 0),
                    2,
                  ),
                })}
              </th>
            </tr>
            {lines.map((l) => {
              const unit = definitionOf(l.kpi)?.unit ?? 'ratio';
              return (
                <Fragment key={l.kpi}>
                  <tr className="line-row" data-kpi={l.kpi}>
                    <th scope="row">{nameOf(l.kpi)}</th>
                    <td className="num">{pct(l.weight, 2)}</td>
                    <td className="num">
                      {l.actual === null ? (
                        <span className="missing-word">{t('appraisals.table.noData')}</span>
                      ) : (
                        formatKpiValue(l.actual, unit, settings)
                      )}
                    </td>
                    <td className="num">
                      {l.target === null ? (
                        <span className="missing-word">{t('appraisals.table.noTarget')}</span>
                      ) : (
                        formatKpiValue(l.target, unit, settings)
                      )}
                    </td>
                    <td className="num">
                      {l.achievement === null ? (
                        '—'
                      ) : (
                        <span className={`status-badge status-${l.status}`}>{pct(l.achievement)}</span>
                      )}
                    </td>
                    <td className="num">
                      {l.counted === null ? (
                        <span className="missing-word">
                          {appraisal.missingRule === 'zero'
                            ? t('appraisals.table.countsZero')
                            : t('appraisals.table.notScored')}
                        </span>
                      ) : (
                        <>
                          {pct(l.counted)}
                          {l.capped ? (
                            <span className="cap-mark" data-testid="cap-mark">
                              {t('appraisals.table.capped', { cap })}
                            </span>
                          ) : null}
                        </>
                      )}
                    </td>
                    <td className="num">{pct(l.effectiveWeight)}</td>
                    <td className="num">{l.points === null ? '—' : formatPoints(l.points, locale)}</td>
                  </tr>
                  <tr className="explain-row">
                    <td colSpan={8}>{explain(l)}</td>
                  </tr>
                </Fragment>
              );
            })}
          </tbody>
        ))}
        <tfoot>
          <tr>
            <th scope="row" colSpan={7}>
              {t('appraisals.table.total')}
            </th>
            <td className="num" data-testid="appraisal-points-total">
              {appraisal.score === null ? '—' : formatPoints(appraisal.score, locale)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** How the scorecard treats the cap and KPIs without a target or data, in sentences. */
export function AppraisalRules({ appraisal, locale }: { appraisal: Appraisal; locale: string }) {
  const { t } = useTranslation();
  return (
    <div className="appraisal-rules">
      <p>{t('appraisals.rules.cap', { cap: formatPercent(appraisal.cap, locale) })}</p>
      <p data-testid="missing-rule">{t(`appraisals.rules.${appraisal.missingRule}`)}</p>
    </div>
  );
}
