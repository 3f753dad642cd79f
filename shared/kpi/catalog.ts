import type { KpiDefinition } from '../contract/schemas.js';

type Def = KpiDefinition;

/**
 * The built-in KPI catalog (design handbook §5). Names and definitions are what users read
 * in the KPI library, so they say exactly what is counted, when a value is missing ("—"),
 * and how it rolls up over longer periods and larger scopes.
 */
export const builtInKpis: readonly Def[] = [
  {
    code: 'revenue',
    name: { id: 'Pendapatan', en: 'Revenue' },
    definition: {
      id: 'Jumlah nilai deal berstatus menang yang tanggal tutupnya di dalam periode. Kosong (—) bila tidak ada deal yang ditutup (menang atau kalah) di periode itu.',
      en: 'Sum of the amounts of won deals whose close date falls in the period. No value (—) when no deal (won or lost) closed in the period.',
    },
    unit: 'money',
    direction: 'higher',
    rollup: 'sum',
  },
  {
    code: 'target_achievement',
    name: { id: 'Pencapaian Target Penjualan', en: 'Sales target achievement' },
    definition: {
      id: 'Pendapatan ÷ target pendapatan untuk cakupan dan periode yang sama; dihitung ulang dari pendapatan dan target, tidak dirata-rata.',
      en: 'Revenue ÷ the revenue target of the same scope and period; recomputed from revenue and target, never averaged.',
    },
    unit: 'percent',
    direction: 'higher',
    rollup: 'ratio',
  },
  {
    code: 'deals_won',
    name: { id: 'Jumlah Deal Tertutup', en: 'Deals won' },
    definition: {
      id: 'Banyaknya deal berstatus menang dengan tanggal tutup di dalam periode.',
      en: 'Number of won deals whose close date falls in the period.',
    },
    unit: 'count',
    direction: 'higher',
    rollup: 'sum',
  },
  {
    code: 'win_rate',
    name: { id: 'Tingkat Kemenangan', en: 'Win rate' },
    definition: {
      id: 'Deal menang ÷ (menang + kalah) di antara deal yang ditutup di dalam periode. Deal yang masih terbuka tidak dihitung.',
      en: 'Won ÷ (won + lost) among deals closed in the period. Open deals are not counted.',
    },
    unit: 'percent',
    direction: 'higher',
    rollup: 'ratio',
  },
  {
    code: 'lead_conversion_rate',
    name: { id: 'Tingkat Konversi', en: 'Lead conversion rate' },
    definition: {
      id: 'Lead yang dibuat di periode dan kemudian terkonversi (converted_at terisi atau tertaut ke deal yang menang) ÷ lead yang dibuat di periode. Ukuran kohort: kohort terbaru masih berjalan dan angkanya masih bisa naik.',
      en: 'Leads created in the period that converted (converted_at set or linked to a won deal) ÷ leads created in the period. A cohort measure: recent cohorts are still maturing and may still rise.',
    },
    unit: 'percent',
    direction: 'higher',
    rollup: 'ratio',
  },
  {
    code: 'avg_deal_size',
    name: { id: 'Rata-rata Nilai Deal', en: 'Average deal size' },
    definition: {
      id: 'Pendapatan ÷ jumlah deal menang di periode.',
      en: 'Revenue ÷ deals won in the period.',
    },
    unit: 'money',
    direction: 'higher',
    rollup: 'ratio',
  },
  {
    code: 'sales_cycle_days',
    name: { id: 'Lama Siklus Penjualan', en: 'Sales cycle length' },
    definition: {
      id: 'Rata-rata (tanggal tutup − tanggal dibuat) dalam hari atas deal menang yang ditutup di periode (Σ hari ÷ jumlah deal); deal tanpa tanggal dibuat tidak dihitung.',
      en: 'Mean of (close date − created date) in days over won deals closed in the period (Σ days ÷ count); deals without a created date are left out.',
    },
    unit: 'days',
    direction: 'lower',
    rollup: 'ratio',
  },
  {
    code: 'leads',
    name: { id: 'Leads Dihasilkan', en: 'Leads generated' },
    definition: {
      id: 'Banyaknya lead yang dibuat di periode.',
      en: 'Number of leads created in the period.',
    },
    unit: 'count',
    direction: 'higher',
    rollup: 'sum',
  },
  {
    code: 'mql',
    name: { id: 'Prospek Layak Pemasaran (MQL)', en: 'Marketing qualified leads' },
    definition: {
      id: 'Banyaknya lead dengan tanggal MQL di dalam periode (apa pun tanggal dibuatnya).',
      en: 'Number of leads whose MQL date falls in the period (whenever they were created).',
    },
    unit: 'count',
    direction: 'higher',
    rollup: 'sum',
  },
  {
    code: 'mql_rate',
    name: { id: 'Rasio MQL', en: 'MQL rate' },
    definition: {
      id: 'Lead yang dibuat di periode dan mencapai MQL ÷ lead yang dibuat di periode (ukuran kohort).',
      en: 'Leads created in the period that reached MQL ÷ leads created in the period (a cohort measure).',
    },
    unit: 'percent',
    direction: 'higher',
    rollup: 'ratio',
  },
  {
    code: 'new_customers',
    name: { id: 'Pelanggan Baru', en: 'New customers' },
    definition: {
      id: 'Akun yang deal menang pertamanya ditutup di periode; deal tanpa kolom akun dihitung masing-masing sebagai satu pelanggan.',
      en: 'Accounts whose first won deal closes in the period; a won deal without an account counts as one customer.',
    },
    unit: 'count',
    direction: 'higher',
    rollup: 'sum',
  },
  {
    code: 'marketing_spend',
    name: { id: 'Biaya Pemasaran', en: 'Marketing spend' },
    definition: {
      id: 'Jumlah biaya berjenis pemasaran di periode. Baris biaya untuk rentang tanggal dibagi rata per hari.',
      en: 'Sum of marketing-kind spend in the period. Spend rows over a date range are spread evenly per day.',
    },
    unit: 'money',
    direction: 'lower',
    rollup: 'sum',
  },
  {
    code: 'sales_spend',
    name: { id: 'Biaya Penjualan', en: 'Sales spend' },
    definition: {
      id: 'Jumlah biaya berjenis penjualan di periode. Baris biaya untuk rentang tanggal dibagi rata per hari.',
      en: 'Sum of sales-kind spend in the period. Spend rows over a date range are spread evenly per day.',
    },
    unit: 'money',
    direction: 'lower',
    rollup: 'sum',
  },
  {
    code: 'cac',
    name: { id: 'Biaya Akuisisi Pelanggan (CAC)', en: 'Customer acquisition cost (CAC)' },
    definition: {
      id: '(Biaya pemasaran + penjualan di periode) ÷ pelanggan baru di periode. Kosong bila tidak ada data biaya atau tidak ada pelanggan baru.',
      en: '(Marketing + sales spend in the period) ÷ new customers in the period. No value when there is no spend data or no new customer.',
    },
    unit: 'money',
    direction: 'lower',
    rollup: 'ratio',
  },
  {
    code: 'romi',
    name: { id: 'ROMI', en: 'ROMI' },
    definition: {
      id: '(Pendapatan teratribusi − biaya pemasaran) ÷ biaya pemasaran di periode. Pendapatan teratribusi = pendapatan deal menang yang sumbernya kanal pemasaran (sumber yang punya baris biaya pemasaran, dapat diubah di pengaturan); per kampanye: pendapatan dan biaya kampanye itu.',
      en: '(Attributed revenue − marketing spend) ÷ marketing spend in the period. Attributed revenue = revenue of won deals whose source is a marketing channel (a source with marketing spend rows, editable in settings); per campaign: that campaign’s revenue and spend.',
    },
    unit: 'ratio',
    direction: 'higher',
    rollup: 'ratio',
  },
  {
    code: 'web_sessions',
    name: { id: 'Trafik Website (Sesi)', en: 'Website sessions' },
    definition: { id: 'Jumlah sesi di periode.', en: 'Sum of sessions in the period.' },
    unit: 'count',
    direction: 'higher',
    rollup: 'sum',
  },
  {
    code: 'web_users',
    name: { id: 'Trafik Website (Pengguna)', en: 'Website users' },
    definition: {
      id: 'Jumlah pengguna di periode (dijumlah per baris, seperti yang diekspor).',
      en: 'Sum of users in the period (summed per row, as exported).',
    },
    unit: 'count',
    direction: 'higher',
    rollup: 'sum',
  },
  {
    code: 'avg_session_duration',
    name: { id: 'Durasi Kunjungan', en: 'Average session duration' },
    definition: {
      id: 'Σ durasi total (detik) ÷ Σ sesi.',
      en: 'Σ total duration (seconds) ÷ Σ sessions.',
    },
    unit: 'seconds',
    direction: 'higher',
    rollup: 'ratio',
  },
  {
    code: 'bounce_rate',
    name: { id: 'Rasio Pentalan', en: 'Bounce rate' },
    definition: {
      id: 'Σ bounce ÷ Σ sesi; rasio per baris dibobot dengan sesi baris itu.',
      en: 'Σ bounces ÷ Σ sessions; a per-row rate is weighted by that row’s sessions.',
    },
    unit: 'percent',
    direction: 'lower',
    rollup: 'ratio',
  },
  {
    code: 'social_impressions',
    name: { id: 'Impresi', en: 'Social impressions' },
    definition: { id: 'Jumlah impresi di periode.', en: 'Sum of impressions in the period.' },
    unit: 'count',
    direction: 'higher',
    rollup: 'sum',
  },
  {
    code: 'social_reach',
    name: { id: 'Jangkauan', en: 'Social reach' },
    definition: {
      id: 'Jumlah jangkauan per baris di periode (jangkauan unik lintas hari tidak bisa dijumlah; angka ini batas atasnya).',
      en: 'Sum of per-row reach in the period (unique reach across days cannot be summed; this is its upper bound).',
    },
    unit: 'count',
    direction: 'higher',
    rollup: 'sum',
  },
  {
    code: 'social_engagement_rate',
    name: { id: 'Tingkat Keterlibatan', en: 'Engagement rate' },
    definition: { id: 'Σ engagement ÷ Σ impresi.', en: 'Σ engagements ÷ Σ impressions.' },
    unit: 'percent',
    direction: 'higher',
    rollup: 'ratio',
  },
  {
    code: 'social_conversions',
    name: { id: 'Konversi Sosial', en: 'Social conversions' },
    definition: { id: 'Jumlah konversi dari media sosial.', en: 'Sum of social conversions.' },
    unit: 'count',
    direction: 'higher',
    rollup: 'sum',
  },
];

export const builtInKpiCodes: ReadonlySet<string> = new Set(builtInKpis.map((k) => k.code));
