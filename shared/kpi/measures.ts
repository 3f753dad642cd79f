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
    won_minor: number;
    cycle_days: number;
    cycle_n: number;
    new_customers: number;
  };
  leads?: { created: number; converted: number; mql_cohort: number; mql: number; sqls: number };
  spend?: { rows: number; mkt_rows: number; sales_rows: number; mkt_minor: number; sales_minor: number };
  web?: { rows: number; sessions: number; users: number; bounces: number; duration_s: number };
  social?: { rows: number; impressions: number; reach: number; engagements: number; conversions: number };
  /** Revenue (minor units) of won deals from marketing channels; only where attribution applies. */
  attributed_minor?: number;
}

const div = (a: number, b: number): number | null => (b === 0 ? null : a / b);
const money = (minor: number): number => minor / 100;

export interface ComputedKpi {
  kinds: readonly FactKind[];
  value(m: MeasureBag): number | null;
}

/** null whenever the facts behind the KPI are absent in the period, or a denominator is zero. */
export const computedKpis: Record<string, ComputedKpi> = {
  revenue: { kinds: ['deals'], value: ({ deals: d }) => (d && d.closed > 0 ? money(d.won_minor) : null) },
  deals_won: { kinds: ['deals'], value: ({ deals: d }) => (d && d.closed > 0 ? d.won : null) },
  win_rate: { kinds: ['deals'], value: ({ deals: d }) => (d ? div(d.won, d.closed) : null) },
  avg_deal_size: { kinds: ['deals'], value: ({ deals: d }) => (d ? div(money(d.won_minor), d.won) : null) },
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
    value: ({ spend: s }) => (s && s.mkt_rows > 0 ? money(s.mkt_minor) : null),
  },
  sales_spend: {
    kinds: ['spend'],
    value: ({ spend: s }) => (s && s.sales_rows > 0 ? money(s.sales_minor) : null),
  },
  cac: {
    kinds: ['spend', 'deals'],
    value: ({ spend: s, deals: d }) =>
      s && d && s.rows > 0 ? div(money(s.mkt_minor + s.sales_minor), d.new_customers) : null,
  },
  romi: {
    kinds: ['spend', 'deals'],
    value: ({ spend: s, attributed_minor: a }) =>
      s && a !== undefined && s.mkt_rows > 0 ? div(a - s.mkt_minor, s.mkt_minor) : null,
  },
  web_sessions: { kinds: ['web'], value: ({ web: w }) => (w && w.rows > 0 ? w.sessions : null) },
  web_users: { kinds: ['web'], value: ({ web: w }) => (w && w.rows > 0 ? w.users : null) },
  avg_session_duration: { kinds: ['web'], value: ({ web: w }) => (w ? div(w.duration_s, w.sessions) : null) },
  bounce_rate: { kinds: ['web'], value: ({ web: w }) => (w ? div(w.bounces, w.sessions) : null) },
  social_impressions: {
    kinds: ['social'],
    value: ({ social: s }) => (s && s.rows > 0 ? s.impressions : null),
  },
  social_reach: { kinds: ['social'], value: ({ social: s }) => (s && s.rows > 0 ? s.reach : null) },
  social_engagement_rate: {
    kinds: ['social'],
    value: ({ social: s }) => (s ? div(s.engagements, s.impressions) : null),
  },
  social_conversions: {
    kinds: ['social'],
    value: ({ social: s }) => (s && s.rows > 0 ? s.conversions : null),
  },
};

/** Adds b into a, measure by measure (a missing side counts as "no facts", not as zero). */
export function addMeasures<T extends Record<string, number>>(a: T | undefined, b: T): T {
  if (!a) return { ...b };
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof T)[]) out[k] = ((a[k] as number) + (b[k] as number)) as T[keyof T];
  return out;
}
