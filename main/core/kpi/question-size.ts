import { KinerjaError } from '../../../shared/contract/errors.js';
import {
  dayFromYmd,
  FIRST_YEAR_IN_USE,
  LAST_YEAR_IN_USE,
  parsePeriod,
  shortText,
  type Grain,
  type Period,
  type PeriodSettings,
} from '../../../shared/kpi/periods.js';

/**
 * The most values (periods × scopes × KPIs) one question may ask for. It covers ten years by
 * day of every built-in KPI for one scope (3,653 × 23 ≈ 84,000, with room for custom KPIs) and a
 * year by month of every KPI for 500 people (12 × 500 × 23 = 138,000); the whole calendar by day
 * would be 3.6 million periods, gigabytes of rows and a host that answers nothing else meanwhile.
 */
export const MAX_QUESTION_CELLS = 200_000;

const number = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${number(n)} ${n === 1 ? one : many}`;

/**
 * Refuses a question larger than {@link MAX_QUESTION_CELLS}, naming what was asked; called
 * with the counts before any period is built or any row read.
 */
export function checkQuestionSize(size: {
  periods: number;
  grain: Grain | undefined;
  scopes: number;
  kpis: number;
}): void {
  const cells = size.periods * size.scopes * size.kpis;
  if (cells <= MAX_QUESTION_CELLS) return;
  const periods = plural(size.periods, size.grain ? `${size.grain} period` : 'period');
  throw new KinerjaError(
    'invalid_request',
    `This question asks for ${periods} × ${plural(size.scopes, 'scope')} × ${plural(size.kpis, 'KPI')} = ` +
      `${number(cells)} values; the limit is ${number(MAX_QUESTION_CELLS)}. ` +
      'Choose a longer grain, a shorter range, fewer KPIs or one scope.',
    {
      code: 'question_too_large',
      params: {
        periods: size.periods,
        grain: size.grain ?? 'period',
        scopes: size.scopes,
        kpis: size.kpis,
        cells,
        limit: MAX_QUESTION_CELLS,
      },
    },
  );
}

const FIRST_DAY = dayFromYmd(FIRST_YEAR_IN_USE, 1, 1);
const LAST_DAY = dayFromYmd(LAST_YEAR_IN_USE, 12, 31);

/**
 * The period of a question as a user asked it (a screen, the CLI): parsed, and refused when it
 * reaches outside the years Kinerja works in, where no data, target or value can be.
 */
export function questionPeriod(text: string, settings: PeriodSettings): Period {
  const period = parsePeriod(text, settings);
  if (period.from < FIRST_DAY || period.to > LAST_DAY) {
    const shown = shortText(text.trim());
    throw new KinerjaError(
      'invalid_request',
      `'${shown}' reaches outside the years Kinerja works in: periods are between ${FIRST_YEAR_IN_USE} and ${LAST_YEAR_IN_USE}`,
      { code: 'period_years', params: { text: shown, first: FIRST_YEAR_IN_USE, last: LAST_YEAR_IN_USE } },
    );
  }
  return period;
}
