import { ValidationError } from '../errors';
import { aggregateEntries, type Aggregation } from './aggregation';

const entries = [
  { date: '2025-04-10', value: '4' },
  { date: '2025-06-02', value: '7' },
  { date: '2025-05-20', value: '-1' },
];

describe(aggregateEntries.name, () => {
  it.each([
    ['sum', '10'],
    ['mean', '3.333333333333333333333333333333333333333'],
    ['latest', '7'],
  ] as const)('aggregates by %s to %s', (aggregation, expected) => {
    const result = aggregateEntries(entries, aggregation);
    expect(result.value?.toString()).toBe(expected);
    expect(result.entryCount).toBe(3);
    expect(result.aggregation).toBe(aggregation);
  });

  it('takes the last-listed entry among those on the latest date', () => {
    const sameDay = [
      { date: '2025-06-02', value: '5' },
      { date: '2025-06-02', value: '6' },
      { date: '2025-01-01', value: '9' },
    ];
    expect(aggregateEntries(sameDay, 'latest').value?.toString()).toBe('6');
  });

  it.each([
    ['sum', '0'],
    ['mean', null],
    ['latest', null],
  ] as const)(
    'with no entries %s gives %p (no data is not zero for scores and levels)',
    (aggregation, expected) => {
      expect(aggregateEntries([], aggregation).value?.toString() ?? null).toBe(expected);
    },
  );

  it('names the bad entry', () => {
    expect(() => aggregateEntries([{ date: '2025-02-30', value: '1' }], 'sum')).toThrow(
      /entries\[0\]\.date/,
    );
    expect(() => aggregateEntries([{ date: '2025-02-03', value: 'one' }], 'sum')).toThrow(
      /entries\[0\]\.value/,
    );
    expect(() => aggregateEntries([], 'median' as Aggregation)).toThrow(ValidationError);
  });
});
