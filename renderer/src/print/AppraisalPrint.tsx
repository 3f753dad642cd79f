import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Appraisal, KpiDefinition, WorkspaceSettings } from '../../../shared/contract/schemas';
import { formatDate, formatKpiValue, formatPercent, NO_VALUE } from '../../../shared/format';
import type { PrintRequest } from '../../../shared/report/print-routes';
import { useClient } from '../api/client-context';
import { usePeriodName } from '../components/ViewPickers';
import { isLanguage } from '../i18n';
import { useLoad } from '../lib/use-load';
import { PrintError, PrintFrame, PrintLoading } from './PrintPage';

type AppraisalRequest = Extract<PrintRequest, { kind: 'appraisal' }>;

interface Loaded {
  settings: WorkspaceSettings;
  catalog: KpiDefinition[];
  appraisal: Appraisal;
}

export function AppraisalPrint({ request }: { request: AppraisalRequest }) {
  const client = useClient();
  const load = useCallback(async (): Promise<Loaded> => {
    const [info, catalog, appraisal] = await Promise.all([
      client.workspace.current({}),
      client.kpi.catalog({}),
      client.appraisal.get({ person: request.person, period: request.period }),
    ]);
    if (!info) throw new Error('No workspace is open');
    return { settings: info.settings, catalog, appraisal };
  }, [client, request.person, request.period]);
  const state = useLoad(load);
  if (state.status === 'loading') return <PrintLoading />;
  if (state.status === 'error') return <PrintError error={state.error} />;
  return <AppraisalSheet {...state.value} />;
}

/** The evaluation a person signs: the weighted table, the score and how it came about. */
export function AppraisalSheet({ settings, catalog, appraisal: a }: Loaded) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  const periodName = usePeriodName();
  const definition = new Map(catalog.map((k) => [k.code, k]));
  const pct = (x: number | null, digits = 1) =>
    x === null ? NO_VALUE : formatPercent(x, settings.locale, digits);
  // The bands the rating came from: those in force when it was signed, once it is.
  const bands = a.ratingBands;
  const band = bands.findIndex((b) => b.rating === a.rating);
  const bandText =
    band < 0
      ? null
      : band === 0
        ? t('print.bandTop', { min: pct(bands[0]!.min, 0) })
        : t('print.bandBetween', { min: pct(bands[band]!.min, 0), max: pct(bands[band - 1]!.min, 0) });
  const perspectives = [...new Set(a.lines.map((l) => l.perspective))];
  const subtitle = `${a.person}${a.team ? ` · ${a.team}` : ''} · ${periodName(a.period)}`;
  const signedOn = (iso: string) => formatDate(iso, settings.locale);

  return (
    <PrintFrame settings={settings} title={t('print.appraisalTitle')} subtitle={subtitle}>
      <dl className="print-facts">
        <div>
          <dt>{t('print.person')}</dt>
          <dd>{a.person}</dd>
        </div>
        <div>
          <dt>{t('print.team')}</dt>
          <dd>{a.team ?? NO_VALUE}</dd>
        </div>
        <div>
          <dt>{t('print.period')}</dt>
          <dd>{periodName(a.period)}</dd>
        </div>
        <div>
          <dt>{t('print.scorecard')}</dt>
          <dd>{a.scorecard}</dd>
        </div>
      </dl>

      <section className="print-score" aria-label={t('print.score')}>
        <div>
          <p className="print-score-label">{t('print.score')}</p>
          <p className="print-score-value" data-testid="print-score">
            {pct(a.score)}
          </p>
        </div>
        <div>
          <p className="print-score-label">{t('print.rating')}</p>
          <p className="print-score-value" data-testid="print-rating">
            {a.rating ?? NO_VALUE}
          </p>
          {bandText ? <p className="print-score-note">{bandText}</p> : null}
        </div>
        {a.frozen ? (
          <p className="print-frozen">
            {a.changedSinceSignOff ? t('print.frozenChanged') : t('print.frozen')}
          </p>
        ) : null}
      </section>

      <table className="print-table">
        <thead>
          <tr>
            <th scope="col">{t('print.kpi')}</th>
            <th scope="col">{t('print.weight')}</th>
            <th scope="col">{t('print.actual')}</th>
            <th scope="col">{t('print.target')}</th>
            <th scope="col">{t('print.achievement')}</th>
            <th scope="col">{t('print.counted')}</th>
            <th scope="col">{t('print.points')}</th>
          </tr>
        </thead>
        {perspectives.map((perspective) => {
          const lines = a.lines.filter((l) => l.perspective === perspective);
          const weight = lines.reduce((s, l) => s + l.weight, 0);
          return (
            <tbody key={perspective ?? 'none'}>
              {perspective ? (
                <tr className="print-group">
                  <th scope="rowgroup" colSpan={7}>
                    {t(`print.perspectives.${perspective}`)} · {pct(weight, 0)}
                  </th>
                </tr>
              ) : null}
              {lines.map((l) => {
                const def = definition.get(l.kpi);
                const unit = def?.unit ?? 'ratio';
                const fmt = (v: number | null) => formatKpiValue(v, unit, settings);
                return (
                  <tr key={l.kpi} data-kpi={l.kpi}>
                    <th scope="row">{def?.name[language] ?? l.kpi}</th>
                    <td>{pct(l.weight, 2)}</td>
                    <td>{l.missing === 'no_data' ? t('print.noData') : fmt(l.actual)}</td>
                    <td>
                      {l.target === null && l.achievement === null ? t('print.noTarget') : fmt(l.target)}
                    </td>
                    <td>{pct(l.achievement)}</td>
                    <td>
                      {l.counted === null ? NO_VALUE : pct(l.counted)}
                      {l.capped ? (
                        <span className="print-capped"> {t('print.capped', { cap: pct(a.cap, 0) })}</span>
                      ) : null}
                    </td>
                    <td>{l.points === null ? NO_VALUE : formatPercent(l.points, settings.locale, 2)}</td>
                  </tr>
                );
              })}
            </tbody>
          );
        })}
      </table>

      <section className="print-explain">
        <h2>{t('print.howScored')}</h2>
        <p>{t('print.rule', { cap: pct(a.cap, 0) })}</p>
        {a.lines.some((l) => l.missing) ? (
          <p>{a.missingRule === 'redistribute' ? t('print.missingRedistribute') : t('print.missingZero')}</p>
        ) : null}
        <ul>
          {a.lines
            .filter((l) => l.points !== null && l.counted !== null)
            .map((l) => (
              <li key={l.kpi}>
                {t('print.lineExplained', {
                  kpi: definition.get(l.kpi)?.name[language] ?? l.kpi,
                  weight: pct(l.effectiveWeight, 2),
                  achievement: pct(l.achievement),
                  cap: pct(a.cap, 0),
                  points: formatPercent(l.points!, settings.locale, 2),
                })}
              </li>
            ))}
        </ul>
      </section>

      <section className="print-comments">
        <div>
          <h2>{t('print.reviewerComment')}</h2>
          <p>{a.reviewerComment ?? t('print.noComment')}</p>
        </div>
        <div>
          <h2>{t('print.employeeComment')}</h2>
          <p>{a.employeeComment ?? t('print.noComment')}</p>
        </div>
      </section>

      <section className="print-signatures">
        {(
          [
            ['reviewer', a.reviewerSignOff],
            ['employee', a.employeeSignOff],
          ] as const
        ).map(([role, signOff]) => (
          <div key={role} className="print-signature">
            <p className="print-signature-line">
              {signOff ? t('print.signedBy', { name: signOff.name }) : ''}
            </p>
            <p>{t(role === 'reviewer' ? 'print.reviewer' : 'print.employee')}</p>
            <p>{signOff ? t('print.signedOn', { date: signedOn(signOff.at) }) : t('print.dateLine')}</p>
          </div>
        ))}
      </section>
    </PrintFrame>
  );
}
