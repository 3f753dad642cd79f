// How the dashboard groups KPIs: the sales pipeline, and marketing (leads, spend, web and
// social). A workspace's own KPIs are listed after both.

export const kpiGroups = ['sales', 'marketing', 'custom'] as const;
export type KpiGroup = (typeof kpiGroups)[number];

const SALES = new Set([
  'revenue',
  'target_achievement',
  'deals_won',
  'win_rate',
  'avg_deal_size',
  'sales_cycle_days',
  'new_customers',
  'sales_spend',
  'cac',
]);
const MARKETING = new Set([
  'leads',
  'mql',
  'mql_rate',
  'lead_conversion_rate',
  'marketing_spend',
  'romi',
  'web_sessions',
  'web_users',
  'avg_session_duration',
  'bounce_rate',
  'social_impressions',
  'social_reach',
  'social_engagement_rate',
  'social_conversions',
]);

/** Balanced-scorecard perspectives in the order the dashboard lists them (DESIGN §6). */
export const perspectiveOrder = ['financial', 'customer', 'internal', 'learning'] as const;
export type PerspectiveName = (typeof perspectiveOrder)[number];

/**
 * Where a built-in KPI sits in a balanced scorecard when no scorecard of the workspace says
 * otherwise: money is financial; what customers and prospects do (leads, visits, engagement on
 * the site and on social media) is customer; how well the sales pipeline works is internal
 * process. Learning & growth has no built-in KPI
 * (training hours, skills): a workspace's own KPIs go there through a scorecard.
 */
const DEFAULT_PERSPECTIVE: Readonly<Record<string, PerspectiveName>> = {
  revenue: 'financial',
  target_achievement: 'financial',
  avg_deal_size: 'financial',
  sales_spend: 'financial',
  marketing_spend: 'financial',
  cac: 'financial',
  romi: 'financial',
  new_customers: 'customer',
  leads: 'customer',
  mql: 'customer',
  web_users: 'customer',
  social_reach: 'customer',
  social_impressions: 'customer',
  social_engagement_rate: 'customer',
  web_sessions: 'customer',
  bounce_rate: 'customer',
  avg_session_duration: 'customer',
  social_conversions: 'customer',
  deals_won: 'internal',
  win_rate: 'internal',
  sales_cycle_days: 'internal',
  mql_rate: 'internal',
  lead_conversion_rate: 'internal',
};

/**
 * A KPI's perspective: the first the workspace's scorecards give it, else the built-in one;
 * null for a workspace KPI no scorecard places.
 */
export function perspectiveOf(
  code: string,
  scorecards: readonly { lines: readonly { kpi: string; perspective: PerspectiveName | null }[] }[],
): PerspectiveName | null {
  for (const card of scorecards) {
    const line = card.lines.find((l) => l.kpi === code && l.perspective !== null);
    if (line) return line.perspective;
  }
  return DEFAULT_PERSPECTIVE[code] ?? null;
}

export function kpiGroupOf(code: string): KpiGroup {
  if (SALES.has(code)) return 'sales';
  if (MARKETING.has(code)) return 'marketing';
  return 'custom';
}

/**
 * KPIs computed from other KPIs or facts, never typed by hand: typing one would bypass its parts.
 * Each with what it comes from, for messages.
 */
export const derivedKpis: Readonly<Record<string, string>> = {
  target_achievement: 'revenue and its target',
  cac: 'marketing and sales spend and new customers',
  romi: 'revenue from marketing channels and marketing spend',
};
