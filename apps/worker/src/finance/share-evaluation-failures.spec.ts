import { evaluateContract, ruleFromShorthand, ValidationError } from '@ol/outcomes';
import { type FinancialReturnWithLines } from '@ol/persistence';
import { failureFrom } from './share-evaluation-failures';
import { entryOf } from './share-evaluation-inputs';

const stored = (
  id: string,
  label: string,
  start: string,
  end: string,
  targetCost: string | null,
): FinancialReturnWithLines => ({
  partnershipId: 'p',
  id,
  providerOrgId: 'o',
  periodStart: start,
  periodEnd: end,
  periodLabel: label,
  revision: 2,
  revenue: '100000.00',
  targetCost,
  note: null,
  submittedBy: null,
  submittedAt: '2026-11-01T00:00:00.000Z',
  reviewStatus: 'accepted',
  reviewedBy: null,
  reviewedAt: '2026-11-02T00:00:00.000Z',
  reviewNote: null,
  lines: [
    { lineNo: 1, category: 'direct', description: null, amount: '90000.00', allowable: true },
  ],
});

describe(failureFrom.name, () => {
  const returns = [
    stored('r1', '2026-27 Q1', '2026-04-01', '2026-06-30', '95000.00'),
    stored('r2', '2026-27 Q2', '2026-07-01', '2026-09-30', null),
  ];

  it('names the return and its field when the rule cannot evaluate a return (the real error)', () => {
    let error: unknown;
    try {
      evaluateContract(
        ruleFromShorthand({
          basis: 'cost',
          reasonableSurplusRate: '0.05',
          bands: [{ provider: '0.5', commissioner: '0.5' }],
          painShare: { providerShare: '0.5' },
        }),
        returns.map(entryOf),
        { start: '2026-04-01', end: '2026-09-30' },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(failureFrom(error as Error, returns)).toEqual({
      reason:
        'The 2026-27 Q2 return (revision 2): targetCost is required: the rule takes its target cost from the returns.',
      field: 'targetCost',
      returnId: 'r2',
      period: '2026-27 Q2',
    });
  });

  it('names the return alone when the error is about the whole entry', () => {
    const error = new ValidationError(
      'entries[0]',
      '2026-04-01..2026-06-30',
      'straddles the window',
    );
    expect(failureFrom(error, returns)).toEqual({
      reason: 'The 2026-27 Q1 return (revision 2): straddles the window.',
      field: null,
      returnId: 'r1',
      period: '2026-27 Q1',
    });
  });

  it('keeps the domain field when it is not a return (the rule, the window)', () => {
    const error = new ValidationError('rule.bands[0].upTo', '-1', 'must not be negative');
    expect(failureFrom(error, returns)).toEqual({
      reason: 'rule.bands[0].upTo must not be negative (received "-1").',
      field: 'rule.bands[0].upTo',
      returnId: null,
      period: null,
    });
  });

  it('gives the message of any other error, with no field', () => {
    expect(failureFrom(new Error('connection terminated'), returns)).toEqual({
      reason: 'connection terminated',
      field: null,
      returnId: null,
      period: null,
    });
  });
});
