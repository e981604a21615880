import { ValidationError } from '../errors';
import { checkValuationLink, type LinkedOutcome } from './valuation-link';

const kind = (
  aggregation: LinkedOutcome['aggregation'],
  direction: LinkedOutcome['direction'] = 'increase',
  id = 'o',
): LinkedOutcome => ({ id, code: id.toUpperCase(), aggregation, direction });

const refusal = (...args: Parameters<typeof checkValuationLink>) => {
  try {
    checkValuationLink(...args);
    return null;
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return { field: e.field, reason: e.reason };
  }
};

describe(checkValuationLink.name, () => {
  it('implies achieved and avoided for counts, and refuses the other', () => {
    expect(checkValuationLink(kind('sum'), undefined)).toBe('achieved');
    expect(checkValuationLink(kind('sum', 'decrease'), undefined)).toBe('avoided');
    expect(checkValuationLink(kind('sum', 'decrease'), 'avoided')).toBe('avoided');
    expect(refusal(kind('sum', 'decrease'), 'achieved')).toEqual({
      field: 'basis',
      reason:
        'must be avoided for a count that should decrease (units avoided against the baseline, never the count of what happened)',
    });
  });

  it('values a stock level only on its change, named explicitly', () => {
    expect(checkValuationLink(kind('latest'), 'change_in_stock')).toBe('change_in_stock');
    expect(refusal(kind('latest'), undefined)?.field).toBe('basis');
    expect(refusal(kind('latest'), 'achieved')?.reason).toContain('never the level');
  });

  it('values a score only through a count outcome it names', () => {
    const up = { ...kind('sum', 'increase', 'up'), valued: false };
    expect(checkValuationLink(kind('mean'), 'count_outcome', up)).toBe('count_outcome');
    expect(refusal(kind('mean'), undefined)?.reason).toContain('a score is not a quantity');
    expect(refusal(kind('mean'), 'count_outcome')).toEqual({
      field: 'countOutcomeId',
      reason: 'is required for basis count_outcome',
    });
    expect(
      refusal(kind('mean'), 'count_outcome', { ...kind('mean', 'increase', 'x'), valued: false })
        ?.reason,
    ).toBe('must be a count (sum) outcome that should increase');
    expect(refusal(kind('mean'), 'count_outcome', { ...up, countedFor: 'other' })?.reason).toBe(
      'already counts the people of another score: they would be counted twice',
    );
    expect(checkValuationLink(kind('mean'), 'count_outcome', { ...up, countedFor: 'o' })).toBe(
      'count_outcome',
    );
    expect(refusal(kind('mean'), 'count_outcome', { ...up, valued: true })?.reason).toBe(
      'is valued by its own proxy: its people would be counted twice',
    );
    expect(
      refusal(kind('mean'), 'count_outcome', { ...kind('sum', 'increase', 'o'), valued: false })
        ?.reason,
    ).toBe('must be another outcome');
  });
});
