/**
 * Splitting an amount between the parties: across tiers, under caps, and rounded to pence.
 * @internal
 */
import type { Decimal } from 'decimal.js';

import { ONE, ZERO, divide, sum } from '../money/decimal';
import { allocateRounded } from '../money/money';
import type { ContractParty, PartyAmount, ResolvedTier, TierAllocation } from './parties';

/**
 * Splits an amount (≥ 0) across tiers and, within each, across the parties by the tier's
 * fractions. Products of exact decimals are exact and each tier's fractions add up to 1, so the
 * parties' parts add up exactly to the amount.
 * @internal
 */
export function splitAcrossTiers(
  amount: Decimal,
  tiers: readonly ResolvedTier[],
  parties: readonly ContractParty[],
): TierAllocation[] {
  return tiers.map((tier, index) => {
    const upper = tier.to === null || tier.to.gt(amount) ? amount : tier.to;
    const inTier = upper.gt(tier.from) ? upper.minus(tier.from) : ZERO;
    return {
      tier: index + 1,
      from: tier.from,
      to: tier.to,
      amount: inTier,
      byParty: parties.map((party, position) => ({
        partyId: party.id,
        amount: inTier.times(tier.shares[position]),
      })),
    };
  });
}

/** Each party's total over the tiers, in party order. @internal */
export function totalsByParty(
  allocations: readonly TierAllocation[],
  parties: readonly ContractParty[],
): Decimal[] {
  return parties.map((_, position) =>
    sum(allocations.map((allocation) => allocation.byParty[position].amount)),
  );
}

/**
 * Applies caps (money, per party position; null = uncapped) to an amount shared by `fractions`:
 * a party whose part would pass its cap bears its cap, and what is left is shared again among the
 * parties not yet capped in proportion to their fractions, until no cap is passed. The last party
 * still sharing takes the exact remainder, so the parts add up exactly to the amount. When every
 * sharing party is capped, `beyondCaps` (an uncapped position) bears what is left. The caller
 * guarantees one or the other (someone bears what is beyond the caps).
 * @internal
 */
export function applyCaps(
  amount: Decimal,
  fractions: readonly Decimal[],
  caps: readonly (Decimal | null)[],
  beyondCaps: number | null = null,
): Decimal[] {
  const parts = fractions.map(() => ZERO);
  let sharing = fractions.map((fraction, position) => position).filter((p) => fractions[p].gt(0));
  let remaining = amount;
  for (;;) {
    if (sharing.length === 0) {
      if (beyondCaps !== null) parts[beyondCaps] = parts[beyondCaps].plus(remaining);
      return parts;
    }
    const weight = sum(sharing.map((position) => fractions[position]));
    const tentative = (position: number) =>
      weight.eq(ONE)
        ? remaining.times(fractions[position])
        : divide(remaining.times(fractions[position]), weight);
    const over = sharing.filter((position) => {
      const cap = caps[position];
      return cap !== null && tentative(position).gt(cap);
    });
    if (over.length === 0) {
      const [lastPosition] = sharing.slice(-1);
      for (const position of sharing.slice(0, -1)) parts[position] = tentative(position);
      parts[lastPosition] = remaining.minus(sum(sharing.slice(0, -1).map((p) => parts[p])));
      return parts;
    }
    for (const position of over) {
      parts[position] = caps[position] as Decimal;
      remaining = remaining.minus(parts[position]);
    }
    sharing = sharing.filter((position) => !over.includes(position));
  }
}

/**
 * Builds the per-party amounts of a shared total, rounded with {@link allocateRounded} in party
 * order (ties to the party listed first).
 * @internal
 */
export function partyAmounts(
  parties: readonly ContractParty[],
  amounts: readonly Decimal[],
  uncapped: readonly Decimal[] = amounts,
  caps: readonly (Decimal | null)[] = parties.map(() => null),
): PartyAmount[] {
  const rounded = allocateRounded(amounts);
  return parties.map((party, position) => ({
    partyId: party.id,
    amount: amounts[position],
    rounded: rounded[position],
    uncapped: uncapped[position],
    cap: caps[position],
    capped: caps[position] !== null && amounts[position].lt(uncapped[position]),
  }));
}
