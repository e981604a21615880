import { DomainError } from '../errors';
import { RecordFitError, checkRecordFits, recordFitProblems } from './record-fit';

const TERM = { start: '2026-04-01', end: '2031-03-31' };
const LATEST = '2026-12-04';

describe('recordFitProblems', () => {
  it('is empty for an open outcome dated within the term, up to the latest date', () => {
    expect(
      recordFitProblems({ outcomeId: 'o1', outcome: 'open', activityDate: LATEST }, TERM, LATEST),
    ).toEqual([]);
  });

  it.each([
    ['missing', 'no such outcome in this partnership'],
    ['archived', 'the outcome is archived'],
  ] as const)('names the outcome when it is %s', (outcome, reason) => {
    expect(
      recordFitProblems({ outcomeId: 'o1', outcome, activityDate: '2026-05-01' }, TERM, LATEST),
    ).toEqual([{ field: 'outcomeId', value: 'o1', reason }]);
  });

  it('names every field at fault, with the batch prefix', () => {
    expect(
      recordFitProblems(
        { outcomeId: 'o1', outcome: 'missing', activityDate: '2031-04-01' },
        TERM,
        LATEST,
        'records[2].',
      ),
    ).toEqual([
      { field: 'records[2].outcomeId', value: 'o1', reason: 'no such outcome in this partnership' },
      {
        field: 'records[2].activityDate',
        value: '2031-04-01',
        reason: 'must be within the partnership (2026-04-01 to 2031-03-31)',
      },
    ]);
  });

  it('refuses delivery dated after the latest date', () => {
    const [problem] = recordFitProblems(
      { outcomeId: 'o1', outcome: 'open', activityDate: '2026-12-05' },
      TERM,
      LATEST,
    );
    expect(problem.field).toBe('activityDate');
    expect(problem.reason).toContain('must not be after today (2026-12-04)');
  });
});

describe('checkRecordFits', () => {
  it('throws a RecordFitError carrying the problems', () => {
    const claim = { outcomeId: 'o1', outcome: 'archived', activityDate: '2020-01-01' } as const;
    let thrown: unknown;
    try {
      checkRecordFits(claim, TERM, LATEST);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RecordFitError);
    expect(thrown).toBeInstanceOf(DomainError);
    const error = thrown as RecordFitError;
    expect(error.code).toBe('record_does_not_fit');
    expect(error.message).toBe('The record does not fit the partnership.');
    expect(error.errors.map((e) => e.field)).toEqual(['outcomeId', 'activityDate']);
  });

  it('passes a record that fits', () => {
    expect(() =>
      checkRecordFits(
        { outcomeId: 'o1', outcome: 'open', activityDate: '2026-06-01' },
        TERM,
        LATEST,
      ),
    ).not.toThrow();
  });
});
