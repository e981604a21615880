import { stringify } from 'csv-stringify/sync';
import type { Report } from '@ol/persistence';

interface OutcomeFigures {
  code: string;
  title: string;
  theme: string;
  unit: string;
  aggregation: string;
  actual: string | null;
  target: string | null;
  progress: string | null;
  rag: string | null;
  procurementRating: string | null;
  monetised: boolean;
  presentValue: string | null;
}

/** Columns of the board-pack CSV (the last is the present value in the report's currency). */
const COLUMNS = 13;

/**
 * A row that is not an outcome: its section and key, a value under the key's column
 * (title) — or, for totals, in the last column — and empty cells elsewhere.
 */
function labelled(section: string, key: string, value: string | null): (string | null)[] {
  const row: (string | null)[] = new Array<string | null>(COLUMNS).fill(null);
  row[0] = section;
  row[1] = key;
  row[section === 'total' ? COLUMNS - 1 : 2] = value;
  return row;
}

/**
 * The board-pack CSV of a report version: one row per outcome, then the totals, the same strings
 * as the JSON (no re-computation), so the CSV and the dashboard always agree.
 */
export function reportToCsv(report: Report): string {
  const f = report.figures as unknown as {
    outcomes: OutcomeFigures[];
    totals: Record<string, string | null>;
    partnership: { currency: string };
  };
  const rows: (string | null)[][] = [
    [
      'section',
      'code',
      'title',
      'theme',
      'unit',
      'aggregation',
      'actual',
      'target',
      'progress',
      'rag',
      'procurement_rating',
      'monetised',
      `present_value_${f.partnership.currency}`,
    ],
    ...f.outcomes.map((o) => [
      'outcome',
      o.code,
      o.title,
      o.theme,
      o.unit,
      o.aggregation,
      o.actual,
      o.target,
      o.progress,
      o.rag,
      o.procurementRating,
      o.monetised ? 'yes' : 'no',
      o.presentValue,
    ]),
    ...Object.entries(f.totals).map(([key, value]) => labelled('total', key, value)),
    labelled('report', 'period', report.periodLabel),
    labelled('report', 'version', String(report.version)),
    labelled('report', 'fingerprint', report.fingerprint),
  ];
  return stringify(rows.map((r) => r.map((c) => c ?? '')));
}
