import { parse } from 'csv-parse/sync';
import { boardPack, composeReport, type BoardPackVersion } from '@ol/outcomes';
import type { Report } from '@ol/persistence';
import {
  FORMULA_TITLE,
  FULL_IDS,
  RICH_IDS,
  fullReportInputs,
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

const SECTIONS = [
  'report',
  'warnings',
  'outcomes',
  'verification',
  'valuation_lines',
  'valuation_years',
  'totals',
  'breakdowns',
  'not_monetised',
  'not_uprated',
  'missing_data',
  'sensitivity',
  'sensitivity_grid',
  'trend',
  'working',
];

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
    expect([...sections.keys()]).toEqual(SECTIONS);
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

describe('board-pack CSV of a method-3 report (roll-up, stakeholders, price years, grid)', () => {
  const figures = composeReport(fullReportInputs());
  const csv = boardPackCsv(boardPack(figures, VERSION));
  const sections = sectionsOf(csv);
  /** A section's rows as records keyed by its header. */
  const records = (id: string) => {
    const s = sections.get(id)!;
    return s.rows.map((r) => Object.fromEntries(s.header.map((h, i) => [h, r[i]])));
  };
  const row = (id: string, column: string, value: string) =>
    records(id).find((r) => r[column] === value)!;

  it('writes every section, in a rectangle, naming nothing by its id', () => {
    const rows: string[][] = parse(csv, {});
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
    expect([...sections.keys()]).toEqual(SECTIONS);
    for (const id of [...Object.values(RICH_IDS), ...Object.values(FULL_IDS)])
      expect(JSON.stringify(figures)).toContain(id);
    expect(csv).not.toMatch(UUID);
  });

  it('heads the report with the price year and payback definition, and lists the warning', () => {
    expect(row('report', 'field', 'report_price_year').value).toBe('2026');
    expect(row('report', 'field', 'payback_method').value).toBe('sroi_guide');
    expect(row('report', 'field', 'discount_schedule').value).toBe('constant');
    expect(records('warnings')).toEqual([
      expect.objectContaining({
        warnings: 'warnings',
        code: 'price_year_not_uprated',
        text: figures.warnings[0].text,
        outcomes: 'VOL',
      }),
    ]);
    expect(records('not_uprated')).toEqual([
      expect.objectContaining({ code: 'VOL', proxy_code: 'VOLP', price_year: '2019' }),
    ]);
  });

  it('writes roll-ups, stakeholders and the uprating of each line', () => {
    expect(row('outcomes', 'code', 'MISSION')).toMatchObject({
      roll_up_from: 'JOBS',
      roll_up_excluded: 'AE: counted in attendances, not people',
    });
    expect(row('outcomes', 'code', 'JOBS')).toMatchObject({
      stakeholder: 'Residents',
      parent_code: 'MISSION',
      valued_in: '',
    });
    expect(row('valuation_lines', 'code', 'JOBS')).toMatchObject({
      price_year: '2023',
      value_per_unit_at_price_year: '10000.0000',
      report_price_year: '2026',
      uprating_factor: '1.071565',
      value_per_unit: '10715.6500',
    });
  });

  it('writes shares and ratios by stakeholder: a negative ratio a number, its N:1 neutralised text', () => {
    const nhs = records('breakdowns').find(
      (r) => r.dimension === 'stakeholder' && r.group === 'NHS',
    )!;
    expect(nhs).toMatchObject({
      present_value: '-5143.77',
      share: '-0.0036',
      ratio: '-0.10',
      ratio_n_to_1: "'-0.10:1",
      outcomes: 'AE',
    });
    expect(row('breakdowns', 'group', '(not named)').ratio_n_to_1).toBe('12.51:1');
  });

  it('writes both paybacks, the partnership’s own case and the grid', () => {
    expect(row('totals', 'field', 'payback_alternative_method').value).toBe('cumulative');
    expect(records('sensitivity').filter((r) => r.source === 'partnership')).toEqual([
      expect.objectContaining({ parameter: 'deadweight', change: '0.15', ratio: '23.19' }),
    ]);
    const grid = records('sensitivity_grid');
    expect(grid).toHaveLength(9);
    expect(grid[4]).toMatchObject({
      row_parameter: 'deadweight',
      row_change: '0',
      column_parameter: 'proxyValue',
      column_change: '0',
      ratio: '28.96',
      clamped: 'no',
    });
    // A negative change is a number, not neutralised text.
    expect(grid[0]).toMatchObject({ row_change: '-0.1', column_change: '-0.2', ratio: '26.25' });
  });
});

describe(reportToCsv.name, () => {
  const report = (figures: unknown) =>
    ({
      id: '6f1c3a52-59a4-4f3e-9d7c-0a7c8e0b1234',
      version: 2,
      status: 'final',
      fingerprint: 'b'.repeat(64),
      createdAt: '2025-07-02T08:00:00.000Z',
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
    expect(sections.size).toBe(SECTIONS.length);
    expect(sections.get('outcomes')!.rows).toEqual([]);
  });
});
