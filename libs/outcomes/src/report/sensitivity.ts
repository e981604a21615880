import { toFixedString, toMoneyString } from '../money/money';
import type { OutcomeLineInput } from '../sroi/outcome-line';
import type { SroiReport, SroiReportInput } from '../sroi/report';
import {
  analyseSensitivity,
  type SensitivityCase,
  type SensitivityResult,
} from '../sroi/sensitivity';
import { analyseSensitivityGrid, type SensitivityGrid } from '../sroi/sensitivity-grid';
import type { SensitivityFigures, SensitivityGridFigures } from './figures';
import type { ReportSensitivitySettings } from './inputs';

/** The standard sensitivity table: each adjustment ±10 points, proxy values ±20%, duration ±1 year. */
export const STANDARD_SENSITIVITY_CASES: readonly SensitivityCase[] = [
  { parameter: 'deadweight', change: '0.1' },
  { parameter: 'deadweight', change: '-0.1' },
  { parameter: 'attribution', change: '0.1' },
  { parameter: 'attribution', change: '-0.1' },
  { parameter: 'displacement', change: '0.1' },
  { parameter: 'displacement', change: '-0.1' },
  { parameter: 'dropOff', change: '0.1' },
  { parameter: 'dropOff', change: '-0.1' },
  { parameter: 'proxyValue', change: '0.2' },
  { parameter: 'proxyValue', change: '-0.2' },
  { parameter: 'duration', change: '1' },
  { parameter: 'duration', change: '-1' },
];

function resultFigures(
  r: SensitivityResult,
  source: 'standard' | 'partnership',
): SensitivityFigures['results'][number] {
  return {
    source,
    parameter: r.parameter,
    change: r.change.toString(),
    clamped: r.clamped,
    presentValue: toMoneyString(r.presentValue),
    ratio: r.ratio ? toFixedString(r.ratio, 2) : null,
    breakEven: r.breakEven.reachable
      ? {
          reachable: true,
          change: r.breakEven.change.toString(),
          ratioAtChange: r.breakEven.ratioAtChange.toString(),
          text: r.breakEven.text,
        }
      : r.breakEven,
  };
}

function gridFigures(g: SensitivityGrid): SensitivityGridFigures {
  return {
    rows: { parameter: g.rows.parameter, changes: g.rows.changes.map(String) },
    columns: { parameter: g.columns.parameter, changes: g.columns.changes.map(String) },
    cells: g.cells.map((row) =>
      row.map((cell) => ({
        rowChange: cell.rowChange.toString(),
        columnChange: cell.columnChange.toString(),
        presentValue: toMoneyString(cell.presentValue),
        investment: toMoneyString(cell.investment),
        ratio: cell.ratio ? toFixedString(cell.ratio, 2) : null,
        clamped: cell.clamped,
      })),
    ),
    explanation: g.steps,
  };
}

/**
 * The report's sensitivity table: the standard cases, then the partnership's own cases (each on
 * every monetised line), with their break-even points; and the partnership's two-way grid. Null
 * when no line is monetised.
 */
export function composeSensitivity(
  input: SroiReportInput & { readonly lines: readonly OutcomeLineInput[] },
  sroi: SroiReport,
  settings: ReportSensitivitySettings,
): SensitivityFigures | null {
  if (!sroi.lines.some((l) => l.monetised)) return null;
  const cases: SensitivityCase[] = [
    ...STANDARD_SENSITIVITY_CASES,
    ...settings.cases.map((c) => ({ parameter: c.parameter, change: c.change })),
  ];
  const analysis = analyseSensitivity(input, cases, { report: sroi });
  const standard = STANDARD_SENSITIVITY_CASES.length;
  return {
    baseRatio: analysis.baseRatio ? toFixedString(analysis.baseRatio, 2) : null,
    results: analysis.results.map((r, i) =>
      resultFigures(r, i < standard ? 'standard' : 'partnership'),
    ),
    grid: settings.grid ? gridFigures(analyseSensitivityGrid(input, settings.grid)) : null,
  };
}
