import {
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartData,
  type ChartOptions,
} from 'chart.js';
import { useMemo } from 'react';
import { Bar } from 'react-chartjs-2';
import type { KpiUnit } from '../../../shared/contract/schemas';
import { formatKpiValue, type FormatSettings } from '../../../shared/format';

// Only what monthly bars with a target line need, so the bundle stays small.
ChartJS.register(
  CategoryScale,
  LinearScale,
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);
// Canvas text cannot inherit CSS, so the chart gets the same font stack as styles.css.
ChartJS.defaults.font.family =
  '"Segoe UI", system-ui, -apple-system, Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif';
// A mid grey that reads on the light and the dark theme alike.
ChartJS.defaults.color = '#8393a2';

export interface KpiChartProps {
  unit: KpiUnit;
  settings: FormatSettings;
  /** One label per point, such as short month names. */
  labels: string[];
  values: (number | null)[];
  /** The target of each point, drawn as a stepped line (revisions show as steps). */
  targets?: (number | null)[];
  targetLabel?: string;
  /**
   * Where a running month is heading at its pace so far: a marker above that month's bar (null
   * for every other month), so the bar to date and its projected end read together.
   */
  projection?: (number | null)[];
  projectionLabel?: string;
  /** Which bars are emphasised (the months of the period shown on the tile). */
  highlight: readonly boolean[];
  /** What a screen reader announces instead of the picture. */
  description: string;
  /** Axis text size in pixels; larger where the chart is read from across a room (a projector). */
  tickSize?: number;
}

const BAR = '#8fd3c9';
const BAR_HIGHLIGHT = '#0f8f80';
const TARGET_LINE = '#d97706';
const PROJECTION = '#5b6b7a';

export function KpiChart({
  unit,
  settings,
  labels,
  values,
  targets,
  targetLabel,
  projection,
  projectionLabel,
  highlight,
  description,
  tickSize = 11,
}: KpiChartProps) {
  const data = useMemo(() => {
    const chart: ChartData<'bar' | 'line', (number | null)[], string> = {
      labels,
      datasets: [
        {
          type: 'bar' as const,
          data: values,
          backgroundColor: values.map((_, i) => (highlight[i] ? BAR_HIGHLIGHT : BAR)),
          hoverBackgroundColor: BAR_HIGHLIGHT,
          borderRadius: 3,
          maxBarThickness: 28,
          order: 2,
        },
      ],
    };
    if (targets) {
      chart.datasets.push({
        type: 'line' as const,
        label: targetLabel,
        data: targets,
        borderColor: TARGET_LINE,
        backgroundColor: TARGET_LINE,
        borderWidth: 2,
        borderDash: [5, 3],
        stepped: 'middle',
        pointRadius: 0,
        pointHitRadius: 8,
        spanGaps: false,
        order: 1,
      });
    }
    if (projection?.some((v) => v !== null)) {
      chart.datasets.push({
        type: 'line' as const,
        label: projectionLabel,
        data: projection,
        borderColor: PROJECTION,
        backgroundColor: PROJECTION,
        showLine: false,
        pointStyle: 'line',
        pointRadius: 12,
        pointBorderWidth: 3,
        pointHitRadius: 10,
        order: 0,
      });
    }
    return chart;
  }, [labels, values, targets, targetLabel, projection, projectionLabel, highlight]);
  const options = useMemo<ChartOptions<'bar'>>(
    () => ({
      responsive: true,
      maintainAspectRatio: false,
      // Two dozen charts redraw at once when the period changes: no animation keeps that instant.
      animation: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          displayColors: false,
          // Exact values in the workspace's format, the target line's named as such.
          callbacks: {
            label: (item) =>
              `${item.dataset.label ? `${item.dataset.label}: ` : ''}${formatKpiValue(item.parsed.y, unit, settings)}`,
          },
        },
      },
      scales: {
        x: {
          grid: { display: false },
          ticks: { font: { size: tickSize }, maxRotation: 0, autoSkipPadding: 4 },
        },
        y: {
          beginAtZero: true,
          border: { display: false },
          grid: { color: 'rgba(127, 145, 160, 0.2)' },
          ticks: {
            font: { size: tickSize },
            maxTicksLimit: 4,
            // Half a deal is not a thing: whole-number steps for counts.
            precision: unit === 'count' ? 0 : undefined,
            callback: (tick) => formatKpiValue(Number(tick), unit, settings, { compact: true }),
          },
        },
      },
    }),
    [unit, settings, tickSize],
  );
  return (
    <div className="chart-box">
      <Bar data={data as ChartData<'bar'>} options={options} role="img" aria-label={description} />
    </div>
  );
}
