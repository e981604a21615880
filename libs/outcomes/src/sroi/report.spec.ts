import { ValidationError } from '../errors';
import { explain } from '../explanation/steps';
import { toMoneyString } from '../money/money';
import type { OutcomeLineInput } from './outcome-line';
import { computeSroiReport } from './report';

/** Undiscounted lines make the arithmetic easy to check by eye. */
const noDiscount = { convention: 'none' as const };

const jobs: OutcomeLineInput = {
  outcomeId: 'jobs',
  title: 'Job starts',
  theme: 'Jobs',
  unit: 'people',
  quantity: '10',
  proxy: { valuePerUnit: '1200', durationYears: 2, dropOff: '0.5' },
};
const housing: OutcomeLineInput = {
  outcomeId: 'tenancies',
  theme: 'Housing',
  unit: 'tenancies',
  quantity: '4',
  proxy: { valuePerUnit: '3000' },
};
const confidence: OutcomeLineInput = {
  outcomeId: 'confidence',
  theme: 'Community',
  unit: 'residents',
  quantity: '45',
};

describe(computeSroiReport.name, () => {
  it('totals present value, investment, NPV and both ratios', () => {
    // jobs: 12000 + 6000 = 18000; tenancies: 12000; total 30000; investment 12000
    const report = computeSroiReport({
      lines: [jobs, housing, confidence],
      investment: '12000',
      discount: noDiscount,
    });
    expect(report.totalPresentValue.toString()).toBe('30000');
    expect(report.totalUndiscountedValue.toString()).toBe('30000');
    expect(report.investment.toString()).toBe('12000');
    expect(report.netPresentValue.toString()).toBe('18000');
    expect(report.sroiRatio?.toString()).toBe('2.5');
    expect(report.netSroiRatio?.toString()).toBe('1.5');
    expect(report.ratioUnavailableReason).toBeNull();
    expect(report.discount).toEqual({
      convention: 'none',
      statement: 'Values are not discounted (convention: none).',
    });
  });

  it('gives no ratio for zero investment, with a reason, never Infinity', () => {
    const report = computeSroiReport({ lines: [housing], investment: '0', discount: noDiscount });
    expect(report.sroiRatio).toBeNull();
    expect(report.netSroiRatio).toBeNull();
    expect(report.ratioUnavailableReason).toBe('zero-investment');
    expect(report.paybackMonths?.toString()).toBe('0');
    expect(explain(report)).toContain('SROI ratio: not available because the investment is zero.');
  });

  it('lists outcomes without a proxy in their own units, not as zero money', () => {
    const report = computeSroiReport({
      lines: [jobs, confidence, { ...confidence, quantity: '5' }],
      investment: '1000',
      discount: noDiscount,
    });
    expect(report.notMonetised).toEqual([
      {
        outcomeId: 'confidence',
        title: null,
        unit: 'residents',
        quantity: expect.objectContaining({}) as unknown,
        monetised: false,
      },
    ]);
    expect(report.notMonetised[0].quantity.toString()).toBe('50');
    const outcome = report.byOutcome.find((entry) => entry.outcomeId === 'confidence');
    expect(outcome?.presentValue).toBeNull();
    expect(outcome?.monetised).toBe(false);
    expect(explain(report)).toContain(
      'Not monetised: confidence 50 residents (reported in units, not in the value).',
    );
  });

  it('totals by outcome (corrections included) and by theme, in order of first appearance', () => {
    const correction: OutcomeLineInput = { ...jobs, quantity: '-2', isCorrection: true };
    const partly: OutcomeLineInput = { ...housing, quantity: '1', proxy: null };
    const untitled: OutcomeLineInput = { outcomeId: 'misc', quantity: '3' };
    const report = computeSroiReport({
      lines: [jobs, housing, correction, confidence, partly, untitled],
      investment: '10000',
      discount: noDiscount,
    });
    expect(
      report.byOutcome.map((entry) => [
        entry.outcomeId,
        entry.lineCount,
        entry.quantity.toString(),
        entry.monetised,
        entry.presentValue?.toString() ?? null,
        entry.notMonetisedQuantity.toString(),
      ]),
    ).toEqual([
      ['jobs', 2, '8', true, '14400', '0'],
      ['tenancies', 2, '5', false, '12000', '1'],
      ['confidence', 1, '45', false, null, '45'],
      ['misc', 1, '3', false, null, '3'],
    ]);
    expect(
      report.byTheme.map((entry) => [
        entry.theme,
        entry.presentValue.toString(),
        entry.outcomeIds,
        entry.notMonetised.map((item) => `${item.outcomeId}:${item.quantity.toString()}`),
      ]),
    ).toEqual([
      ['Jobs', '14400', ['jobs'], []],
      ['Housing', '12000', ['tenancies'], ['tenancies:1']],
      ['Community', '0', ['confidence'], ['confidence:45']],
      [null, '0', ['misc'], ['misc:3']],
    ]);
    expect(explain(report)).toContain('Not monetised: misc 3 (reported');
  });

  describe('payback period (SROI Guide, the default)', () => {
    it('is investment ÷ (first-year value ÷ 12), said in words', () => {
      // year 1 value 12000 (jobs); 15000 / (12000 / 12) = 15 months, whatever later years bring
      const report = computeSroiReport({
        lines: [jobs],
        investment: '15000',
        discount: noDiscount,
      });
      expect(report.paybackMethod).toBe('sroi_guide');
      expect(report.paybackMonths?.toString()).toBe('15');
      expect(report.paybackUnavailableReason).toBeNull();
      expect(explain(report)).toContain(
        'Payback (SROI Guide) = investment 15000.00 ÷ (first-year value 12000.00 ÷ 12 = 1000.00 a month) = 15 months.',
      );
      expect(explain(report)).toContain(
        'year-1 impact of the monetised lines after deductions, undiscounted',
      );
      // The cumulative figure is given beside it: 12 + 12 × 3000 / 6000 = 18 months.
      expect(report.paybackAlternative.method).toBe('cumulative');
      expect(report.paybackAlternative.months?.toString()).toBe('18');
      expect(report.totalSteps.map((entry) => entry.code).slice(-2)).toEqual([
        'payback',
        'payback-alternative',
      ]);
    });

    it('goes beyond the benefit period when the investment is large (it is a simple ratio)', () => {
      // 36000 / 1000 a month = 36 months; cumulative value (18000) never covers it
      const report = computeSroiReport({
        lines: [jobs],
        investment: '36000',
        discount: noDiscount,
      });
      expect(report.paybackMonths?.toString()).toBe('36');
      expect(report.paybackAlternative).toMatchObject({
        months: null,
        unavailableReason: 'not-paid-back-within-duration',
      });
    });

    it('sums the first year of every monetised line, benefits starting later included', () => {
      // jobs 12000 + housing 4 × 3000 = 24000 in year 1; 12000 / 2000 a month = 6 months
      const report = computeSroiReport({
        lines: [jobs, housing],
        investment: '12000',
        discount: noDiscount,
      });
      expect(report.paybackMonths?.toString()).toBe('6');
    });

    it('is null with a reason when the first year has no value', () => {
      const report = computeSroiReport({
        lines: [{ ...jobs, quantity: '0' }],
        investment: '100',
        discount: noDiscount,
      });
      expect(report.paybackMonths).toBeNull();
      expect(report.paybackUnavailableReason).toBe('no-first-year-value');
      expect(explain(report)).toContain("Payback (SROI Guide): none — the first year's value 0.00");
    });

    it('is immediate for zero investment by either method', () => {
      const report = computeSroiReport({ lines: [jobs], investment: '0' });
      expect(report.paybackMonths?.toString()).toBe('0');
      expect(report.paybackAlternative.months?.toString()).toBe('0');
      expect(explain(report)).toContain('Payback (SROI Guide): immediate (no investment).');
      expect(explain(report)).toContain('Payback (cumulative): immediate (no investment).');
    });

    it('rejects an unknown method naming the field', () => {
      expect(() =>
        computeSroiReport({
          lines: [jobs],
          investment: '1',
          paybackMethod: 'simple' as 'cumulative',
        }),
      ).toThrow(expect.objectContaining({ field: 'paybackMethod' }) as Error);
    });
  });

  describe('payback period (cumulative, the named alternative)', () => {
    const cumulative = { paybackMethod: 'cumulative' as const, discount: noDiscount };

    it('within the first year equals the SROI Guide figure', () => {
      // year 1 value 12000 (jobs); 9000 / (12000 / 12) = 9 months
      const report = computeSroiReport({ lines: [jobs], investment: '9000', ...cumulative });
      expect(report.paybackMethod).toBe('cumulative');
      expect(report.paybackMonths?.toString()).toBe('9');
      expect(report.paybackAlternative.months?.toString()).toBe('9');
      expect(report.paybackUnavailableReason).toBeNull();
      expect(explain(report)).toContain('reaches the investment in year 1, after 9 months');
    });

    it('exactly at the end of a year', () => {
      const report = computeSroiReport({ lines: [jobs], investment: '12000', ...cumulative });
      expect(report.paybackMonths?.toString()).toBe('12');
    });

    it('in a later year accrues that year evenly', () => {
      // year 1: 12000, year 2: 6000; 15000 = 12000 + 3000 → 12 + 12 × 3000/6000 = 18 months
      const report = computeSroiReport({ lines: [jobs], investment: '15000', ...cumulative });
      expect(report.paybackMonths?.toString()).toBe('18');
    });

    it('counts from the activity when benefits start the following year', () => {
      // nothing in year 1; 6000 of 12000 in year 2 → 12 + 6 = 18 months
      const later: OutcomeLineInput = {
        ...housing,
        proxy: { valuePerUnit: '3000', benefitStart: 'following-year' },
      };
      const report = computeSroiReport({ lines: [later], investment: '6000', ...cumulative });
      expect(report.paybackMonths?.toString()).toBe('18');
    });

    it('is null with a reason when never reached', () => {
      const report = computeSroiReport({ lines: [jobs], investment: '18000.01', ...cumulative });
      expect(report.paybackMonths).toBeNull();
      expect(report.paybackUnavailableReason).toBe('not-paid-back-within-duration');
      expect(explain(report)).toContain(
        'Payback (cumulative): not reached — cumulative undiscounted value 18000.00 stays below the investment 18000.01.',
      );
    });

    it('uses undiscounted value whatever the convention', () => {
      const report = computeSroiReport({
        lines: [jobs],
        investment: '15000',
        paybackMethod: 'cumulative',
      });
      expect(report.paybackMonths?.toString()).toBe('18');
      expect(toMoneyString(report.totalPresentValue)).toBe('17195.27');
    });
  });

  it('explains each line, then the totals', () => {
    const report = computeSroiReport({ lines: [jobs], investment: '9000', discount: noDiscount });
    expect(report.steps.slice(-5).map((entry) => entry.code)).toEqual([
      'total-present-value',
      'net-present-value',
      'sroi-ratio',
      'payback',
      'payback-alternative',
    ]);
    expect(explain(report)).toContain(
      'SROI ratio = 18000.00 ÷ 9000.00 = 2.00:1; net SROI ratio = 9000.00 ÷ 9000.00 = 1.00:1.',
    );
    // The totals' working alone: the steps after every line's.
    const lineSteps = report.lines.flatMap((line) => line.steps);
    expect(report.totalSteps.map((entry) => entry.code)).toEqual([
      'total-present-value',
      'net-present-value',
      'sroi-ratio',
      'payback',
      'payback-alternative',
    ]);
    expect(report.steps).toEqual([...lineSteps, ...report.totalSteps]);
  });

  it('handles an empty impact map', () => {
    const report = computeSroiReport({ lines: [], investment: '100' });
    expect(report.totalPresentValue.toString()).toBe('0');
    expect(report.sroiRatio?.toString()).toBe('0');
    expect(report.paybackMonths).toBeNull();
  });

  it.each([
    [{ investment: '-1' }, 'investment'],
    [{ investment: 100 as unknown as string }, 'investment'],
    [
      { lines: [{ ...jobs, proxy: { valuePerUnit: '1', attribution: '1.5' } }] },
      'lines[0].proxy.attribution',
    ],
    [{ lines: [housing, { ...jobs, quantity: '-3' }] }, 'lines[1].quantity'],
    [{ lines: 'jobs' as unknown as OutcomeLineInput[] }, 'lines'],
    [{ discount: { convention: 'sometimes' as 'none' } }, 'discount.convention'],
  ])('rejects %j naming %s', (change, field) => {
    expect.assertions(2);
    try {
      computeSroiReport({ lines: [jobs], investment: '1000', ...change });
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
  });
});
