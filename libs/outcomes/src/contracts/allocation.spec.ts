import fc from 'fast-check';

import { decimalString } from '../../test-support/arbitraries';
import { OutcomesDecimal, sum } from '../money/decimal';
import { toMoneyString } from '../money/money';
import { applyCaps, partyAmounts, splitAcrossTiers } from './allocation';
import { resolveTiers, type ContractParty } from './parties';

const d = (value: string) => new OutcomesDecimal(value);
const money = (values: readonly { toString(): string }[]) =>
  values.map((value) => toMoneyString(value.toString()));

const parties: ContractParty[] = [
  { id: 'a', name: 'A', role: 'provider' },
  { id: 'b', name: 'B', role: 'commissioner' },
  { id: 'c', name: 'C', role: 'funder' },
];

describe(applyCaps.name, () => {
  it('leaves an amount alone when no cap binds', () => {
    expect(
      money(applyCaps(d('100'), [d('0.5'), d('0.3'), d('0.2')], [d('50'), null, null])),
    ).toEqual(['50.00', '30.00', '20.00']);
  });

  it('shares what is beyond a cap among the others by their shares', () => {
    // 1,000: A 50% = 500 capped at 100; the other 900 shared 30:20 → B 540, C 360
    expect(
      money(applyCaps(d('1000'), [d('0.5'), d('0.3'), d('0.2')], [d('100'), null, null])),
    ).toEqual(['100.00', '540.00', '360.00']);
  });

  it('caps again when the shared remainder passes a second cap', () => {
    // 1,000: A capped at 100; B's 540 passes its 300 cap; C bears the remaining 600
    expect(
      money(applyCaps(d('1000'), [d('0.5'), d('0.3'), d('0.2')], [d('100'), d('300'), null])),
    ).toEqual(['100.00', '300.00', '600.00']);
  });

  it('adds up exactly to the amount with awkward proportions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (units, capUnits) => {
          const amount = d(decimalString(units, 2));
          const parts = applyCaps(
            amount,
            [d('0.1'), d('0.3'), d('0.6')],
            [d(decimalString(capUnits, 2)), null, null],
          );
          expect(sum(parts).eq(amount)).toBe(true);
          expect(parts[0].lte(d(decimalString(capUnits, 2)))).toBe(true);
        },
      ),
    );
  });
});

describe(splitAcrossTiers.name, () => {
  const tiers = resolveTiers(
    [
      { upTo: '100', shares: { a: '1' } },
      { upTo: '250', shares: { a: '0.5', b: '0.5' } },
      { shares: { c: '1' } },
    ],
    parties,
    'tiers',
  );

  it.each([
    ['0', ['0.00', '0.00', '0.00']],
    ['99.99', ['99.99', '0.00', '0.00']],
    ['100', ['100.00', '0.00', '0.00']],
    ['100.01', ['100.00', '0.01', '0.00']],
    ['250', ['100.00', '150.00', '0.00']],
    ['300', ['100.00', '150.00', '50.00']],
  ])(
    'fills the tiers in order for %s (exactly on an edge fills that tier only)',
    (amount, expected) => {
      expect(money(splitAcrossTiers(d(amount), tiers, parties).map((tier) => tier.amount))).toEqual(
        expected,
      );
    },
  );
});

describe(partyAmounts.name, () => {
  it('rounds to pence so the parties add up to the rounded total, ties to the first listed', () => {
    const split = partyAmounts(parties, [d('33.335'), d('33.335'), d('33.33')]);
    expect(split.map((part) => toMoneyString(part.rounded))).toEqual(['33.34', '33.33', '33.33']);
    expect(split.every((part) => part.cap === null && !part.capped)).toBe(true);
  });
});
