import type { ImportKind } from './kinds.js';

/**
 * Presets recognise real exports by their headers and map them to canonical fields, so a
 * user importing a HubSpot, Salesforce, Pipedrive, GA4, Universal Analytics, Meta Ads,
 * Google Ads, Search Console or Instagram file answers no questions. Header names are
 * compared normalised (lower case, single spaces).
 */
export interface Preset {
  name: string;
  label: string;
  kind: ImportKind;
  /** All of these normalised headers must be present… */
  requires: string[];
  /** …and at least one of these, when given. */
  requiresOneOf?: string[];
  /** Normalised header → canonical field(s). Several headers for one field: first non-empty wins. */
  columns: Record<string, string | string[]>;
  /** Headers matched by pattern, e.g. `Amount spent (INR)`. */
  patterns?: { match: RegExp; field: string }[];
  /** Fields that are the sum of several columns (Instagram engagements). */
  sums?: Record<string, string[]>;
  /** Constants every row gets (the channel an ad export comes from). */
  set?: Record<string, string>;
}

export function normaliseHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

export const presets: readonly Preset[] = [
  {
    name: 'hubspot-deals',
    label: 'HubSpot deals export',
    kind: 'deals',
    requires: ['deal name', 'deal stage'],
    columns: {
      'record id': 'external_id',
      'deal id': 'external_id',
      'deal name': 'title',
      'deal stage': ['status', 'stage'],
      amount: 'amount',
      'amount in company currency': 'amount',
      currency: 'currency',
      'close date': 'closed_at',
      'create date': 'created_at',
      'deal owner': 'owner',
      'associated company': 'account',
      'company name': 'account',
      'original source': 'source',
      'original traffic source': 'source',
      'deal source': 'source',
    },
  },
  {
    name: 'salesforce-opportunities',
    label: 'Salesforce opportunity report',
    kind: 'deals',
    requires: ['opportunity name', 'stage'],
    columns: {
      'opportunity id': 'external_id',
      'opportunity name': 'title',
      'opportunity owner': 'owner',
      'account name': 'account',
      stage: ['status', 'stage'],
      amount: 'amount',
      'amount currency': 'currency',
      'opportunity currency': 'currency',
      'close date': 'closed_at',
      'created date': 'created_at',
      'lead source': 'source',
      'primary campaign source': 'campaign',
    },
  },
  {
    name: 'pipedrive-deals',
    label: 'Pipedrive deals export',
    kind: 'deals',
    requires: ['deal - title'],
    columns: {
      'deal - id': 'external_id',
      'deal - title': 'title',
      'deal - owner': 'owner',
      'deal - value': 'amount',
      'deal - currency': 'currency',
      'deal - currency of value': 'currency',
      'deal - organization': 'account',
      'deal - stage': 'stage',
      'deal - stage (pipeline)': 'stage',
      'deal - status': 'status',
      'deal - deal created': 'created_at',
      'deal - deal created on': 'created_at',
      'deal - won time': 'closed_at',
      'deal - lost time': 'closed_at',
      'deal - deal closed on': 'closed_at',
      'deal - closed on': 'closed_at',
      'deal - source channel': 'source',
      'deal - source origin': 'source',
    },
  },
  {
    name: 'maven-pipeline',
    label: 'Sales pipeline (opportunity_id, sales_agent, deal_stage…)',
    kind: 'deals',
    requires: ['opportunity_id', 'sales_agent', 'deal_stage'],
    columns: {
      opportunity_id: 'external_id',
      sales_agent: 'owner',
      product: 'title',
      account: 'account',
      deal_stage: ['status', 'stage'],
      engage_date: 'created_at',
      close_date: 'closed_at',
      close_value: 'amount',
    },
  },
  {
    name: 'ga4',
    label: 'Google Analytics 4 report',
    kind: 'web',
    requires: ['sessions'],
    requiresOneOf: [
      'engaged sessions',
      'engagement rate',
      'active users',
      'key events',
      'session primary channel group (default channel group)',
    ],
    columns: {
      'session primary channel group (default channel group)': 'source',
      'first user primary channel group (default channel group)': 'source',
      'session default channel group': 'source',
      'session source / medium': 'source',
      'session source': 'source',
      date: 'date',
      sessions: 'sessions',
      'total users': 'users',
      'active users': 'users',
      'new users': 'new_users',
      'engaged sessions': 'engaged_sessions',
      'engagement rate': 'engagement_rate',
      'average engagement time per session': 'avg_session_duration_s',
      'key events': 'conversions',
      conversions: 'conversions',
    },
  },
  {
    name: 'universal-analytics',
    label: 'Universal Analytics export',
    kind: 'web',
    requires: [],
    requiresOneOf: ['bounce rate', 'bouncepercentage'],
    columns: {
      'default channel grouping': 'source',
      'standaard kanaalgroepering': 'source',
      'source / medium': 'source',
      'bron/medium': 'source',
      source: 'source',
      'day index': 'date',
      dagindex: 'date',
      date: 'date',
      sessions: 'sessions',
      sessies: 'sessions',
      users: 'users',
      gebruikers: 'users',
      'new users': 'new_users',
      'nieuwe gebruikers': 'new_users',
      'bounce rate': 'bounce_rate',
      bouncepercentage: 'bounce_rate',
      'avg. session duration': 'avg_session_duration_s',
      'gem. sessieduur': 'avg_session_duration_s',
      'goal completions': 'conversions',
      'behaalde doelen': 'conversions',
    },
  },
  {
    name: 'meta-ads',
    label: 'Meta Ads Manager export',
    kind: 'spend',
    requires: ['reporting starts', 'reporting ends'],
    requiresOneOf: ['campaign name', 'ad set name', 'ad name'],
    columns: {
      'campaign name': 'campaign',
      'reporting starts': 'date_from',
      'reporting ends': 'date_to',
      day: 'date',
      'amount spent': 'amount',
    },
    patterns: [{ match: /^amount spent \([a-z]{3}\)$/, field: 'amount' }],
    set: { source: 'Meta Ads', kind: 'marketing' },
  },
  {
    name: 'google-ads-campaign',
    label: 'Google Ads campaign report',
    kind: 'spend',
    requires: ['campaign', 'cost'],
    requiresOneOf: ['impr.', 'clicks', 'campaign status', 'currency code', 'campaign type'],
    columns: { campaign: 'campaign', cost: 'amount', day: 'date', date: 'date' },
    set: { source: 'Google Ads', kind: 'marketing' },
  },
  {
    name: 'search-console',
    label: 'Google Search Console performance export',
    kind: 'web',
    requires: ['date', 'clicks', 'impressions', 'ctr', 'position'],
    // Organic search clicks are visits from Google Search: counted as that channel's sessions.
    columns: { date: 'date', clicks: 'sessions' },
    set: { source: 'Google Search (organik)' },
  },
  {
    name: 'instagram-insights',
    label: 'Instagram post insights',
    kind: 'social',
    requires: ['impressions', 'likes'],
    requiresOneOf: ['saves', 'from home', 'profile visits'],
    columns: { date: 'date', impressions: 'impressions', reach: 'reach', 'profile visits': 'clicks' },
    sums: { engagements: ['likes', 'comments', 'shares', 'saves'] },
    set: { platform: 'Instagram' },
  },
];

/** The preset whose required headers are all present, preferring the most specific one. */
export function detectPreset(headers: string[], kind?: ImportKind): Preset | null {
  const present = new Set(headers.map(normaliseHeader));
  const candidates = presets.filter(
    (p) =>
      (!kind || p.kind === kind) &&
      p.requires.every((h) => present.has(h)) &&
      (!p.requiresOneOf || p.requiresOneOf.some((h) => present.has(h))),
  );
  const score = (p: Preset) =>
    Object.keys(p.columns).filter((h) => present.has(h)).length + p.requires.length;
  return candidates.sort((a, b) => score(b) - score(a))[0] ?? null;
}

export function presetByName(name: string): Preset | undefined {
  return presets.find((p) => p.name === name);
}
