import { Decimal } from 'decimal.js';

import { OutcomesDecimal } from '../../money/decimal';
import { groupThousands } from './table';

/** One bar or point of a chart: its label and its value (a decimal string; null: none). */
export interface ChartDatum {
  readonly label: string;
  readonly value: string | null;
}

const WIDTH = 500;
const HEIGHT = 220;
const LEFT = 70;
const BOTTOM = 40;
const TOP = 20;

const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A round axis maximum at or above `max` (1, 2 or 5 times a power of ten). */
function niceMax(max: Decimal): Decimal {
  if (max.lte(0)) return new OutcomesDecimal(1);
  const power = new OutcomesDecimal(10).pow(max.e);
  for (const step of [1, 2, 5, 10]) {
    const candidate = power.times(step);
    if (candidate.gte(max)) return candidate;
  }
  return power.times(10);
}

/** Coordinates to one decimal (the drawing's precision; every figure read is printed apart). */
const at = (v: Decimal): string => v.toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(1);

/** Thousands-grouped whole number text for axis labels: "1,250,000". */
function axisText(v: Decimal): string {
  return groupThousands(v.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0));
}

/**
 * A bar chart as SVG text: one bar per datum (negative values drawn from zero downwards), the
 * value axis from zero (or the lowest value) to a round maximum. Pure: the same data gives the
 * same bytes, drawn with decimal arithmetic.
 */
export function barChartSvg(
  data: readonly ChartDatum[],
  options: { readonly title: string; readonly unit: string },
): string {
  const values = data.map((d) => (d.value === null ? null : new OutcomesDecimal(d.value)));
  const present = values.filter((v): v is Decimal => v !== null);
  const top = niceMax(Decimal.max(0, ...present));
  const low = Decimal.min(0, ...present);
  const bottom = low.isZero() ? low : niceMax(low.abs()).negated();
  const span = top.minus(bottom);
  const plotH = new OutcomesDecimal(HEIGHT - BOTTOM - TOP);
  const plotW = WIDTH - LEFT - 10;
  const y = (v: Decimal) => new OutcomesDecimal(TOP).plus(top.minus(v).div(span).times(plotH));
  const band = new OutcomesDecimal(plotW).div(Math.max(1, data.length));
  const barW = band.times('0.6');
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<line x1="${LEFT}" y1="${at(y(bottom))}" x2="${LEFT}" y2="${TOP}" stroke="#0b0c0c" stroke-width="1"/>`,
    `<line x1="${LEFT}" y1="${at(y(new OutcomesDecimal(0)))}" x2="${WIDTH - 10}" y2="${at(y(new OutcomesDecimal(0)))}" stroke="#0b0c0c" stroke-width="1"/>`,
  ];
  const ticks = bottom.isZero() ? [bottom, top.div(2), top] : [bottom, new OutcomesDecimal(0), top];
  for (const tick of ticks) {
    parts.push(
      `<text x="${LEFT - 6}" y="${at(y(tick).plus(4))}" font-size="9" text-anchor="end" fill="#0b0c0c">${escapeXml(`${options.unit}${axisText(tick)}`)}</text>`,
    );
  }
  data.forEach((d, i) => {
    const v = values[i];
    const x = new OutcomesDecimal(LEFT).plus(band.times(i)).plus(band.minus(barW).div(2));
    if (v !== null) {
      const y0 = y(new OutcomesDecimal(0));
      const y1 = y(v);
      const yTop = Decimal.min(y0, y1);
      const h = y0.minus(y1).abs();
      parts.push(
        `<rect x="${at(x)}" y="${at(yTop)}" width="${at(barW)}" height="${at(h)}" fill="${v.isNegative() ? '#d4351c' : '#1d70b8'}"/>`,
      );
    }
    const label = d.label.length > 18 ? `${d.label.slice(0, 17)}…` : d.label;
    parts.push(
      `<text x="${at(x.plus(barW.div(2)))}" y="${HEIGHT - BOTTOM + 14}" font-size="8" text-anchor="middle" fill="#0b0c0c">${escapeXml(label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
