import fc from 'fast-check';

import { ValidationError } from '../errors';
import { explain } from '../explanation/steps';
import { toMoneyString } from '../money/money';
import { yearToDate } from '../periods/financial-periods';
import { decimalString } from '../../test-support/arbitraries';
import {
  evaluateSurplusShare,
  type FinancialReturnEntry,
  type ShareBand,
  type SurplusShareRule,
} from './surplus-share';

/** First 5 points of margin over the 8% threshold shared 50/50; beyond: 80% returned, 20% community fund. */
const rule: SurplusShareRule = {
  basis: 'cost',
  reasonableSurplusRate: '0.08',
  earlyWarningLevel: '0.8',
  bands: [
    { upTo: '0.05', provider: '0.5', commissioner: '0.5' },
    { provider: '0', commissioner: '0.8', communityFund: '0.2' },
  ],
};

const window = { start: '2025-04-01', end: '2026-03-31' };

function quarterReturn(
  label: string,
  start: string,
  end: string,
  revenue: string,
  cost: string,
  extra: Partial<FinancialReturnEntry> = {},
): FinancialReturnEntry {
  return {
    label,
    periodStart: start,
    periodEnd: end,
    revenue,
    costs: [{ category: 'direct', amount: cost }],
    ...extra,
  };
}

function single(revenue: string, cost: string, terms: SurplusShareRule = rule) {
  return evaluateSurplusShare(
    terms,
    [quarterReturn('Q1', '2025-04-01', '2025-06-30', revenue, cost)],
    window,
  );
}

describe(evaluateSurplusShare.name, () => {
  /**
   * Worked example — year to date at 31 December 2025 (Q1–Q3 of 2025-26), cost basis:
   *   revenue         = 100,000 + 110,000 + 120,000          = 330,000.00
   *   allowable cost  =  90,000 +  95,000 + 100,000          = 285,000.00  (a 5,000 disallowed
   *                                                           entertainment cost is not deducted)
   *   surplus         = 330,000 − 285,000                    =  45,000.00  (margin 15.79% on cost)
   *   threshold       = 8% × 285,000                         =  22,800.00
   *   excess          = 45,000 − 22,800                      =  22,200.00
   *   band 1 (0–5 pts)= 5% × 285,000 = 14,250.00 → provider 7,125.00, commissioner 7,125.00
   *   band 2 (beyond) = 22,200 − 14,250 = 7,950.00 → commissioner 6,360.00, community fund 1,590.00
   *   shares          = provider 7,125.00 + commissioner 13,485.00 + community 1,590.00 = 22,200.00
   */
  it('evaluates a year-to-date window across quarters (worked example)', () => {
    const ytd = yearToDate('2025-12-31');
    const entries = [
      quarterReturn('2025-26 Q1', '2025-04-01', '2025-06-30', '100000', '90000'),
      {
        ...quarterReturn('2025-26 Q2', '2025-07-01', '2025-09-30', '110000', '95000'),
        costs: [
          { category: 'direct', amount: '95000' },
          { category: 'entertainment', amount: '5000', allowable: false },
        ],
      },
      quarterReturn('2025-26 Q3', '2025-10-01', '2025-12-31', '120000', '100000'),
      quarterReturn('2025-26 Q4', '2026-01-01', '2026-03-31', '999999', '1'),
      quarterReturn('2024-25 Q4', '2025-01-01', '2025-03-31', '999999', '1'),
    ];
    const result = evaluateSurplusShare(rule, entries, ytd);

    expect(result.periods).toEqual(['2025-26 Q1', '2025-26 Q2', '2025-26 Q3']);
    expect(result.revenue.toString()).toBe('330000');
    expect(result.allowableCost.toString()).toBe('285000');
    expect(result.disallowedCost.toString()).toBe('5000');
    expect(result.surplus.toString()).toBe('45000');
    expect(result.margin?.toDecimalPlaces(4).toString()).toBe('0.1579');
    expect(result.reasonableSurplus.toString()).toBe('22800');
    expect(result.warningAmount.toString()).toBe('18240');
    expect(result.excess.toString()).toBe('22200');
    expect(
      result.bands.map((band) => [band.amount.toString(), band.shares.provider.toString()]),
    ).toEqual([
      ['14250', '7125'],
      ['7950', '0'],
    ]);
    expect(
      Object.fromEntries(
        Object.entries(result.shares).map(([party, value]) => [party, value.toString()]),
      ),
    ).toEqual({
      provider: '7125',
      commissioner: '13485',
      communityFund: '1590',
    });
    expect(result.state).toBe('above');
    expect(explain(result)).toBe(
      [
        'Window 2025-04-01 to 2025-12-31: 3 return(s) (2025-26 Q1, 2025-26 Q2, 2025-26 Q3).',
        'Surplus = revenue 330000.00 − allowable cost 285000.00 = 45000.00 (disallowed cost 5000.00 not deducted).',
        'Reasonable surplus = 8% × cost 285000.00 = 22800.00; early warning at 80% of it = 18240.00; margin on cost 15.79%.',
        'Excess = max(0, 45000.00 − 22800.00) = 22200.00.',
        'Band 1 (0–5 points over the threshold): 14250.00 → provider 50% 7125.00, commissioner 50% 7125.00.',
        'Band 2 (beyond 5 points over the threshold): 7950.00 → commissioner 80% 6360.00, community fund 20% 1590.00.',
        'Shares of the excess: provider 7125.00, commissioner 13485.00, community fund 1590.00 (total 22200.00).',
        'State: above.',
      ].join('\n'),
    );
  });

  describe('states at and around the thresholds (cost 100,000: threshold 8,000, warning 6,400)', () => {
    it.each([
      ['106399.99', 'below', '0'],
      ['106400', 'warning', '0'],
      ['107999.99', 'warning', '0'],
      ['108000', 'warning', '0'], // exactly on the threshold: nothing to share, not above
      ['108000.01', 'above', '0.01'],
      ['95000', 'below', '0'], // a loss
    ])('revenue %s is %s with excess %s', (revenue, state, excess) => {
      const result = single(revenue, '100000');
      expect(result.state).toBe(state);
      expect(result.excess.toString()).toBe(excess);
    });

    it.each([
      // exactly on the band edge (13 points): all in band 1, nothing in band 2
      ['113000', ['5000', '0']],
      ['113000.01', ['5000', '0.01']],
      ['112999.99', ['4999.99', '0']],
    ])('revenue %s fills the bands %j', (revenue, amounts) => {
      expect(single(revenue, '100000').bands.map((band) => band.amount.toString())).toEqual(
        amounts,
      );
    });
  });

  it('uses revenue as the basis when the rule says so', () => {
    // revenue 100,000, cost 85,000: surplus 15,000; threshold 8% × 100,000 = 8,000; excess 7,000
    const result = single('100000', '85000', { ...rule, basis: 'revenue' });
    expect(result.basisAmount.toString()).toBe('100000');
    expect(result.margin?.toString()).toBe('0.15');
    expect(result.excess.toString()).toBe('7000');
    expect(result.bands.map((band) => band.amount.toString())).toEqual(['5000', '2000']);
  });

  it('rounds shares to pence so they add up exactly to the rounded excess', () => {
    // excess 0.03 in a band split in thirds-ish: 0.0099, 0.0099, 0.0102 → 0.01, 0.01, 0.01
    const thirds: SurplusShareRule = {
      ...rule,
      bands: [{ provider: '0.33', commissioner: '0.33', communityFund: '0.34' }],
    };
    const result = single('108000.03', '100000', thirds);
    expect(result.excess.toString()).toBe('0.03');
    expect(
      [
        result.roundedShares.provider,
        result.roundedShares.commissioner,
        result.roundedShares.communityFund,
      ].map(String),
    ).toEqual(['0.01', '0.01', '0.01']);
    const odd = single('108000.01', '100000', thirds);
    expect(odd.roundedShares.excess.toString()).toBe('0.01');
    expect(odd.roundedShares.communityFund.toString()).toBe('0.01');
  });

  it('gives a zero cost basis no threshold, so any surplus is excess (last band)', () => {
    const result = single('1000', '0');
    expect(result.margin).toBeNull();
    expect(result.reasonableSurplus.toString()).toBe('0');
    expect(result.bands.map((band) => band.amount.toString())).toEqual(['0', '1000']);
    expect(explain(result)).toContain('margin on cost n/a');
  });

  it('is below with no returns in the window', () => {
    const result = evaluateSurplusShare(rule, [], window);
    expect(result.state).toBe('below');
    expect(result.surplus.toString()).toBe('0');
    expect(explain(result)).toContain('Window 2025-04-01 to 2026-03-31: 0 return(s).');
  });

  describe('pain_share', () => {
    const painRule: SurplusShareRule = {
      ...rule,
      painShare: { providerShare: '0.5', providerCap: '3000' },
    };

    it('shares an overrun against the target cost, capping the provider', () => {
      const entries = [
        quarterReturn('Q1', '2025-04-01', '2025-06-30', '100000', '104000', {
          targetCost: '100000',
        }),
        quarterReturn('Q2', '2025-07-01', '2025-09-30', '100000', '104000', {
          targetCost: '100000',
        }),
      ];
      // overrun 8,000: provider 50% = 4,000 capped at 3,000; commissioner 5,000
      const result = evaluateSurplusShare(painRule, entries, window);
      expect(result.painShare).toMatchObject({ capped: true });
      expect(result.painShare?.overrun.toString()).toBe('8000');
      expect(result.painShare?.provider.toString()).toBe('3000');
      expect(result.painShare?.commissioner.toString()).toBe('5000');
      expect(result.state).toBe('pain_share');
      expect(explain(result)).toContain('provider bears 3000.00 (capped), commissioner 5000.00.');
    });

    it('without a cap shares the overrun by the provider share', () => {
      const result = evaluateSurplusShare(
        { ...rule, painShare: { providerShare: '0.333' } },
        [
          quarterReturn('Q1', '2025-04-01', '2025-06-30', '100000', '100000.01', {
            targetCost: '100000',
          }),
        ],
        window,
      );
      expect(result.painShare?.capped).toBe(false);
      expect(result.painShare?.provider.toString()).toBe('0.00333');
      expect(result.painShare?.rounded).toEqual({
        overrun: expect.objectContaining({}) as unknown,
        provider: expect.objectContaining({}) as unknown,
        commissioner: expect.objectContaining({}) as unknown,
      });
      expect(toMoneyString(result.painShare!.rounded.overrun)).toBe('0.01');
      expect(
        result.painShare!.rounded.provider.plus(result.painShare!.rounded.commissioner).toString(),
      ).toBe('0.01');
    });

    it('is not in pain-share without an overrun', () => {
      const result = evaluateSurplusShare(
        painRule,
        [
          quarterReturn('Q1', '2025-04-01', '2025-06-30', '107000', '100000', {
            targetCost: '100000',
          }),
        ],
        window,
      );
      expect(result.painShare?.overrun.toString()).toBe('0');
      expect(result.state).toBe('warning');
    });

    it('requires a target cost on every return in the window', () => {
      expect(() =>
        evaluateSurplusShare(
          painRule,
          [quarterReturn('Q1', '2025-04-01', '2025-06-30', '1', '1')],
          window,
        ),
      ).toThrow(/entries\[0\]\.targetCost is required/);
    });
  });

  describe('validation', () => {
    const bands = rule.bands;
    it.each([
      [{ basis: 'profit' }, 'rule.basis'],
      [{ reasonableSurplusRate: '-0.01' }, 'rule.reasonableSurplusRate'],
      [{ reasonableSurplusRate: 0.08 }, 'rule.reasonableSurplusRate'],
      [{ earlyWarningLevel: '1.5' }, 'rule.earlyWarningLevel'],
      [{ bands: [] }, 'rule.bands'],
      [{ bands: [bands[0]] }, 'rule.bands[0].upTo'],
      [{ bands: [bands[1], bands[1]] }, 'rule.bands[0].upTo'],
      [{ bands: [bands[0], { ...bands[0], upTo: '0.05' }, bands[1]] }, 'rule.bands[1].upTo'],
      [{ bands: [{ ...bands[0], upTo: '0' }, bands[1]] }, 'rule.bands[0].upTo'],
      [{ bands: [{ provider: '0.5', commissioner: '0.4' }] }, 'rule.bands[0]'],
      [{ bands: [{ provider: '1.5', commissioner: '-0.5' }] }, 'rule.bands[0].provider'],
      [{ painShare: { providerShare: '2' } }, 'rule.painShare.providerShare'],
      [{ painShare: { providerShare: '0.5', providerCap: '-1' } }, 'rule.painShare.providerCap'],
    ] as [Partial<Record<keyof SurplusShareRule, unknown>>, string][])(
      'rejects the rule change %j naming %s',
      (change, field) => {
        expect.assertions(2);
        try {
          evaluateSurplusShare(
            { ...rule, ...change } as SurplusShareRule,
            [quarterReturn('Q1', '2025-04-01', '2025-06-30', '1', '1', { targetCost: '1' })],
            window,
          );
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).field).toBe(field);
        }
      },
    );

    it.each([
      [
        [quarterReturn('Q1', '2025-03-01', '2025-05-31', '1', '1')],
        'entries[0]',
        /straddles the window/,
      ],
      [
        [quarterReturn('Q1', '2025-04-01', '2025-02-30', '1', '1')],
        'entries[0].periodEnd',
        /real calendar date/,
      ],
      [
        [quarterReturn('Q1', '2025-06-30', '2025-04-01', '1', '1')],
        'entries[0].periodEnd',
        /before periodStart/,
      ],
      [
        [quarterReturn('Q1', '2025-04-01', '2025-06-30', '1', 'x')],
        'entries[0].costs[0].amount',
        /decimal/,
      ],
      [
        [quarterReturn('Q1', '2025-04-01', '2025-06-30', 'x', '1')],
        'entries[0].revenue',
        /decimal/,
      ],
      [
        [quarterReturn('Q1', '2025-04-01', '2025-06-30', '1', '-5')],
        'entries',
        /negative allowable cost/,
      ],
      [
        [
          quarterReturn('Q1', '2025-04-01', '2025-06-30', '1', '1'),
          quarterReturn('Q1 restated', '2025-04-01', '2025-06-30', '2', '1'),
        ],
        'entries',
        /overlaps Q1/,
      ],
    ])('rejects returns %#, naming %s', (entries, field, reason) => {
      expect.assertions(2);
      try {
        evaluateSurplusShare(rule, entries, window);
      } catch (error) {
        expect((error as ValidationError).field).toBe(field);
        expect((error as ValidationError).reason).toMatch(reason);
      }
    });

    it('rejects a negative revenue basis and a reversed window', () => {
      expect(() => single('-1', '0', { ...rule, basis: 'revenue' })).toThrow(/negative revenue/);
      expect(() =>
        evaluateSurplusShare(rule, [], { start: '2025-04-02', end: '2025-04-01' }),
      ).toThrow(/window.end/);
      expect(() =>
        evaluateSurplusShare(rule, [], { start: '2025-04-31', end: '2025-05-01' }),
      ).toThrow(/window.start/);
    });
  });

  it('labels unlabelled returns by their dates', () => {
    const result = evaluateSurplusShare(
      rule,
      [{ periodStart: '2025-04-01', periodEnd: '2025-06-30', revenue: '1', costs: [] }],
      window,
    );
    expect(result.periods).toEqual(['2025-04-01..2025-06-30']);
  });

  describe('properties', () => {
    const fraction = fc.integer({ min: 0, max: 10_000 });
    const bandArb = fc.tuple(fraction, fraction).map(([a, b]): Omit<ShareBand, 'upTo'> => {
      const provider = Math.min(a, 10_000);
      const commissioner = Math.min(b, 10_000 - provider);
      return {
        provider: decimalString(provider, 4),
        commissioner: decimalString(commissioner, 4),
        communityFund: decimalString(10_000 - provider - commissioner, 4),
      };
    });
    const ruleArb = fc
      .record({
        basis: fc.constantFrom('cost' as const, 'revenue' as const),
        rate: fc.integer({ min: 0, max: 3000 }),
        edges: fc.uniqueArray(fc.integer({ min: 1, max: 5000 }), { maxLength: 4 }),
        shares: fc.array(bandArb, { minLength: 5, maxLength: 5 }),
      })
      .map(({ basis, rate, edges, shares }): SurplusShareRule => {
        const sorted = [...edges].sort((a, b) => a - b);
        return {
          basis,
          reasonableSurplusRate: decimalString(rate, 4),
          bands: [
            ...sorted.map((edge, index) => ({ ...shares[index], upTo: decimalString(edge, 4) })),
            shares[4],
          ],
        };
      });
    const money = fc
      .bigInt({ min: 0n, max: 10_000_000_000n })
      .map((units) => decimalString(units, 2));

    it('splits the excess so the shares add up exactly to it, at full precision and in pence', () => {
      fc.assert(
        fc.property(ruleArb, money, money, (terms, revenue, cost) => {
          const result = evaluateSurplusShare(
            terms,
            [quarterReturn('Q1', '2025-04-01', '2025-06-30', revenue, cost)],
            window,
          );
          const { provider, commissioner, communityFund } = result.shares;
          expect(provider.plus(commissioner).plus(communityFund).eq(result.excess)).toBe(true);
          const bandTotal = result.bands.reduce(
            (total, band) => total.plus(band.amount),
            result.excess.times(0),
          );
          expect(bandTotal.eq(result.excess)).toBe(true);
          const rounded = result.roundedShares;
          expect(
            rounded.provider
              .plus(rounded.commissioner)
              .plus(rounded.communityFund)
              .eq(rounded.excess),
          ).toBe(true);
          expect(rounded.excess.eq(result.excess.toDecimalPlaces(2))).toBe(true);
          expect(result.state === 'above').toBe(result.excess.gt(0));
        }),
      );
    });
  });
});
