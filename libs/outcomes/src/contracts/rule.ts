import type { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import { toFraction, toNonNegativeDecimal, type DecimalInput } from '../money/decimal';
import {
  isRecord,
  resolveParties,
  resolveShares,
  resolveTiers,
  type ContractParty,
  type PartyShares,
  type ResolvedTier,
  type ShareTier,
} from './parties';

/**
 * What the reasonable surplus is: a rate on allowable cost (margin on cost), a rate on revenue, or
 * a target profit AMOUNT for the window.
 */
export type ReasonableSurplusTerms =
  | { readonly basis: 'cost' | 'revenue'; readonly rate: DecimalInput }
  | { readonly basis: 'amount'; readonly amount: DecimalInput };

/**
 * Pain-share under a reasonable-surplus rule: the overrun of allowable cost over the target cost
 * is borne by the parties by `shares`; a party with a cap bears at most its cap, and what is
 * beyond it is borne by the uncapped parties in proportion to their shares.
 */
export interface ContractPainShareTerms {
  /** Target cost of the window (money). Omitted: Σ the window's returns' `targetCost`. */
  readonly targetCost?: DecimalInput;
  /** Who bears what fraction of the overrun (adding up to 1). */
  readonly shares: PartyShares;
  /** Most each listed party bears in the window (money ≥ 0), e.g. only the provider's. */
  readonly caps?: Readonly<Record<string, DecimalInput>>;
  /**
   * The party (uncapped) that bears what is beyond the caps when every party with a share is
   * capped (e.g. the provider bears 100% up to £1,000, the commissioner everything beyond).
   * Otherwise what is beyond a cap is shared by the uncapped parties in proportion to their shares.
   */
  readonly beyondCaps?: string;
}

/**
 * Open-book terms with a reasonable surplus: excess = max(0, surplus − reasonable surplus),
 * shared by bands whose edges are amounts of excess (see {@link ShareTier}).
 */
export interface ReasonableSurplusRule {
  readonly kind: 'reasonable_surplus';
  readonly parties: readonly ContractParty[];
  readonly reasonableSurplus: ReasonableSurplusTerms;
  /** Early-warning level, a fraction of the reasonable surplus (default `"0.8"`). */
  readonly earlyWarningLevel?: DecimalInput;
  /** Bands of the excess; edges in money above the reasonable surplus (see `bandEdges`). */
  readonly bands: readonly ShareTier[];
  /**
   * What the bands' `upTo` edges are: `money` (the default: amounts of excess), or
   * `margin_points` above the rate (`"0.05"` = 5 points of the basis amount, so the edge in money
   * is 0.05 × allowable cost or revenue of the window). Margin points need a rate basis.
   */
  readonly bandEdges?: 'money' | 'margin_points';
  /** Optional pain-share of an overrun against a target cost. */
  readonly painShare?: ContractPainShareTerms;
}

/**
 * A target-cost contract: the variation (target cost − allowable cost) is shared as a gain when
 * positive (underspend) and as a pain when negative (overrun), each in tiers whose edges are
 * amounts of underspend or overrun. With a ceiling price the provider bears 100% of the overrun
 * beyond the point of total assumption.
 */
export interface TargetCostRule {
  readonly kind: 'target_cost';
  readonly parties: readonly ContractParty[];
  /** Target cost of the window (money). Omitted: Σ the window's returns' `targetCost`. */
  readonly targetCost?: DecimalInput;
  /** Target profit (fee) as an amount (default 0); target price = target cost + target profit. */
  readonly targetProfit?: DecimalInput;
  /** Tiers of the underspend (gain share): who receives what. */
  readonly gainTiers: readonly ShareTier[];
  /** Tiers of the overrun (pain share): who bears what. */
  readonly painTiers: readonly ShareTier[];
  /** Guaranteed maximum price (money ≥ target price); needs a fixed `targetCost` and one provider. */
  readonly ceilingPrice?: DecimalInput;
  /** A variation smaller than this (in absolute value) moves nothing (money, default 0). */
  readonly minimumAdjustment?: DecimalInput;
}

/** A contract's sharing terms: one of the shapes people sign. */
export type ContractRule = ReasonableSurplusRule | TargetCostRule;

/** The kinds of rule. */
export const CONTRACT_RULE_KINDS: readonly ContractRule['kind'][] = [
  'reasonable_surplus',
  'target_cost',
];

/** @internal */
export interface ResolvedReasonableSurplusRule {
  readonly kind: 'reasonable_surplus';
  readonly parties: readonly ContractParty[];
  readonly basis: 'cost' | 'revenue' | 'amount';
  /** The rate (cost/revenue basis) or the amount (amount basis). */
  readonly rateOrAmount: Decimal;
  readonly earlyWarningLevel: Decimal;
  readonly bands: readonly ResolvedTier[];
  readonly bandEdges: 'money' | 'margin_points';
  readonly painShare: {
    readonly targetCost: Decimal | null;
    readonly shares: readonly Decimal[];
    readonly caps: readonly (Decimal | null)[];
    /** Position of the party bearing what the caps leave when every sharing party is capped. */
    readonly beyondCaps: number | null;
  } | null;
}

/** @internal */
export interface ResolvedTargetCostRule {
  readonly kind: 'target_cost';
  readonly parties: readonly ContractParty[];
  readonly targetCost: Decimal | null;
  readonly targetProfit: Decimal;
  readonly gainTiers: readonly ResolvedTier[];
  readonly painTiers: readonly ResolvedTier[];
  readonly ceilingPrice: Decimal | null;
  /** Position of the provider party (needed with a ceiling price), else -1. */
  readonly providerPosition: number;
  readonly minimumAdjustment: Decimal;
}

/** @internal */
export type ResolvedContractRule = ResolvedReasonableSurplusRule | ResolvedTargetCostRule;

function field(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

/** The largest amount a rule may name (the ledger stores money as numeric(18, 2)). */
export const MAX_RULE_MONEY = '1000000000000000';

/** A money amount of a rule: ≥ 0 and below {@link MAX_RULE_MONEY}. */
function ruleMoney(value: DecimalInput, path: string): Decimal {
  const amount = toNonNegativeDecimal(value, path);
  if (amount.gte(MAX_RULE_MONEY)) {
    throw new ValidationError(path, value, `must be below ${MAX_RULE_MONEY}`);
  }
  return amount;
}

/** @internal An optional field: absent when undefined or null (JSON has no undefined). */
export function given<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}

function resolveReasonableSurplus(rule: ReasonableSurplusRule, prefix: string) {
  const terms = rule.reasonableSurplus;
  const path = field(prefix, 'reasonableSurplus');
  if (typeof terms !== 'object' || terms === null) {
    throw new ValidationError(path, terms, 'must give a basis (cost, revenue or amount)');
  }
  if (terms.basis === 'amount') {
    return { basis: terms.basis, rateOrAmount: ruleMoney(terms.amount, `${path}.amount`) };
  }
  if (terms.basis === 'cost' || terms.basis === 'revenue') {
    return { basis: terms.basis, rateOrAmount: toNonNegativeDecimal(terms.rate, `${path}.rate`) };
  }
  throw new ValidationError(
    `${path}.basis`,
    (terms as { basis: unknown }).basis,
    'must be cost, revenue or amount',
  );
}

function resolvePainShare(
  terms: ContractPainShareTerms,
  parties: readonly ContractParty[],
  path: string,
): ResolvedReasonableSurplusRule['painShare'] {
  if (!isRecord(terms)) throw new ValidationError(path, terms, 'must be an object with shares');
  const shares = resolveShares(terms.shares, parties, `${path}.shares`);
  const caps = given(terms.caps) ? terms.caps : {};
  if (!isRecord(caps)) {
    throw new ValidationError(`${path}.caps`, caps, 'must map party ids to amounts');
  }
  const ids = new Set(parties.map((party) => party.id));
  for (const id of Object.keys(caps)) {
    if (!ids.has(id))
      throw new ValidationError(`${path}.caps.${id}`, id, "is not one of the rule's parties");
  }
  const resolvedCaps = parties.map((party) =>
    Object.hasOwn(caps, party.id) ? ruleMoney(caps[party.id], `${path}.caps.${party.id}`) : null,
  );
  let beyondCaps: number | null = null;
  if (given(terms.beyondCaps)) {
    beyondCaps = parties.findIndex((party) => party.id === terms.beyondCaps);
    if (beyondCaps < 0 || resolvedCaps[beyondCaps] !== null) {
      throw new ValidationError(
        `${path}.beyondCaps`,
        terms.beyondCaps,
        "must be one of the rule's parties without a cap",
      );
    }
  } else if (!shares.some((share, position) => share.gt(0) && resolvedCaps[position] === null)) {
    throw new ValidationError(
      `${path}.caps`,
      Object.keys(caps).join(', '),
      'must leave at least one party with a share uncapped, or name beyondCaps (someone bears the overrun beyond the caps)',
    );
  }
  return {
    targetCost: given(terms.targetCost) ? ruleMoney(terms.targetCost, `${path}.targetCost`) : null,
    shares,
    caps: resolvedCaps,
    beyondCaps,
  };
}

function resolveReasonableSurplusRule(
  rule: ReasonableSurplusRule,
  prefix: string,
): ResolvedReasonableSurplusRule {
  const parties = resolveParties(rule.parties, field(prefix, 'parties'));
  const { basis, rateOrAmount } = resolveReasonableSurplus(rule, prefix);
  const bandEdges = given(rule.bandEdges) ? rule.bandEdges : 'money';
  if (bandEdges !== 'money' && bandEdges !== 'margin_points') {
    throw new ValidationError(
      field(prefix, 'bandEdges'),
      rule.bandEdges,
      'must be money or margin_points',
    );
  }
  if (bandEdges === 'margin_points' && basis === 'amount') {
    throw new ValidationError(
      field(prefix, 'bandEdges'),
      bandEdges,
      'must be money when the reasonable surplus is an amount (margin points need a rate on cost or revenue)',
    );
  }
  return {
    kind: 'reasonable_surplus',
    parties,
    basis,
    rateOrAmount,
    earlyWarningLevel: toFraction(
      given(rule.earlyWarningLevel) ? rule.earlyWarningLevel : '0.8',
      field(prefix, 'earlyWarningLevel'),
    ),
    bands: resolveTiers(rule.bands, parties, field(prefix, 'bands')),
    bandEdges,
    painShare: given(rule.painShare)
      ? resolvePainShare(rule.painShare, parties, field(prefix, 'painShare'))
      : null,
  };
}

function resolveTargetCostRule(rule: TargetCostRule, prefix: string): ResolvedTargetCostRule {
  const parties = resolveParties(rule.parties, field(prefix, 'parties'));
  const targetCost = given(rule.targetCost)
    ? ruleMoney(rule.targetCost, field(prefix, 'targetCost'))
    : null;
  const targetProfit = ruleMoney(
    given(rule.targetProfit) ? rule.targetProfit : '0',
    field(prefix, 'targetProfit'),
  );
  const gainTiers = resolveTiers(rule.gainTiers, parties, field(prefix, 'gainTiers'));
  const painTiers = resolveTiers(rule.painTiers, parties, field(prefix, 'painTiers'));
  const minimumAdjustment = ruleMoney(
    given(rule.minimumAdjustment) ? rule.minimumAdjustment : '0',
    field(prefix, 'minimumAdjustment'),
  );
  const providers = parties.flatMap((party, position) =>
    party.role === 'provider' ? [position] : [],
  );
  let ceilingPrice: Decimal | null = null;
  if (given(rule.ceilingPrice)) {
    const path = field(prefix, 'ceilingPrice');
    ceilingPrice = ruleMoney(rule.ceilingPrice, path);
    if (targetCost === null) {
      throw new ValidationError(
        path,
        rule.ceilingPrice,
        'needs a targetCost on the rule (a ceiling is fixed against a fixed target)',
      );
    }
    const targetPrice = targetCost.plus(targetProfit);
    if (ceilingPrice.lt(targetPrice)) {
      throw new ValidationError(
        path,
        rule.ceilingPrice,
        `must not be below the target price (target cost + target profit = ${targetPrice.toString()})`,
      );
    }
    if (providers.length !== 1) {
      throw new ValidationError(
        field(prefix, 'parties'),
        providers.length,
        'must include exactly one party with role provider when there is a ceiling price (it bears the overrun beyond the point of total assumption)',
      );
    }
  }
  return {
    kind: 'target_cost',
    parties,
    targetCost,
    targetProfit,
    gainTiers,
    painTiers,
    ceilingPrice,
    providerPosition: providers.length === 1 ? providers[0] : -1,
    minimumAdjustment,
  };
}

/**
 * Validates a contract rule, returning it with every figure as a Decimal.
 *
 * @param prefix - prepended to field paths (e.g. `terms` gives `terms.bands[1].shares`); none by
 * default, so paths name the rule's own fields (`bands[1].shares`, `ceilingPrice`).
 * @throws {@link ValidationError} naming the field: bands out of order or overlapping, shares not
 * adding up to 1, unknown parties, negative amounts, a ceiling below the target price, …
 * @internal use {@link checkContractRule} outside the library
 */
export function resolveContractRule(rule: ContractRule, prefix = ''): ResolvedContractRule {
  if (typeof rule !== 'object' || rule === null) {
    throw new ValidationError(prefix || 'rule', rule, 'must be a contract rule');
  }
  if (rule.kind === 'reasonable_surplus') return resolveReasonableSurplusRule(rule, prefix);
  if (rule.kind === 'target_cost') return resolveTargetCostRule(rule, prefix);
  throw new ValidationError(
    field(prefix, 'kind'),
    (rule as { kind: unknown }).kind,
    `must be one of ${CONTRACT_RULE_KINDS.join(', ')}`,
  );
}

/**
 * Checks a contract rule before it is stored (a 422 at the door rather than a failed evaluation).
 *
 * @throws {@link ValidationError} naming the field (see {@link resolveContractRule})
 */
export function checkContractRule(rule: ContractRule, prefix = ''): void {
  resolveContractRule(rule, prefix);
}

/**
 * Whether each return evaluated under the rule must carry its own `targetCost`: a pain-share or a
 * target-cost rule with no fixed target cost takes the window's target as Σ the returns' targets.
 */
export function needsReturnTargetCost(rule: ContractRule): boolean {
  if (rule.kind === 'target_cost') return !given(rule.targetCost);
  return given(rule.painShare) && !given(rule.painShare.targetCost);
}
