import { boardPack } from './board-pack';
import { barChartSvg, type ChartDatum } from './charts';
import type { BoardPackVersion } from './context';
import {
  groupThousands,
  items,
  text,
  type BoardPackCell,
  type BoardPackSection,
  type StoredReportFigures,
} from './table';

/**
 * A node of the PDF document: the document-definition shape of pdfmake (text, tables, SVG,
 * columns, page breaks), as plain data. libs/outcomes builds it; the worker renders it.
 */
export type PdfNode = string | { readonly [key: string]: unknown };

/** The PDF of a board pack as a document definition (A4; rendered by the worker). */
export interface BoardPackPdfDocument {
  readonly pageSize: 'A4';
  readonly pageOrientation: 'portrait';
  readonly pageMargins: readonly [number, number, number, number];
  readonly info: { readonly title: string; readonly subject: string; readonly creator: string };
  readonly defaultStyle: { readonly fontSize: number };
  readonly styles: Readonly<Record<string, { readonly [key: string]: unknown }>>;
  readonly content: readonly PdfNode[];
  /** The line on every page: the partnership, the version's fingerprint, page N of M. */
  readonly footer: (currentPage: number, pageCount: number) => PdfNode;
}

/** One quarter of the trend chart: the current version's totals for that quarter. */
export interface BoardPackTrendPoint {
  readonly period: string;
  readonly presentValue: string | null;
  readonly sroiRatio: string | null;
}

const RAG_FILL: Readonly<Record<string, string>> = {
  green: '#cce2d8',
  amber: '#fff7bf',
  red: '#f4cdc6',
  no_data: '#e8e9ea',
};

/**
 * A number cell as read: thousands grouped in amounts ("1,234,567.80"), the declared scale kept;
 * whole numbers of up to four digits (years, counts) as written.
 */
function numberText(n: string): string {
  const negative = n.startsWith('-');
  const [whole, fraction] = (negative ? n.slice(1) : n).split('.');
  const grouped = fraction === undefined && whole.length <= 4 ? whole : groupThousands(whole);
  return `${negative ? '−' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

function cell(value: BoardPackCell, column: string): PdfNode {
  if (value === null) return { text: '' };
  if (typeof value === 'string') {
    if (column === 'rag' && RAG_FILL[value]) {
      return {
        text: value === 'no_data' ? 'no data' : value,
        fillColor: RAG_FILL[value],
        bold: true,
      };
    }
    return { text: value };
  }
  return { text: numberText(value.number), alignment: 'right' };
}

/** A section's table, with only `columns` (all when absent), its header repeated on each page. */
function table(section: BoardPackSection, columns?: readonly string[], fontSize = 8): PdfNode {
  const keep = (columns ?? section.columns).filter((c) => section.columns.includes(c));
  const index = keep.map((c) => section.columns.indexOf(c));
  return {
    style: 'table',
    fontSize,
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: keep.map((c) =>
        c === 'title' ||
        c === 'text' ||
        c === 'note' ||
        c === 'basis_text' ||
        c === 'break_even_text'
          ? '*'
          : 'auto',
      ),
      body: [
        keep.map((c) => ({ text: c.replace(/_/g, ' '), style: 'th' })),
        ...section.rows.map((row) => index.map((i, k) => cell(row[i] ?? null, keep[k]))),
      ],
    },
    layout: 'lightHorizontalLines',
  };
}

function heading(title: string, note?: string, pageBreak = false): PdfNode[] {
  return [
    { text: title, style: 'h2', ...(pageBreak ? { pageBreak: 'before' } : {}) },
    ...(note ? [{ text: note, style: 'note' }] : []),
  ];
}

/**
 * The board pack of a stored report version as a PDF document: cover, summary, charts, outcomes
 * with RAG, value by theme (and stakeholder, provider), sensitivity, and an appendix with the
 * working behind every total. Every figure comes from the board-pack sections ({@link boardPack}),
 * the same tables as the board-pack CSV, so the PDF, the CSV, the page and the API agree; nothing
 * is computed here but the charts' drawing.
 */
export function boardPackPdf(
  figures: StoredReportFigures,
  version: BoardPackVersion,
  trend: readonly BoardPackTrendPoint[],
): BoardPackPdfDocument {
  const sections = new Map(boardPack(figures, version).map((s) => [s.id, s]));
  const s = (id: string) => sections.get(id)!;
  const partnership = text(figures.partnership?.name) ?? 'Partnership';
  const period = text(figures.period?.label) ?? '';
  const scope = text(figures.scope) ?? '';
  const scopeText =
    {
      quarter: 'Quarter report',
      year_to_date: 'Year-to-date report',
      since_start: 'Report since the start',
    }[scope] ?? 'Report';
  const title = period ? `${scopeText} ${period}` : scopeText;
  const withheld = figures.withheld ? text(figures.withheld.reason) : null;
  const themeData: ChartDatum[] = items(figures.byTheme).map((t) => ({
    label: text(t.theme) ?? 'No theme',
    value: text(t.presentValue),
  }));

  const content: PdfNode[] = [
    // Cover.
    { text: 'Board pack', style: 'h0', margin: [0, 120, 0, 8] },
    { text: partnership, style: 'h1' },
    { text: title, style: 'h1', margin: [0, 0, 0, 24] },
    table(s('report'), ['field', 'value'], 9),
    ...(withheld
      ? [{ text: `Withheld in this view: ${withheld}`, style: 'note', margin: [0, 12, 0, 0] }]
      : []),

    // Summary.
    ...heading('Summary', s('totals').note, true),
    table(s('totals'), undefined, 9),
    ...(s('warnings').rows.length
      ? [...heading('Warnings', s('warnings').note), table(s('warnings'), ['code', 'text'])]
      : []),

    // Charts.
    ...heading(
      'Social value and SROI ratio over the quarters',
      'Each quarter’s current version; the figures are in the trend table of the CSV and on the page',
    ),
    {
      svg: barChartSvg(
        trend.map((p) => ({ label: p.period, value: p.presentValue })),
        { title: 'Social value (present value) by quarter', unit: '£' },
      ),
      width: 480,
    },
    {
      svg: barChartSvg(
        trend.map((p) => ({ label: p.period, value: p.sroiRatio })),
        { title: 'SROI ratio by quarter', unit: '' },
      ),
      width: 480,
    },
    ...heading('Value by theme'),
    { svg: barChartSvg(themeData, { title: 'Present value by theme', unit: '£' }), width: 480 },

    // Outcomes with RAG.
    ...heading('Outcomes against targets', s('outcomes').note, true),
    table(s('outcomes'), [
      'code',
      'title',
      'actual',
      'target',
      'progress',
      'rag',
      'present_value',
      'valued_in',
    ]),
    ...(s('missing_data').rows.length
      ? [...heading('Missing data', s('missing_data').note), table(s('missing_data'))]
      : []),

    // Value by theme, stakeholder and provider.
    ...heading('Value by theme, stakeholder and provider', s('breakdowns').note, true),
    table(s('breakdowns'), ['dimension', 'group', 'present_value', 'share', 'ratio_n_to_1']),

    // Sensitivity.
    ...heading('Sensitivity', s('sensitivity').note),
    table(s('sensitivity'), [
      'source',
      'parameter',
      'change',
      'present_value',
      'ratio_n_to_1',
      'break_even_text',
    ]),
    ...(s('sensitivity_grid').rows.length
      ? [...heading('Sensitivity grid', s('sensitivity_grid').note), table(s('sensitivity_grid'))]
      : []),

    // Appendix: the working.
    ...heading('Appendix A: valuation lines', s('valuation_lines').note, true),
    table(
      s('valuation_lines'),
      [
        'line',
        'code',
        'title',
        'basis_text',
        'quantity',
        'value_per_unit',
        'gross',
        'impact',
        'duration_years',
        'present_value',
      ],
      7,
    ),
    ...heading('Appendix B: the working behind every total', s('working').note, true),
    table(s('working'), ['subject', 'code', 'line', 'text'], 7),
  ];

  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [40, 40, 40, 56],
    info: {
      title: `Board pack: ${partnership}, ${title}, version ${version.version}`,
      subject: `Fingerprint ${version.fingerprint}`,
      creator: 'Outcomes Ledger',
    },
    defaultStyle: { fontSize: 9 },
    styles: {
      h0: { fontSize: 28, bold: true },
      h1: { fontSize: 16, bold: true },
      h2: { fontSize: 13, bold: true, margin: [0, 14, 0, 4] },
      note: { fontSize: 8, italics: true, color: '#484949', margin: [0, 0, 0, 6] },
      th: { bold: true, fontSize: 7 },
      table: { margin: [0, 2, 0, 10] },
    },
    content,
    // Two lines, so the fingerprint is never wrapped: the partnership, version and page; then
    // the version's fingerprint in full.
    footer: (currentPage, pageCount) => ({
      margin: [40, 8, 40, 0],
      fontSize: 7,
      stack: [
        {
          columns: [
            { text: `${partnership} · ${period} · version ${version.version}`, width: '*' },
            { text: `Page ${currentPage} of ${pageCount}`, alignment: 'right', width: 70 },
          ],
        },
        { text: `fingerprint ${version.fingerprint}` },
      ],
    }),
  };
}
