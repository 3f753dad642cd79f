import { dayFromIso, isoFromDay, type Day } from '../../../shared/kpi/periods.js';
import { parseStatusWord } from './infer/status.js';
import { parseIsoDay, parseMoneyE4, parseNumber, parseRate, type Parsed } from './values.js';
import type { ImportKind } from './fields.js';

// The fields of each kind are declared in fields.ts; kinds.ts converts a row of them to a fact.
export { canonicalFields, factColumns, importKinds, type ImportKind } from './fields.js';

export interface CellProblem {
  column: string;
  value: string;
  expected: string;
}

/** A fact ready to write: DB column values, with dimension names still as text. */
export type FactRecord = Record<string, string | number | bigint | null>;

export interface ConvertOptions {
  won?: string[];
  lost?: string[];
}

/**
 * A row by canonical field: text as in a canonical file, or a value a column reader has already
 * parsed (a day number for dates, ten-thousandths for money, a number for counts and rates), so
 * the cells of an export are parsed once.
 */
export type CanonicalRow = Record<string, string | number | bigint | undefined>;
type Row = CanonicalRow;

const FIRST_DAY = dayFromIso('0000-01-01');
const LAST_DAY = dayFromIso('9999-12-31');

/**
 * How a cell is read: `text` parses canonical text; `value` checks a number a column reader
 * has already parsed (and so skipped `text`) and returns what was expected when it fails.
 */
interface CellType<T> {
  text: (t: string) => Parsed<T>;
  value: (n: number | bigint) => string | null;
}
const finite = (n: number | bigint) =>
  typeof n === 'bigint' || Number.isFinite(n) ? null : 'a finite number';
const dayCell: CellType<Day> = {
  text: parseIsoDay,
  value: (n) =>
    typeof n === 'number' && Number.isInteger(n) && n >= FIRST_DAY && n <= LAST_DAY
      ? null
      : 'a date between the years 0000 and 9999',
};
const moneyCell: CellType<number | bigint> = {
  text: parseMoneyE4,
  value: (n) =>
    typeof n === 'bigint'
      ? n >= -(2n ** 63n) + 1n && n < 2n ** 63n
        ? null
        : 'an amount below 922 trillion'
      : Number.isSafeInteger(n)
        ? null
        : 'an amount below 922 trillion',
};
const numberCell: CellType<number> = { text: parseNumber, value: finite };
const rateCell: CellType<number> = { text: parseRate, value: finite };

class RowReader {
  problems: CellProblem[] = [];
  constructor(private readonly row: Row) {}
  text(col: string): string | null {
    const cell = this.row[col];
    if (typeof cell === 'number' || typeof cell === 'bigint') return String(cell);
    const v = cell?.trim();
    return v ? v : null;
  }
  /** The value as a user would recognise it in a message. */
  shown(col: string, isDay = false): string {
    const cell = this.row[col];
    if (typeof cell === 'number' && isDay && cell >= FIRST_DAY && cell <= LAST_DAY) return isoFromDay(cell);
    return this.text(col) ?? '';
  }
  private parse<T>(col: string, type: CellType<T>, required: boolean, requiredWhy?: string): T | null {
    const cell = this.row[col];
    if (typeof cell === 'number' || typeof cell === 'bigint') {
      const expected = type.value(cell);
      if (expected === null) return cell as T;
      this.problems.push({ column: col, value: this.shown(col), expected });
      return null;
    }
    const raw = this.text(col);
    if (raw === null) {
      if (required)
        this.problems.push({
          column: col,
          value: '',
          expected: requiredWhy ?? 'a value (this column is required)',
        });
      return null;
    }
    const p = type.text(raw);
    if (p.ok) return p.value;
    this.problems.push({ column: col, value: raw, expected: p.expected });
    return null;
  }
  day(col: string, required = false, why?: string): Day | null {
    return this.parse(col, dayCell, required, why);
  }
  number(col: string, required = false): number | null {
    return this.parse(col, numberCell, required);
  }
  /** Integer ten-thousandths; a BigInt past 2^53. */
  money(col: string, required = false): number | bigint | null {
    return this.parse(col, moneyCell, required);
  }
  rate(col: string): number | null {
    return this.parse(col, rateCell, false);
  }
  /** date, or date_from + date_to: the days a spend, web or social row covers. */
  span(): [Day | null, Day | null] {
    const date = this.day('date');
    const from = this.day('date_from');
    const to = this.day('date_to');
    if (date !== null) return [date, date];
    if (from === null && to === null) {
      if (!this.problems.some((p) => p.column.startsWith('date'))) {
        this.problems.push({ column: 'date', value: '', expected: 'a date, or date_from and date_to' });
      }
      return [null, null];
    }
    if (from === null || to === null) {
      this.problems.push({
        column: from === null ? 'date_from' : 'date_to',
        value: '',
        expected: 'both date_from and date_to',
      });
      return [null, null];
    }
    if (to < from) {
      this.problems.push({
        column: 'date_to',
        value: this.shown('date_to', true),
        expected: 'a date on or after date_from',
      });
      return [null, null];
    }
    return [from, to];
  }
}

/** Converts one canonical row to a fact record, listing every problem found in it. */
export function convertRow(
  kind: Exclude<ImportKind, 'kpi_values'>,
  row: Row,
  options: ConvertOptions = {},
): { fact: FactRecord; problems: CellProblem[] } {
  const r = new RowReader(row);
  let fact: FactRecord;
  switch (kind) {
    case 'deals': {
      const status = parseStatusWord(r.text('status') ?? '', options);
      const closedRequired = status !== 'open';
      fact = {
        external_id: r.text('external_id'),
        title: r.text('title'),
        owner: r.text('owner'),
        team: r.text('team'),
        account: r.text('account'),
        source: r.text('source'),
        campaign: r.text('campaign'),
        stage: r.text('stage'),
        status,
        amount_e4: r.money('amount', status === 'won'),
        currency: r.text('currency')?.toUpperCase() ?? null,
        created_day: r.day('created_at'),
        closed_day: r.day('closed_at', closedRequired, `a close date (the deal is ${status})`),
        lead_external_id: r.text('lead_external_id'),
      };
      if (status !== 'open' && r.text('status') === null) {
        r.problems.push({ column: 'status', value: '', expected: 'won, lost or open' });
      }
      break;
    }
    case 'leads':
      fact = {
        external_id: r.text('external_id'),
        created_day: r.day('created_at', true),
        owner: r.text('owner'),
        source: r.text('source'),
        campaign: r.text('campaign'),
        status: r.text('status'),
        mql_day: r.day('mql_at'),
        sql_day: r.day('sql_at'),
        converted_day: r.day('converted_at'),
        deal_external_id: r.text('deal_external_id'),
        disqualified_reason: r.text('disqualified_reason'),
        quality: r.text('quality'),
      };
      break;
    case 'spend': {
      const [from, to] = r.span();
      const kindText = (r.text('kind') ?? 'marketing').toLowerCase();
      const spendKind = ['marketing', 'pemasaran'].includes(kindText)
        ? 'marketing'
        : ['sales', 'penjualan'].includes(kindText)
          ? 'sales'
          : null;
      if (!spendKind)
        r.problems.push({ column: 'kind', value: r.text('kind')!, expected: 'marketing or sales' });
      fact = {
        external_id: r.text('external_id'),
        day_from: from,
        day_to: to,
        source: r.text('source'),
        campaign: r.text('campaign'),
        kind: spendKind,
        amount_e4: r.money('amount', true),
      };
      break;
    }
    case 'web': {
      const [from, to] = r.span();
      const sessions = r.number('sessions');
      // Per-row rates become counts weighted by that row's sessions, so they sum correctly.
      const weighted = (count: number | null, rate: number | null) =>
        count ?? (rate !== null && sessions !== null ? rate * sessions : null);
      const engaged = weighted(r.number('engaged_sessions'), r.rate('engagement_rate'));
      let bounces = weighted(r.number('bounces'), r.rate('bounce_rate'));
      // GA4 reports no bounces: a bounce there is a session that was not engaged.
      if (bounces === null && engaged !== null && sessions !== null) bounces = sessions - engaged;
      const avg = r.number('avg_session_duration_s');
      fact = {
        external_id: r.text('external_id'),
        day_from: from,
        day_to: to,
        source: r.text('source'),
        sessions,
        users: r.number('users'),
        new_users: r.number('new_users'),
        engaged_sessions: engaged,
        bounces,
        total_duration_s:
          r.number('total_duration_s') ?? (avg !== null && sessions !== null ? avg * sessions : null),
        conversions: r.number('conversions'),
      };
      break;
    }
    case 'social': {
      const [from, to] = r.span();
      fact = {
        external_id: r.text('external_id'),
        day_from: from,
        day_to: to,
        platform: r.text('platform'),
        impressions: r.number('impressions'),
        reach: r.number('reach'),
        engagements: r.number('engagements'),
        clicks: r.number('clicks'),
        followers: r.number('followers'),
        conversions: r.number('conversions'),
      };
      break;
    }
  }
  return { fact, problems: r.problems };
}
