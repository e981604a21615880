/**
 * Worked example — a shortfall is a figure, never 0.
 *
 * A home-retrofit contract on target cost, the target set per quarter on each return (the rule has
 * no fixed target): Warmhomes Ltd (provider) and the City Council (commissioner).
 *   gain tier: Warmhomes 50%, Council 50%;   pain tier: Warmhomes 40%, Council 60%
 *
 * Year to date at 30 September 2025 (Q1–Q2 of 2025-26), by hand:
 *   target cost = 120,000 + 120,000             = 240,000.00
 *   actual cost = 130,000 + 128,500.01          = 258,500.01
 *   variation   = 240,000 − 258,500.01          = −18,500.01   (an overrun: signed, not floored)
 *   Warmhomes bears 40% = 7,400.004  → 7,400.00
 *   Council bears   60% = 11,100.006 → 11,100.01 (the odd penny goes to the larger remainder, so
 *                                                 the parts add up to the rounded 18,500.01)
 *
 * The same year under a reasonable-surplus rule of 10% on cost: revenue 270,000 gives a surplus
 * of 11,499.99 against a reasonable surplus of 25,850.00: variation −14,350.01 (short of the
 * threshold), excess 0, state below.
 */
import { ValidationError } from '../../errors';
import { toMoneyString } from '../../money/money';
import { evaluateContract } from '../evaluate';
import type { ContractParty } from '../parties';
import type { ReasonableSurplusRule, TargetCostRule } from '../rule';
import { YEAR_2025_26, byParty, quarter } from './fixtures';

const parties: ContractParty[] = [
  { id: 'warmhomes', name: 'Warmhomes Ltd', role: 'provider' },
  { id: 'council', name: 'City Council', role: 'commissioner' },
];

const rule: TargetCostRule = {
  kind: 'target_cost',
  parties,
  gainTiers: [{ shares: { warmhomes: '0.5', council: '0.5' } }],
  painTiers: [{ shares: { warmhomes: '0.4', council: '0.6' } }],
};

const returns = [
  quarter(1, '130000', '130000', '120000'),
  quarter(2, '140000', '128500.01', '120000'),
];

describe('worked example: a signed shortfall', () => {
  const result = evaluateContract(rule, returns, YEAR_2025_26);

  it('reports the overrun as a negative variation', () => {
    expect(result.kind).toBe('target_cost');
    expect(toMoneyString(result.variation)).toBe('-18500.01');
    expect(result.steps.find((entry) => entry.code === 'variation')!.text).toBe(
      'Variation = target cost 240000.00 − actual cost 258500.01 = -18500.01 (an overrun).',
    );
    expect(result.state).toBe('pain_share');
  });

  it('splits the overrun to the penny', () => {
    expect(byParty(result.pain!.parties)).toEqual({ warmhomes: '7400.00', council: '11100.01' });
    expect(toMoneyString(result.pain!.roundedTotal)).toBe('18500.01');
    expect(toMoneyString(result.gain.roundedTotal)).toBe('0.00');
  });

  it('shows a reasonable surplus shortfall signed too', () => {
    const surplusRule: ReasonableSurplusRule = {
      kind: 'reasonable_surplus',
      parties,
      reasonableSurplus: { basis: 'cost', rate: '0.1' },
      bands: [{ shares: { warmhomes: '0.5', council: '0.5' } }],
    };
    const shortfall = evaluateContract(surplusRule, returns, YEAR_2025_26);
    expect(toMoneyString(shortfall.surplus)).toBe('11499.99');
    expect(toMoneyString(shortfall.variation)).toBe('-14350.01');
    expect(toMoneyString(shortfall.gain.total)).toBe('0.00');
    expect(shortfall.state).toBe('below');
  });

  it('needs each return to carry the target cost when the rule has none', () => {
    const missing = [returns[0], quarter(2, '140000', '128500.01')];
    expect(() => evaluateContract(rule, missing, YEAR_2025_26)).toThrow(
      expect.objectContaining({ field: 'entries[1].targetCost' }) as ValidationError,
    );
  });
});
