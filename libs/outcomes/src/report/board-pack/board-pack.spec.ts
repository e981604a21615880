import { composeReport } from '../compose';
import type { ReportFigures } from '../figures';
import { FORMULA_TITLE, RICH_IDS, richReportInputs } from '../scenarios/fixtures';
import { boardPack } from './board-pack';
import { WITHHELD_ID, type BoardPackVersion } from './context';
import {
  scaled,
  storedFigures,
  upTo,
  type BoardPackCell,
  type BoardPackSection,
  type StoredReportFigures,
} from './table';

const VERSION: BoardPackVersion = {
  version: 3,
  status: 'provisional',
  fingerprint: 'f'.repeat(64),
  issuedAt: '2026-07-02T08:00:00.000Z',
};
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** A cell as a spreadsheet shows it (numbers as their decimal string). */
const shown = (c: BoardPackCell): string | null =>
  c !== null && typeof c === 'object' ? c.number : c;

const section = (pack: readonly BoardPackSection[], id: string): BoardPackSection => {
  const found = pack.find((s) => s.id === id);
  if (!found) throw new Error(`no section ${id}`);
  return found;
};
/** A section's rows as records keyed by column. */
const records = (pack: readonly BoardPackSection[], id: string) => {
  const s = section(pack, id);
  return s.rows.map((r) => Object.fromEntries(s.columns.map((c, i) => [c, shown(r[i])])));
};
/** A field/value section as one record. */
const fields = (pack: readonly BoardPackSection[], id: string) =>
  Object.fromEntries(records(pack, id).map((r) => [r.field, r.value]));
const numberAt = (pack: readonly BoardPackSection[], id: string, column: string) => {
  const s = section(pack, id);
  const at = s.columns.indexOf(column);
  return s.rows.map((r) => r[at]).filter((c) => c !== null && typeof c === 'object');
};

describe('boardPack over a composed report', () => {
  const figures = composeReport(richReportInputs());
  const pack = boardPack(figures, VERSION);
  const byCode = (id: string) =>
    Object.fromEntries(records(pack, id).map((r) => [`${r.code}#${r.line ?? ''}`, r]));

  it('has every section in order, each with its columns and rows as wide as them', () => {
    expect(pack.map((s) => s.id)).toEqual([
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
    for (const s of pack) {
      expect(s.title).not.toBe('');
      for (const row of s.rows) expect(row).toHaveLength(s.columns.length);
    }
  });

  it('heads the report with what it covers, its version and how it was composed', () => {
    expect(fields(pack, 'report')).toMatchObject({
      partnership: 'Riverside Alliance',
      currency: 'GBP',
      scope: 'quarter',
      period: '2026-27 Q1',
      period_start: '2026-04-01',
      period_end: '2026-06-30',
      quarters: '2026-27 Q1',
      status: 'provisional',
      version: '3',
      method: '2',
      counted_delivery: 'verified and claimed',
      discount_rate: '0.0350',
      discount_convention: 'end-of-year',
      fingerprint: VERSION.fingerprint,
      issued_at: '2026-07-02T08:00:00.000Z',
    });
    expect(fields(pack, 'report').discount_statement).toMatch(/Green Book/);
  });

  it('lists outcomes by code and title, parents by code, scores at 2 places', () => {
    const o = byCode('outcomes');
    expect(o['JOBS#']).toMatchObject({
      title: 'People into work',
      actual: '44.5',
      entries: '42',
      target: '50',
      progress: '0.8900',
      rag: 'red',
      met: 'no',
      valuation_basis: 'achieved',
      monetised: 'yes',
      present_value: '772186.73',
    });
    expect(o['JOBS-12M#']).toMatchObject({ parent_code: 'JOBS', monetised: 'no' });
    expect(o['AE#']).toMatchObject({ baseline: '400', actual: '430', progress: '-0.7500' });
    // 177,019.15 ÷ 24,586 = 7.19999797…: a score, written at 2 places.
    expect(figures.outcomes[3].actual).toMatch(/^7\.19999796\d{30,}$/);
    expect(o['WELL#']).toMatchObject({ actual: '7.20', entries: '24586' });
    expect(o['GAP#']).toMatchObject({
      rag: 'no_data',
      progress: null,
      met: 'no',
      progress_note: 'no data: nothing counts in this period',
    });
    expect(o['NOTE#'].title).toBe(FORMULA_TITLE);
  });

  it('splits each actual by review status', () => {
    expect(byCode('verification')['JOBS#']).toEqual({
      code: 'JOBS',
      title: 'People into work',
      counted_delivery: 'verified and claimed',
      verified_entries: '40',
      verified_quantity: '40',
      claimed_entries: '2',
      claimed_quantity: '4.5',
      disputed_entries: '3',
      disputed_quantity: '3',
    });
    expect(byCode('verification')['WELL#']).toMatchObject({
      verified_quantity: '7.20',
      claimed_quantity: null,
    });
  });

  it('shows each valuation line with its basis, deductions, duration and present value', () => {
    const lines = byCode('valuation_lines');
    expect(lines['JOBS#1']).toEqual({
      line: '1',
      code: 'JOBS',
      title: 'People into work',
      monetised: 'yes',
      basis: 'achieved',
      basis_text: '44.5 people achieved.',
      quantity: '44.5',
      unit: 'people',
      proxy_code: 'EMP',
      value_per_unit: '10000.0000',
      gross: '445000.00',
      deadweight_rate: '0.2000',
      deadweight_amount: '89000.00',
      displacement_rate: '0.0500',
      displacement_amount: '17800.00',
      attribution_rate: '0.1000',
      attribution_amount: '33820.00',
      leakage_rate: null,
      leakage_amount: null,
      impact: '304380.00',
      drop_off: '0.1000',
      duration_years: '3',
      price_year: null,
      report_price_year: null,
      uprating_factor: null,
      present_value: '772186.73',
      present_value_from_claims: '78086.30',
      not_valued_reason: null,
    });
    expect(lines['AE#3']).toMatchObject({
      basis: 'avoided',
      basis_text:
        '30 attendances above the baseline, a disbenefit: baseline 400 (1 quarter) − actual 430.',
      quantity: '-30',
      gross: '-5323.80',
      present_value: '-5143.77',
    });
    // Valued through WELL-UP: the quantity is people, not points, so no unit of the score.
    expect(lines['WELL#4']).toMatchObject({ basis: 'count_outcome', quantity: '1850', unit: null });
    expect(lines['JOBS-12M#2']).toMatchObject({
      monetised: 'no',
      quantity: '20',
      unit: 'people',
      gross: null,
      present_value: null,
      not_valued_reason: 'no financial proxy: reported in its own units, not valued',
    });
  });

  it('renders price-year uprating when a line carries it', () => {
    const [first, ...rest] = figures.valuationLines;
    const uprated = {
      ...figures,
      valuationLines: [
        { ...first, priceYear: 2023, reportPriceYear: 2026, upratingFactor: '1.0812345678' },
        ...rest,
      ],
    };
    expect(byCodeOf(boardPack(uprated, VERSION), 'valuation_lines')['JOBS#1']).toMatchObject({
      price_year: '2023',
      report_price_year: '2026',
      uprating_factor: '1.081235',
    });
  });

  it('gives each year of a monetised line its discount factor at 6 places', () => {
    const years = records(pack, 'valuation_years');
    expect(years.filter((y) => y.code === 'JOBS')).toEqual([
      {
        line: '1',
        code: 'JOBS',
        year: '1',
        value: '304380.00',
        discount_factor: '0.966184',
        present_value: '294086.96',
      },
      {
        line: '1',
        code: 'JOBS',
        year: '2',
        value: '273942.00',
        discount_factor: '0.933511',
        present_value: '255727.79',
      },
      {
        line: '1',
        code: 'JOBS',
        year: '3',
        value: '246547.80',
        discount_factor: '0.901943',
        present_value: '222371.99',
      },
    ]);
    expect(years.map((y) => y.line)).toEqual(['1', '1', '1', '3', '4']);
  });

  it('totals with the investment basis, the ratios also as N:1 and payback', () => {
    expect(fields(pack, 'totals')).toEqual({
      present_value: '1392646.83',
      present_value_from_claims: '78086.30',
      counted_delivery: 'verified and claimed',
      undiscounted_value: '1467046.00',
      investment: '50000.00',
      investment_basis: 'open-book allowable cost of returns in the period',
      net_present_value: '1342646.83',
      sroi_ratio: '27.85',
      sroi_ratio_n_to_1: '27.85:1',
      net_sroi_ratio: '26.85',
      net_sroi_ratio_n_to_1: '26.85:1',
      payback_months: '0.6',
    });
  });

  it('breaks the value down by theme, naming outcomes by code', () => {
    expect(records(pack, 'breakdowns')).toEqual([
      {
        dimension: 'theme',
        group: 'Jobs',
        present_value: '772186.73',
        outcomes: 'JOBS; JOBS-12M',
        not_monetised: 'JOBS-12M 20 people',
      },
      {
        dimension: 'theme',
        group: 'Health',
        present_value: '620460.10',
        outcomes: 'AE; WELL; WELL-UP',
        not_monetised: 'WELL-UP 1850 people',
      },
      {
        dimension: 'theme',
        group: '@risk',
        present_value: '0.00',
        outcomes: 'NOTE',
        not_monetised: 'NOTE 3 -units',
      },
      {
        dimension: 'theme',
        group: 'Care',
        present_value: '0.00',
        outcomes: 'GAP',
        not_monetised: 'GAP 0 carers',
      },
    ]);
  });

  it('lists what is not monetised and who owes missing data', () => {
    expect(records(pack, 'not_monetised').map((r) => [r.code, r.quantity, r.unit])).toEqual([
      ['JOBS-12M', '20', 'people'],
      ['WELL-UP', '1850', 'people'],
      ['NOTE', '3', '-units'],
      ['GAP', '0', 'carers'],
    ]);
    expect(records(pack, 'missing_data')).toEqual([
      { code: 'GAP', title: 'Carers supported', expected_from: 'Acorn Care', note: null },
    ]);
  });

  it('shows the sensitivity cases after the base case, with break-even points', () => {
    const rows = records(pack, 'sensitivity');
    expect(rows[0]).toMatchObject({ parameter: 'base', ratio: '27.85', ratio_n_to_1: '27.85:1' });
    expect(rows).toHaveLength(13);
    expect(rows.find((r) => r.parameter === 'displacement' && r.change === '0.1')).toEqual({
      parameter: 'displacement',
      change: '0.1',
      clamped: 'no',
      present_value: '1249318.01',
      ratio: '24.99',
      ratio_n_to_1: '24.99:1',
      break_even_reachable: 'yes',
      break_even_change: '0.9368',
      break_even_ratio: '1.00',
      break_even_text:
        'Break-even (displacement): a change of 0.93676 brings the ratio to 1.0000:1.',
    });
    expect(rows.find((r) => r.parameter === 'duration' && r.change === '-1')).toMatchObject({
      break_even_reachable: 'no',
      break_even_change: null,
      break_even_text: expect.stringMatching(/not reachable/),
    });
  });

  it('trends each outcome per quarter, marking the period’s own', () => {
    const trend = records(pack, 'trend');
    expect(trend).toHaveLength(14);
    expect(trend.filter((t) => t.code === 'WELL')).toEqual([
      {
        code: 'WELL',
        title: 'Wellbeing score',
        period: '2025-26 Q4',
        in_period: 'no',
        actual: '7.00',
      },
      {
        code: 'WELL',
        title: 'Wellbeing score',
        period: '2026-27 Q1',
        in_period: 'yes',
        actual: '7.20',
      },
    ]);
  });

  it('writes the working of the totals, of each line and of each progress, naming outcomes by code', () => {
    const working = records(pack, 'working');
    expect(working.filter((w) => w.subject === 'totals').map((w) => w.step)).toEqual([
      'total-present-value',
      'net-present-value',
      'sroi-ratio',
      'payback',
      'not-monetised-total',
      'not-monetised-total',
      'not-monetised-total',
      'not-monetised-total',
    ]);
    const texts = working.map((w) => w.text).join('\n');
    // The figures name outcomes by id; the working names them by code.
    expect(figures.explanation[4].text).toContain(RICH_IDS.sustained);
    expect(texts).toContain(
      'Not monetised: JOBS-12M 20 people (reported in units, not in the value).',
    );
    expect(working).toContainEqual({
      subject: 'valuation line',
      code: 'JOBS',
      line: '1',
      step: 'input',
      text: 'Outcome JOBS (People into work): 44.5 people valued with proxy EMP at 10000.00 per unit; duration 3 year(s) including the first, benefits from the year of activity.',
    });
    expect(working).toContainEqual(
      expect.objectContaining({ subject: 'progress', code: 'JOBS', step: 'progress' }),
    );
  });

  it('shows no id anywhere, though the figures hold them', () => {
    const all = JSON.stringify(figures);
    for (const id of Object.values(RICH_IDS)) expect(all).toContain(id);
    const shownText = JSON.stringify(pack);
    expect(shownText).not.toMatch(UUID);
  });

  it('writes every number at its declared scale', () => {
    const money = /^-?\d+\.\d{2}$/;
    const checks: [string, string, RegExp][] = [
      ['outcomes', 'present_value', money],
      ['outcomes', 'progress', /^-?\d+\.\d{4}$/],
      ['valuation_lines', 'gross', money],
      ['valuation_lines', 'impact', money],
      ['valuation_lines', 'present_value', money],
      ['valuation_lines', 'deadweight_rate', /^\d\.\d{4}$/],
      ['valuation_lines', 'deadweight_amount', money],
      ['valuation_lines', 'value_per_unit', /^-?\d+\.\d{4}$/],
      ['valuation_years', 'discount_factor', /^\d\.\d{6}$/],
      ['valuation_years', 'present_value', money],
      ['sensitivity', 'ratio', /^-?\d+\.\d{2}$/],
      ['breakdowns', 'present_value', money],
    ];
    for (const [id, column, pattern] of checks) {
      const cells = numberAt(pack, id, column);
      expect(cells.length).toBeGreaterThan(0);
      for (const c of cells)
        expect([id, column, shown(c)]).toEqual([id, column, expect.stringMatching(pattern)]);
    }
    // Nothing anywhere carries more than 6 places (a mean is never written to 38).
    for (const s of pack) {
      for (const row of s.rows) {
        for (const c of row)
          if (c !== null && typeof c === 'object') expect(c.number).toMatch(/^-?\d+(\.\d{1,6})?$/);
      }
    }
  });

  it('replaces an id it does not know with a placeholder, in any text', () => {
    const stranger = '5a0e0c1d-9b7f-4e0a-8a55-000000000abc';
    const odd = {
      ...figures,
      explanation: [{ code: 'note', text: `Outcome ${stranger} was merged.`, values: {} }],
    };
    const working = records(boardPack(odd, VERSION), 'working');
    expect(working[0].text).toBe(`Outcome ${WITHHELD_ID} was merged.`);
  });

  it('rounds a mean written in full in the working to 6 places', () => {
    const scored = composeReport({
      ...richReportInputs(),
      outcomes: richReportInputs().outcomes.map((o) =>
        o.code === 'WELL' ? { ...o, valuation: null, targets: targetOf('7') } : o,
      ),
    });
    const well = scored.outcomes.find((o) => o.code === 'WELL')!;
    expect(well.explanation[0].text).toMatch(/actual 7\.19999796\d{30,}\./);
    const working = records(boardPack(scored, VERSION), 'working');
    expect(working).toContainEqual({
      subject: 'progress',
      code: 'WELL',
      line: null,
      step: 'input',
      text: 'Target (increase): baseline 0, target 7, actual 7.199998.',
    });
    expect(working.map((w) => w.text).join('\n')).toContain('Not monetised: WELL 7.199998 points');
    // Numbers at a declared scale (6 places or fewer) are left as written.
    expect(working.map((w) => w.text).join('\n')).toContain('discount factor 0.966184 (t = 1)');
  });

  it('leaves the sensitivity table empty, saying why, when nothing is monetised', () => {
    const none = composeReport({
      ...richReportInputs(),
      outcomes: richReportInputs().outcomes.filter((o) => o.valuation === null),
    });
    const s = section(boardPack(none, VERSION), 'sensitivity');
    expect(s.rows).toEqual([]);
    expect(s.note).toBe('None: no line is monetised');
    const totals = records(boardPack(none, VERSION), 'totals');
    expect(totals.find((r) => r.field === 'payback_months')).toEqual({
      field: 'payback_months',
      value: null,
      note: none.totals.paybackUnavailableReason,
    });
    expect(none.totals.paybackUnavailableReason).toEqual(expect.any(String));
  });

  it('says when no provider has reported an outcome that lacks data', () => {
    const noOne = {
      ...figures,
      missingData: [{ ...figures.missingData[0], expectedFrom: [] }],
    };
    expect(records(boardPack(noOne, VERSION), 'missing_data')[0]).toMatchObject({
      expected_from: null,
      note: 'no provider has reported this outcome yet',
    });
  });
});

function targetOf(value: string) {
  return [
    {
      id: 't-well',
      periodKind: 'quarter' as const,
      periodStart: '2026-04-01',
      periodEnd: '2026-06-30',
      value,
    },
  ];
}

function byCodeOf(pack: readonly BoardPackSection[], id: string) {
  return Object.fromEntries(records(pack, id).map((r) => [`${r.code}#${r.line ?? ''}`, r]));
}

describe('boardPack over older stored versions', () => {
  /** The shape stored before report method 2 (no method, status, verification or basis). */
  const methodOne = {
    partnership: { id: RICH_IDS.partnership, name: 'Old', currency: 'GBP', discountRate: '0.0350' },
    scope: 'quarter',
    period: {
      label: '2025-26 Q1',
      start: '2025-04-01',
      end: '2025-06-30',
      quarters: ['2025-26 Q1'],
    },
    outcomes: [
      {
        outcomeId: RICH_IDS.well,
        code: 'WELL',
        title: 'Wellbeing score',
        aggregation: 'mean',
        actual: '7.12345678901234567890123456789012345678',
        progress: '1.0176',
        rag: 'green',
        monetised: false,
        presentValue: null,
        verifiedQuantity: '7',
      },
    ],
    valuationLines: [
      {
        outcomeId: RICH_IDS.well,
        monetised: false,
        quantity: '7.12345678901234567890123456789012345678',
        unit: 'score',
        reason: 'no financial proxy',
      },
    ],
    totals: {
      presentValue: '0.00',
      investment: '40000.00',
      netPresentValue: '-40000.00',
      sroiRatio: '0',
      ratioUnavailableReason: null,
    },
    byTheme: [{ theme: null, presentValue: '0.00', outcomes: [RICH_IDS.well] }],
    notMonetised: [
      { outcomeId: RICH_IDS.well, title: 'Wellbeing score', quantity: '7.1234', unit: 'score' },
    ],
    sensitivity: null,
    explanation: [
      { code: 'not-monetised-total', text: `Not monetised: ${RICH_IDS.well} 7.1234 score.` },
    ],
  } as unknown as StoredReportFigures;

  it('renders what a method-1 version holds and leaves the rest empty, saying so', () => {
    const pack = boardPack(methodOne, { ...VERSION, status: 'final' });
    expect(fields(pack, 'report')).toMatchObject({
      status: 'final',
      method: null,
      counted_delivery: null,
    });
    const notes = Object.fromEntries(records(pack, 'report').map((r) => [r.field, r.note]));
    expect(notes.method).toMatch(/not recorded/);
    expect(notes.counted_delivery).toMatch(/not recorded/);
    expect(records(pack, 'outcomes')[0]).toMatchObject({ code: 'WELL', actual: '7.12' });
    expect(records(pack, 'verification')).toEqual([]);
    expect(records(pack, 'valuation_lines')[0]).toMatchObject({ quantity: '7.12', basis: null });
    expect(records(pack, 'breakdowns')[0]).toMatchObject({
      group: '(no theme)',
      outcomes: 'WELL',
      not_monetised: null,
    });
    expect(records(pack, 'working')[0].text).toBe('Not monetised: WELL 7.1234 score.');
    expect(JSON.stringify(pack)).not.toMatch(UUID);
  });

  it('renders the oldest shape (outcomes and totals only), and never fails on malformed figures', () => {
    const oldest = storedFigures({
      partnership: { currency: 'GBP' },
      outcomes: [{ code: 'JOBS', title: 'People into work', actual: '10', monetised: true }],
      totals: { presentValue: '77294.69', sroiRatio: '1.93' },
    });
    const pack = boardPack(oldest, VERSION);
    expect(records(pack, 'outcomes')[0]).toMatchObject({ code: 'JOBS', actual: '10' });
    expect(fields(pack, 'totals')).toMatchObject({
      sroi_ratio: '1.93',
      sroi_ratio_n_to_1: '1.93:1',
    });
    expect(records(pack, 'trend')).toEqual([]);

    const malformed = [
      null,
      [],
      'figures',
      {
        partnership: 'x',
        outcomes: [null, 3, { code: 'X', actual: 'n/a', entries: '4', trend: 'none' }],
        valuationLines: { 0: 'x' },
        totals: 5,
        byTheme: [{ outcomes: 'JOBS', notMonetised: [null] }],
        sensitivity: { results: [{ parameter: 'deadweight', breakEven: 'x' }] },
        explanation: [{ text: 42 }],
        missingData: [{ code: 'GAP', expectedFrom: [{ name: null }] }],
        period: { quarters: 'all' },
      },
    ];
    for (const figures of malformed) {
      const rendered = boardPack(storedFigures(figures), VERSION);
      expect(rendered).toHaveLength(12);
    }
    const odd = boardPack(storedFigures(malformed[3]), VERSION);
    // A value that is not a decimal is shown as the text it is, never lost.
    expect(records(odd, 'outcomes')[0]).toMatchObject({ code: 'X', actual: 'n/a', entries: null });
    expect(records(odd, 'working')[0].text).toBe('42');

    const partial = boardPack(
      storedFigures({
        outcomes: [{ outcomeId: 'u-1', aggregation: 'mean' }],
        valuationLines: [{ outcomeId: 'u-1', monetised: false, quantity: '2.345' }],
        notMonetised: [{ outcomeId: 'u-1', quantity: '2.345' }],
        byTheme: [{ theme: 'T', outcomes: ['u-1'], notMonetised: [{ outcomeId: 'u-1' }] }],
        sensitivity: { baseRatio: '1', results: [{ parameter: 'duration', change: '1' }] },
        explanation: [{ code: 'x', text: 'Outcome u-1 counted.' }],
      }),
      VERSION,
    );
    // An outcome stored without a code is never named by its id.
    expect(records(partial, 'working')[0].text).toBe(`Outcome ${WITHHELD_ID} counted.`);
    expect(records(partial, 'valuation_lines')[0]).toMatchObject({ code: null, quantity: '2.35' });
    expect(records(partial, 'not_monetised')[0]).toMatchObject({ quantity: '2.35', title: null });
    expect(records(partial, 'breakdowns')[0]).toMatchObject({
      outcomes: null,
      not_monetised: null,
    });
    expect(records(partial, 'sensitivity')[1]).toMatchObject({
      parameter: 'duration',
      break_even_reachable: null,
      break_even_text: null,
    });
  });

  it('accepts what composeReport returns as stored figures', () => {
    const f: ReportFigures = composeReport(richReportInputs());
    const stored: StoredReportFigures = f;
    expect(boardPack(stored, VERSION)).toEqual(
      boardPack(storedFigures(JSON.parse(JSON.stringify(f))), VERSION),
    );
  });
});

describe('number cells', () => {
  it.each([
    ['-0.001', 2, '0.00'],
    ['2.345', 2, '2.35'],
    ['-2.345', 2, '-2.35'],
    ['7', 4, '7.0000'],
  ])('scaled(%s, %d) is %s', (value, places, out) => {
    expect(scaled(value, places)).toEqual({ number: out });
  });

  it.each([
    ['10.0000', 4, '10'],
    ['2.50', 4, '2.5'],
    ['-0.00001', 4, '0'],
    ['1.23456', 4, '1.2346'],
  ])('upTo(%s, %d) is %s', (value, places, out) => {
    expect(upTo(value, places)).toEqual({ number: out });
  });

  it('reads integers from JSON numbers and leaves absent values empty', () => {
    expect(scaled(3, 2)).toEqual({ number: '3.00' });
    expect(scaled(3.5, 2)).toBe('3.5');
    expect(upTo(undefined, 2)).toBeNull();
    expect(scaled('1e3', 2)).toBe('1e3');
  });
});
