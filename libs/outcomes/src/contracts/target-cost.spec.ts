import { ValidationError } from '../errors';
import { explain } from '../explanation/steps';
import { toMoneyString } from '../money/money';
import { evaluateContract } from './evaluate';
import type { TargetCostEvaluation } from './evaluation';
import type { ContractParty } from './parties';
import type { ContractRule, TargetCostRule } from './rule';
import { YEAR_2025_26, byParty, quarter } from './scenarios/fixtures';
import { pointOfTotalAssumption } from './target-cost';

const parties: ContractParty[] = [
  { id: 'p', name: 'Provider', role: 'provider' },
  { id: 'c', name: 'Commissioner', role: 'commissioner' },
];

/** A fixed-price incentive: 70/30 share (buyer 70%), ceiling 120% of target cost. */
const far: TargetCostRule = {
  kind: 'target_cost',
  parties,
  targetCost: '1000000',
  targetProfit: '100000',
  ceilingPrice: '1200000',
  gainTiers: [{ shares: { p: '0.3', c: '0.7' } }],
  painTiers: [{ shares: { p: '0.3', c: '0.7' } }],
};

function atCost(rule: TargetCostRule, cost: string): TargetCostEvaluation {
  return evaluateContract(rule, [quarter(1, '0', cost)], YEAR_2025_26) as TargetCostEvaluation;
}

describe(pointOfTotalAssumption.name, () => {
  it('follows the single-share formula: target cost + (ceiling − target price) ÷ the buyer share', () => {
    // 1,000,000 + (1,200,000 − 1,100,000) ÷ 0.7 = 1,142,857.142857…
    const pta = pointOfTotalAssumption(far)!;
    expect(toMoneyString(pta.cost!)).toBe('1142857.14');
    const at = atCost(far, pta.cost!.toString());
    expect(toMoneyString(at.price!)).toBe('1200000.00');
  });

  it('is the target cost itself when the ceiling is the target price', () => {
    const pta = pointOfTotalAssumption({ ...far, ceilingPrice: '1100000' })!;
    expect(toMoneyString(pta.cost!)).toBe('1000000.00');
  });

  it('skips tiers where the provider already bears everything', () => {
    // budget 100,000: the first 10,000 of overrun is all the provider's; then 100,000 ÷ 0.5
    const pta = pointOfTotalAssumption({
      ...far,
      painTiers: [{ upTo: '10000', shares: { p: '1' } }, { shares: { p: '0.5', c: '0.5' } }],
    })!;
    expect(toMoneyString(pta.overrun!)).toBe('210000.00');
  });

  it('is absent when the other parties never bear as much as the ceiling allows', () => {
    const rule: TargetCostRule = {
      ...far,
      painTiers: [{ upTo: '100000', shares: { p: '0.5', c: '0.5' } }, { shares: { p: '1' } }],
    };
    const pta = pointOfTotalAssumption(rule)!;
    expect([pta.overrun, pta.cost]).toEqual([null, null]);
    expect(pta.steps.at(-1)!.text).toContain('none');
    const result = atCost(rule, '1500000');
    expect(byParty(result.pain!.parties)).toEqual({ p: '450000.00', c: '50000.00' });
    expect(toMoneyString(result.borneBeyondCeiling)).toBe('0.00');
    expect(toMoneyString(result.price!)).toBe('1150000.00');
  });

  it('is null without a ceiling price, and only for target-cost rules', () => {
    expect(pointOfTotalAssumption({ ...far, ceilingPrice: undefined })).toBeNull();
    const other = {
      kind: 'reasonable_surplus',
      parties,
      reasonableSurplus: { basis: 'amount', amount: '1' },
      bands: [{ shares: { p: '1' } }],
    };
    expect(() => pointOfTotalAssumption(other as unknown as TargetCostRule)).toThrow(
      ValidationError,
    );
  });
});

describe('evaluateContract: target cost', () => {
  it('is below exactly on target', () => {
    const result = atCost(far, '1000000');
    expect([result.state, toMoneyString(result.variation)]).toEqual(['below', '0.00']);
    expect(explain(result)).toContain('(an underspend or on target)');
    expect(result.steps.some((entry) => entry.code === 'minimum')).toBe(false);
  });

  it('has no fee or price without exactly one provider', () => {
    const buyers: ContractRule = {
      kind: 'target_cost',
      parties: [
        { id: 'a', name: 'A', role: 'commissioner' },
        { id: 'b', name: 'B', role: 'commissioner' },
      ],
      gainTiers: [{ shares: { a: '0.5', b: '0.5' } }],
      painTiers: [{ shares: { a: '0.5', b: '0.5' } }],
    };
    const result = evaluateContract(
      buyers,
      [quarter(1, '0', '90', '100'), quarter(2, '0', '20', '0')],
      YEAR_2025_26,
    ) as TargetCostEvaluation;
    expect(toMoneyString(result.variation)).toBe('-10.00');
    expect([result.providerFee, result.price]).toEqual([null, null]);
    expect(byParty(result.pain!.parties)).toEqual({ a: '5.00', b: '5.00' });
  });
});
