import type { KpiDefinition } from '../contract/schemas.js';

type Def = KpiDefinition;
const kpi = (d: Def): Def => d;

/**
 * The built-in KPI catalog (design handbook §5). Names and definitions are what users read
 * in the KPI library, so they say exactly what is counted and how it rolls up.
 */
export const builtInKpis: readonly Def[] = [
  kpi({
    code: 'revenue',
    name: { id: 'Pendapatan', en: 'Revenue' },
    definition: {
      id: 'Jumlah nilai deal yang dimenangkan dengan tanggal tutup di dalam periode.',
      en: 'Sum of the amounts of won deals whose close date falls in the period.',
    },
    unit: 'money',
    direction: 'higher',
    rollup: 'sum',
  }),
  kpi({
    code: 'target_achievement',
    name: { id: 'Pencapaian Target Penjualan', en: 'Sales target achievement' },
    definition: {
      id: 'Pendapatan ÷ target pendapatan untuk cakupan dan periode yang sama.',
      en: 'Revenue ÷ the revenue target of the same scope and period.',
    },
    unit: 'percent',
    direction: 'higher',
    rollup: 'ratio',
  }),
  kpi({
    code: 'deals_won',
    name: { id: 'Jumlah Deal Tertutup', en: 'Deals won' },
    definition: {
      id: 'Banyaknya deal yang dimenangkan dengan tanggal tutup di dalam periode.',
      en: 'Number of won deals whose close date falls in the period.',
    },
    unit: 'count',
    direction: 'higher',
    rollup: 'sum',
  }),
  kpi({
    code: 'win_rate',
    name: { id: 'Win Rate', en: 'Win rate' },
    definition: {
      id: 'Deal menang ÷ (menang + kalah) di antara deal yang ditutup di dalam periode.',
      en: 'Won ÷ (won + lost) among deals closed in the period.',
    },
    unit: 'percent',
    direction: 'higher',
    rollup: 'ratio',
  }),
];
