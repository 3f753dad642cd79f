import { dayFromYmd, isoFromDay, type Day } from '../../../shared/kpi/periods.js';

/**
 * A seeded generator of a believable Indonesian company: two sales teams, eight people,
 * leads from paid and organic channels, deals with repeat customers, daily ad spend, monthly
 * sales spend over date ranges, web traffic and social media. The same seed gives the same
 * company, so the demo, the tests and the benchmark can share it at any size.
 */
export interface DemoOptions {
  seed?: number;
  from: Day;
  to: Day;
  deals: number;
  leadsPerDeal?: number;
}

export type CanonicalRow = Record<string, string>;

/** mulberry32: small, fast and good enough for believable demo data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const demoTeams = {
  'Tim Jakarta': ['Budi Santoso', 'Sari Dewi', 'Agus Pratama', 'Rina Wulandari'],
  'Tim Surabaya': ['Dedi Kurniawan', 'Putri Lestari', 'Eko Saputra', 'Maya Anggraini'],
} as const;

/** The marketers who own the leads until sales takes them over; appraised on a marketing scorecard. */
export const demoMarketers = ['Fajar Nugroho', 'Indah Permata'] as const;

const sources = [
  { name: 'Google Ads', weight: 0.25, paid: true },
  { name: 'Meta Ads', weight: 0.22, paid: true },
  { name: 'Instagram', weight: 0.12, paid: true },
  { name: 'Pameran', weight: 0.08, paid: true },
  { name: 'Referral', weight: 0.15, paid: false },
  { name: 'Website Organik', weight: 0.13, paid: false },
  { name: 'Telemarketing', weight: 0.05, paid: false },
];

const campaignsByMonth: Record<number, string> = {
  1: 'Promo Awal Tahun',
  3: 'Promo Ramadan',
  4: 'Promo Ramadan',
  6: 'Back to School',
  8: 'Kemerdekaan 17an',
  11: 'Harbolnas 11.11',
  12: 'Harbolnas 12.12',
};

const accountPrefixes = ['PT', 'CV', 'UD', 'Toko', 'Koperasi'];
const accountWords = [
  'Sinar',
  'Jaya',
  'Berkah',
  'Abadi',
  'Makmur',
  'Sentosa',
  'Nusantara',
  'Mandiri',
  'Sejahtera',
  'Karya',
  'Mulia',
  'Prima',
  'Cahaya',
  'Bintang',
  'Surya',
  'Harapan',
  'Indah',
  'Utama',
  'Lestari',
  'Gemilang',
];
const qualities = ['bagus', 'cukup', 'buruk'];
const platforms = ['Instagram', 'TikTok', 'Facebook', 'LinkedIn'];
const webSources = ['Organik', 'Google Ads', 'Meta Ads', 'Langsung', 'Referral'];

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

function weighted<T extends { weight: number }>(r: () => number, items: readonly T[]): T {
  let x = r();
  for (const item of items) {
    x -= item.weight;
    if (x <= 0) return item;
  }
  return items[items.length - 1]!;
}

/** Seasonality: Ramadan and year-end campaigns lift demand; Lebaran holidays dip it. */
function seasonal(day: Day): number {
  const month = new Date(day * 86_400_000).getUTCMonth() + 1;
  return ({ 3: 1.25, 4: 0.8, 11: 1.2, 12: 1.3 } as Record<number, number>)[month] ?? 1;
}

function monthOf(day: Day): number {
  return new Date(day * 86_400_000).getUTCMonth() + 1;
}

export function* demoDeals(o: DemoOptions): Generator<CanonicalRow> {
  const r = rng(o.seed ?? 42);
  const people = Object.entries(demoTeams).flatMap(([team, names]) => names.map((name) => ({ name, team })));
  // Some people sell more than others, so scorecards have something to say.
  const skill = new Map(people.map((p, i) => [p.name, 0.2 + ((i * 37) % 19) / 100]));
  const accountCount = Math.max(20, Math.floor(o.deals / 3));
  const span = o.to - o.from + 1;
  for (let i = 0; i < o.deals; i++) {
    let created = o.from + Math.floor(r() * span);
    if (r() > seasonal(created) / 1.3) created = o.from + Math.floor(r() * span);
    const person = pick(r, people);
    const source = weighted(r, sources);
    const campaign = source.paid ? (campaignsByMonth[monthOf(created)] ?? '') : '';
    const account = `${pick(r, accountPrefixes)} ${pick(r, accountWords)} ${pick(r, accountWords)} ${Math.floor(r() * accountCount) % 97}`;
    const amount = Math.round(Math.exp(15.4 + r() * 2.5 + r()) / 1000) * 1000; // Rp 5 jt … 500 jt
    const closed = created + 7 + Math.floor(r() * r() * 120);
    const p = skill.get(person.name)! + (source.name === 'Referral' ? 0.15 : 0);
    const status = closed > o.to ? 'open' : r() < p ? 'won' : 'lost';
    yield {
      external_id: `DEAL-${String(i + 1).padStart(7, '0')}`,
      title: `Paket ${pick(r, ['Basic', 'Pro', 'Enterprise', 'Custom'])} untuk ${account}`,
      owner: person.name,
      team: person.team,
      account,
      source: source.name,
      campaign,
      stage:
        status === 'open'
          ? pick(r, ['Prospek', 'Presentasi', 'Negosiasi'])
          : status === 'won'
            ? 'Closed Won'
            : 'Closed Lost',
      status,
      amount: String(amount),
      currency: 'IDR',
      created_at: isoFromDay(created),
      closed_at: status === 'open' ? '' : isoFromDay(closed),
      lead_external_id: '',
    };
  }
}

export function* demoLeads(o: DemoOptions): Generator<CanonicalRow> {
  const r = rng((o.seed ?? 42) + 1);
  const n = Math.round(o.deals * (o.leadsPerDeal ?? 2));
  const span = o.to - o.from + 1;
  for (let i = 0; i < n; i++) {
    const created = o.from + Math.floor(r() * span);
    const source = weighted(r, sources);
    const mql = r() < 0.45 ? created + 1 + Math.floor(r() * 10) : null;
    const sql = mql !== null && r() < 0.5 ? mql + 1 + Math.floor(r() * 14) : null;
    const converted = sql !== null && r() < 0.45 ? sql + 3 + Math.floor(r() * 30) : null;
    const within = (d: number | null) => (d !== null && d <= o.to ? isoFromDay(d) : '');
    yield {
      external_id: `LEAD-${String(i + 1).padStart(7, '0')}`,
      created_at: isoFromDay(created),
      owner: pick(r, demoMarketers),
      source: source.name,
      campaign: source.paid ? (campaignsByMonth[monthOf(created)] ?? '') : '',
      status:
        converted !== null && converted <= o.to
          ? 'converted'
          : sql !== null
            ? 'sql'
            : mql !== null
              ? 'mql'
              : 'baru',
      mql_at: within(mql),
      sql_at: within(sql),
      converted_at: within(converted),
      deal_external_id: '',
      disqualified_reason:
        mql === null && r() < 0.3
          ? pick(r, ['budget tidak cukup', 'bukan pengambil keputusan', 'tidak responsif'])
          : '',
      quality: mql !== null ? pick(r, qualities) : '',
    };
  }
}

export function* demoSpend(o: DemoOptions): Generator<CanonicalRow> {
  const r = rng((o.seed ?? 42) + 2);
  const scale = Math.max(1, o.deals / 1500);
  for (let d = o.from; d <= o.to; d++) {
    for (const s of sources.filter((x) => x.paid && x.name !== 'Pameran')) {
      const campaign = campaignsByMonth[monthOf(d)] ?? '';
      yield {
        date: isoFromDay(d),
        source: s.name,
        campaign,
        kind: 'marketing',
        amount: String(Math.round((300_000 + r() * 1_700_000) * seasonal(d) * s.weight * 4 * scale)),
      };
    }
  }
  // Events and the sales team's field costs arrive as monthly totals over a date range.
  for (let d = o.from; d <= o.to;) {
    const [y, m] = isoFromDay(d).split('-').map(Number) as [number, number];
    const next = m === 12 ? dayFromYmd(y + 1, 1, 1) : dayFromYmd(y, m + 1, 1);
    const end = Math.min(next - 1, o.to);
    if (r() < 0.4) {
      yield {
        date_from: isoFromDay(d),
        date_to: isoFromDay(end),
        source: 'Pameran',
        campaign: '',
        kind: 'marketing',
        amount: String(Math.round((15 + r() * 20) * 1_000_000 * scale)),
      };
    }
    yield {
      date_from: isoFromDay(d),
      date_to: isoFromDay(end),
      source: 'Kunjungan Sales',
      campaign: '',
      kind: 'sales',
      amount: String(Math.round((20 + r() * 10) * 1_000_000 * scale)),
    };
    d = next;
  }
}

export function* demoWeb(o: DemoOptions): Generator<CanonicalRow> {
  const r = rng((o.seed ?? 42) + 3);
  for (let d = o.from; d <= o.to; d++) {
    for (const source of webSources) {
      const sessions = Math.round((80 + r() * 400) * seasonal(d));
      yield {
        date: isoFromDay(d),
        source,
        sessions: String(sessions),
        users: String(Math.round(sessions * (0.7 + r() * 0.2))),
        new_users: String(Math.round(sessions * (0.4 + r() * 0.2))),
        bounce_rate: (0.3 + r() * 0.35).toFixed(4),
        avg_session_duration_s: (40 + r() * 200).toFixed(1),
        conversions: String(Math.round(sessions * r() * 0.03)),
      };
    }
  }
}

export function* demoSocial(o: DemoOptions): Generator<CanonicalRow> {
  const r = rng((o.seed ?? 42) + 4);
  let followers = 12_000;
  for (let d = o.from; d <= o.to; d++) {
    for (const platform of platforms) {
      const impressions = Math.round((1500 + r() * 9000) * seasonal(d));
      followers += Math.round(r() * 25);
      yield {
        date: isoFromDay(d),
        platform,
        impressions: String(impressions),
        reach: String(Math.round(impressions * (0.55 + r() * 0.3))),
        engagements: String(Math.round(impressions * (0.01 + r() * 0.06))),
        clicks: String(Math.round(impressions * r() * 0.02)),
        followers: String(followers),
        conversions: String(Math.round(r() * 6)),
      };
    }
  }
}

export const demoKinds = {
  deals: demoDeals,
  leads: demoLeads,
  spend: demoSpend,
  web: demoWeb,
  social: demoSocial,
} as const;
