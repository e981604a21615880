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
    ...Object.entries(f.totals).map(([key, value]) => [
      'total',
      key,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      value,
    ]),
    [
      'report',
      'period',
      report.periodLabel,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ],
    [
      'report',
      'version',
      String(report.version),
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ],
    [
      'report',
      'fingerprint',
      report.fingerprint,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ],
  ];
  return stringify(rows.map((r) => r.map((c) => c ?? '')));
}
