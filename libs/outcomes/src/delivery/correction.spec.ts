import { DomainError } from '../errors';
import { CorrectionError, planCorrection, type CorrectedRecord } from './correction';

const original: CorrectedRecord = {
  kind: 'original',
  activityDate: '2026-05-01',
  quantity: '5',
  evidenceRef: 'CASE-1',
  evidenceGrade: 'documented',
};

function refusal(run: () => unknown): CorrectionError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as CorrectionError;
  }
  throw new Error('expected a refusal');
}

describe('planCorrection', () => {
  it('reverses a record: its facts with the quantity negated, same date, no amendment', () => {
    expect(planCorrection(original, false, { action: 'reverse' })).toEqual({
      reversal: {
        activityDate: '2026-05-01',
        quantity: '-5.0000',
        evidenceRef: 'CASE-1',
        evidenceGrade: 'documented',
      },
      amendment: null,
    });
  });

  it('amends a record: the reversal and the facts asked for, the original’s otherwise', () => {
    const plan = planCorrection(original, false, { action: 'amend', quantity: '3' });
    expect(plan.reversal.quantity).toBe('-5.0000');
    expect(plan.amendment).toEqual({
      activityDate: '2026-05-01',
      quantity: '3',
      evidenceRef: 'CASE-1',
      evidenceGrade: 'documented',
    });
  });

  it('amends every fact given, and copies the stated quantity to four places', () => {
    const plan = planCorrection({ ...original, kind: 'amendment', quantity: '2.5' }, false, {
      action: 'amend',
      activityDate: '2026-06-02',
      evidenceRef: 'CASE-2',
      evidenceGrade: 'independently_verified',
    });
    expect(plan.amendment).toEqual({
      activityDate: '2026-06-02',
      quantity: '2.5000',
      evidenceRef: 'CASE-2',
      evidenceGrade: 'independently_verified',
    });
  });

  it('refuses to correct a reversal (record the facts again instead)', () => {
    const error = refusal(() =>
      planCorrection({ ...original, kind: 'reversal' }, false, { action: 'reverse' }),
    );
    expect(error.code).toBe('reversal_not_correctable');
    expect(error.errors).toEqual([]);
  });

  it('refuses a second correction of the same record', () => {
    const error = refusal(() => planCorrection(original, true, { action: 'amend', quantity: '1' }));
    expect(error.code).toBe('already_corrected');
    expect(error.message).toBe('This record has already been corrected.');
  });

  it.each([
    { quantity: '1' },
    { activityDate: '2026-05-02' },
    { evidenceRef: 'X' },
    {
      evidenceGrade: 'documented',
    },
  ])('refuses a reversal given facts (%o), naming action', (facts) => {
    const error = refusal(() => planCorrection(original, false, { action: 'reverse', ...facts }));
    expect(error).toBeInstanceOf(CorrectionError);
    expect(error.code).toBe('reversal_takes_no_facts');
    expect(error.errors).toEqual([
      {
        field: 'action',
        value: 'reverse',
        reason: 'a reversal takes only a reason; use amend to change facts',
      },
    ]);
  });
});
