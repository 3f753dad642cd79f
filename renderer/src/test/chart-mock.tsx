import type { ChartData } from 'chart.js';

/**
 * jsdom has no canvas, so component tests swap the chart for a plain element that exposes what
 * the chart was given; the browser tests check the real drawing.
 */
export function FakeBar(props: { data: ChartData<'bar'>; 'aria-label'?: string; role?: string }) {
  return (
    <canvas
      role={props.role}
      aria-label={props['aria-label']}
      data-labels={JSON.stringify(props.data.labels)}
      data-values={JSON.stringify(props.data.datasets[0]?.data)}
      data-series={JSON.stringify(
        Object.fromEntries(props.data.datasets.slice(1).map((d) => [d.label ?? '', d.data])),
      )}
    />
  );
}
