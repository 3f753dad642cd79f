import type { ChartData, ChartOptions } from 'chart.js';
import { useMemo } from 'react';
import { Bar } from 'react-chartjs-2';
import { formatKpiValue, type FormatSettings } from '../../../shared/format';
// KpiChart registers the bar parts Chart.js needs; importing it here keeps that in one place.
import './KpiChart';

export interface SourceQuality {
  name: string;
  /** Share of the source's leads that became marketing-qualified. */
  leadToMql: number | null;
  /** Share of the source's leads that ended in a won deal. */
  leadToWon: number | null;
}

const MQL_COLOUR = '#6d8fd6';
const WON_COLOUR = '#0f8f80';

/**
 * Lead quality per source: of each source's leads, how many qualified and how many were won,
 * side by side so a source that brings many leads but few good ones stands out.
 */
export function SourceQualityChart({
  rows,
  settings,
  labels,
  description,
}: {
  rows: SourceQuality[];
  settings: FormatSettings;
  labels: { mql: string; won: string };
  description: string;
}) {
  const data = useMemo<ChartData<'bar', (number | null)[], string>>(
    () => ({
      labels: rows.map((r) => r.name),
      datasets: [
        {
          label: labels.mql,
          data: rows.map((r) => r.leadToMql),
          backgroundColor: MQL_COLOUR,
          borderRadius: 3,
        },
        {
          label: labels.won,
          data: rows.map((r) => r.leadToWon),
          backgroundColor: WON_COLOUR,
          borderRadius: 3,
        },
      ],
    }),
    [rows, labels],
  );
  const options = useMemo<ChartOptions<'bar'>>(
    () => ({
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: true, position: 'bottom', labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}: ${formatKpiValue(item.parsed.x, 'percent', settings)}`,
          },
        },
      },
      scales: {
        x: {
          beginAtZero: true,
          grid: { color: 'rgba(127, 145, 160, 0.2)' },
          ticks: { maxTicksLimit: 5, callback: (tick) => formatKpiValue(Number(tick), 'percent', settings) },
        },
        y: { grid: { display: false } },
      },
    }),
    [settings],
  );
  // Room for each source's pair of bars, and the legend below.
  const height = 60 + rows.length * 34;
  return (
    <div className="chart-box source-quality" style={{ height }}>
      <Bar data={data as ChartData<'bar'>} options={options} role="img" aria-label={description} />
    </div>
  );
}
