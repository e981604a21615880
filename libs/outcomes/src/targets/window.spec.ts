import { combineTotals, proRataInvestment, windowTarget } from './window';

describe(combineTotals.name, () => {
  it('adds counts and sums and keeps the latest value of the last period with entries', () => {
    const t = combineTotals([
      { count: 2, sum: '5', latest: '3' },
      { count: 1, sum: '-1.5', latest: '7' },
      { count: 0, sum: '0', latest: null },
    ]);
    expect({ count: t.count, sum: t.sum.toString(), latest: t.latest }).toEqual({
      count: 3,
      sum: '3.5',
      latest: '7',
    });
  });

  it('gives no latest value for no entries, and refuses a bad count', () => {
    expect(combineTotals([]).latest).toBeNull();
    expect(() => combineTotals([{ count: -1, sum: '0', latest: null }])).toThrow(
      /periods\[0\].count/,
    );
  });
});

describe(windowTarget.name, () => {
  it.each([
    ['sum', ['10', '20.5', '30'], '60.5'],
    ['sum', ['10', null], null],
    ['mean', ['7', '8'], '8'],
    ['latest', ['100', null], null],
    ['sum', [], null],
  ] as const)('%s of %j is %s', (aggregation, targets, expected) => {
    const r = windowTarget(aggregation, targets);
    expect(r === null ? null : r.toString()).toBe(expected);
  });
});

describe(proRataInvestment.name, () => {
  it('spreads the contract value over its days', () => {
    // £1,000,000 over 365 days; a 91-day quarter: 1,000,000 × 91 / 365 = 249,315.068493…
    expect(proRataInvestment('1000000', 91, 365).toFixed(2)).toBe('249315.07');
    expect(proRataInvestment('1000000', 365, 365).toString()).toBe('1000000');
    expect(proRataInvestment('1000000', 0, 365).toString()).toBe('0');
  });

  it.each([
    ['-1', 1, 2, /contractValue/],
    ['1', 1, 0, /contractDays/],
    ['1', 3, 2, /windowDays/],
    ['1', 1.5, 2, /windowDays/],
  ] as const)('refuses %s over %s of %s days', (value, w, c, message) => {
    expect(() => proRataInvestment(value, w, c)).toThrow(message);
  });
});
