import { composeReport } from '../compose';
import type { MonetisedLineFigures, ReportFigures } from '../figures';
import {
  FORMULA_TITLE,
  FULL_IDS,
  RICH_IDS,
  fullReportInputs,
  inputsOf,
  outcome,
  proxyVersion,
  quarter,
  richReportInputs,
} from '../scenarios/fixtures';
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
      method: '4',
      counted_delivery: 'verified and claimed',
      discount_rate: '0.0350',
      discount_convention: 'end-of-year',
      discount_schedule: 'constant',
      payback_method: 'sroi_guide',
      report_price_year: '2026',
      price_index_series: null,
      fingerprint: VERSION.fingerprint,
      issued_at: '2026-07-02T08:00:00.000Z',
    });
    expect(fields(pack, 'report').discount_statement).toMatch(/3\.5% every year/);
    expect(fields(pack, 'report').price_statement).toMatch(/2026 prices/);
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
      price_year: '2026',
      value_per_unit_at_price_year: '10000.0000',
      report_price_year: '2026',
      uprating_factor: '1.000000',
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

  it('leaves the price-year columns empty for a line stored without uprating', () => {
    const [first, ...rest] = figures.valuationLines;
    const {
      priceYear: _p,
      reportPriceYear: _r,
      upratingFactor: _u,
      valuePerUnitAtPriceYear: _v,
      ...before
    } = first as MonetisedLineFigures;
    const old = { ...figures, valuationLines: [before, ...rest] } as StoredReportFigures;
    expect(byCodeOf(boardPack(old, VERSION), 'valuation_lines')['JOBS#1']).toMatchObject({
      proxy_code: 'EMP',
      price_year: null,
      value_per_unit_at_price_year: null,
      report_price_year: null,
      uprating_factor: null,
      value_per_unit: '10000.0000',
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
      payback_method: 'sroi_guide',
      payback_months: '0.6',
      payback_alternative_method: 'cumulative',
      payback_alternative_months: '0.6',
    });
  });

  it('breaks the value down by theme, stakeholder and provider, with shares and ratios, naming outcomes by code', () => {
    const theme = (group: string, pv: string, share: string, r: string, more: object) => ({
      dimension: 'theme',
      group,
      present_value: pv,
      share,
      ratio: r,
      ratio_n_to_1: `${r}:1`,
      ...more,
    });
    expect(records(pack, 'breakdowns')).toEqual([
      theme('Jobs', '772186.73', '0.5545', '15.44', {
        outcomes: 'JOBS; JOBS-12M',
        not_monetised: 'JOBS-12M 20 people',
      }),
      theme('Health', '620460.10', '0.4455', '12.41', {
        outcomes: 'AE; WELL; WELL-UP',
        not_monetised: 'WELL-UP 1850 people',
      }),
      theme('@risk', '0.00', '0.0000', '0.00', {
        outcomes: 'NOTE',
        not_monetised: 'NOTE 3 -units',
      }),
      theme('Care', '0.00', '0.0000', '0.00', { outcomes: 'GAP', not_monetised: 'GAP 0 carers' }),
      {
        dimension: 'stakeholder',
        group: '(not named)',
        present_value: '1392646.83',
        share: '1.0000',
        ratio: '27.85',
        ratio_n_to_1: '27.85:1',
        outcomes: 'JOBS; JOBS-12M; AE; WELL; WELL-UP; NOTE; GAP',
        not_monetised: null,
      },
      // JOBS's count is Acorn Care's; AE (units avoided) is the partnership's, and WELL-UP's
      // count names no provider in these inputs: no one provider's, never a guess.
      {
        dimension: 'provider',
        group: 'Acorn Care',
        present_value: '772186.73',
        share: '0.5545',
        ratio: '15.44',
        ratio_n_to_1: '15.44:1',
        outcomes: 'JOBS',
        not_monetised: null,
      },
      {
        dimension: 'provider',
        group: '(no one provider)',
        present_value: '620460.10',
        share: '0.4455',
        ratio: '12.41',
        ratio_n_to_1: '12.41:1',
        outcomes: 'AE; WELL',
        not_monetised: null,
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
    expect(rows[0]).toMatchObject({
      source: null,
      parameter: 'base',
      ratio: '27.85',
      ratio_n_to_1: '27.85:1',
    });
    expect(rows).toHaveLength(13);
    expect(rows.find((r) => r.parameter === 'displacement' && r.change === '0.1')).toEqual({
      source: 'standard',
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
      'payback-alternative',
      'not-monetised-total',
      'not-monetised-total',
      'not-monetised-total',
      'not-monetised-total',
    ]);
    const texts = working.map((w) => w.text).join('\n');
    // The figures name outcomes by id; the working names them by code.
    expect(figures.explanation[5].text).toContain(RICH_IDS.sustained);
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

describe('boardPack over a method-3 report (hierarchy, stakeholders, price years, own sensitivity)', () => {
  const figures = composeReport(fullReportInputs());
  const pack = boardPack(figures, VERSION);

  it('heads the report with the price year, the index series, the schedule and the payback definition', () => {
    const report = records(pack, 'report');
    expect(fields(pack, 'report')).toMatchObject({
      method: '4',
      discount_schedule: 'constant',
      payback_method: 'sroi_guide',
      report_price_year: '2026',
      price_index_series: 'GDPD GDP deflator (illustrative)',
    });
    expect(fields(pack, 'report').price_statement).toBe(figures.prices.statement);
    expect(report.find((r) => r.field === 'report_price_year')!.note).toMatch(
      /partnership’s report price year/,
    );
    expect(report.find((r) => r.field === 'payback_method')!.note).toMatch(/headline payback/);
  });

  it('lists each warning with the outcomes it names, by code', () => {
    expect(records(pack, 'warnings')).toEqual([
      {
        code: 'price_year_not_uprated',
        text: figures.warnings[0].text,
        outcomes: 'VOL',
      },
    ]);
    expect(figures.warnings[0].text).toContain('VOL (proxy VOLP, 2019 prices');
  });

  it('shows roll-ups, stakeholders and parents by code', () => {
    const o = byCodeOf(pack, 'outcomes');
    expect(o['MISSION#']).toMatchObject({
      stakeholder: null,
      parent_code: null,
      roll_up_from: 'JOBS',
      roll_up_excluded: 'AE: counted in attendances, not people',
      valued_in: null,
    });
    expect(o['JOBS#']).toMatchObject({
      stakeholder: 'Residents',
      parent_code: 'MISSION',
      roll_up_from: null,
      roll_up_excluded: null,
    });
    expect(o['AE#']).toMatchObject({ stakeholder: 'NHS', parent_code: 'MISSION' });
  });

  it('names the valued ancestor holding a child’s value by its code', () => {
    const north = 'b7c1e2d3-0000-4000-8000-00000000000a';
    const east = 'b7c1e2d3-0000-4000-8000-00000000000b';
    const tree = composeReport(
      inputsOf([
        outcome({
          id: north,
          code: 'NORTH',
          delivery: [quarter()],
          valuation: {
            basis: 'achieved',
            countOutcomeId: null,
            proxies: [proxyVersion('v-jobs', '1000.0000', { code: 'JOB-START' })],
          },
        }),
        outcome({
          id: east,
          code: 'N-EAST',
          parentId: north,
          delivery: [quarter({ verified: ['30', 30] })],
        }),
      ]),
    );
    const o = byCodeOf(boardPack(tree, VERSION), 'outcomes');
    expect(o['NORTH#']).toMatchObject({ roll_up_from: 'N-EAST', present_value: '30000.00' });
    expect(o['N-EAST#']).toMatchObject({ parent_code: 'NORTH', valued_in: 'NORTH' });
    expect(JSON.stringify(boardPack(tree, VERSION))).not.toMatch(UUID);
  });

  it('shows each line’s price year, its value there, the factor and the uprated value', () => {
    const lines = byCodeOf(pack, 'valuation_lines');
    expect(lines['JOBS#1']).toMatchObject({
      proxy_code: 'EMP',
      price_year: '2023',
      value_per_unit_at_price_year: '10000.0000',
      report_price_year: '2026',
      uprating_factor: '1.071565',
      value_per_unit: '10715.6500',
    });
    expect(lines['VOL#8']).toMatchObject({
      monetised: 'no',
      price_year: null,
      uprating_factor: null,
      present_value: null,
      not_valued_reason: expect.stringMatching(/2019 prices/),
    });
    expect(records(pack, 'not_uprated')).toEqual([
      {
        code: 'VOL',
        proxy_code: 'VOLP',
        price_year: '2019',
        report_price_year: '2026',
        missing_years: '2019',
        reason: figures.prices.notUprated[0].reason,
      },
    ]);
  });

  it('totals with the ratios as stored N:1 and both paybacks, the headline one labelled', () => {
    const totals = records(pack, 'totals');
    const at = (field: string) => totals.find((r) => r.field === field)!;
    expect(at('sroi_ratio_n_to_1').value).toBe(figures.totals.sroiRatioText);
    expect(at('net_sroi_ratio_n_to_1').value).toBe(figures.totals.netSroiRatioText);
    expect(at('payback_method')).toMatchObject({
      value: 'sroi_guide',
      note: expect.stringMatching(/^the headline payback’s definition: the SROI Guide’s/),
    });
    expect(at('payback_months')).toMatchObject({ value: '0.6', note: 'headline, by sroi_guide' });
    expect(at('payback_alternative_method')).toMatchObject({
      value: 'cumulative',
      note: expect.stringMatching(/^not the headline: cumulative/),
    });
    expect(at('payback_alternative_months').value).toBe('0.6');
  });

  it('breaks the value down by stakeholder group, "(not named)" for none', () => {
    const rows = records(pack, 'breakdowns').filter((r) => r.dimension === 'stakeholder');
    expect(rows).toEqual([
      {
        dimension: 'stakeholder',
        group: '(not named)',
        present_value: '625603.86',
        share: '0.4321',
        ratio: '12.51',
        ratio_n_to_1: '12.51:1',
        outcomes: 'MISSION; JOBS-12M; WELL; WELL-UP; NOTE; GAP',
        not_monetised: null,
      },
      {
        dimension: 'stakeholder',
        group: 'Residents',
        present_value: '827448.28',
        share: '0.5715',
        ratio: '16.55',
        ratio_n_to_1: '16.55:1',
        outcomes: 'JOBS; VOL',
        not_monetised: null,
      },
      {
        dimension: 'stakeholder',
        group: 'NHS',
        present_value: '-5143.77',
        share: '-0.0036',
        ratio: '-0.10',
        ratio_n_to_1: '-0.10:1',
        outcomes: 'AE',
        not_monetised: null,
      },
    ]);
  });

  it('marks the partnership’s own sensitivity case by its source', () => {
    const rows = records(pack, 'sensitivity');
    expect(rows.filter((r) => r.source === 'standard')).toHaveLength(12);
    expect(rows.filter((r) => r.source === 'partnership')).toEqual([
      expect.objectContaining({
        source: 'partnership',
        parameter: 'deadweight',
        change: '0.15',
        ratio: '23.19',
        ratio_n_to_1: '23.19:1',
      }),
    ]);
  });

  it('writes the two-way grid as its own section, one row per row change × column change', () => {
    const grid = records(pack, 'sensitivity_grid');
    expect(grid).toHaveLength(9);
    expect(grid.map((g) => [g.row_change, g.column_change, g.ratio])).toEqual(
      figures
        .sensitivity!.grid!.cells.flat()
        .map((c) => [shown(upTo(c.rowChange, 4)), shown(upTo(c.columnChange, 4)), c.ratio]),
    );
    expect(grid[0]).toEqual({
      row_parameter: 'deadweight',
      row_change: '-0.1',
      column_parameter: 'proxyValue',
      column_change: '-0.2',
      present_value: '1312569.11',
      investment: '50000.00',
      ratio: '26.25',
      ratio_n_to_1: '26.25:1',
      clamped: 'yes',
    });
    // The centre (no change on either) is the report's own ratio.
    expect(grid[4]).toMatchObject({ row_change: '0', column_change: '0', ratio: '28.96' });
    expect(section(pack, 'sensitivity_grid').note).toMatch(/deadweight change × proxyValue change/);
    const working = records(pack, 'working').filter((w) => w.subject === 'sensitivity grid');
    expect(working.length).toBe(figures.sensitivity!.grid!.explanation.length);
    expect(working.length).toBeGreaterThan(0);
  });

  it('shows no id anywhere, though the figures hold them', () => {
    const all = JSON.stringify(figures);
    for (const id of [...Object.values(RICH_IDS), ...Object.values(FULL_IDS)])
      expect(all).toContain(id);
    expect(JSON.stringify(pack)).not.toMatch(UUID);
  });

  it('renders a version without a grid, prices or warnings with those sections empty', () => {
    const {
      prices: _p,
      warnings: _w,
      byStakeholder: _b,
      byProvider: _bp,
      ...older
    } = {
      ...figures,
      sensitivity: { ...figures.sensitivity!, grid: null },
    };
    const old = boardPack(older, VERSION);
    expect(records(old, 'sensitivity_grid')).toEqual([]);
    expect(section(old, 'sensitivity_grid').note).toMatch(/^None/);
    expect(records(old, 'warnings')).toEqual([]);
    expect(records(old, 'not_uprated')).toEqual([]);
    expect(records(old, 'breakdowns').map((r) => r.dimension)).not.toContain('stakeholder');
    expect(records(old, 'breakdowns').map((r) => r.dimension)).not.toContain('provider');
    expect(fields(old, 'report')).toMatchObject({
      report_price_year: null,
      price_statement: null,
      price_index_series: null,
    });
  });
});

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
    expect(fields(pack, 'report')).toMatchObject({
      discount_schedule: null,
      payback_method: null,
      report_price_year: null,
    });
    expect(notes.discount_schedule).toMatch(/not recorded/);
    expect(notes.payback_method).toMatch(/not recorded/);
    expect(notes.report_price_year).toMatch(/not recorded/);
    expect(records(pack, 'outcomes')[0]).toMatchObject({
      stakeholder: null,
      roll_up_from: null,
      roll_up_excluded: null,
      valued_in: null,
    });
    expect(fields(pack, 'totals')).toMatchObject({
      payback_method: null,
      payback_alternative_method: null,
      payback_alternative_months: null,
    });
    expect(records(pack, 'warnings')).toEqual([]);
    expect(records(pack, 'not_uprated')).toEqual([]);
    expect(records(pack, 'sensitivity_grid')).toEqual([]);
    expect(records(pack, 'breakdowns').map((r) => r.dimension)).toEqual(['theme']);
    expect(records(pack, 'breakdowns')[0]).toMatchObject({
      share: null,
      ratio: null,
      ratio_n_to_1: null,
    });
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
        sensitivity: {
          results: [{ parameter: 'deadweight', breakEven: 'x' }],
          grid: { rows: 'x', cells: [null, [null, { ratio: 'n/a' }]], explanation: 'x' },
        },
        byStakeholder: [null, { stakeholder: 3, outcomes: 'x' }],
        byProvider: [null, { provider: 'x', outcomes: 3 }, { provider: { name: 5 } }],
        prices: { notUprated: [null, { code: 'VOL', missingYears: 'x' }], indexSeries: 'x' },
        warnings: [null, { code: 'w', outcomeIds: 'x' }],
        explanation: [{ text: 42 }],
        missingData: [{ code: 'GAP', expectedFrom: [{ name: null }] }],
        period: { quarters: 'all' },
      },
    ];
    for (const figures of malformed) {
      const rendered = boardPack(storedFigures(figures), VERSION);
      expect(rendered).toHaveLength(15);
    }
    const odd = boardPack(storedFigures(malformed[3]), VERSION);
    // A value that is not a decimal is shown as the text it is, never lost.
    expect(records(odd, 'outcomes')[0]).toMatchObject({ code: 'X', actual: 'n/a', entries: null });
    expect(records(odd, 'working')[0].text).toBe('42');
    expect(records(odd, 'sensitivity_grid')).toEqual([
      expect.objectContaining({ row_parameter: null, ratio: 'n/a' }),
    ]);
    expect(records(odd, 'warnings')).toEqual([{ code: 'w', text: null, outcomes: null }]);
    expect(records(odd, 'not_uprated')).toEqual([
      expect.objectContaining({ code: 'VOL', missing_years: null }),
    ]);
    expect(records(odd, 'breakdowns')).toContainEqual(
      expect.objectContaining({ dimension: 'stakeholder', group: '3', outcomes: null }),
    );

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
