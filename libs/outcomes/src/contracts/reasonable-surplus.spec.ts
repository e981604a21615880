import { ValidationError } from '../errors';
import { explain } from '../explanation/steps';
import { toMoneyString } from '../money/money';
import { detectStateCrossing } from '../surplus-share/state-crossing';
import { evaluateContract } from './evaluate';
import { CONTRACT_STATES, type ReasonableSurplusEvaluation } from './evaluation';
import type { ContractParty } from './parties';
import type { ReasonableSurplusRule } from './rule';
import { YEAR_2025_26, byParty, quarter } from './scenarios/fixtures';

const parties: ContractParty[] = [
  { id: 'p', name: 'Provider', role: 'provider' },
  { id: 'c', name: 'Commissioner', role: 'commissioner' },
  { id: 'f', name: 'Fund', role: 'community_fund' },
];

const rule: ReasonableSurplusRule = {
  kind: 'reasonable_surplus',
  parties,
  reasonableSurplus: { basis: 'cost', rate: '0.1' },
  bands: [{ upTo: '1000', shares: { p: '0.5', c: '0.5' } }, { shares: { c: '0.5', f: '0.5' } }],
};

function evaluate(
  revenue: string,
  cost: string,
  terms: ReasonableSurplusRule = rule,
): ReasonableSurplusEvaluation {
  return evaluateContract(
    terms,
    [quarter(1, revenue, cost)],
    YEAR_2025_26,
  ) as ReasonableSurplusEvaluation;
}

describe('evaluateContract: reasonable surplus', () => {
  // cost 10,000 → reasonable surplus 1,000, warning at 800
  it.each([
    ['10000', 'below', '-1000.00'],
    ['10799.99', 'below', '-200.01'],
    ['10800', 'warning', '-200.00'],
    ['11000', 'warning', '0.00'],
    ['11000.01', 'above', '0.01'],
  ])('at revenue %s on cost 10,000 the state is %s', (revenue, state, variation) => {
    const result = evaluate(revenue, '10000');
    expect(result.state).toBe(state);
    expect(CONTRACT_STATES).toContain(result.state);
    expect(toMoneyString(result.variation)).toBe(variation);
  });

  it('raises triggers through detectStateCrossing, in the same words', () => {
    const warning = evaluate('10800', '10000');
    const above = evaluate('12000', '10000');
    expect(detectStateCrossing(null, warning).trigger).toBe('warning');
    expect(detectStateCrossing(warning, above)).toMatchObject({
      direction: 'up',
      trigger: 'above',
    });
    expect(detectStateCrossing(above, warning).raisesTrigger).toBe(false);
  });

  it('fills the first band exactly on its edge and puts nothing in the next', () => {
    const result = evaluate('12000', '10000');
    expect(toMoneyString(result.excess)).toBe('1000.00');
    expect(byParty(result.gain.parties)).toEqual({ p: '500.00', c: '500.00', f: '0.00' });
    expect(result.steps.filter((entry) => entry.code.startsWith('band.'))).toHaveLength(1);
    expect(result.pain).toBeNull();
    expect([result.targetCost, result.overrun]).toEqual([null, null]);
  });

  it('lists disallowed cost without deducting it', () => {
    const entry = quarter(1, '12000', '10000');
    const withExtra = {
      ...entry,
      costs: [...entry.costs, { category: 'hospitality', amount: '700', allowable: false }],
    };
    const result = evaluateContract(rule, [withExtra], YEAR_2025_26);
    expect([toMoneyString(result.disallowedCost), toMoneyString(result.surplus)]).toEqual([
      '700.00',
      '2000.00',
    ]);
    expect(explain(result)).toContain('(disallowed cost 700.00 not deducted)');
  });

  it('works on revenue', () => {
    const result = evaluate('20000', '10000', {
      ...rule,
      reasonableSurplus: { basis: 'revenue', rate: '0.1' },
    });
    expect(toMoneyString(result.basisAmount!)).toBe('20000.00');
    expect(toMoneyString(result.reasonableSurplus)).toBe('2000.00');
    expect(toMoneyString(result.excess)).toBe('8000.00');
    expect(result.margin!.toString()).toBe('0.5');
    expect(byParty(result.gain.parties)).toEqual({ p: '500.00', c: '4000.00', f: '3500.00' });
  });

  it('takes a target profit amount as the reasonable surplus', () => {
    const result = evaluate('20000', '10000', {
      ...rule,
      reasonableSurplus: { basis: 'amount', amount: '9500' },
    });
    expect([result.basisAmount, result.rate, result.margin]).toEqual([null, null, null]);
    expect(toMoneyString(result.excess)).toBe('500.00');
    expect(explain(result)).toContain('Reasonable surplus = target profit 9500.00');
  });

  it('has no margin on a zero basis, and refuses a negative one', () => {
    const empty = evaluateContract(rule, [], YEAR_2025_26) as ReasonableSurplusEvaluation;
    expect(empty.margin).toBeNull();
    expect(empty.state).toBe('below');
    expect(() => evaluate('0', '-5')).toThrow(ValidationError);
    const onRevenue = { ...rule, reasonableSurplus: { basis: 'revenue', rate: '0.1' } } as const;
    expect(() => evaluate('-1', '0', onRevenue)).toThrow('negative revenue');
  });

  it('shares a pain against a fixed target and shows each cap', () => {
    const result = evaluate('9000', '10000', {
      ...rule,
      painShare: { targetCost: '8000', shares: { p: '0.5', c: '0.5' }, caps: { p: '400' } },
    });
    expect(toMoneyString(result.overrun!)).toBe('2000.00');
    expect(byParty(result.pain!.parties)).toEqual({ p: '400.00', c: '1600.00', f: '0.00' });
    expect(explain(result)).toContain(
      'borne by Provider 400.00 (capped at 400.00), Commissioner 1600.00',
    );
    expect(result.positions.map((position) => toMoneyString(position.net))).toEqual([
      '-400.00',
      '-1600.00',
      '0.00',
    ]);
  });
});
