import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface SurplusPoint {
  /** The window, e.g. "2026-27 to 2026-09-30". */
  label: string;
  /** Decimal strings, as the API gives them. */
  surplus: string;
  reasonableSurplus: string;
  warningAmount: string | null;
}

/**
 * A provider's surplus over the windows evaluated against the reasonable surplus (the threshold)
 * and the early-warning level. The chart plots positions, so it converts the decimal strings to
 * numbers for drawing only; the table beside it prints the figures as the API gives them.
 */
export function SurplusChart({ points, title }: { points: SurplusPoint[]; title: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || points.length === 0) return;
    const draw = (v: string | null) => (v === null ? null : Number.parseFloat(v));
    const data: uPlot.AlignedData = [
      points.map((_, i) => i),
      points.map((p) => draw(p.surplus)),
      points.map((p) => draw(p.reasonableSurplus)),
      points.map((p) => draw(p.warningAmount)),
    ];
    const chart = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: 260,
        // One tick per window, the money axis from zero (or the lowest loss).
        scales: {
          x: { time: false, range: [-0.5, points.length - 0.5] },
          y: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max) * 1.1] },
        },
        legend: { live: false },
        axes: [
          {
            splits: () => points.map((_, i) => i),
            values: (_u, ticks) => ticks.map((t) => points[t]?.label ?? ''),
          },
          { label: 'Money (£)', size: 80 },
        ],
        series: [
          { label: 'Window' },
          { label: 'Surplus', stroke: '#1d70b8', width: 3, points: { size: 9 } },
          {
            label: 'Reasonable surplus',
            stroke: '#a4200f',
            width: 2,
            dash: [8, 4],
            points: { size: 7 },
          },
          {
            label: 'Warning level',
            stroke: '#594d00',
            width: 2,
            dash: [2, 4],
            points: { size: 7 },
          },
        ],
      },
      data,
      el,
    );
    return () => chart.destroy();
  }, [points]);
  return <div ref={ref} role="img" aria-label={title} className="chart" />;
}
