import { dayFromIso, type Day } from '../../shared/kpi/periods.js';

/**
 * A second, deliberately naive KPI engine: every value is recomputed by walking the raw
 * canonical rows, with none of the product's SQL or measure code. Agreement between the two is
 * the evidence that the catalog definitions (design handbook §5) are implemented as written.
 */

export type Row = Record<string, string>;
export type Dim = 'owner' | 'team' | 'source' | 'campaign' | 'platform';
/** `null` is the whole company; otherwise one value of one dimension (`value: null` = left empty). */
export type Scope = { dim: Dim; value: string | null } | null;

export interface Files {
  deals: Row[];
  leads: Row[];
  spend: Row[];
  web: Row[];
  social: Row[];
}

export const kpiCodes = [
  'revenue',
  'deals_won',
  'win_rate',
  'lead_conversion_rate',
  'avg_deal_size',
  'sales_cycle_days',
  'leads',
  'cac',
  'mql',
  'romi',
  'web_sessions',
  'web_users',
  'avg_session_duration',
  'bounce_rate',
  'social_impressions',
  'social_reach',
  'social_engagement_rate',
  'social_conversions',
  'marketing_spend',
  'sales_spend',
  'new_customers',
  'mql_rate',
] as const;
export type KpiCode = (typeof kpiCodes)[number];

/** Sums that must add up exactly over periods and scopes; money ones are held in ten-thousandths. */
export const sumKpis = [
  'revenue',
  'deals_won',
  'leads',
  'mql',
  'new_customers',
  'marketing_spend',
  'sales_spend',
  'web_sessions',
  'web_users',
  'social_impressions',
  'social_reach',
  'social_conversions',
] as const satisfies readonly KpiCode[];
export const moneyKpis: ReadonlySet<KpiCode> = new Set(['revenue', 'marketing_spend', 'sales_spend']);

export const ratioKpis = [
  'win_rate',
  'lead_conversion_rate',
  'avg_deal_size',
  'sales_cycle_days',
  'mql_rate',
  'cac',
  'romi',
  'avg_session_duration',
  'bounce_rate',
  'social_engagement_rate',
] as const satisfies readonly KpiCode[];
export type RatioKpi = (typeof ratioKpis)[number];

const text = (v: string | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

const dayOf = (v: string | undefined): Day | null => {
  const t = text(v);
  return t === null ? null : dayFromIso(t.slice(0, 10));
};

const num = (v: string | undefined): number | null => {
  const t = text(v);
  return t === null ? null : Number(t);
};

const rate = (v: string | undefined): number | null => {
  const t = text(v);
  if (t === null) return null;
  return t.endsWith('%') ? Number(t.slice(0, -1).replace(',', '.')) / 100 : Number(t);
};

/**
 * Exact ten-thousandths of the amount as written (design handbook §4: money is never rounded on
 * the way in), read from the digits as a BigInt so no float ever touches the amount.
 */
export function e4Of(amount: string): bigint {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(amount.trim());
  if (!m || (m[2] === '' && !m[3])) throw new Error(`not an amount: ${amount}`);
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > 4) throw new Error(`more than 4 decimal places: ${amount}`);
  const e4 = BigInt(m[2] || '0') * 10_000n + BigInt(frac.padEnd(4, '0'));
  return m[1] === '-' ? -e4 : e4;
}

/** Ten-thousandths as the number `kpi --json` prints: one correctly rounded division. */
export const unitsOfE4 = (e4: number): number => e4 / 10_000;

function statusOf(v: string | undefined): 'won' | 'lost' | 'open' {
  const t = (v ?? '').trim().toLowerCase();
  if (['won', 'closed won', 'menang', 'berhasil'].includes(t)) return 'won';
  if (['lost', 'closed lost', 'kalah', 'gagal'].includes(t)) return 'lost';
  return 'open';
}

interface Deal {
  order: number;
  id: string | null;
  owner: string | null;
  team: string | null;
  account: string | null;
  source: string | null;
  campaign: string | null;
  status: 'won' | 'lost' | 'open';
  e4: number;
  created: Day | null;
  closed: Day | null;
  lead: string | null;
}

interface Lead {
  id: string | null;
  created: Day;
  owner: string | null;
  source: string | null;
  campaign: string | null;
  mql: Day | null;
  sql: Day | null;
  converted: Day | null;
  deal: string | null;
}

interface Spanned {
  from: Day;
  to: Day;
}

interface Spend extends Spanned {
  source: string | null;
  campaign: string | null;
  kind: 'marketing' | 'sales';
  e4: number;
}

interface Web extends Spanned {
  source: string | null;
  sessions: number;
  users: number;
  bounces: number;
  duration: number;
}

interface Social extends Spanned {
  platform: string | null;
  impressions: number;
  reach: number;
  engagements: number;
  conversions: number;
}

function span(r: Row): Spanned {
  const date = dayOf(r.date);
  if (date !== null) return { from: date, to: date };
  const from = dayOf(r.date_from);
  const to = dayOf(r.date_to);
  if (from === null || to === null) throw new Error(`row without dates: ${JSON.stringify(r)}`);
  return { from, to };
}

const overlap = (s: Spanned, from: Day, to: Day): number =>
  Math.max(0, Math.min(s.to, to) - Math.max(s.from, from) + 1);

/**
 * An integer spread in whole units: each day gets the truncated share and the first |rest| days
 * of the row one unit more (with the value's sign), so a range row never loses or invents one.
 */
export function spreadE4(e4: number, s: Spanned, from: Day, to: Day): number {
  const a = Math.max(s.from, from);
  const b = Math.min(s.to, to);
  if (a > b) return 0;
  const n = s.to - s.from + 1;
  const share = Math.trunc(e4 / n);
  const rest = Math.abs(e4 % n);
  const firstIdx = a - s.from;
  const lastIdx = b - s.from;
  const extraDays = Math.max(0, Math.min(lastIdx, rest - 1) - firstIdx + 1);
  return share * (b - a + 1) + Math.sign(e4) * extraDays;
}

/** A count spread the same way, in ten-thousandths (rates × sessions may be fractional). */
const spreadEven = (value: number, s: Spanned, from: Day, to: Day): number =>
  spreadE4(Math.round(value * 10_000), s, from, to);

/** The raw parts of every KPI in one period and scope, before any division. */
export interface Parts {
  closed: number;
  won: number;
  revenue: number;
  cycleDays: number;
  cycleCount: number;
  newCustomers: number;
  leadsCreated: number;
  mqlInPeriod: number;
  sqlInPeriod: number;
  createdWithMql: number;
  createdConverted: number;
  marketingRows: number;
  salesRows: number;
  marketing: number;
  sales: number;
  attributed: number;
  webRows: number;
  sessions: number;
  users: number;
  bounces: number;
  duration: number;
  socialRows: number;
  impressions: number;
  reach: number;
  engagements: number;
  socialConversions: number;
}

export class ReferenceEngine {
  readonly deals: Deal[];
  readonly leads: Lead[];
  readonly spend: Spend[];
  readonly web: Web[];
  readonly social: Social[];
  private readonly teamOfOwner = new Map<string, string | null>();
  private readonly newCustomerDeals = new Set<Deal>();
  private readonly convertedLeads = new Set<Lead>();
  private readonly marketingSources = new Set<string>();

  constructor(files: Files) {
    this.deals = files.deals.map((r, order) => {
      const status = statusOf(r.status);
      return {
        order,
        id: text(r.external_id),
        owner: text(r.owner),
        team: text(r.team),
        account: text(r.account),
        source: text(r.source),
        campaign: text(r.campaign),
        status,
        e4: text(r.amount) === null ? 0 : Number(e4Of(r.amount!)),
        created: dayOf(r.created_at),
        closed: dayOf(r.closed_at),
        lead: text(r.lead_external_id),
      };
    });
    this.leads = files.leads.map((r) => ({
      id: text(r.external_id),
      created: dayOf(r.created_at)!,
      owner: text(r.owner),
      source: text(r.source),
      campaign: text(r.campaign),
      mql: dayOf(r.mql_at),
      sql: dayOf(r.sql_at),
      converted: dayOf(r.converted_at),
      deal: text(r.deal_external_id),
    }));
    this.spend = files.spend.map((r) => {
      const kind = (text(r.kind) ?? 'marketing').toLowerCase();
      return {
        ...span(r),
        source: text(r.source),
        campaign: text(r.campaign),
        kind: kind === 'sales' || kind === 'penjualan' ? 'sales' : 'marketing',
        e4: Number(e4Of(r.amount!)),
      };
    });
    this.web = files.web.map((r) => {
      const sessions = num(r.sessions) ?? 0;
      const bounceRate = rate(r.bounce_rate);
      const avg = num(r.avg_session_duration_s);
      return {
        ...span(r),
        source: text(r.source),
        sessions,
        users: num(r.users) ?? 0,
        bounces: num(r.bounces) ?? (bounceRate === null ? 0 : bounceRate * sessions),
        duration: num(r.total_duration_s) ?? (avg === null ? 0 : avg * sessions),
      };
    });
    this.social = files.social.map((r) => ({
      ...span(r),
      platform: text(r.platform),
      impressions: num(r.impressions) ?? 0,
      reach: num(r.reach) ?? 0,
      engagements: num(r.engagements) ?? 0,
      conversions: num(r.conversions) ?? 0,
    }));

    // A person's team is learnt from the first deal that names both.
    for (const d of this.deals) {
      if (d.owner !== null && d.team !== null && !this.teamOfOwner.has(d.owner))
        this.teamOfOwner.set(d.owner, d.team);
    }

    const firstWonOfAccount = new Map<string, Deal>();
    for (const d of this.deals) {
      if (d.status !== 'won') continue;
      if (d.account === null) {
        this.newCustomerDeals.add(d);
        continue;
      }
      const seen = firstWonOfAccount.get(d.account);
      if (!seen || d.closed! < seen.closed! || (d.closed === seen.closed && d.order < seen.order)) {
        firstWonOfAccount.set(d.account, d);
      }
    }
    for (const d of firstWonOfAccount.values()) this.newCustomerDeals.add(d);

    const wonIds = new Set(this.deals.filter((d) => d.status === 'won' && d.id !== null).map((d) => d.id));
    const leadsOfWonDeals = new Set(
      this.deals.filter((d) => d.status === 'won' && d.lead).map((d) => d.lead),
    );
    for (const l of this.leads) {
      if (
        l.converted !== null ||
        (l.deal !== null && wonIds.has(l.deal)) ||
        (l.id !== null && leadsOfWonDeals.has(l.id))
      ) {
        this.convertedLeads.add(l);
      }
    }

    for (const s of this.spend)
      if (s.kind === 'marketing' && s.source !== null) this.marketingSources.add(s.source);
  }

  teamOf(owner: string | null): string | null {
    return owner === null ? null : (this.teamOfOwner.get(owner) ?? null);
  }

  /** Values of `dim` the facts carry, with `null` standing for rows that leave it empty. */
  scopeValues(dim: Dim): (string | null)[] {
    const values = new Set<string | null>();
    for (const d of this.deals) {
      const v = this.dealDim(d, dim);
      if (v !== undefined) values.add(v);
    }
    for (const l of this.leads) {
      const v = this.leadDim(l, dim);
      if (v !== undefined) values.add(v);
    }
    if (dim === 'source' || dim === 'campaign') for (const s of this.spend) values.add(s[dim]);
    if (dim === 'source') for (const w of this.web) values.add(w.source);
    if (dim === 'platform') for (const s of this.social) values.add(s.platform);
    return [...values];
  }

  // `undefined` = this kind of fact does not carry the dimension at all.
  private dealDim(d: Deal, dim: Dim): string | null | undefined {
    if (dim === 'platform') return undefined;
    // A deal without a team counts for its owner's team.
    return dim === 'team' ? (d.team ?? this.teamOf(d.owner)) : d[dim];
  }
  private leadDim(l: Lead, dim: Dim): string | null | undefined {
    if (dim === 'platform') return undefined;
    return dim === 'team' ? this.teamOf(l.owner) : l[dim];
  }

  /**
   * The parts of one scope, or of one scope inside another (`within`: each owner of one team);
   * a kind of fact counts only when it carries every dimension asked about.
   */
  parts(from: Day, to: Day, scope: Scope, within: Scope = null): Parts {
    const scopes = [scope, within].filter((x): x is NonNullable<Scope> => x !== null);
    const matches = (valueOf: (dim: Dim) => string | null | undefined) =>
      scopes.every((x) => {
        const v = valueOf(x.dim);
        return v !== undefined && v === x.value;
      });
    const carried = (dims: readonly Dim[]) => scopes.every((x) => dims.includes(x.dim));
    const inP = (d: Day | null) => d !== null && d >= from && d <= to;
    const p: Parts = {
      closed: 0,
      won: 0,
      revenue: 0,
      cycleDays: 0,
      cycleCount: 0,
      newCustomers: 0,
      leadsCreated: 0,
      mqlInPeriod: 0,
      sqlInPeriod: 0,
      createdWithMql: 0,
      createdConverted: 0,
      marketingRows: 0,
      salesRows: 0,
      marketing: 0,
      sales: 0,
      attributed: 0,
      webRows: 0,
      sessions: 0,
      users: 0,
      bounces: 0,
      duration: 0,
      socialRows: 0,
      impressions: 0,
      reach: 0,
      engagements: 0,
      socialConversions: 0,
    };

    for (const d of this.deals) {
      if (d.status === 'open' || !inP(d.closed)) continue;
      if (!matches((dim) => this.dealDim(d, dim))) continue;
      p.closed++;
      if (d.status !== 'won') continue;
      p.won++;
      p.revenue += d.e4;
      if (d.created !== null) {
        p.cycleDays += d.closed! - d.created;
        p.cycleCount++;
      }
      if (this.newCustomerDeals.has(d)) p.newCustomers++;
      // The company's ROMI credits only channels that carry marketing spend; a source or
      // campaign scope credits its own revenue.
      if (scope !== null || (d.source !== null && this.marketingSources.has(d.source))) p.attributed += d.e4;
    }

    for (const l of this.leads) {
      if (!matches((dim) => this.leadDim(l, dim))) continue;
      if (inP(l.mql)) p.mqlInPeriod++;
      if (inP(l.sql)) p.sqlInPeriod++;
      if (!inP(l.created)) continue;
      p.leadsCreated++;
      if (l.mql !== null) p.createdWithMql++;
      if (this.convertedLeads.has(l)) p.createdConverted++;
    }

    if (carried(['source', 'campaign'])) {
      for (const s of this.spend) {
        if (overlap(s, from, to) === 0) continue;
        if (!matches((dim) => s[dim as 'source' | 'campaign'])) continue;
        const e4 = spreadE4(s.e4, s, from, to);
        if (s.kind === 'marketing') {
          p.marketingRows++;
          p.marketing += e4;
        } else {
          p.salesRows++;
          p.sales += e4;
        }
      }
    }

    if (carried(['source'])) {
      for (const w of this.web) {
        if (overlap(w, from, to) === 0) continue;
        if (!matches(() => w.source)) continue;
        p.webRows++;
        p.sessions += spreadEven(w.sessions, w, from, to);
        p.users += spreadEven(w.users, w, from, to);
        p.bounces += spreadEven(w.bounces, w, from, to);
        p.duration += spreadEven(w.duration, w, from, to);
      }
    }

    if (carried(['platform'])) {
      for (const s of this.social) {
        if (overlap(s, from, to) === 0) continue;
        if (!matches(() => s.platform)) continue;
        p.socialRows++;
        p.impressions += spreadEven(s.impressions, s, from, to);
        p.reach += spreadEven(s.reach, s, from, to);
        p.engagements += spreadEven(s.engagements, s, from, to);
        p.socialConversions += spreadEven(s.conversions, s, from, to);
      }
    }
    return p;
  }
}

/**
 * Each ratio KPI as numerator, denominator and whether it may have a value at all (CAC needs
 * spend rows, ROMI marketing rows); money numerators are in currency units.
 */
export function ratioParts(p: Parts): Record<RatioKpi, { num: number; den: number; present: boolean }> {
  return {
    win_rate: { num: p.won, den: p.closed, present: true },
    lead_conversion_rate: { num: p.createdConverted, den: p.leadsCreated, present: true },
    avg_deal_size: { num: unitsOfE4(p.revenue), den: p.won, present: true },
    sales_cycle_days: { num: p.cycleDays, den: p.cycleCount, present: true },
    mql_rate: { num: p.createdWithMql, den: p.leadsCreated, present: true },
    cac: {
      num: unitsOfE4(p.marketing + p.sales),
      den: p.newCustomers,
      present: p.marketingRows + p.salesRows > 0,
    },
    romi: {
      num: unitsOfE4(p.attributed - p.marketing),
      den: unitsOfE4(p.marketing),
      present: p.marketingRows > 0,
    },
    avg_session_duration: { num: p.duration, den: p.sessions, present: true },
    bounce_rate: { num: p.bounces, den: p.sessions, present: true },
    social_engagement_rate: { num: p.engagements, den: p.impressions, present: true },
  };
}

/**
 * Sum KPIs in their exact units (ten-thousandths for money; counts spread in ten-thousandths
 * back in units) with the "no data → no value" rules.
 */
export function sumValues(p: Parts): Record<(typeof sumKpis)[number], number | null> {
  const dealsClosed = p.closed > 0;
  const leadActivity = p.leadsCreated + p.mqlInPeriod + p.sqlInPeriod > 0;
  return {
    revenue: dealsClosed ? p.revenue : null,
    deals_won: dealsClosed ? p.won : null,
    new_customers: dealsClosed ? p.newCustomers : null,
    leads: leadActivity ? p.leadsCreated : null,
    mql: leadActivity ? p.mqlInPeriod : null,
    marketing_spend: p.marketingRows > 0 ? p.marketing : null,
    sales_spend: p.salesRows > 0 ? p.sales : null,
    web_sessions: p.webRows > 0 ? unitsOfE4(p.sessions) : null,
    web_users: p.webRows > 0 ? unitsOfE4(p.users) : null,
    social_impressions: p.socialRows > 0 ? unitsOfE4(p.impressions) : null,
    social_reach: p.socialRows > 0 ? unitsOfE4(p.reach) : null,
    social_conversions: p.socialRows > 0 ? unitsOfE4(p.socialConversions) : null,
  };
}

export const divide = (r: { num: number; den: number; present: boolean }): number | null =>
  r.present && r.den !== 0 ? r.num / r.den : null;

/** Every catalog KPI as `kpi --json` reports it: base units, money in major units. */
export function kpiValues(p: Parts): Record<KpiCode, number | null> {
  const sums = sumValues(p);
  const ratios = ratioParts(p);
  const out = {} as Record<KpiCode, number | null>;
  for (const k of Object.keys(sums) as (keyof typeof sums)[]) {
    const v = sums[k];
    out[k] = v !== null && moneyKpis.has(k) ? unitsOfE4(v) : v;
  }
  for (const k of Object.keys(ratios) as RatioKpi[]) out[k] = divide(ratios[k]);
  return out;
}
