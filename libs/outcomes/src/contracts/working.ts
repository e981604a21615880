/**
 * Steps shared by both rule shapes: summing the window's returns, building shared amounts and the
 * parties' positions, and the text of the working.
 * @internal
 */
import type { Decimal } from 'decimal.js';

import { step, type ExplanationStep } from '../explanation/steps';
import { ZERO, sum } from '../money/decimal';
import { toMoneyString } from '../money/money';
import type { DateWindow } from '../periods/financial-periods';
import {
  resolveEntries,
  type FinancialReturnEntry,
  type ResolvedEntry,
} from '../surplus-share/surplus-share';
import type { PartyPosition, SharedAmount } from './evaluation';
import { partyAmounts, totalsByParty } from './allocation';
import type { ContractParty, TierAllocation } from './parties';

/** The window's returns, summed. */
export interface WindowTotals {
  readonly included: readonly ResolvedEntry[];
  readonly revenue: Decimal;
  readonly allowableCost: Decimal;
  readonly disallowedCost: Decimal;
  readonly surplus: Decimal;
  /** Σ the returns' target costs (0 for returns without one). */
  readonly returnsTargetCost: Decimal;
  readonly steps: ExplanationStep[];
}

/** Validates and sums the returns wholly inside the window (see {@link resolveEntries}). */
export function windowTotals(
  entries: readonly FinancialReturnEntry[],
  window: DateWindow,
  needsTargetCost: boolean,
): WindowTotals {
  const included = resolveEntries(
    entries,
    window,
    needsTargetCost,
    'is required: the rule takes its target cost from the returns',
  );
  const revenue = sum(included.map((entry) => entry.revenue));
  const allowableCost = sum(included.map((entry) => entry.allowable));
  const disallowedCost = sum(included.map((entry) => entry.disallowed));
  const surplus = revenue.minus(allowableCost);
  const labels = included.map((entry) => entry.label).join(', ');
  return {
    included,
    revenue,
    allowableCost,
    disallowedCost,
    surplus,
    returnsTargetCost: sum(included.map((entry) => entry.targetCost)),
    steps: [
      step(
        'window',
        `Window ${window.start} to ${window.end}: ${included.length} return(s)${included.length ? ` (${labels})` : ''}.`,
      ),
      step(
        'surplus',
        `Surplus = revenue ${toMoneyString(revenue)} − allowable cost ${toMoneyString(allowableCost)} = ${toMoneyString(surplus)}${disallowedCost.isZero() ? '' : ` (disallowed cost ${toMoneyString(disallowedCost)} not deducted)`}.`,
        { revenue, allowableCost, disallowedCost, surplus },
      ),
    ],
  };
}

/** A gain or pain split by tiers (caps, if any, already applied to `amounts`). */
export function sharedAmount(
  parties: readonly ContractParty[],
  total: Decimal,
  tiers: readonly TierAllocation[],
  amounts: readonly Decimal[] = totalsByParty(tiers, parties),
  uncapped?: readonly Decimal[],
  caps?: readonly (Decimal | null)[],
): SharedAmount {
  const split = partyAmounts(parties, amounts, uncapped, caps);
  return {
    total,
    roundedTotal: sum(split.map((part) => part.rounded)),
    tiers,
    parties: split,
  };
}

/** Each party's rounded receipts, burdens and net, in party order. */
export function positionsOf(
  parties: readonly ContractParty[],
  gain: SharedAmount,
  pain: SharedAmount | null,
): PartyPosition[] {
  return parties.map((party, position) => {
    const receives = gain.parties[position].rounded;
    const bears = pain ? pain.parties[position].rounded : ZERO;
    return {
      partyId: party.id,
      name: party.name,
      role: party.role,
      receives,
      bears,
      net: receives.minus(bears),
    };
  });
}

/** "Name £x, Name £y" for the parties with a non-zero rounded part. */
export function describeParts(parties: readonly ContractParty[], shared: SharedAmount): string {
  const parts = shared.parties
    .map((part, position) => ({ part, party: parties[position] }))
    .filter(({ part }) => !part.rounded.isZero())
    .map(
      ({ part, party }) =>
        `${party.name} ${toMoneyString(part.rounded)}${part.capped ? ` (capped at ${toMoneyString(part.cap as Decimal)})` : ''}`,
    );
  return parts.length ? parts.join(', ') : 'nothing';
}

/** One step per tier (pass only tiers with an amount in them). */
export function tierSteps(
  code: string,
  noun: string,
  parties: readonly ContractParty[],
  tiers: readonly TierAllocation[],
): ExplanationStep[] {
  return tiers.map((tier) => {
    const edges =
      tier.to === null
        ? `beyond ${toMoneyString(tier.from)}`
        : `${toMoneyString(tier.from)} to ${toMoneyString(tier.to)}`;
    const parts = tier.byParty
      .map((part, position) => ({ part, party: parties[position] }))
      .filter(({ part }) => !part.amount.isZero())
      .map(({ part, party }) => `${party.name} ${toMoneyString(part.amount)}`)
      .join(', ');
    const values: Record<string, Decimal> = { amount: tier.amount };
    for (const part of tier.byParty) values[`party.${part.partyId}`] = part.amount;
    return step(
      `${code}.${tier.tier}`,
      `${noun} band ${tier.tier} (${edges}): ${toMoneyString(tier.amount)} → ${parts}.`,
      values,
    );
  });
}

/** The values of a step: each party's full-precision part. */
export function partValues(shared: SharedAmount): Record<string, Decimal> {
  const values: Record<string, Decimal> = { total: shared.total };
  for (const part of shared.parties) values[`party.${part.partyId}`] = part.amount;
  return values;
}
