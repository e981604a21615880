import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface TrendPoint {
  period: string;
  /** Present value, a decimal string. */
  value: string;
  /** SROI ratio, a decimal string, or null where there is none. */
  ratio: string | null;
}

/**
 * Social value and SROI ratio over the quarters. The chart plots positions, so it converts the
 * decimal strings to numbers for drawing only; every figure a reader reads comes from the table
 * beside it, which prints the strings as stored.
 */
export function TrendChart({ points, title }: { points: TrendPoint[]; title: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || points.length === 0) return;
    const xs = points.map((_, i) => i);
    const data: uPlot.AlignedData = [
      xs,
      points.map((p) => Number.parseFloat(p.value)),
      points.map((p) => (p.ratio === null ? null : Number.parseFloat(p.ratio))),
    ];
    const chart = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: 260,
        scales: { x: { time: false }, ratio: { auto: true } },
        axes: [
          { values: (_u, ticks) => ticks.map((t) => points[t]?.period ?? '') },
          { label: 'Social value (£)', size: 80 },
          { scale: 'ratio', side: 1, label: 'SROI ratio', grid: { show: false } },
        ],
        series: [
          {},
          { label: 'Social value', stroke: '#1d70b8', width: 3, points: { size: 8 } },
          { label: 'SROI ratio', scale: 'ratio', stroke: '#d4351c', width: 2, dash: [6, 4] },
        ],
      },
      data,
      el,
    );
    return () => chart.destroy();
  }, [points]);
  return <div ref={ref} role="img" aria-label={title} className="chart" />;
}
