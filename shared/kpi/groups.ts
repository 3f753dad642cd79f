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
