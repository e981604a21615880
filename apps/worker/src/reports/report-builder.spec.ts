import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { byOutcomeAndQuarter } from './report-builder.service';

describe(byOutcomeAndQuarter.name, () => {
  it('orders rows as the locale collation did for uuids and ISO dates, so stored fingerprints still match', () => {
    const rowArb = fc.record({
      outcomeId: fc.constant(null).map(() => randomUUID()),
      quarterStart: fc
        .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
        .map((date) => date.toISOString().slice(0, 10)),
    });
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 40 }), (rows) => {
        // Some rows share an outcome, as rows of one outcome's quarters do.
        const shared = rows.map((r, i) => (i % 3 ? { ...r, outcomeId: rows[0].outcomeId } : r));
        const collated = [...shared].sort((a, b) =>
          (a.outcomeId + a.quarterStart).localeCompare(b.outcomeId + b.quarterStart),
        );
        expect(byOutcomeAndQuarter(shared)).toEqual(collated);
      }),
      { numRuns: 300 },
    );
  });
});
