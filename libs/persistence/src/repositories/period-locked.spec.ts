import { ImportPeriodLockedError } from './delivery-imports/errors';
import { periodLockedQuarters } from './period-locked';

describe(periodLockedQuarters.name, () => {
  it('reads the quarter from the trigger’s message, as pg raises it', () => {
    const pg = Object.assign(new Error('period-locked: 2026-27 Q1 is closed'), {
      code: 'OLPL1',
      severity: 'ERROR',
    });
    expect(periodLockedQuarters(pg)).toEqual(['2026-27 Q1']);
  });

  it('reads it from Prisma’s wrapping of the driver’s error', () => {
    const wrapped = {
      message: 'Invalid `prisma.deliveryRecord.create()` invocation',
      meta: {
        driverAdapterError: {
          cause: {
            originalCode: 'OLPL1',
            originalMessage: 'period-locked: 2026 Q3 is closed',
          },
        },
      },
    };
    expect(periodLockedQuarters(wrapped)).toEqual(['2026 Q3']);
  });

  it('names every quarter an import’s commit found closed', () => {
    const error = new ImportPeriodLockedError(['2026-27 Q1', '2026-27 Q2']);
    expect(error.message).toBe('period-locked: 2026-27 Q1, 2026-27 Q2 are closed');
    expect(periodLockedQuarters(error)).toEqual(['2026-27 Q1', '2026-27 Q2']);
  });

  it.each([null, undefined, new Error('duplicate key'), { code: '23505' }])(
    'is null for any other error (%p)',
    (error) => {
      expect(periodLockedQuarters(error)).toBeNull();
    },
  );
});
