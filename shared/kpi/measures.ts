/**
 * How every built-in KPI is computed from additive parts (the rollup measures). Because a
 * KPI is always a function of sums, the value for a quarter, a year or a whole team is the
 * same function applied to the summed parts: ratios are recomputed, never averaged.
 */
export type FactKind = 'deals' | 'leads' | 'spend' | 'web' | 'social';

export interface MeasureBag {
  /** undefined = this kind of fact does not carry the scope asked for (spend has no owner). */
  deals?: {
    closed: number;
    won: number;
    /** Integer ten-thousandths of the currency; a BigInt because company totals pass 2^53. */
    won_e4: bigint;
    cycle_days: number;
    cycle_n: number;
    new_customers: number;
  };
  leads?: { created: number; converted: number; mql_cohort: number; mql: number; sqls: number };
  spend?: { rows: number; mkt_rows: number; sales_rows: number; mkt_e4: bigint; sales_e4: bigint };
  /** Counts in integer ten-thousandths: rows over a date range are spread over days exactly. */
  web?: { rows: number; sessions_e4: number; users_e4: number; bounces_e4: number; duration_s_e4: number };
  social?: {
    rows: number;
    impressions_e4: number;
    reach_e4: number;
    engagements_e4: number;
    conversions_e4: number;
  };
  /** Revenue (ten-thousandths) of won deals from marketing channels; only where attribution applies. */
  attributed_e4?: bigint;
}

/** Measures held as BigInt (money in ten-thousandths); every other measure is a plain number. */
export const moneyMeasures: ReadonlySet<string> = new Set(['won_e4', 'mkt_e4', 'sales_e4']);

/** The scale of stored money and spread counts: integer ten-thousandths (design handbook §4). */
export const SCALE_E4 = 10_000;

/**
 * Ten-thousandths to currency units, converted once at the edge: the exact decimal is parsed as
 * text, so the result is the double nearest to it even past 2^53 ten-thousandths.
 */
export function unitsFromE4(e4: bigint): number {
  const abs = e4 < 0n ? -e4 : e4;
  const text = `${e4 < 0n ? '-' : ''}${abs / 10_000n}.${String(abs % 10_000n).padStart(4, '0')}`;
  return Number(text);
}

/**
 * a ÷ b for integers of any size, as the double nearest to the exact quotient (to 20 decimals),
 * so average deal size and CAC stay exact where money passes 2^53 ten-thousandths.
 */
export function divideExact(a: bigint, b: bigint): number {
  if (b < 0n) return divideExact(-a, -b);
  const negative = a < 0n;
  const abs = negative ? -a : a;
  const scaled = (abs * 10n ** 20n) / b;
  const digits = String(scaled).padStart(21, '0');
  return Number(`${negative ? '-' : ''}${digits.slice(0, -20)}.${digits.slice(-20)}`);
}

/**
 * A count spread in ten-thousandths, as a plain number. One division of an exact integer is
 * the double nearest to the 4-decimal value, so 10 sessions print as `10`, never 10.000000000000002.
 */
export const countFromE4 = (e4: number): number => e4 / SCALE_E4;

const div = (a: number, b: number): number | null => (b === 0 ? null : a / b);
const money = unitsFromE4;
/** Money ÷ a count (average deal size, CAC), exact before the one rounding to a double. */
const moneyPer = (e4: bigint, n: number): number | null =>
  n === 0 ? null : divideExact(e4, BigInt(n) * BigInt(SCALE_E4));
const count = countFromE4;

export interface ComputedKpi {
  kinds: readonly FactKind[];
  value(m: MeasureBag): number | null;
}

/** null whenever the facts behind the KPI are absent in the period, or a denominator is zero. */
export const computedKpis: Record<string, ComputedKpi> = {
  revenue: { kinds: ['deals'], value: ({ deals: d }) => (d && d.closed > 0 ? money(d.won_e4) : null) },
  deals_won: { kinds: ['deals'], value: ({ deals: d }) => (d && d.closed > 0 ? d.won : null) },
  win_rate: { kinds: ['deals'], value: ({ deals: d }) => (d ? div(d.won, d.closed) : null) },
  avg_deal_size: { kinds: ['deals'], value: ({ deals: d }) => (d ? moneyPer(d.won_e4, d.won) : null) },
  sales_cycle_days: { kinds: ['deals'], value: ({ deals: d }) => (d ? div(d.cycle_days, d.cycle_n) : null) },
  new_customers: { kinds: ['deals'], value: ({ deals: d }) => (d && d.closed > 0 ? d.new_customers : null) },
  leads: {
    kinds: ['leads'],
    value: ({ leads: l }) => (l && l.created + l.mql + l.sqls > 0 ? l.created : null),
  },
  mql: { kinds: ['leads'], value: ({ leads: l }) => (l && l.created + l.mql + l.sqls > 0 ? l.mql : null) },
  mql_rate: { kinds: ['leads'], value: ({ leads: l }) => (l ? div(l.mql_cohort, l.created) : null) },
  lead_conversion_rate: {
    kinds: ['leads'],
    value: ({ leads: l }) => (l ? div(l.converted, l.created) : null),
  },
  marketing_spend: {
    kinds: ['spend'],
    value: ({ spend: s }) => (s && s.mkt_rows > 0 ? money(s.mkt_e4) : null),
  },
  sales_spend: {
    kinds: ['spend'],
    value: ({ spend: s }) => (s && s.sales_rows > 0 ? money(s.sales_e4) : null),
  },
  cac: {
    kinds: ['spend', 'deals'],
    value: ({ spend: s, deals: d }) =>
      s && d && s.rows > 0 ? moneyPer(s.mkt_e4 + s.sales_e4, d.new_customers) : null,
  },
  romi: {
    kinds: ['spend', 'deals'],
    value: ({ spend: s, attributed_e4: a }) =>
      s && a !== undefined && s.mkt_rows > 0
        ? s.mkt_e4 === 0n
          ? null
          : divideExact(a - s.mkt_e4, s.mkt_e4)
        : null,
  },
  web_sessions: { kinds: ['web'], value: ({ web: w }) => (w && w.rows > 0 ? count(w.sessions_e4) : null) },
  web_users: { kinds: ['web'], value: ({ web: w }) => (w && w.rows > 0 ? count(w.users_e4) : null) },
  avg_session_duration: {
    kinds: ['web'],
    value: ({ web: w }) => (w ? div(w.duration_s_e4, w.sessions_e4) : null),
  },
  bounce_rate: { kinds: ['web'], value: ({ web: w }) => (w ? div(w.bounces_e4, w.sessions_e4) : null) },
  social_impressions: {
    kinds: ['social'],
    value: ({ social: s }) => (s && s.rows > 0 ? count(s.impressions_e4) : null),
  },
  social_reach: { kinds: ['social'], value: ({ social: s }) => (s && s.rows > 0 ? count(s.reach_e4) : null) },
  social_engagement_rate: {
    kinds: ['social'],
    value: ({ social: s }) => (s ? div(s.engagements_e4, s.impressions_e4) : null),
  },
  social_conversions: {
    kinds: ['social'],
    value: ({ social: s }) => (s && s.rows > 0 ? count(s.conversions_e4) : null),
  },
};

/** Adds b into a, measure by measure (a missing side counts as "no facts", not as zero). */
export function addMeasures<T extends Record<string, number | bigint>>(a: T | undefined, b: T): T {
  if (!a) return { ...b };
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof T)[]) {
    const x: number | bigint = a[k]!;
    const y: number | bigint = b[k]!;
    // Money stays BigInt so sums past 2^53 ten-thousandths stay exact.
    out[k] = (typeof x === 'bigint' ? x + (y as bigint) : x + (y as number)) as T[keyof T];
  }
  return out;
}

/** One named part of a computed KPI, as a user counts it: `21` won deals, `Rp 34.000.000` spend. */
export interface KpiPart {
  /** A measure name the screens translate: won_deals, closed_deals, won_amount, … */
  measure: string;
  value: number;
  unit: 'count' | 'money' | 'days' | 'seconds';
}

/**
 * How a KPI's value comes from its parts, for "win rate = 21 won ÷ 59 closed": a ratio has a
 * numerator and a denominator; a total names what was added up; ROMI is (revenue − spend) ÷ spend.
 */
export interface KpiParts {
  shape: 'ratio' | 'total' | 'return';
  parts: KpiPart[];
}

const part = (measure: string, value: number, unit: KpiPart['unit'] = 'count'): KpiPart => ({
  measure,
  value,
  unit,
});
const ratio = (a: KpiPart, b: KpiPart): KpiParts => ({ shape: 'ratio', parts: [a, b] });
const total = (...parts: KpiPart[]): KpiParts => ({ shape: 'total', parts });

/** The parts of each built-in KPI, from the same measures its value comes from. */
export const kpiPartsOf: Record<string, (m: MeasureBag) => KpiParts | null> = {
  revenue: ({ deals: d }) =>
    d ? total(part('won_amount', money(d.won_e4), 'money'), part('won_deals', d.won)) : null,
  deals_won: ({ deals: d }) => (d ? total(part('won_deals', d.won)) : null),
  win_rate: ({ deals: d }) => (d ? ratio(part('won_deals', d.won), part('closed_deals', d.closed)) : null),
  avg_deal_size: ({ deals: d }) =>
    d ? ratio(part('won_amount', money(d.won_e4), 'money'), part('won_deals', d.won)) : null,
  sales_cycle_days: ({ deals: d }) =>
    d ? ratio(part('cycle_days', d.cycle_days, 'days'), part('won_with_created', d.cycle_n)) : null,
  new_customers: ({ deals: d }) => (d ? total(part('new_customers', d.new_customers)) : null),
  leads: ({ leads: l }) => (l ? total(part('leads_created', l.created)) : null),
  mql: ({ leads: l }) => (l ? total(part('leads_mql', l.mql)) : null),
  mql_rate: ({ leads: l }) =>
    l ? ratio(part('leads_mql_cohort', l.mql_cohort), part('leads_created', l.created)) : null,
  lead_conversion_rate: ({ leads: l }) =>
    l ? ratio(part('leads_converted', l.converted), part('leads_created', l.created)) : null,
  marketing_spend: ({ spend: s }) => (s ? total(part('marketing_spend', money(s.mkt_e4), 'money')) : null),
  sales_spend: ({ spend: s }) => (s ? total(part('sales_spend', money(s.sales_e4), 'money')) : null),
  cac: ({ spend: s, deals: d }) =>
    s && d
      ? ratio(
          part('total_spend', money(s.mkt_e4 + s.sales_e4), 'money'),
          part('new_customers', d.new_customers),
        )
      : null,
  romi: ({ spend: s, attributed_e4: a }) =>
    s && a !== undefined
      ? {
          shape: 'return',
          parts: [
            part('attributed_revenue', money(a), 'money'),
            part('marketing_spend', money(s.mkt_e4), 'money'),
          ],
        }
      : null,
  web_sessions: ({ web: w }) => (w ? total(part('sessions', count(w.sessions_e4))) : null),
  web_users: ({ web: w }) => (w ? total(part('users', count(w.users_e4))) : null),
  avg_session_duration: ({ web: w }) =>
    w
      ? ratio(
          part('session_seconds', count(w.duration_s_e4), 'seconds'),
          part('sessions', count(w.sessions_e4)),
        )
      : null,
  bounce_rate: ({ web: w }) =>
    w ? ratio(part('bounces', count(w.bounces_e4)), part('sessions', count(w.sessions_e4))) : null,
  social_impressions: ({ social: s }) => (s ? total(part('impressions', count(s.impressions_e4))) : null),
  social_reach: ({ social: s }) => (s ? total(part('reach', count(s.reach_e4))) : null),
  social_engagement_rate: ({ social: s }) =>
    s
      ? ratio(part('engagements', count(s.engagements_e4)), part('impressions', count(s.impressions_e4)))
      : null,
  social_conversions: ({ social: s }) =>
    s ? total(part('social_conversions', count(s.conversions_e4))) : null,
};
