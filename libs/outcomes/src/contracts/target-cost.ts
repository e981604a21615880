import type { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import { step, type ExplanationStep } from '../explanation/steps';
import { ONE, ZERO, divide, maxDecimal, minDecimal } from '../money/decimal';
import { percentText, toMoneyString } from '../money/money';
import type { DateWindow } from '../periods/financial-periods';
import type { FinancialReturnEntry } from '../surplus-share/surplus-share';
import type {
  ContractState,
  PointOfTotalAssumption,
  SharedAmount,
  TargetCostEvaluation,
} from './evaluation';
import { splitAcrossTiers, totalsByParty } from './allocation';
import { resolveContractRule, type ResolvedTargetCostRule, type TargetCostRule } from './rule';
import {
  describeParts,
  partValues,
  positionsOf,
  sharedAmount,
  tierSteps,
  windowTotals,
} from './working';

/**
 * Where the price reaches the ceiling, walking the pain tiers. In a tier where the provider bears
 * fraction p of the overrun, the other parties bear (1 − p) of it and the price (cost + fee) rises
 * by (1 − p) per pound of overrun. The other parties can bear at most B = ceiling − target price, so
 * with one tier (the NEC/FAR formula):
 *
 *   PTA = target cost + (ceiling price − target price) ÷ (1 − provider's share of the overrun)
 *
 * With tiers, B is used up tier by tier; the PTA lies in the tier where it runs out:
 * PTA = target cost + tier's lower edge + B left ÷ (1 − p of that tier). Tiers where the provider
 * already bears 100% use none of B. If B never runs out, the price never reaches the ceiling and
 * there is no point of total assumption (`overrun` and `cost` are null).
 */
function pointOf(rule: ResolvedTargetCostRule, targetCost: Decimal): PointOfTotalAssumption | null {
  if (rule.ceilingPrice === null) return null;
  const targetPrice = targetCost.plus(rule.targetProfit);
  const othersMostBorne = rule.ceilingPrice.minus(targetPrice);
  let left = othersMostBorne;
  let overrun: Decimal | null = null;
  const steps: ExplanationStep[] = [
    step(
      'pta.budget',
      `Ceiling price ${toMoneyString(rule.ceilingPrice)} − target price ${toMoneyString(targetPrice)} (target cost ${toMoneyString(targetCost)} + target profit ${toMoneyString(rule.targetProfit)}) = ${toMoneyString(othersMostBorne)}: the most the other parties bear of an overrun.`,
      { ceilingPrice: rule.ceilingPrice, targetPrice, othersMostBorne },
    ),
  ];
  for (const [index, tier] of rule.painTiers.entries()) {
    if (left.isZero()) {
      overrun = tier.from;
      break;
    }
    const others = ONE.minus(tier.shares[rule.providerPosition]);
    const width = tier.to === null ? null : tier.to.minus(tier.from);
    if (others.isZero()) continue;
    if (width === null || others.times(width).gte(left)) {
      overrun = tier.from.plus(divide(left, others));
      steps.push(
        step(
          'pta.tier',
          `In pain band ${index + 1} the others bear ${percentText(others)}: the ceiling is reached ${toMoneyString(left)} ÷ ${percentText(others)} = ${toMoneyString(overrun.minus(tier.from))} into it, at an overrun of ${toMoneyString(overrun)}.`,
          { tier: String(index + 1), left, others, overrun },
        ),
      );
      break;
    }
    left = left.minus(others.times(width));
  }
  const cost = overrun === null ? null : targetCost.plus(overrun);
  steps.push(
    step(
      'pta',
      cost === null
        ? 'Point of total assumption: none (the other parties never bear as much as the ceiling allows, so the price never reaches it).'
        : `Point of total assumption = target cost ${toMoneyString(targetCost)} + ${toMoneyString(overrun as Decimal)} = ${toMoneyString(cost)}: beyond it the provider bears 100% of the overrun.`,
      cost === null ? {} : { pointOfTotalAssumption: cost },
    ),
  );
  return { targetPrice, ceilingPrice: rule.ceilingPrice, othersMostBorne, overrun, cost, steps };
}

/**
 * The point of total assumption of a target-cost rule with a ceiling price (see the formula on
 * {@link evaluateContract}'s target-cost steps): the cost from which the provider bears 100% of any
 * overrun. Null when the rule has no ceiling price.
 *
 * @throws {@link ValidationError} when the rule is invalid
 */
export function pointOfTotalAssumption(rule: TargetCostRule): PointOfTotalAssumption | null {
  const resolved = resolveContractRule(rule);
  if (resolved.kind !== 'target_cost') {
    throw new ValidationError('kind', resolved.kind, 'must be target_cost');
  }
  // A ceiling price is only accepted with a fixed target cost (resolveContractRule checks it).
  return pointOf(resolved, resolved.targetCost as Decimal);
}

function stateOf(gain: Decimal, pain: Decimal): ContractState {
  if (gain.gt(0)) return 'above';
  if (pain.gt(0)) return 'pain_share';
  return 'below';
}

/** The overrun split by the pain tiers up to the PTA, the rest on the provider alone. */
function sharePain(
  rule: ResolvedTargetCostRule,
  painAmount: Decimal,
  pta: PointOfTotalAssumption | null,
): { pain: SharedAmount; borneBeyondCeiling: Decimal } {
  const sharedOverrun = pta?.overrun == null ? painAmount : minDecimal(painAmount, pta.overrun);
  const borneBeyondCeiling = painAmount.minus(sharedOverrun);
  const tiers = splitAcrossTiers(sharedOverrun, rule.painTiers, rule.parties);
  const amounts = totalsByParty(tiers, rule.parties);
  if (borneBeyondCeiling.gt(0)) {
    amounts[rule.providerPosition] = amounts[rule.providerPosition].plus(borneBeyondCeiling);
  }
  return { pain: sharedAmount(rule.parties, painAmount, tiers, amounts), borneBeyondCeiling };
}

/** What the working needs beyond the rule. */
interface TargetCostFigures {
  readonly targetCost: Decimal;
  readonly actual: Decimal;
  readonly variation: Decimal;
  readonly withinMinimum: boolean;
  readonly pta: PointOfTotalAssumption | null;
  readonly gain: SharedAmount;
  readonly pain: SharedAmount;
  readonly borneBeyondCeiling: Decimal;
  readonly providerFee: Decimal | null;
  readonly price: Decimal | null;
}

function targetCostSteps(
  rule: ResolvedTargetCostRule,
  figures: TargetCostFigures,
): ExplanationStep[] {
  const { targetCost, actual, variation, gain, pain, providerFee, price } = figures;
  const overrun = variation.isNegative() && !variation.isZero();
  const steps = [
    step(
      'variation',
      `Variation = target cost ${toMoneyString(targetCost)} − actual cost ${toMoneyString(actual)} = ${toMoneyString(variation)} (${overrun ? 'an overrun' : 'an underspend or on target'}).`,
      { targetCost, actualCost: actual, variation },
    ),
  ];
  if (rule.minimumAdjustment.gt(0)) {
    steps.push(
      step(
        'minimum',
        `Minimum adjustment ${toMoneyString(rule.minimumAdjustment)}: ${figures.withinMinimum ? 'the variation is smaller, so nothing moves' : 'the variation reaches it, so it is shared'}.`,
        { minimumAdjustment: rule.minimumAdjustment },
      ),
    );
  }
  if (figures.pta) steps.push(...figures.pta.steps);
  const moving = (shared: SharedAmount) => shared.tiers.filter((tier) => !tier.amount.isZero());
  steps.push(
    ...tierSteps('gain', 'Underspend', rule.parties, moving(gain)),
    ...tierSteps('pain', 'Overrun', rule.parties, moving(pain)),
  );
  const provider = rule.providerPosition;
  if (figures.borneBeyondCeiling.gt(0)) {
    steps.push(
      step(
        'pain.ceiling',
        `Overrun beyond the point of total assumption: ${toMoneyString(figures.borneBeyondCeiling)}, borne by ${rule.parties[provider].name} alone.`,
        { borneBeyondCeiling: figures.borneBeyondCeiling },
      ),
    );
  }
  steps.push(
    step('gain.parties', `Gain received: ${describeParts(rule.parties, gain)}.`, partValues(gain)),
    step('pain.parties', `Pain borne: ${describeParts(rule.parties, pain)}.`, partValues(pain)),
  );
  if (providerFee !== null && price !== null) {
    steps.push(
      step(
        'price',
        `Provider fee = target profit ${toMoneyString(rule.targetProfit)} + its gain ${toMoneyString(gain.parties[provider].amount)} − its pain ${toMoneyString(pain.parties[provider].amount)} = ${toMoneyString(providerFee)}; price = actual cost + fee = ${toMoneyString(price)}.`,
        { providerFee, price },
      ),
    );
  }
  return steps;
}

/**
 * Evaluates a validated target-cost rule for a window:
 *
 * 1. actual cost = Σ allowable cost of the window's returns; target cost = the rule's, or Σ the
 *    returns' target costs; variation = target cost − actual cost, SIGNED (an overrun is negative);
 * 2. if |variation| < minimum adjustment nothing moves;
 * 3. an underspend is shared by the gain tiers (edges: money of underspend), an overrun by the pain
 *    tiers (edges: money of overrun) up to the point of total assumption; beyond it the provider
 *    bears 100%;
 * 4. provider fee = target profit + provider's gain − provider's pain; price = actual cost + fee;
 * 5. state: `above` (a gain moves), `pain_share` (an overrun is borne) or `below`.
 * @internal called through {@link evaluateContract}
 */
export function evaluateTargetCost(
  rule: ResolvedTargetCostRule,
  entries: readonly FinancialReturnEntry[],
  window: DateWindow,
): TargetCostEvaluation {
  const totals = windowTotals(entries, window, rule.targetCost === null);
  const targetCost = rule.targetCost ?? totals.returnsTargetCost;
  const actual = totals.allowableCost;
  const variation = targetCost.minus(actual);
  const underspend = maxDecimal(ZERO, variation);
  const overrun = maxDecimal(ZERO, variation.negated());
  const withinMinimum = variation.abs().lt(rule.minimumAdjustment);
  const gainAmount = withinMinimum ? ZERO : underspend;
  const pta = pointOf(rule, targetCost);
  const gainTiers = splitAcrossTiers(gainAmount, rule.gainTiers, rule.parties);
  const gain = sharedAmount(rule.parties, gainAmount, gainTiers);
  const { pain, borneBeyondCeiling } = sharePain(rule, withinMinimum ? ZERO : overrun, pta);
  const provider = rule.providerPosition;
  const providerFee =
    provider < 0
      ? null
      : rule.targetProfit.plus(gain.parties[provider].amount).minus(pain.parties[provider].amount);
  const price = providerFee === null ? null : actual.plus(providerFee);
  const state = stateOf(gain.total, pain.total);
  const figures = {
    targetCost,
    actual,
    variation,
    withinMinimum,
    pta,
    gain,
    pain,
    borneBeyondCeiling,
    providerFee,
    price,
  };
  const steps = [
    ...totals.steps,
    ...targetCostSteps(rule, figures),
    step('state', `State: ${state}.`),
  ];
  return {
    kind: 'target_cost',
    window: { start: window.start, end: window.end },
    periods: totals.included.map((entry) => entry.label),
    revenue: totals.revenue,
    allowableCost: actual,
    disallowedCost: totals.disallowedCost,
    surplus: totals.surplus,
    variation,
    state,
    gain,
    pain,
    positions: positionsOf(rule.parties, gain, pain),
    steps,
    targetCost,
    targetProfit: rule.targetProfit,
    targetPrice: targetCost.plus(rule.targetProfit),
    underspend,
    overrun,
    minimumAdjustment: rule.minimumAdjustment,
    withinMinimumAdjustment: withinMinimum,
    ceilingPrice: rule.ceilingPrice,
    pointOfTotalAssumption: pta,
    borneBeyondCeiling,
    providerFee,
    price,
  };
}
