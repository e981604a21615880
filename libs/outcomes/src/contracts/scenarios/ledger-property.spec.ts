/**
 * The ledger's promise, as a property: for ANY sequence of returns, restatements, rule changes
 * and settlements in a financial year, after every evaluation
 *   settled + outstanding        = the current entitlement of every party, to the penny;
 *   raised before + adjustment   = the current entitlement (only the difference is raised);
 *   Σ adjustments ever raised    = the current entitlement, once the adjustment is raised;
 * and the entitlements are the current evaluation's rounded net positions (0 for a party a rule
 * change removed), adding up exactly to the rounded gain minus the rounded pain.
 */
import fc from 'fast-check';

import { decimalString } from '../../../test-support/arbitraries';
import { roundMoney } from '../../money/money';
import type { FinancialReturnEntry } from '../../surplus-share/surplus-share';
import { evaluateContract } from '../evaluate';
import {
  entitlementsOf,
  ledger,
  type LedgerInput,
  type LedgerSettlement,
  type RaisedAdjustment,
} from '../ledger';
import type { ContractRule } from '../rule';
import { ALLIANCE, YEAR_2025_26, quarter } from './fixtures';

const [northside, council, icb] = ALLIANCE;

const RULES: readonly ContractRule[] = [
  {
    kind: 'reasonable_surplus',
    parties: ALLIANCE,
    reasonableSurplus: { basis: 'cost', rate: '0.08' },
    bands: [
      { upTo: '20000', shares: { northside: '0.5', council: '0.25', icb: '0.25' } },
      { shares: { council: '0.4', icb: '0.4', fund: '0.2' } },
    ],
    painShare: {
      shares: { northside: '0.5', council: '0.3', icb: '0.2' },
      caps: { northside: '7500.5' },
    },
  },
  {
    kind: 'reasonable_surplus',
    parties: [northside, council, icb],
    reasonableSurplus: { basis: 'amount', amount: '15000' },
    bands: [{ shares: { northside: '0.3333', council: '0.3333', icb: '0.3334' } }],
    painShare: {
      targetCost: '350000',
      shares: { northside: '0.35', council: '0.35', icb: '0.3' },
      caps: { northside: '1234.56', council: '20000' },
    },
  },
  {
    kind: 'target_cost',
    parties: ALLIANCE,
    gainTiers: [
      { upTo: '10000.01', shares: { northside: '0.5', council: '0.2', icb: '0.2', fund: '0.1' } },
      { shares: { northside: '0.3', council: '0.35', icb: '0.35' } },
    ],
    painTiers: [{ shares: { northside: '0.45', council: '0.33', icb: '0.22' } }],
    minimumAdjustment: '250',
  },
  {
    kind: 'target_cost',
    parties: [northside, council, icb],
    targetCost: '400000',
    targetProfit: '20000',
    ceilingPrice: '450000',
    gainTiers: [{ shares: { northside: '0.4', council: '0.3', icb: '0.3' } }],
    painTiers: [
      { upTo: '25000', shares: { northside: '0.3', council: '0.4', icb: '0.3' } },
      { shares: { northside: '0.7', council: '0.2', icb: '0.1' } },
    ],
  },
];

const pence = (max: number) => fc.integer({ min: 0, max }).map((units) => decimalString(units, 2));

type Action =
  | { type: 'return'; quarter: 1 | 2 | 3 | 4; revenue: string; cost: string; target: string }
  | { type: 'rule'; index: number }
  | {
      type: 'settle';
      party: number;
      /** null: pay exactly what is outstanding. */ amount: string | null;
    };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    type: fc.constant('return' as const),
    quarter: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const),
    revenue: pence(20_000_000),
    cost: pence(20_000_000),
    target: pence(20_000_000),
  }),
  fc.record({ type: fc.constant('rule' as const), index: fc.nat({ max: RULES.length - 1 }) }),
  fc.record({
    type: fc.constant('settle' as const),
    party: fc.nat({ max: ALLIANCE.length - 1 }),
    amount: fc.oneof(
      fc.constant(null),
      fc.integer({ min: -3_000_000, max: 3_000_000 }).map((units) => decimalString(units, 2)),
    ),
  }),
);

function checkYear(actions: readonly Action[]): void {
  const returns = new Map<number, FinancialReturnEntry>();
  let rule = RULES[0];
  const settlements: LedgerSettlement[] = [];
  const raised: RaisedAdjustment[] = [];
  for (const action of actions) {
    if (action.type === 'return') {
      returns.set(
        action.quarter,
        quarter(action.quarter, action.revenue, action.cost, action.target),
      );
    } else if (action.type === 'rule') {
      rule = RULES[action.index];
    }
    const evaluation = evaluateContract(rule, [...returns.values()], YEAR_2025_26);
    const entitlements = entitlementsOf(evaluation);
    const input: LedgerInput = { entitlements, settlements, raised };
    const book = ledger(input);

    const net = new Map(evaluation.positions.map((position) => [position.partyId, position.net]));
    const pain = evaluation.pain ? evaluation.pain.roundedTotal : book.totals.settled.times(0);
    expect(evaluation.gain.roundedTotal.eq(roundMoney(evaluation.gain.total))).toBe(true);
    expect(book.totals.entitlement.eq(evaluation.gain.roundedTotal.minus(pain))).toBe(true);
    for (const line of book.lines) {
      expect(line.entitlement.eq(net.get(line.partyId) ?? 0)).toBe(true);
      expect(line.settled.plus(line.outstanding).eq(line.entitlement)).toBe(true);
      expect(line.raisedBefore.plus(line.adjustment).eq(line.entitlement)).toBe(true);
    }

    for (const line of book.lines) {
      if (!line.adjustment.isZero())
        raised.push({ partyId: line.partyId, amount: line.adjustment });
    }
    if (action.type === 'settle') {
      const partyId = ALLIANCE[action.party].id;
      const line = book.lines.find((candidate) => candidate.partyId === partyId);
      const amount = action.amount === null ? (line?.outstanding.toString() ?? '0') : action.amount;
      settlements.push({ partyId, amount, date: '2026-01-15', reference: 'PAY', settledBy: 'u1' });
    }

    const after = ledger({ entitlements, settlements, raised });
    for (const line of after.lines) {
      expect(line.adjustment.isZero()).toBe(true);
      const everRaised = raised
        .filter((row) => row.partyId === line.partyId)
        .reduce((total, row) => total.plus(row.amount), line.entitlement.times(0));
      expect(everRaised.eq(line.entitlement)).toBe(true);
      expect(line.settled.plus(line.outstanding).eq(line.entitlement)).toBe(true);
    }
  }
}

describe('settlement ledger property', () => {
  it('keeps settled + outstanding and Σ raised equal to the current entitlement, to the penny', () => {
    fc.assert(
      fc.property(fc.array(actionArb, { minLength: 1, maxLength: 20 }), (actions) => {
        checkYear(actions);
      }),
      { numRuns: 100 },
    );
  });

  it('holds after every outstanding amount is paid and the rule then changes', () => {
    const actions: Action[] = [
      { type: 'return', quarter: 1, revenue: '300000', cost: '200000', target: '190000' },
      ...ALLIANCE.map((_, party): Action => ({ type: 'settle', party, amount: null })),
      { type: 'rule', index: 3 },
    ];
    checkYear(actions);
  });
});
