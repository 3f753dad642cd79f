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
