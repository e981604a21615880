import { parse } from 'csv-parse/sync';
import { boardPack, composeReport, type BoardPackVersion } from '@ol/outcomes';
import type { Report } from '@ol/persistence';
import {
  FORMULA_TITLE,
  RICH_IDS,
  richReportInputs,
} from '../../../../../libs/outcomes/src/report/scenarios/fixtures';
import { boardPackCsv, csvCell, neutralised, reportToCsv } from './report-csv';

const VERSION: BoardPackVersion = {
  version: 1,
  status: 'final',
  fingerprint: 'a'.repeat(64),
  issuedAt: '2026-07-02T08:00:00.000Z',
};
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The CSV's rows by section: its header row and its data rows. */
function sectionsOf(csv: string): Map<string, { header: string[]; rows: string[][] }> {
  const rows: string[][] = parse(csv, {});
  const sections = new Map<string, { header: string[]; rows: string[][] }>();
  rows.forEach((row, i) => {
    if (row[0] === 'section') sections.set(row[1], { header: rows[i + 1], rows: [] });
    else if (rows[i - 1]?.[0] !== 'section') sections.get(row[0])!.rows.push(row);
  });
  return sections;
}

describe('board-pack CSV', () => {
  const figures = composeReport(richReportInputs());
  const csv = boardPackCsv(boardPack(figures, VERSION));
  const sections = sectionsOf(csv);
  const cell = (section: string, first: string, column: string): string => {
    const s = sections.get(section)!;
    const row = s.rows.find((r) => r[1] === first)!;
    return row[s.header.indexOf(column)];
  };

  it('writes each section as a section row, a header row and its rows, in a rectangle', () => {
    const rows: string[][] = parse(csv, {});
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
    expect([...sections.keys()]).toEqual([
      'report',
      'outcomes',
      'verification',
      'valuation_lines',
      'valuation_years',
      'totals',
      'breakdowns',
      'not_monetised',
      'missing_data',
      'sensitivity',
      'trend',
      'working',
    ]);
    const outcomes = sections.get('outcomes')!;
    expect(outcomes.header.slice(0, 3)).toEqual(['outcomes', 'code', 'title']);
    expect(outcomes.rows.map((r) => r[1])).toEqual([
      'JOBS',
      'JOBS-12M',
      'AE',
      'WELL',
      'WELL-UP',
      'NOTE',
      'GAP',
    ]);
    expect(cell('totals', 'sroi_ratio_n_to_1', 'value')).toBe('27.85:1');
    expect(cell('outcomes', 'WELL', 'actual')).toBe('7.20');
  });

  it('names no outcome, partnership or provider by its id', () => {
    for (const id of Object.values(RICH_IDS)) expect(JSON.stringify(figures)).toContain(id);
    expect(csv).not.toMatch(UUID);
  });

  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(cell('outcomes', 'NOTE', 'title')).toBe(`'${FORMULA_TITLE}`);
    expect(cell('outcomes', 'NOTE', 'theme')).toBe("'@risk");
    expect(cell('outcomes', 'NOTE', 'unit')).toBe("'-units");
    const texts = parse(csv, {}).flat();
    expect(texts.filter((t) => /^[=+@\t\r]/.test(t))).toEqual([]);
  });

  it('keeps negative numbers as numbers', () => {
    const lines = sections.get('valuation_lines')!;
    const ae = lines.rows.find((r) => r[2] === 'AE')!;
    const at = (column: string) => ae[lines.header.indexOf(column)];
    expect([at('quantity'), at('gross'), at('present_value')]).toEqual([
      '-30',
      '-5323.80',
      '-5143.77',
    ]);
    expect(cell('outcomes', 'AE', 'progress')).toBe('-0.7500');
    // A cell starting with "-" is either a plain number or neutralised text.
    const dashed = parse(csv, {})
      .flat()
      .filter((t) => t.startsWith('-'));
    expect(dashed.length).toBeGreaterThan(0);
    expect(dashed.filter((t) => !/^-\d+(\.\d+)?$/.test(t))).toEqual([]);
  });

  it.each(['=1+1', '+1', '-1+2', '@SUM(A1)', '\tx', '\rx', '-cmd|x'])(
    'neutralises text starting like %j',
    (text) => {
      expect(neutralised(text)).toBe(`'${text}`);
      expect(csvCell(text)).toBe(`'${text}`);
    },
  );

  it.each(['People', '1 = 1', 'x=1', "'quoted", ''])('leaves %j as it is', (text) => {
    expect(csvCell(text)).toBe(text);
  });

  it('writes numbers as they are and anything posing as one as text', () => {
    expect(csvCell({ number: '-5323.80' })).toBe('-5323.80');
    expect(csvCell({ number: '0.966184' })).toBe('0.966184');
    expect(csvCell({ number: '-1+1' })).toBe("'-1+1");
    expect(csvCell(null)).toBe('');
  });
});

describe(reportToCsv.name, () => {
  const report = (figures: unknown) =>
    ({
      id: '6f1c3a52-59a4-4f3e-9d7c-0a7c8e0b1234',
      version: 2,
      status: 'final',
      fingerprint: 'b'.repeat(64),
      createdAt: new Date('2025-07-02T08:00:00Z'),
      figures,
    }) as unknown as Report;

  it('renders a version stored before the report method was recorded', () => {
    const csv = reportToCsv(
      report({
        partnership: { id: RICH_IDS.partnership, currency: 'GBP' },
        outcomes: [
          {
            outcomeId: RICH_IDS.well,
            code: 'WELL',
            title: 'Wellbeing score',
            aggregation: 'mean',
            actual: '7.12345678901234567890123456789012345678',
            monetised: false,
          },
        ],
        totals: { presentValue: '0.00', sroiRatio: null },
      }),
    );
    const sections = sectionsOf(csv);
    expect(sections.get('outcomes')!.rows[0].slice(1, 3)).toEqual(['WELL', 'Wellbeing score']);
    const wellActual = sections.get('outcomes')!.header.indexOf('actual');
    expect(sections.get('outcomes')!.rows[0][wellActual]).toBe('7.12');
    const method = sections.get('report')!.rows.find((r) => r[1] === 'method')!;
    expect(method.slice(2, 4)).toEqual(['', expect.stringMatching(/^not recorded/)]);
    expect(csv).not.toMatch(UUID);
  });

  it('renders empty sections for figures that are not an object', () => {
    const sections = sectionsOf(reportToCsv(report(null)));
    expect(sections.size).toBe(12);
    expect(sections.get('outcomes')!.rows).toEqual([]);
  });
});
