import type { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import { step, type ExplanationStep } from '../explanation/steps';
import { ZERO, divide, maxDecimal } from '../money/decimal';
import { percentText, toMoneyString, toPercentString } from '../money/money';
import type { DateWindow } from '../periods/financial-periods';
import type { FinancialReturnEntry } from '../surplus-share/surplus-share';
import type { ContractState, ReasonableSurplusEvaluation, SharedAmount } from './evaluation';
import { applyCaps, splitAcrossTiers } from './allocation';
import type { ResolvedTier } from './parties';
import type { ResolvedReasonableSurplusRule } from './rule';
import {
  describeParts,
  partValues,
  positionsOf,
  sharedAmount,
  tierSteps,
  windowTotals,
  type WindowTotals,
} from './working';

interface Threshold {
  readonly basisAmount: Decimal | null;
  readonly rate: Decimal | null;
  readonly margin: Decimal | null;
  readonly reasonableSurplus: Decimal;
}

function thresholdOf(rule: ResolvedReasonableSurplusRule, totals: WindowTotals): Threshold {
  if (rule.basis === 'amount') {
    return { basisAmount: null, rate: null, margin: null, reasonableSurplus: rule.rateOrAmount };
  }
  const basisAmount = rule.basis === 'cost' ? totals.allowableCost : totals.revenue;
  if (basisAmount.isNegative() && !basisAmount.isZero()) {
    throw new ValidationError(
      'entries',
      basisAmount.toString(),
      `must not add up to a negative ${rule.basis === 'cost' ? 'allowable cost' : 'revenue'} in the window`,
    );
  }
  return {
    basisAmount,
    rate: rule.rateOrAmount,
    margin: basisAmount.isZero() ? null : divide(totals.surplus, basisAmount),
    reasonableSurplus: rule.rateOrAmount.times(basisAmount),
  };
}

/** The bands with money edges: margin points × the basis amount, when the rule gives points. */
function bandsInMoney(
  rule: ResolvedReasonableSurplusRule,
  threshold: Threshold,
): readonly ResolvedTier[] {
  if (rule.bandEdges === 'money' || threshold.basisAmount === null) return rule.bands;
  const basisAmount = threshold.basisAmount;
  return rule.bands.map((band) => ({
    from: band.from.times(basisAmount),
    to: band.to === null ? null : band.to.times(basisAmount),
    shares: band.shares,
  }));
}

function thresholdText(rule: ResolvedReasonableSurplusRule, threshold: Threshold): string {
  if (threshold.basisAmount === null) {
    return `Reasonable surplus = target profit ${toMoneyString(threshold.reasonableSurplus)}`;
  }
  const margin = threshold.margin === null ? 'n/a' : toPercentString(threshold.margin, 2);
  return `Reasonable surplus = ${percentText(rule.rateOrAmount)} × ${rule.basis} ${toMoneyString(threshold.basisAmount)} = ${toMoneyString(threshold.reasonableSurplus)} (margin on ${rule.basis} ${margin})`;
}

function painShareOf(
  rule: ResolvedReasonableSurplusRule,
  totals: WindowTotals,
): { pain: SharedAmount; targetCost: Decimal; overrun: Decimal } | null {
  if (rule.painShare === null) return null;
  const terms = rule.painShare;
  const targetCost = terms.targetCost ?? totals.returnsTargetCost;
  const overrun = maxDecimal(ZERO, totals.allowableCost.minus(targetCost));
  const uncapped = terms.shares.map((share) => overrun.times(share));
  const amounts = applyCaps(overrun, terms.shares, terms.caps, terms.beyondCaps);
  const pain = sharedAmount(rule.parties, overrun, [], amounts, uncapped, terms.caps);
  return { pain, targetCost, overrun };
}

function thresholdSteps(
  rule: ResolvedReasonableSurplusRule,
  threshold: Threshold,
  surplus: Decimal,
  warningAmount: Decimal,
): ExplanationStep[] {
  const { reasonableSurplus } = threshold;
  const variation = surplus.minus(reasonableSurplus);
  const excess = maxDecimal(ZERO, variation);
  return [
    step(
      'threshold',
      `${thresholdText(rule, threshold)}; early warning at ${percentText(rule.earlyWarningLevel)} of it = ${toMoneyString(warningAmount)}.`,
      {
        reasonableSurplus,
        warningAmount,
        earlyWarningLevel: rule.earlyWarningLevel,
        ...(threshold.basisAmount ? { basisAmount: threshold.basisAmount } : {}),
        ...(threshold.rate ? { rate: threshold.rate } : {}),
        ...(threshold.margin ? { margin: threshold.margin } : {}),
      },
    ),
    step(
      'variation',
      `Variation = surplus ${toMoneyString(surplus)} − reasonable surplus ${toMoneyString(reasonableSurplus)} = ${toMoneyString(variation)}; excess = ${toMoneyString(excess)}.`,
      { variation, excess },
    ),
  ];
}

function stateOf(
  excess: Decimal,
  overrun: Decimal,
  surplus: Decimal,
  warningAmount: Decimal,
): ContractState {
  if (excess.gt(0)) return 'above';
  if (overrun.gt(0)) return 'pain_share';
  if (surplus.gt(0) && surplus.gte(warningAmount)) return 'warning';
  return 'below';
}

/**
 * Evaluates a validated reasonable-surplus rule for a window:
 *
 * 1. surplus = Σ revenue − Σ allowable cost of the returns wholly inside the window;
 * 2. reasonable surplus = rate × allowable cost (`cost`) or × revenue (`revenue`), or the target
 *    profit amount (`amount`); early warning = level × reasonable surplus;
 * 3. variation = surplus − reasonable surplus (signed); excess = max(0, variation), split across the
 *    bands (edges are money above the reasonable surplus, or margin points × the basis amount)
 *    and within each band by its shares;
 * 4. pain-share (if any): overrun = max(0, allowable cost − target cost), borne by the shares, each
 *    party at most its cap, the rest shared again by the uncapped parties;
 * 5. state: `above` when excess > 0; else `pain_share` when an overrun is borne; else `warning`
 *    when the surplus is positive and at or above the early-warning amount; else `below`.
 * @internal called through {@link evaluateContract}
 */
export function evaluateReasonableSurplus(
  rule: ResolvedReasonableSurplusRule,
  entries: readonly FinancialReturnEntry[],
  window: DateWindow,
): ReasonableSurplusEvaluation {
  const needsTargetCost = rule.painShare !== null && rule.painShare.targetCost === null;
  const totals = windowTotals(entries, window, needsTargetCost);
  const threshold = thresholdOf(rule, totals);
  const { reasonableSurplus } = threshold;
  const warningAmount = rule.earlyWarningLevel.times(reasonableSurplus);
  const variation = totals.surplus.minus(reasonableSurplus);
  const excess = maxDecimal(ZERO, variation);
  const tiers = splitAcrossTiers(excess, bandsInMoney(rule, threshold), rule.parties);
  const gain = sharedAmount(rule.parties, excess, tiers);
  const painShare = painShareOf(rule, totals);

  const state = stateOf(excess, painShare?.overrun ?? ZERO, totals.surplus, warningAmount);
  const steps = [
    ...totals.steps,
    ...thresholdSteps(rule, threshold, totals.surplus, warningAmount),
    ...tierSteps(
      'band',
      'Excess',
      rule.parties,
      tiers.filter((tier) => !tier.amount.isZero()),
    ),
    step(
      'gain.parties',
      `Excess shared: ${describeParts(rule.parties, gain)} (total ${toMoneyString(gain.roundedTotal)}).`,
      partValues(gain),
    ),
  ];
  if (painShare) {
    steps.push(
      step(
        'pain.parties',
        `Pain-share: overrun = max(0, allowable cost ${toMoneyString(totals.allowableCost)} − target cost ${toMoneyString(painShare.targetCost)}) = ${toMoneyString(painShare.overrun)}; borne by ${describeParts(rule.parties, painShare.pain)}.`,
        { targetCost: painShare.targetCost, ...partValues(painShare.pain) },
      ),
    );
  }
  steps.push(step('state', `State: ${state}.`));

  const pain = painShare ? painShare.pain : null;
  return {
    kind: 'reasonable_surplus',
    window: { start: window.start, end: window.end },
    periods: totals.included.map((entry) => entry.label),
    revenue: totals.revenue,
    allowableCost: totals.allowableCost,
    disallowedCost: totals.disallowedCost,
    surplus: totals.surplus,
    variation,
    state,
    gain,
    pain,
    positions: positionsOf(rule.parties, gain, pain),
    steps,
    basis: rule.basis,
    basisAmount: threshold.basisAmount,
    rate: threshold.rate,
    margin: threshold.margin,
    reasonableSurplus,
    warningAmount,
    excess,
    targetCost: painShare ? painShare.targetCost : null,
    overrun: painShare ? painShare.overrun : null,
  };
}
