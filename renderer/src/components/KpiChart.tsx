import {
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  LinearScale,
  Tooltip,
  type ChartOptions,
} from 'chart.js';
import { useMemo } from 'react';
import { Bar } from 'react-chartjs-2';
import type { KpiUnit } from '../../../shared/contract/schemas';
import { formatKpiValue, type FormatSettings } from '../../../shared/format';

// Only what a bar chart of monthly values needs, so the bundle stays small.
ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip);
// Canvas text cannot inherit CSS, so the chart gets the same font stack as styles.css.
ChartJS.defaults.font.family =
  '"Segoe UI", system-ui, -apple-system, Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif';
ChartJS.defaults.color = '#5b6b7b';

export interface KpiChartProps {
  unit: KpiUnit;
  settings: FormatSettings;
  /** One label per point, such as short month names. */
  labels: string[];
  values: (number | null)[];
  /** Index of the bar to emphasise (the month shown on the tile). */
  highlight: number;
  /** What a screen reader announces instead of the picture. */
  description: string;
}

const BAR = '#8fd3c9';
const BAR_HIGHLIGHT = '#0f8f80';

export function KpiChart({ unit, settings, labels, values, highlight, description }: KpiChartProps) {
  const data = useMemo(
    () => ({
      labels,
      datasets: [
        {
          data: values,
          backgroundColor: values.map((_, i) => (i === highlight ? BAR_HIGHLIGHT : BAR)),
          hoverBackgroundColor: BAR_HIGHLIGHT,
          borderRadius: 3,
          maxBarThickness: 28,
        },
      ],
    }),
    [labels, values, highlight],
  );
  const options = useMemo<ChartOptions<'bar'>>(
    () => ({
      responsive: true,
      maintainAspectRatio: false,
      animation: { duration: 250 },
      plugins: {
        tooltip: {
          displayColors: false,
          callbacks: { label: (item) => formatKpiValue(item.parsed.y, unit, settings) },
        },
      },
      scales: {
        x: { grid: { display: false }, ticks: { font: { size: 11 }, maxRotation: 0, autoSkipPadding: 4 } },
        y: {
          beginAtZero: true,
          border: { display: false },
          grid: { color: '#edf1f4' },
          ticks: {
            font: { size: 11 },
            maxTicksLimit: 4,
            // Half a deal is not a thing: whole-number steps for counts.
            precision: unit === 'count' ? 0 : undefined,
            callback: (tick) => formatKpiValue(Number(tick), unit, settings, { compact: true }),
          },
        },
      },
    }),
    [unit, settings],
  );
  return (
    <div className="chart-box">
      <Bar data={data} options={options} role="img" aria-label={description} />
    </div>
  );
}
