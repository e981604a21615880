import { ValidationError } from '../errors';
import { reportPriceYearOf, uprate, type PriceContext } from './prices';

const series = { id: 's', code: 'CPI', name: 'Consumer prices' };
const prices = (
  reportYear: number,
  values: Record<number, string>,
  named = true,
): PriceContext => ({
  reportYear,
  source: 'setting',
  index: {
    series: named ? series : null,
    values: Object.entries(values).map(([year, value]) => ({ year: Number(year), value })),
  },
});

describe(reportPriceYearOf.name, () => {
  it.each([
    [null, '2026-06-30', { year: 2026, source: 'window_end' }],
    [null, '2027-03-31', { year: 2027, source: 'window_end' }],
    [2024, '2027-03-31', { year: 2024, source: 'setting' }],
  ] as const)('setting %p, window ending %s → %p', (setting, end, expected) => {
    expect(reportPriceYearOf(setting, end)).toEqual(expected);
  });
});

describe(uprate.name, () => {
  it('needs no index for a value already in the report year (factor exactly 1)', () => {
    const u = uprate('120.5000', 2026, prices(2026, {}, false));
    expect(u).toMatchObject({ ok: true, priceYear: 2026, reportYear: 2026 });
    expect(u.ok && [u.factor.toString(), u.uprated.toString()]).toEqual(['1', '120.5']);
  });

  it.each([
    // factor rounded half-up at the 6th place, then used as stated
    ['100', '100.00005', '1.000001', '100.0001'],
    ['100', '100.000049', '1', '100'],
    ['3', '1', '0.333333', '33.3333'],
    ['200', '100', '0.5', '50'],
  ])(
    'price-year index %s, report-year index %s → factor %s, 100 → %s',
    (from, to, factor, uprated) => {
      const u = uprate('100', 2020, prices(2026, { 2020: from, 2026: to }));
      expect(u.ok && [u.factor.toString(), u.uprated.toString()]).toEqual([factor, uprated]);
    },
  );

  it('gives the same factors when it has worked out many before (its memory of them is bounded)', () => {
    const factors = Array.from({ length: 1_100 }, (_, i) => {
      const u = uprate('100', 2020, prices(2026, { 2020: '100', 2026: String(100 + i) }));
      return u.ok && u.factor.toString();
    });
    const again = uprate('100', 2020, prices(2026, { 2020: '100', 2026: '101' }));
    expect(again.ok && again.factor.toString()).toBe('1.01');
    expect(factors[1]).toBe('1.01');
    expect(factors[1_099]).toBe('11.99');
  });

  it('names every missing year, in order', () => {
    expect(uprate('1', 2030, prices(2026, {}))).toMatchObject({
      ok: false,
      missingYears: [2026, 2030],
      reason: expect.stringContaining('has no value for 2026 or 2030') as unknown,
    });
  });

  it.each(['0', '-1', 'abc'])('refuses an index value of %s', (bad) => {
    expect(() => uprate('1', 2020, prices(2026, { 2020: bad, 2026: '1' }))).toThrow(
      ValidationError,
    );
  });
});
