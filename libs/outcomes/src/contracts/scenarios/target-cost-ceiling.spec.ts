/**
 * Worked example — a target-cost contract with tiered gain/pain share and a ceiling price.
 *
 * Parties: Riverside Build (provider), the City Council and the Levelling Fund (funder), the two
 * buyers splitting their part 60:40. Target cost 1,000,000; target profit 100,000 (so target price
 * 1,100,000); ceiling price 1,200,000; minimum adjustment 5,000.
 *   gain tiers (underspend): first 100,000: Riverside 50%, Council 30%, Fund 20%
 *                            beyond:        Riverside 30%, Council 42%, Fund 28%
 *   pain tiers (overrun):    first  50,000: Riverside 50%, Council 30%, Fund 20%
 *                            beyond:        Riverside 70%, Council 18%, Fund 12%
 *
 * Point of total assumption (PTA), by hand. The buyers pay cost + fee; per pound of overrun the
 * fee falls by Riverside's share, so the price rises by the buyers' share. They can bear at most
 * ceiling − target price = 1,200,000 − 1,100,000 = 100,000.
 *   pain tier 1: buyers bear 50% of 50,000 = 25,000            → 75,000 of it left
 *   pain tier 2: buyers bear 30%: 75,000 ÷ 0.30 = 250,000 into the tier
 *   overrun at PTA = 50,000 + 250,000 = 300,000;   PTA = 1,000,000 + 300,000 = 1,300,000
 *   check: at cost 1,300,000 Riverside bears 25,000 + 70% × 250,000 = 200,000;
 *          fee = 100,000 − 200,000 = −100,000; price = 1,300,000 − 100,000 = 1,200,000 = ceiling ✓
 * (With one tier this is the NEC/FAR formula: PTA = target cost + (ceiling − target price) ÷ the
 * buyers' share of the overrun, i.e. 1 − the provider's share.)
 *
 * (a) underspend, actual cost 850,000: variation +150,000
 *     tier 1 100,000 → 50,000 / 30,000 / 20,000; tier 2 50,000 → 15,000 / 21,000 / 14,000
 *     Riverside 65,000, Council 51,000, Fund 34,000; fee 165,000; price 1,015,000
 * (b) overrun, actual cost 1,120,000: variation −120,000
 *     tier 1 50,000 → 25,000 / 15,000 / 10,000; tier 2 70,000 → 49,000 / 12,600 / 8,400
 *     Riverside bears 74,000, Council 27,600, Fund 18,400; fee 26,000; price 1,146,000
 * (c) past the PTA, actual cost 1,400,000: variation −400,000
 *     shared up to the PTA: tier 1 50,000 → 25,000 / 15,000 / 10,000;
 *                           tier 2 250,000 → 175,000 / 45,000 / 30,000
 *     beyond the PTA: 100,000 borne by Riverside alone
 *     Riverside bears 300,000, Council 60,000, Fund 40,000 (buyers 100,000 = ceiling − target
 *     price); fee −200,000; price 1,200,000 = the ceiling
 * (d) actual cost 996,000: variation 4,000 < 5,000 minimum: nothing moves; at 995,000 (exactly
 *     5,000) it does: Riverside 2,500, Council 1,500, Fund 1,000.
 */
import { toMoneyString } from '../../money/money';
import { evaluateContract } from '../evaluate';
import type { TargetCostEvaluation } from '../evaluation';
import type { ContractParty } from '../parties';
import type { TargetCostRule } from '../rule';
import { pointOfTotalAssumption } from '../target-cost';
import { YEAR_2025_26, byParty, netByParty, quarter } from './fixtures';

const parties: ContractParty[] = [
  { id: 'riverside', name: 'Riverside Build', role: 'provider' },
  { id: 'council', name: 'City Council', role: 'commissioner' },
  { id: 'levelling', name: 'Levelling Fund', role: 'funder' },
];

const rule: TargetCostRule = {
  kind: 'target_cost',
  parties,
  targetCost: '1000000',
  targetProfit: '100000',
  ceilingPrice: '1200000',
  minimumAdjustment: '5000',
  gainTiers: [
    { upTo: '100000', shares: { riverside: '0.5', council: '0.3', levelling: '0.2' } },
    { shares: { riverside: '0.3', council: '0.42', levelling: '0.28' } },
  ],
  painTiers: [
    { upTo: '50000', shares: { riverside: '0.5', council: '0.3', levelling: '0.2' } },
    { shares: { riverside: '0.7', council: '0.18', levelling: '0.12' } },
  ],
};

function atCost(cost: string): TargetCostEvaluation {
  return evaluateContract(rule, [quarter(1, '0', cost)], YEAR_2025_26) as TargetCostEvaluation;
}

describe('worked example: target cost with tiered gain/pain share and a ceiling price', () => {
  it('computes the point of total assumption across the pain tiers', () => {
    const pta = pointOfTotalAssumption(rule)!;
    expect(toMoneyString(pta.targetPrice)).toBe('1100000.00');
    expect(toMoneyString(pta.othersMostBorne)).toBe('100000.00');
    expect(toMoneyString(pta.overrun!)).toBe('300000.00');
    expect(toMoneyString(pta.cost!)).toBe('1300000.00');
    // the check by hand: at the PTA the price is exactly the ceiling
    const atPta = atCost('1300000');
    expect(toMoneyString(atPta.providerFee!)).toBe('-100000.00');
    expect(toMoneyString(atPta.price!)).toBe('1200000.00');
    expect(toMoneyString(atPta.borneBeyondCeiling)).toBe('0.00');
  });

  it('(a) shares an underspend by the gain tiers', () => {
    const result = atCost('850000');
    expect(toMoneyString(result.variation)).toBe('150000.00');
    expect(result.gain.tiers.map((tier) => toMoneyString(tier.amount))).toEqual([
      '100000.00',
      '50000.00',
    ]);
    expect(byParty(result.gain.parties)).toEqual({
      riverside: '65000.00',
      council: '51000.00',
      levelling: '34000.00',
    });
    expect(toMoneyString(result.pain!.roundedTotal)).toBe('0.00');
    expect([toMoneyString(result.providerFee!), toMoneyString(result.price!)]).toEqual([
      '165000.00',
      '1015000.00',
    ]);
    expect(result.state).toBe('above');
  });

  it('(b) shares an overrun by the pain tiers, the variation negative', () => {
    const result = atCost('1120000');
    expect(toMoneyString(result.variation)).toBe('-120000.00');
    expect(toMoneyString(result.overrun)).toBe('120000.00');
    expect(result.pain!.tiers.map((tier) => toMoneyString(tier.amount))).toEqual([
      '50000.00',
      '70000.00',
    ]);
    expect(byParty(result.pain!.parties)).toEqual({
      riverside: '74000.00',
      council: '27600.00',
      levelling: '18400.00',
    });
    expect(netByParty(result)).toEqual({
      riverside: '-74000.00',
      council: '-27600.00',
      levelling: '-18400.00',
    });
    expect([toMoneyString(result.providerFee!), toMoneyString(result.price!)]).toEqual([
      '26000.00',
      '1146000.00',
    ]);
    expect(result.state).toBe('pain_share');
  });

  it('(c) puts everything past the point of total assumption on the provider', () => {
    const result = atCost('1400000');
    expect(toMoneyString(result.variation)).toBe('-400000.00');
    expect(result.pain!.tiers.map((tier) => toMoneyString(tier.amount))).toEqual([
      '50000.00',
      '250000.00',
    ]);
    expect(toMoneyString(result.borneBeyondCeiling)).toBe('100000.00');
    expect(byParty(result.pain!.parties)).toEqual({
      riverside: '300000.00',
      council: '60000.00',
      levelling: '40000.00',
    });
    expect(toMoneyString(result.pain!.roundedTotal)).toBe('400000.00');
    expect([toMoneyString(result.providerFee!), toMoneyString(result.price!)]).toEqual([
      '-200000.00',
      '1200000.00',
    ]);
    expect(result.steps.map((entry) => entry.code)).toContain('pain.ceiling');
  });

  it.each([
    ['996000', true, 'below', { riverside: '0.00', council: '0.00', levelling: '0.00' }],
    ['995000', false, 'above', { riverside: '2500.00', council: '1500.00', levelling: '1000.00' }],
    ['1004000', true, 'below', { riverside: '0.00', council: '0.00', levelling: '0.00' }],
  ])('(d) at cost %s the minimum adjustment holds: %s', (cost, within, state, net) => {
    const result = atCost(cost);
    expect(result.withinMinimumAdjustment).toBe(within);
    expect(result.state).toBe(state);
    expect(netByParty(result)).toEqual(net);
  });
});
