import fc from 'fast-check';
import { aggregateEntries, aggregateTotals, type Aggregation } from './aggregation';

describe(aggregateTotals.name, () => {
  it.each([
    ['sum', { count: 3, sum: '10.5', latest: '4' }, '10.5'],
    ['mean', { count: 4, sum: '10', latest: '4' }, '2.5'],
    ['latest', { count: 2, sum: '10', latest: '4' }, '4'],
    ['sum', { count: 0, sum: '0', latest: null }, '0'],
  ] as const)('%s of %j is %s', (aggregation, totals, expected) => {
    expect(aggregateTotals(totals, aggregation).value?.toString()).toBe(expected);
  });

  it.each(['mean', 'latest'] as const)('%s of no entries is no data, not zero', (aggregation) => {
    expect(aggregateTotals({ count: 0, sum: '0', latest: null }, aggregation).value).toBeNull();
  });

  it('refuses a bad count, a missing latest value and an unknown aggregation', () => {
    expect(() => aggregateTotals({ count: -1, sum: '0', latest: null }, 'sum')).toThrow(
      /totals.count/,
    );
    expect(() => aggregateTotals({ count: 1.5, sum: '0', latest: null }, 'sum')).toThrow(
      /totals.count/,
    );
    expect(() => aggregateTotals({ count: 2, sum: '3', latest: null }, 'latest')).toThrow(
      /totals.latest/,
    );
    expect(() =>
      aggregateTotals({ count: 2, sum: '3', latest: '1' }, 'median' as Aggregation),
    ).toThrow(/aggregation/);
  });

  it('agrees with aggregateEntries for sum and mean', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 30 }), (values) => {
        const entries = values.map((v) => ({ date: '2026-05-01', value: String(v) }));
        const totals = {
          count: values.length,
          sum: String(values.reduce((a, b) => a + b, 0)),
          latest: values.length ? String(values[values.length - 1]) : null,
        };
        for (const aggregation of ['sum', 'mean', 'latest'] as const) {
          const a = aggregateEntries(entries, aggregation).value;
          const b = aggregateTotals(totals, aggregation).value;
          expect(b === null ? null : b.toString()).toBe(a === null ? null : a.toString());
        }
      }),
    );
  });
});
