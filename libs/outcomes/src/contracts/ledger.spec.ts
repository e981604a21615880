import { ValidationError } from '../errors';
import { toMoneyString } from '../money/money';
import { evaluateContract } from './evaluate';
import { entitlementsOf, isRetained, ledger, type LedgerInput } from './ledger';
import type { ReasonableSurplusRule } from './rule';
import { ALLIANCE, YEAR_2025_26, quarter } from './scenarios/fixtures';

function fieldOf(input: unknown): string {
  try {
    ledger(input as LedgerInput);
  } catch (error) {
    if (error instanceof ValidationError) return error.field;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe(ledger.name, () => {
  it('lists entitlements first, then parties known only from settlements or adjustments', () => {
    const book = ledger({
      entitlements: [
        { partyId: 'b', amount: '10.00' },
        { partyId: 'a', amount: '-5' },
      ],
      settlements: [
        { partyId: 'c', amount: '3.50', date: '2026-01-01' },
        { partyId: 'b', amount: '4' },
        { partyId: 'b', amount: '1.01' },
      ],
      raised: [
        { partyId: 'd', amount: '2' },
        { partyId: 'b', amount: '6' },
      ],
    });
    expect(book.lines.map((line) => line.partyId)).toEqual(['b', 'a', 'c', 'd']);
    const b = book.lines[0];
    expect([b.settled, b.outstanding, b.raisedBefore, b.adjustment].map(toMoneyString)).toEqual([
      '5.01',
      '4.99',
      '6.00',
      '4.00',
    ]);
    // a party dropped from the evaluation: entitlement 0, its settlement comes back, its adjustment is reversed
    expect(toMoneyString(book.lines[2].outstanding)).toBe('-3.50');
    expect(toMoneyString(book.lines[3].adjustment)).toBe('-2.00');
    expect(toMoneyString(book.totals.adjustment)).toBe('-3.00');
    expect(book.steps[0].text).toBe(
      'b: entitlement 10.00 − raised before 6.00 = adjustment 4.00; settled 5.01, outstanding 4.99.',
    );
  });

  it.each([
    [
      'a sub-penny amount',
      { entitlements: [{ partyId: 'a', amount: '1.005' }], settlements: [], raised: [] },
      'entitlements[0].amount',
    ],
    [
      'a float',
      { entitlements: [], settlements: [{ partyId: 'a', amount: 1 }], raised: [] },
      'settlements[0].amount',
    ],
    [
      'an empty party',
      { entitlements: [], settlements: [], raised: [{ partyId: '', amount: '1' }] },
      'raised[0].partyId',
    ],
    [
      'a bad date',
      {
        entitlements: [],
        settlements: [{ partyId: 'a', amount: '1', date: '2026-02-30' }],
        raised: [],
      },
      'settlements[0].date',
    ],
    [
      'a row that is not an object',
      { entitlements: [null], settlements: [], raised: [] },
      'entitlements[0]',
    ],
    ['not a list', { entitlements: [], settlements: null, raised: [] }, 'settlements'],
    [
      'two entitlements for a party',
      {
        entitlements: [
          { partyId: 'a', amount: '1' },
          { partyId: 'b', amount: '1' },
          { partyId: 'a', amount: '2' },
        ],
        settlements: [],
        raised: [],
      },
      'entitlements[2].partyId',
    ],
  ])('refuses %s', (_, input, field) => {
    expect(fieldOf(input)).toBe(field);
  });
});

describe(entitlementsOf.name, () => {
  /** A pain borne and settled, then the year shows no overrun: the settlement is revisited. */
  it('revisits a settled pain-share when a restatement removes the overrun', () => {
    const rule: ReasonableSurplusRule = {
      kind: 'reasonable_surplus',
      parties: ALLIANCE,
      reasonableSurplus: { basis: 'cost', rate: '0.05' },
      bands: [{ shares: { council: '0.5', icb: '0.5' } }],
      painShare: { shares: { northside: '0.5', council: '0.25', icb: '0.25' } },
    };
    const overrun = evaluateContract(
      rule,
      [quarter(1, '100000', '110000', '100000')],
      YEAR_2025_26,
    );
    const first = ledger({ entitlements: entitlementsOf(overrun), settlements: [], raised: [] });
    expect(first.lines.map((line) => toMoneyString(line.adjustment))).toEqual([
      '-5000.00',
      '-2500.00',
      '-2500.00',
      '0.00',
    ]);
    const raised = first.lines.map((line) => ({ partyId: line.partyId, amount: line.adjustment }));
    const restated = evaluateContract(
      rule,
      [quarter(1, '100000', '100000', '100000')],
      YEAR_2025_26,
    );
    const second = ledger({ entitlements: entitlementsOf(restated), settlements: raised, raised });
    expect(second.lines.map((line) => toMoneyString(line.adjustment))).toEqual([
      '5000.00',
      '2500.00',
      '2500.00',
      '0.00',
    ]);
    expect(second.lines.map((line) => toMoneyString(line.outstanding))).toEqual([
      '5000.00',
      '2500.00',
      '2500.00',
      '0.00',
    ]);
  });
});

describe('isRetained', () => {
  it('keeps the provider’s part under a reasonable surplus and the buyer’s side of a target-cost price', () => {
    expect(isRetained('reasonable_surplus', 'provider')).toBe(true);
    expect(isRetained('reasonable_surplus', 'commissioner')).toBe(false);
    expect(isRetained('target_cost', 'commissioner')).toBe(true);
    expect(isRetained('target_cost', 'provider')).toBe(false);
    expect(isRetained('target_cost', 'community_fund')).toBe(false);
  });
});
