import { ValidationError } from '../errors';
import { parseQuarterLabel } from '../periods/financial-periods';
import { deliveryArrival, monthsOfQuarter, obligationStatus, returnArrival } from './arrival';

describe(monthsOfQuarter.name, () => {
  it.each([
    ['2026-27 Q1', 4, ['2026-04', '2026-05', '2026-06']],
    ['2026-27 Q3', 4, ['2026-10', '2026-11', '2026-12']],
    ['2026-27 Q4', 4, ['2027-01', '2027-02', '2027-03']],
    ['2026 Q1', 1, ['2026-01', '2026-02', '2026-03']],
    ['2026-27 Q2', 11, ['2027-02', '2027-03', '2027-04']],
  ])('gives the months of %s (year starting in month %i)', (label, start, months) => {
    expect(monthsOfQuarter(parseQuarterLabel(label, start))).toEqual(months);
  });
});

describe(deliveryArrival.name, () => {
  const q1 = parseQuarterLabel('2026-27 Q1');

  it.each([
    [[], 'none', [], ['2026-04', '2026-05', '2026-06']],
    [['2026-05'], 'partial', ['2026-05'], ['2026-04', '2026-06']],
    [['2026-06', '2026-04', '2026-06'], 'partial', ['2026-04', '2026-06'], ['2026-05']],
    [['2026-06', '2026-05', '2026-04'], 'complete', ['2026-04', '2026-05', '2026-06'], []],
  ])('with months %j has arrived: %s', (months, arrival, withData, missing) => {
    expect(deliveryArrival(q1, months)).toEqual({
      arrival,
      monthsWithData: withData,
      monthsMissing: missing,
    });
  });

  it('covers a quarter across a calendar year end (January–March of an April year)', () => {
    const q4 = parseQuarterLabel('2026-27 Q4');
    expect(deliveryArrival(q4, ['2027-01', '2027-02', '2027-03']).arrival).toBe('complete');
  });

  it('refuses a month outside the quarter, naming it', () => {
    expect(() => deliveryArrival(q1, ['2026-04', '2026-07'])).toThrow(
      expect.objectContaining({ field: 'monthsWithData[1]', value: '2026-07' }),
    );
  });
});

describe(returnArrival.name, () => {
  it.each([
    [0, 'none'],
    [1, 'complete'],
    [3, 'complete'],
  ])('with %i revisions: %s', (revisions, arrival) => {
    expect(returnArrival(revisions)).toBe(arrival);
  });

  it.each([-1, 0.5])('refuses %s revisions', (revisions) => {
    expect(() => returnArrival(revisions)).toThrow(ValidationError);
  });
});

describe(obligationStatus.name, () => {
  it.each([
    ['complete', '2026-07-14', '2026-07-13', 'complete'],
    ['complete', '2026-07-14', '2026-09-01', 'complete'],
    ['partial', '2026-07-14', '2026-07-13', 'pending'],
    ['partial', '2026-07-14', '2026-07-14', 'pending'],
    ['partial', '2026-07-14', '2026-07-15', 'overdue'],
    ['none', '2026-07-14', '2026-07-15', 'overdue'],
    ['none', '2026-07-14', '2026-07-01', 'pending'],
  ] as const)('%s due %s, on %s: %s', (arrival, dueBy, asOf, status) => {
    expect(obligationStatus(arrival, dueBy, asOf)).toBe(status);
  });

  it('refuses a day that is not one', () => {
    expect(() => obligationStatus('none', '2026-07-14', 'today')).toThrow(
      expect.objectContaining({ field: 'asOf' }),
    );
  });
});
