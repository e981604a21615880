import type { Decimal } from 'decimal.js';

import type { ExplanationStep } from '../explanation/steps';
import type { DateWindow } from '../periods/financial-periods';
import type { SurplusState } from '../surplus-share/surplus-share';
import type { PartyAmount, PartyRole, TierAllocation } from './parties';

/**
 * The level an evaluation reached: the same words as {@link SurplusState} and the database's
 * `surplus_state` (`below | warning | above | pain_share`), so {@link detectStateCrossing} reads
 * contract evaluations too:
 * - `above`: there is a gain to share (surplus above the reasonable surplus, or an underspend
 *   against the target cost that moves);
 * - `pain_share`: an overrun is being borne (and there is no gain);
 * - `warning`: reasonable-surplus rules only: the surplus is positive and at or above the
 *   early-warning level of the reasonable surplus;
 * - `below`: none of these.
 */
export type ContractState = SurplusState;

/** The states, lowest first (pain_share ranks below `below` when crossing levels). */
export const CONTRACT_STATES: readonly ContractState[] = [
  'pain_share',
  'below',
  'warning',
  'above',
];

/** A gain or pain and how it is split between the parties. */
export interface SharedAmount {
  /** The amount shared, full precision, ≥ 0 (excess or underspend; or overrun). */
  readonly total: Decimal;
  /** `total` rounded half-up to pence; the parties' `rounded` amounts add up exactly to it. */
  readonly roundedTotal: Decimal;
  /** How the amount falls in the rule's bands/tiers (empty for an untiered pain-share). */
  readonly tiers: readonly TierAllocation[];
  /** Each party's part, in party order: for a gain what it receives, for a pain what it bears. */
  readonly parties: readonly PartyAmount[];
}

/** Where one party stands after an evaluation, rounded to pence. */
export interface PartyPosition {
  readonly partyId: string;
  readonly name: string;
  readonly role: PartyRole;
  /** Its share of the gain (≥ 0). */
  readonly receives: Decimal;
  /** Its share of the pain (≥ 0). */
  readonly bears: Decimal;
  /** receives − bears: the party's entitlement for the settlement ledger (negative: it owes). */
  readonly net: Decimal;
}

interface ContractEvaluationBase {
  /** The window evaluated. */
  readonly window: DateWindow;
  /** Labels (or date ranges) of the returns included, in date order. */
  readonly periods: readonly string[];
  /** Σ revenue of the returns. */
  readonly revenue: Decimal;
  /** Σ allowable cost (the actual cost). */
  readonly allowableCost: Decimal;
  /** Σ disallowed cost (listed, not deducted). */
  readonly disallowedCost: Decimal;
  /** revenue − allowable cost. */
  readonly surplus: Decimal;
  /**
   * SIGNED variation, never floored at 0: reasonable surplus: surplus − reasonable surplus
   * (negative: short of it); target cost: target cost − actual cost (negative: an overrun).
   */
  readonly variation: Decimal;
  /** Level reached. */
  readonly state: ContractState;
  /** The gain shared (zero when there is none). */
  readonly gain: SharedAmount;
  /** The pain borne, or null when the rule shares no pain. */
  readonly pain: SharedAmount | null;
  /** Each party's position, in party order. */
  readonly positions: readonly PartyPosition[];
  /** The working. */
  readonly steps: readonly ExplanationStep[];
}

/** The evaluation of a {@link ReasonableSurplusRule}. */
export interface ReasonableSurplusEvaluation extends ContractEvaluationBase {
  readonly kind: 'reasonable_surplus';
  readonly basis: 'cost' | 'revenue' | 'amount';
  /** Allowable cost or revenue per the basis; null for an amount. */
  readonly basisAmount: Decimal | null;
  /** The rate, or null for an amount. */
  readonly rate: Decimal | null;
  /** surplus ÷ basis amount; null for an amount basis or a zero basis amount. */
  readonly margin: Decimal | null;
  /** rate × basis amount, or the amount. */
  readonly reasonableSurplus: Decimal;
  /** earlyWarningLevel × reasonable surplus. */
  readonly warningAmount: Decimal;
  /** max(0, surplus − reasonable surplus): the gain shared by the bands. */
  readonly excess: Decimal;
  /** Target cost of the window for pain-share, else null. */
  readonly targetCost: Decimal | null;
  /** max(0, allowable cost − target cost) for pain-share, else null. */
  readonly overrun: Decimal | null;
}

/** The point of total assumption of a target-cost contract with a ceiling price. */
export interface PointOfTotalAssumption {
  /** target cost + target profit. */
  readonly targetPrice: Decimal;
  readonly ceilingPrice: Decimal;
  /** ceiling price − target price: the most the other parties ever bear of an overrun. */
  readonly othersMostBorne: Decimal;
  /** Overrun above the target cost at which the price reaches the ceiling; null if it never does. */
  readonly overrun: Decimal | null;
  /** target cost + overrun: from this cost the provider bears 100%; null if never reached. */
  readonly cost: Decimal | null;
  /** The working. */
  readonly steps: readonly ExplanationStep[];
}

/** The evaluation of a {@link TargetCostRule}. */
export interface TargetCostEvaluation extends ContractEvaluationBase {
  readonly kind: 'target_cost';
  readonly targetCost: Decimal;
  readonly targetProfit: Decimal;
  /** target cost + target profit. */
  readonly targetPrice: Decimal;
  /** max(0, variation): the underspend (before the minimum adjustment). */
  readonly underspend: Decimal;
  /** max(0, −variation): the overrun (before the minimum adjustment). */
  readonly overrun: Decimal;
  readonly minimumAdjustment: Decimal;
  /** True when |variation| < minimum adjustment, so nothing moves. */
  readonly withinMinimumAdjustment: boolean;
  readonly ceilingPrice: Decimal | null;
  /** Null without a ceiling price. */
  readonly pointOfTotalAssumption: PointOfTotalAssumption | null;
  /** Overrun beyond the point of total assumption, borne by the provider alone (0 if none). */
  readonly borneBeyondCeiling: Decimal;
  /** target profit + provider's gain − provider's pain; null unless exactly one provider. */
  readonly providerFee: Decimal | null;
  /** actual cost + provider fee (never above the ceiling price); null unless one provider. */
  readonly price: Decimal | null;
}

/** The evaluation of a contract rule for a window. */
export type ContractEvaluation = ReasonableSurplusEvaluation | TargetCostEvaluation;
