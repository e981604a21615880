import { ValidationError } from '../errors';
import {
  GREEN_BOOK_DISCOUNT_SCHEDULE,
  discountFactors,
  discountTime,
  resolveDiscount,
  type DiscountConvention,
} from './discount';

describe(resolveDiscount.name, () => {
  it('defaults to the Green Book declining schedule and the end-of-year convention', () => {
    const discount = resolveDiscount();
    expect(discount.convention).toBe('end-of-year');
    expect(discount.greenBook).toBe(true);
    expect(discount.schedule.map((band) => [band.fromYear, band.rate.toString()])).toEqual([
      [0, '0.035'],
      [31, '0.03'],
      [76, '0.025'],
      [126, '0.02'],
      [201, '0.015'],
      [301, '0.01'],
    ]);
    expect(discount.statement).toBe(
      'Discounted at the HM Treasury Green Book declining schedule (3.5% years 1–30, 3% years 31–75, ' +
        '2.5% years 76–125, 2% years 126–200, 1.5% years 201–300, 1% years 301+), ' +
        'end-of-year convention (year 1 discounted once).',
    );
    expect(resolveDiscount({ rate: GREEN_BOOK_DISCOUNT_SCHEDULE }).greenBook).toBe(true);
  });

  it('takes a single rate as a constant rate', () => {
    const discount = resolveDiscount({ rate: '0.05', convention: 'start-of-year' });
    expect(discount.greenBook).toBe(false);
    expect(discount.statement).toBe(
      'Discounted at the discount rate (5% every year), start-of-year convention (year 1 not discounted).',
    );
  });

  it('states when values are not discounted', () => {
    expect(resolveDiscount({ convention: 'none' }).statement).toBe(
      'Values are not discounted (convention: none).',
    );
  });

  it('accepts a custom schedule', () => {
    const discount = resolveDiscount({
      rate: [
        { fromYear: 0, rate: '0.015' },
        { fromYear: 31, rate: '0.0129' },
      ],
      convention: 'mid-year',
    });
    expect(discount.statement).toBe(
      'Discounted at the discount rate (1.5% years 1–30, 1.29% years 31+), mid-year convention (year t discounted for t − 0.5 years).',
    );
  });

  it.each([
    [{ convention: 'continuous' as DiscountConvention }, 'discount.convention'],
    [{ rate: '-0.01' }, 'discount.rate'],
    [{ rate: 0.035 as unknown as string }, 'discount.rate'],
    [{ rate: [] }, 'discount.rate'],
    [{ rate: [{ fromYear: 1, rate: '0.03' }] }, 'discount.rate[0].fromYear'],
    [
      {
        rate: [
          { fromYear: 0, rate: '0.03' },
          { fromYear: 0, rate: '0.02' },
        ],
      },
      'discount.rate[1].fromYear',
    ],
    [
      {
        rate: [
          { fromYear: 0, rate: '0.03' },
          { fromYear: 10.5, rate: '0.02' },
        ],
      },
      'discount.rate[1].fromYear',
    ],
    [{ rate: [{ fromYear: 0, rate: '-0.03' }] }, 'discount.rate[0].rate'],
  ])('rejects %j naming %s', (settings, field) => {
    try {
      resolveDiscount(settings);
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
  });
});

describe(discountTime.name, () => {
  it.each([
    ['end-of-year', 1, 0, 1],
    ['end-of-year', 3, 1, 4],
    ['start-of-year', 1, 0, 0],
    ['start-of-year', 2, 1, 2],
    ['mid-year', 1, 0, 0.5],
    ['mid-year', 2, 1, 2.5],
    ['none', 2, 0, 2],
  ])('%s year %i with offset %i is discounted for %p years', (convention, year, offset, time) => {
    expect(discountTime(convention as DiscountConvention, year, offset)).toBe(time);
  });
});

describe(discountFactors.name, () => {
  it('discounts year 1 once at 3.5% (1 / 1.035) to 40 significant digits', () => {
    const [factor] = discountFactors(resolveDiscount(), [1]);
    expect(factor.toString()).toBe('0.9661835748792270531400966183574879227053');
  });

  it('does not discount time 0 and applies cumulative factors', () => {
    const [zero, one, two] = discountFactors(resolveDiscount(), [0, 1, 2]);
    expect(zero.toString()).toBe('1');
    expect(two.toDecimalPlaces(30).eq(one.times(one).toDecimalPlaces(30))).toBe(true);
  });

  it('steps down to 3% after year 30 (Green Book declining schedule)', () => {
    const [f30, f31, f32] = discountFactors(resolveDiscount(), [30, 31, 32]);
    expect(f30.toDecimalPlaces(8).toString()).toBe('0.35627841');
    expect(f31.toDecimalPlaces(20).eq(f30.div('1.03').toDecimalPlaces(20))).toBe(true);
    expect(f32.toDecimalPlaces(20).eq(f31.div('1.03').toDecimalPlaces(20))).toBe(true);
  });

  it('applies every band of the long-term schedule', () => {
    const factors = discountFactors(resolveDiscount(), [75, 76, 125, 126, 200, 201, 300, 301]);
    const ratios = [1, 3, 5, 7].map((index) =>
      factors[index - 1].div(factors[index]).toDecimalPlaces(20).toString(),
    );
    expect(ratios).toEqual(['1.025', '1.02', '1.015', '1.01']);
  });

  it('discounts half years with the rate of the year they fall in', () => {
    const [half, thirtyAndHalf, thirty] = discountFactors(resolveDiscount(), [0.5, 30.5, 30]);
    expect(half.toDecimalPlaces(10).toString()).toBe('0.9829463744');
    expect(thirty.div(thirtyAndHalf).pow(2).toDecimalPlaces(20).toString()).toBe('1.03');
  });

  it('gives exactly 1 for the none convention and for a zero rate', () => {
    expect(discountFactors(resolveDiscount({ convention: 'none' }), [1, 2]).map(String)).toEqual([
      '1',
      '1',
    ]);
    expect(discountFactors(resolveDiscount({ rate: '0' }), [0.5, 7]).map(String)).toEqual([
      '1',
      '1',
    ]);
  });
});
