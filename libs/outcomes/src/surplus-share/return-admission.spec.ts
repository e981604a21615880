import { parseQuarterLabel, quarterOf } from '../periods/financial-periods';
import { DomainError } from '../errors';
import {
  ReturnAdmissionError,
  checkReturnAdmission,
  returnAdmissionProblems,
  type ReturnAdmissionContext,
} from './return-admission';

// A partnership from 2026-04-01 to 2031-03-31 (April financial years), seen on 2026-12-02:
// the current quarter is 2026-27 Q3 (October to December 2026).
const context = (rules: ReturnAdmissionContext['rules'] = []): ReturnAdmissionContext => ({
  term: { start: '2026-04-01', end: '2031-03-31' },
  currentQuarter: quarterOf('2026-12-02', 4),
  rules,
});
const quarter = (label: string) => parseQuarterLabel(label, 4);
const margin = { name: 'Margin share', painShare: false };
const pain = { name: 'Overrun share', painShare: true };

describe(returnAdmissionProblems.name, () => {
  it.each([
    ['2026-27 Q1', 'the first quarter of the term'],
    ['2026-27 Q2', 'a quarter that has ended'],
    ['2026-27 Q3', 'the current quarter (reported as it goes)'],
  ])('admits %s: %s', (label) => {
    expect(returnAdmissionProblems({ period: quarter(label) }, context([margin]))).toEqual([]);
  });

  it.each([
    ['2026-27 Q4', 'the next quarter', 'is after the current quarter (2026-27 Q3)'],
    ['2028-29 Q4', 'two years ahead', 'is after the current quarter (2026-27 Q3)'],
    ['2025-26 Q4', 'the quarter before the term', "is outside the partnership's dates"],
    ['2031-32 Q1', 'the quarter after the term', "is outside the partnership's dates"],
  ])('refuses %s (%s) on the period', (label, _what, reason) => {
    const problems = returnAdmissionProblems({ period: quarter(label) }, context());
    expect(problems).toEqual([
      { field: 'period', value: label, reason: expect.stringContaining(reason) },
    ]);
  });

  it('admits a quarter that straddles the start of the term (it overlaps the partnership)', () => {
    const term = { start: '2026-05-15', end: '2031-03-31' };
    expect(
      returnAdmissionProblems({ period: quarter('2026-27 Q1') }, { ...context(), term }),
    ).toEqual([]);
  });

  it('measures "after the current quarter" by the partnership\'s financial year (January start)', () => {
    const ctx = { ...context(), currentQuarter: quarterOf('2026-12-31', 1) };
    expect(returnAdmissionProblems({ period: parseQuarterLabel('2026 Q4', 1) }, ctx)).toEqual([]);
    expect(returnAdmissionProblems({ period: parseQuarterLabel('2027 Q1', 1) }, ctx)).toEqual([
      expect.objectContaining({ field: 'period', value: '2027 Q1' }),
    ]);
  });

  it.each([
    [[pain], undefined, true],
    [[pain], null, true],
    [[margin, pain], undefined, true],
    [[pain], '230000.00', false],
    [[pain], '0.00', false],
    [[margin], undefined, false],
    [[], undefined, false],
  ] as const)(
    'with rules %j and targetCost %p, asks for the target cost: %p',
    (rules, targetCost, refused) => {
      const problems = returnAdmissionProblems(
        { period: quarter('2026-27 Q2'), targetCost },
        context(rules),
      );
      expect(problems.some((p) => p.field === 'targetCost')).toBe(refused);
    },
  );

  it('names every pain-share rule that needs the target cost', () => {
    const other = { name: 'Second overrun share', painShare: true };
    expect(
      returnAdmissionProblems({ period: quarter('2026-27 Q2') }, context([pain, margin, other])),
    ).toEqual([
      {
        field: 'targetCost',
        value: null,
        reason:
          'is required: "Overrun share", "Second overrun share" share overruns against the target cost (pain-share)',
      },
    ]);
  });

  it('reports every field at once: a future period and a missing target cost', () => {
    const problems = returnAdmissionProblems({ period: quarter('2028-29 Q4') }, context([pain]));
    expect(problems.map((p) => p.field)).toEqual(['period', 'targetCost']);
    expect(problems[1].reason).toBe(
      'is required: "Overrun share" shares overruns against the target cost (pain-share)',
    );
  });
});

describe(checkReturnAdmission.name, () => {
  it('throws a ReturnAdmissionError naming each field, the period as the provider wrote it', () => {
    let thrown: unknown;
    try {
      checkReturnAdmission(
        { period: quarter('2031-32 Q1'), periodAsGiven: ' 2031-32 Q1' },
        context([pain]),
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ReturnAdmissionError);
    expect(thrown).toBeInstanceOf(DomainError);
    const error = thrown as ReturnAdmissionError;
    expect(error.code).toBe('return_not_admissible');
    expect(error.errors.map((e) => [e.field, e.value])).toEqual([
      ['period', ' 2031-32 Q1'],
      ['targetCost', null],
    ]);
  });

  it('admits a return the rules can evaluate', () => {
    expect(() =>
      checkReturnAdmission({ period: quarter('2026-27 Q1') }, context([margin])),
    ).not.toThrow();
  });
});
