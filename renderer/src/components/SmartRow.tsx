import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiUnit, SmartCheck } from '../../../shared/contract/schemas';
import { formatKpiValue, formatPercent, type FormatSettings } from '../../../shared/format';
import { isLanguage, uiLocale } from '../i18n';
import { usePeriodName } from './ViewPickers';

const CRITERIA = ['specific', 'measurable', 'achievable', 'relevant', 'timeBound'] as const;
type Criterion = (typeof CRITERIA)[number];
type State = 'met' | 'notMet' | 'unknown';

const LETTER: Record<Criterion, string> = {
  specific: 'S',
  measurable: 'M',
  achievable: 'A',
  relevant: 'R',
  timeBound: 'T',
};

const stateOf = (met: boolean | null): State => (met === true ? 'met' : met === false ? 'notMet' : 'unknown');

/** A tick, a cross or a question mark: the state reads from the shape, not only the colour. */
export function SmartIcon({ state }: { state: State }) {
  return (
    <svg
      className="smart-icon"
      viewBox="0 0 16 16"
      width="14"
      height="14"
      aria-hidden="true"
      focusable="false"
    >
      {state === 'met' ? (
        <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
      ) : state === 'notMet' ? (
        <path
          d="M4 4l8 8M12 4l-8 8"
          fill="none"
          stroke="currentColor"
          strokeWidth="2.2"
          strokeLinecap="round"
        />
      ) : (
        <path
          d="M5.5 6a2.5 2.5 0 1 1 3.6 2.2c-.7.4-1.1.9-1.1 1.7v.4M8 13v.1"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
        />
      )}
    </svg>
  );
}

interface Line {
  text: string;
  fix?: { text: string; href: string; link: string };
}

/**
 * The SMART check of one tracked KPI: five letters with a tick, cross or question mark and a
 * count in words; opened, each criterion says what was found, what is missing and where to fix it.
 */
export function SmartRow({
  check,
  unit,
  settings,
}: {
  check: SmartCheck;
  unit: KpiUnit;
  settings: FormatSettings;
}) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'id';
  const locale = uiLocale(language);
  const periodName = usePeriodName();
  const panelId = useId();
  const [open, setOpen] = useState(false);

  const states = CRITERIA.map((c) => ({ criterion: c, state: stateOf(check[c].met) }));
  const count = (state: State) => states.filter((s) => s.state === state).length;
  const summary = [
    count('met') ? t('smart.countMet', { count: count('met') }) : null,
    count('notMet') ? t('smart.countNotMet', { count: count('notMet') }) : null,
    count('unknown') ? t('smart.countUnknown', { count: count('unknown') }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const allMet = count('met') === CRITERIA.length;

  const list = (items: string[], type: 'conjunction' | 'disjunction' = 'conjunction', max = 3) => {
    const format = new Intl.ListFormat(locale, { style: 'long', type });
    if (items.length <= max) return format.format(items);
    return t('smart.more', { list: items.slice(0, max).join(', '), count: items.length - max });
  };
  // Inside a sentence a value must not break between its currency and its digits.
  const keepTogether = (text: string) => text.replace(/ /g, '\u00a0');
  const value = (x: number | null) => keepTogether(formatKpiValue(x, unit, settings));
  const change = (x: number | null) => {
    if (x === null) return '—';
    const sign = x > 0 ? '+' : x < 0 ? '−' : '';
    return keepTogether(`${sign}${formatPercent(Math.abs(x), settings.locale)}`);
  };
  const links = {
    targets: { href: '#/targets', link: t('smart.open.targets') },
    dataEntry: { href: '#/data-entry', link: t('smart.open.dataEntry') },
    scorecards: { href: '#/appraisals?view=scorecards', link: t('smart.open.scorecards') },
  };

  const lines: Record<Criterion, Line[]> = {
    specific: specificLines(),
    measurable: measurableLines(),
    achievable: achievableLines(),
    relevant: relevantLines(),
    timeBound: timeBoundLines(),
  };

  function specificLines(): Line[] {
    const { targetScopes, scorecards, met } = check.specific;
    if (!met)
      return [
        { text: t('smart.specific.missing'), fix: { text: t('smart.specific.fix'), ...links.targets } },
      ];
    const out: Line[] = [];
    if (targetScopes.length)
      out.push({ text: t('smart.specific.targets', { names: list(targetScopes.map((s) => s.name)) }) });
    for (const card of scorecards) {
      out.push({
        text: t('smart.specific.scorecard', {
          scorecard: card.name,
          names: list(card.assignedTo.map((a) => a.name)),
        }),
      });
    }
    return out;
  }

  function measurableLines(): Line[] {
    const { met, months, withValue } = check.measurable;
    if (met) return [{ text: t('smart.measurable.met', { months: list(withValue.map(periodName)) }) }];
    return [
      {
        text: t('smart.measurable.missing', { months: list(months.map(periodName)) }),
        fix: { text: t('smart.measurable.fix'), ...links.dataEntry },
      },
    ];
  }

  function achievableLines(): Line[] {
    const a = check.achievable;
    const month = a.month ? periodName(a.month) : '—';
    const lastYearMonth = a.lastYearMonth ? periodName(a.lastYearMonth) : '—';
    switch (a.reason) {
      case 'no_target':
        return [
          {
            text: t('smart.achievable.noTarget'),
            fix: { text: t('smart.achievable.noTargetFix'), ...links.targets },
          },
        ];
      case 'band':
        return [{ text: t('smart.achievable.band') }];
      case 'no_last_year':
        return [
          {
            text: t('smart.achievable.noLastYear', { month, lastYearMonth }),
            fix: { text: t('smart.achievable.historyFix'), ...links.dataEntry },
          },
        ];
      case 'no_history':
        return [
          {
            text: t('smart.achievable.noHistory', { month }),
            fix: { text: t('smart.achievable.historyFix'), ...links.dataEntry },
          },
        ];
      default: {
        const facts = {
          month,
          lastYearMonth,
          needed: change(a.needed),
          best: change(a.best),
          bestMonth: a.bestMonth ? periodName(a.bestMonth) : '—',
          target: value(a.target),
          lastYear: value(a.lastYear),
        };
        const text = t(
          a.direction === 'lower' ? 'smart.achievable.needsLower' : 'smart.achievable.needsHigher',
          facts,
        );
        return [
          a.met ? { text } : { text, fix: { text: t('smart.achievable.fix', { month }), ...links.targets } },
        ];
      }
    }
  }

  function relevantLines(): Line[] {
    const { met, perspectives, withoutPerspective } = check.relevant;
    if (met) {
      return perspectives.map((p) => ({
        text: t('smart.relevant.met', {
          perspective: t(`appraisals.perspectives.${p.perspective}`),
          scorecard: p.scorecard,
        }),
      }));
    }
    const text = withoutPerspective.length
      ? t('smart.relevant.noPerspective', { scorecards: list(withoutPerspective) })
      : t('smart.relevant.notOnScorecard');
    return [{ text, fix: { text: t('smart.relevant.fix'), ...links.scorecards } }];
  }

  function timeBoundLines(): Line[] {
    const { met, month, quarter, year, withTarget } = check.timeBound;
    if (met) return [{ text: t('smart.timeBound.met', { periods: list(withTarget.map(periodName)) }) }];
    return [
      {
        text: t('smart.timeBound.missing', {
          month: periodName(month),
          quarter: periodName(quarter),
          year: periodName(year),
        }),
        fix: { text: t('smart.timeBound.fix'), ...links.targets },
      },
    ];
  }

  return (
    <div className="smart">
      <button
        type="button"
        className="smart-row"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="smart-label">{t('smart.label')}</span>
        <span className="smart-pills">
          {states.map(({ criterion, state }) => (
            <span key={criterion} className={`smart-pill smart-${state}`} data-testid={`smart-${criterion}`}>
              <span aria-hidden="true">{LETTER[criterion]}</span>
              <SmartIcon state={state} />
              <span className="visually-hidden">
                {t('smart.pill', {
                  criterion: t(`smart.criteria.${criterion}`),
                  state: t(`smart.states.${state}`),
                })}
              </span>
            </span>
          ))}
        </span>
        <span className="smart-summary">{summary}</span>
        <span className="smart-toggle">
          {open ? t('smart.hide') : allMet ? t('smart.showAllMet') : t('smart.show')}
        </span>
      </button>
      <ul className="smart-details" id={panelId} hidden={!open}>
        {states.map(({ criterion, state }) => (
          <li key={criterion} className={`smart-detail smart-${state}`}>
            <p className="smart-detail-head">
              <SmartIcon state={state} />
              <strong>{t(`smart.criteria.${criterion}`)}</strong>
              <span className="smart-state">{t(`smart.states.${state}`)}</span>
            </p>
            {lines[criterion].map((line, i) => (
              <SmartLine key={i} line={line} />
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}

function SmartLine({ line }: { line: Line }): ReactNode {
  return (
    <>
      <p className="smart-detail-text">{line.text}</p>
      {line.fix ? (
        <p className="smart-fix">
          {line.fix.text} <a href={line.fix.href}>{line.fix.link}</a>
        </p>
      ) : null}
    </>
  );
}
