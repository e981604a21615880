import type { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import { step, type ExplanationStep } from '../explanation/steps';
import {
  ONE,
  ZERO,
  divide,
  isList,
  maxDecimal,
  minDecimal,
  sum,
  toDecimal,
  toFraction,
  toNonNegativeDecimal,
  type DecimalInput,
} from '../money/decimal';
import { allocateRounded, percentText, toMoneyString, toPercentString } from '../money/money';
import { parseIsoDate, type IsoDate } from '../periods/calendar-date';
import type { DateWindow } from '../periods/financial-periods';

/** What the reasonable surplus is a percentage of: allowable cost (margin on cost) or revenue. */
export type SurplusBasis = 'cost' | 'revenue';

/** Who receives a share of the excess. */
export type ShareParty = 'provider' | 'commissioner' | 'communityFund';

/** Parties in the fixed order used for listing and for breaking rounding ties. */
export const SHARE_PARTIES: readonly ShareParty[] = ['provider', 'commissioner', 'communityFund'];

/**
 * One band of the excess. Bands are ordered and contiguous: band 1 starts at the
 * reasonable-surplus threshold, each band ends where the next starts. `upTo` is the band's upper
 * edge in margin points ABOVE the reasonable-surplus rate, as a fraction of the basis (`"0.05"` =
 * the first 5 points of margin over the threshold); the last band has no `upTo` and takes
 * everything beyond. A band's shares are fractions that must add up to exactly 1.
 *
 * @example the first 5 points 50/50, beyond that 100% returned:
 * `[{ upTo: '0.05', provider: '0.5', commissioner: '0.5' }, { provider: '0', commissioner: '1' }]`
 */
export interface ShareBand {
  /** Upper edge in margin points over the threshold (fraction); omit on the last band only. */
  readonly upTo?: DecimalInput;
  /** Provider keeps this fraction of the band. */
  readonly provider: DecimalInput;
  /** Returned to the commissioner. */
  readonly commissioner: DecimalInput;
  /** Paid to the community fund / community dividend (default 0). */
  readonly communityFund?: DecimalInput;
}

/**
 * Pain-share for overruns: when allowable cost exceeds the target cost, the provider bears
 * `providerShare` of the overrun, capped at `providerCap` if given; the commissioner bears the rest.
 */
export interface PainShareTerms {
  /** Provider's fraction of the overrun (0–1). */
  readonly providerShare: DecimalInput;
  /** Most the provider bears in the window (money ≥ 0); beyond it the commissioner bears all. */
  readonly providerCap?: DecimalInput;
}

/** A contract's open-book surplus-share terms. */
export interface SurplusShareRule {
  /** Margin on cost or on revenue. */
  readonly basis: SurplusBasis;
  /** Reasonable-surplus rate (fraction, e.g. `"0.08"`). */
  readonly reasonableSurplusRate: DecimalInput;
  /** Early-warning level as a fraction of the reasonable surplus (default `"0.8"`). */
  readonly earlyWarningLevel?: DecimalInput;
  /** Ordered share bands for the excess; the last has no `upTo`. */
  readonly bands: readonly ShareBand[];
  /** Optional pain-share for overruns against the target cost. */
  readonly painShare?: PainShareTerms;
}

/** One cost line of an open-book return. */
export interface CostLine {
  /** Category: direct, indirect, overhead, management fee, … */
  readonly category: string;
  /** Amount (money; negative only for a credit). */
  readonly amount: DecimalInput;
  /** Whether the cost is allowable under the contract (default true). */
  readonly allowable?: boolean;
}

/** One period's open-book return (e.g. a quarter), the latest restatement. */
export interface FinancialReturnEntry {
  /** Label shown in the working, e.g. `2025-26 Q1`. */
  readonly label?: string;
  /** First day of the period. */
  readonly periodStart: IsoDate;
  /** Last day of the period. */
  readonly periodEnd: IsoDate;
  /** Revenue (money). */
  readonly revenue: DecimalInput;
  /** Cost lines. */
  readonly costs: readonly CostLine[];
  /** Target cost for the period (money), needed when the rule has pain-share. */
  readonly targetCost?: DecimalInput;
}

/** How much of the excess falls in a band and who gets it. */
export interface BandAllocation {
  /** 1-based band number. */
  readonly band: number;
  /** Lower edge, points over the threshold. */
  readonly fromPoints: Decimal;
  /** Upper edge, or null for the last band. */
  readonly toPoints: Decimal | null;
  /** Excess falling in the band. */
  readonly amount: Decimal;
  /** Each party's part of the band. */
  readonly shares: Readonly<Record<ShareParty, Decimal>>;
}

/** The pain-share outcome. */
export interface PainShareResult {
  /** Target cost for the window. */
  readonly targetCost: Decimal;
  /** max(0, allowable cost − target cost). */
  readonly overrun: Decimal;
  /** Borne by the provider. */
  readonly provider: Decimal;
  /** Borne by the commissioner. */
  readonly commissioner: Decimal;
  /** True when the provider cap limited the provider's part. */
  readonly capped: boolean;
  /** Parts rounded to pence, adding up exactly to the rounded overrun. */
  readonly rounded: Readonly<{ overrun: Decimal; provider: Decimal; commissioner: Decimal }>;
}

/**
 * The level reached, used to raise triggers: `below`, `warning` (surplus at or above the
 * early-warning level), `above` (surplus above the reasonable surplus: an excess to share), or
 * `pain_share` (an overrun is being shared; only when there is no excess).
 */
export type SurplusState = 'below' | 'warning' | 'above' | 'pain_share';

/** A surplus-share evaluation for a window. */
export interface SurplusShareEvaluation {
  /** The window evaluated. */
  readonly window: DateWindow;
  /** Labels (or start dates) of the returns included, in date order. */
  readonly periods: readonly string[];
  /** Basis of the rule. */
  readonly basis: SurplusBasis;
  /** Σ revenue. */
  readonly revenue: Decimal;
  /** Σ allowable cost. */
  readonly allowableCost: Decimal;
  /** Σ disallowed cost (not deducted). */
  readonly disallowedCost: Decimal;
  /** revenue − allowable cost. */
  readonly surplus: Decimal;
  /** Allowable cost or revenue, per the basis. */
  readonly basisAmount: Decimal;
  /** surplus ÷ basisAmount, or null when the basis amount is zero. */
  readonly margin: Decimal | null;
  /** Reasonable-surplus rate. */
  readonly reasonableSurplusRate: Decimal;
  /** rate × basisAmount: the threshold. */
  readonly reasonableSurplus: Decimal;
  /** earlyWarningLevel × reasonableSurplus. */
  readonly warningAmount: Decimal;
  /** max(0, surplus − reasonableSurplus). */
  readonly excess: Decimal;
  /** The excess by band. */
  readonly bands: readonly BandAllocation[];
  /** Each party's share of the excess at full precision; they add up exactly to `excess`. */
  readonly shares: Readonly<Record<ShareParty, Decimal>>;
  /** Shares rounded to pence; they add up exactly to `excess` rounded half-up to pence. */
  readonly roundedShares: Readonly<Record<ShareParty | 'excess', Decimal>>;
  /** Pain-share, or null when the rule has none. */
  readonly painShare: PainShareResult | null;
  /** Level reached. */
  readonly state: SurplusState;
  /** The working. */
  readonly steps: readonly ExplanationStep[];
}

interface ResolvedBand {
  readonly from: Decimal;
  readonly to: Decimal | null;
  readonly shares: Record<ShareParty, Decimal>;
}

function resolveBands(bands: readonly ShareBand[]): ResolvedBand[] {
  if (!isList(bands) || bands.length === 0) {
    throw new ValidationError('rule.bands', bands, 'must list at least one band');
  }
  let from = ZERO;
  return bands.map((band, index) => {
    const path = `rule.bands[${index}]`;
    const last = index === bands.length - 1;
    let to: Decimal | null = null;
    if (band.upTo === undefined) {
      if (!last)
        throw new ValidationError(
          `${path}.upTo`,
          band.upTo,
          'is required on every band but the last',
        );
    } else {
      if (last)
        throw new ValidationError(
          `${path}.upTo`,
          band.upTo,
          'must be omitted on the last band (it takes everything beyond)',
        );
      to = toDecimal(band.upTo, `${path}.upTo`);
      if (to.lte(from)) {
        throw new ValidationError(
          `${path}.upTo`,
          band.upTo,
          `must be above the previous band's edge (${from.toString()})`,
        );
      }
    }
    const shares: Record<ShareParty, Decimal> = {
      provider: toFraction(band.provider, `${path}.provider`),
      commissioner: toFraction(band.commissioner, `${path}.commissioner`),
      communityFund: toFraction(band.communityFund ?? '0', `${path}.communityFund`),
    };
    if (!sum(SHARE_PARTIES.map((party) => shares[party])).eq(ONE)) {
      throw new ValidationError(
        path,
        band,
        'shares (provider, commissioner, communityFund) must add up to exactly 1',
      );
    }
    const resolved = { from, to, shares };
    if (to) from = to;
    return resolved;
  });
}

/** A return inside the window, summed. @internal (shared with contracts/) */
export interface ResolvedEntry {
  readonly label: string;
  readonly start: IsoDate;
  readonly end: IsoDate;
  readonly revenue: Decimal;
  readonly allowable: Decimal;
  readonly disallowed: Decimal;
  /** Zero when absent (only allowed when the rule has no pain-share). */
  readonly targetCost: Decimal;
}

/**
 * Validates the window and the returns, keeping those wholly inside it in date order.
 * @internal (shared with contracts/)
 */
export function resolveEntries(
  entries: readonly FinancialReturnEntry[],
  window: DateWindow,
  needsTargetCost: boolean,
  targetCostReason = 'is required when the rule has pain-share',
): ResolvedEntry[] {
  parseIsoDate(window.start, 'window.start');
  parseIsoDate(window.end, 'window.end');
  if (window.end < window.start) {
    throw new ValidationError(
      'window.end',
      window.end,
      `must not be before window.start (${window.start})`,
    );
  }
  const included: ResolvedEntry[] = [];
  entries.forEach((entry, index) => {
    const path = `entries[${index}]`;
    parseIsoDate(entry.periodStart, `${path}.periodStart`);
    parseIsoDate(entry.periodEnd, `${path}.periodEnd`);
    if (entry.periodEnd < entry.periodStart) {
      throw new ValidationError(
        `${path}.periodEnd`,
        entry.periodEnd,
        'must not be before periodStart',
      );
    }
    const outside = entry.periodEnd < window.start || entry.periodStart > window.end;
    if (outside) return;
    if (entry.periodStart < window.start || entry.periodEnd > window.end) {
      throw new ValidationError(
        path,
        `${entry.periodStart}..${entry.periodEnd}`,
        `straddles the window ${window.start}..${window.end}; returns must lie wholly inside or outside it`,
      );
    }
    const costs = entry.costs.map((line, lineIndex) => ({
      allowable: line.allowable !== false,
      amount: toDecimal(line.amount, `${path}.costs[${lineIndex}].amount`),
    }));
    const targetCost =
      entry.targetCost === undefined
        ? null
        : toNonNegativeDecimal(entry.targetCost, `${path}.targetCost`);
    if (needsTargetCost && targetCost === null) {
      throw new ValidationError(`${path}.targetCost`, entry.targetCost, targetCostReason);
    }
    included.push({
      label: entry.label ?? `${entry.periodStart}..${entry.periodEnd}`,
      start: entry.periodStart,
      end: entry.periodEnd,
      revenue: toDecimal(entry.revenue, `${path}.revenue`),
      allowable: sum(costs.filter((line) => line.allowable).map((line) => line.amount)),
      disallowed: sum(costs.filter((line) => !line.allowable).map((line) => line.amount)),
      targetCost: targetCost ?? ZERO,
    });
  });
  included.sort((a, b) => a.start.localeCompare(b.start));
  for (let index = 1; index < included.length; index += 1) {
    if (included[index].start <= included[index - 1].end) {
      throw new ValidationError(
        'entries',
        included[index].label,
        `overlaps ${included[index - 1].label}; pass only the latest restatement of each period`,
      );
    }
  }
  return included;
}

function evaluatePainShare(
  terms: PainShareTerms,
  allowableCost: Decimal,
  targetCost: Decimal,
): PainShareResult {
  const providerShare = toFraction(terms.providerShare, 'rule.painShare.providerShare');
  const cap =
    terms.providerCap === undefined
      ? null
      : toNonNegativeDecimal(terms.providerCap, 'rule.painShare.providerCap');
  const overrun = maxDecimal(ZERO, allowableCost.minus(targetCost));
  const uncapped = overrun.times(providerShare);
  const provider = cap ? minDecimal(uncapped, cap) : uncapped;
  const commissioner = overrun.minus(provider);
  const [roundedProvider, roundedCommissioner] = allocateRounded([provider, commissioner]);
  return {
    targetCost,
    overrun,
    provider,
    commissioner,
    capped: !provider.eq(uncapped),
    rounded: {
      overrun: roundedProvider.plus(roundedCommissioner),
      provider: roundedProvider,
      commissioner: roundedCommissioner,
    },
  };
}

const PARTY_LABELS: Record<ShareParty, string> = {
  provider: 'provider',
  commissioner: 'commissioner',
  communityFund: 'community fund',
};

function describeShares(
  shares: Record<ShareParty, Decimal>,
  fractions: Record<ShareParty, Decimal>,
): string {
  return SHARE_PARTIES.filter((party) => !fractions[party].isZero())
    .map(
      (party) =>
        `${PARTY_LABELS[party]} ${percentText(fractions[party])} ${toMoneyString(shares[party])}`,
    )
    .join(', ');
}

/**
 * Evaluates an open-book surplus-share rule for a window (usually financial year to date, from
 * {@link yearToDate}), over the returns that fall inside it:
 *
 * 1. revenue and allowable cost are summed over the window's returns (disallowed cost lines are
 *    listed but not deducted); surplus = revenue − allowable cost;
 * 2. reasonable surplus = rate × allowable cost (basis `cost`) or × revenue (basis `revenue`);
 *    the early-warning amount = early-warning level × reasonable surplus;
 * 3. excess = max(0, surplus − reasonable surplus), split across the bands: band edges are margin
 *    points over the threshold, i.e. money edges of basis amount × points, so a surplus exactly on
 *    a band edge fills that band and puts nothing in the next; each band is split by its fractions;
 *    the parties' shares add up EXACTLY to the excess, and the 2-dp `roundedShares` add up exactly
 *    to the rounded excess ({@link allocateRounded});
 * 4. pain-share (if the rule has it): overrun = max(0, allowable cost − Σ target cost), shared as
 *    {@link PainShareTerms} says;
 * 5. state: `above` when there is an excess (a surplus exactly on the threshold is not above);
 *    else `pain_share` when an overrun is shared; else `warning` when the surplus is positive and at
 *    or above the warning amount; else `below`.
 *
 * Returns must lie wholly inside or outside the window and not overlap (pass the latest
 * restatement of each period).
 *
 * @throws {@link ValidationError} naming the input (e.g. `rule.bands[1].upTo`, `entries[2].revenue`)
 */
export function evaluateSurplusShare(
  rule: SurplusShareRule,
  entries: readonly FinancialReturnEntry[],
  window: DateWindow,
): SurplusShareEvaluation {
  if (rule.basis !== 'cost' && rule.basis !== 'revenue') {
    throw new ValidationError('rule.basis', rule.basis, 'must be cost or revenue');
  }
  const rate = toNonNegativeDecimal(rule.reasonableSurplusRate, 'rule.reasonableSurplusRate');
  const warningLevel = toFraction(rule.earlyWarningLevel ?? '0.8', 'rule.earlyWarningLevel');
  const bands = resolveBands(rule.bands);
  const included = resolveEntries(entries, window, rule.painShare !== undefined);

  const revenue = sum(included.map((entry) => entry.revenue));
  const allowableCost = sum(included.map((entry) => entry.allowable));
  const disallowedCost = sum(included.map((entry) => entry.disallowed));
  const surplus = revenue.minus(allowableCost);
  const basisAmount = rule.basis === 'cost' ? allowableCost : revenue;
  if (basisAmount.isNegative() && !basisAmount.isZero()) {
    throw new ValidationError(
      'entries',
      basisAmount.toString(),
      `must not add up to a negative ${rule.basis === 'cost' ? 'allowable cost' : 'revenue'} in the window`,
    );
  }
  const margin = basisAmount.isZero() ? null : divide(surplus, basisAmount);
  const reasonableSurplus = rate.times(basisAmount);
  const warningAmount = warningLevel.times(reasonableSurplus);
  const excess = maxDecimal(ZERO, surplus.minus(reasonableSurplus));

  const steps: ExplanationStep[] = [
    step(
      'window',
      `Window ${window.start} to ${window.end}: ${included.length} return(s)${included.length ? ` (${included.map((entry) => entry.label).join(', ')})` : ''}.`,
    ),
    step(
      'surplus',
      `Surplus = revenue ${toMoneyString(revenue)} − allowable cost ${toMoneyString(allowableCost)} = ${toMoneyString(surplus)}${disallowedCost.isZero() ? '' : ` (disallowed cost ${toMoneyString(disallowedCost)} not deducted)`}.`,
      { revenue, allowableCost, disallowedCost, surplus },
    ),
    step(
      'threshold',
      `Reasonable surplus = ${percentText(rate)} × ${rule.basis} ${toMoneyString(basisAmount)} = ${toMoneyString(reasonableSurplus)}; early warning at ${percentText(warningLevel)} of it = ${toMoneyString(warningAmount)}; margin on ${rule.basis} ${margin === null ? 'n/a' : toPercentString(margin, 2)}.`,
      {
        rate,
        basisAmount,
        reasonableSurplus,
        warningLevel,
        warningAmount,
        ...(margin ? { margin } : {}),
      },
    ),
    step(
      'excess',
      `Excess = max(0, ${toMoneyString(surplus)} − ${toMoneyString(reasonableSurplus)}) = ${toMoneyString(excess)}.`,
      { excess },
    ),
  ];

  const allocations: BandAllocation[] = bands.map((band, index) => {
    const lower = basisAmount.times(band.from);
    const upper = band.to === null ? excess : minDecimal(excess, basisAmount.times(band.to));
    const amount = maxDecimal(ZERO, upper.minus(lower));
    const shares = {
      provider: amount.times(band.shares.provider),
      commissioner: amount.times(band.shares.commissioner),
      communityFund: ZERO,
    };
    shares.communityFund = amount.minus(shares.provider).minus(shares.commissioner);
    const edges =
      band.to === null
        ? `beyond ${band.from.times(100).toString()} points`
        : `${band.from.times(100).toString()}–${band.to.times(100).toString()} points`;
    steps.push(
      step(
        `band.${index + 1}`,
        `Band ${index + 1} (${edges} over the threshold): ${toMoneyString(amount)}${amount.isZero() ? '' : ` → ${describeShares(shares, band.shares)}`}.`,
        { amount, ...shares },
      ),
    );
    return { band: index + 1, fromPoints: band.from, toPoints: band.to, amount, shares };
  });

  const shares: Record<ShareParty, Decimal> = {
    provider: sum(allocations.map((allocation) => allocation.shares.provider)),
    commissioner: sum(allocations.map((allocation) => allocation.shares.commissioner)),
    communityFund: sum(allocations.map((allocation) => allocation.shares.communityFund)),
  };
  const [provider, commissioner, communityFund] = allocateRounded(
    SHARE_PARTIES.map((party) => shares[party]),
  );
  const roundedShares = {
    excess: provider.plus(commissioner).plus(communityFund),
    provider,
    commissioner,
    communityFund,
  };
  steps.push(
    step(
      'shares',
      `Shares of the excess: provider ${toMoneyString(provider)}, commissioner ${toMoneyString(commissioner)}, community fund ${toMoneyString(communityFund)} (total ${toMoneyString(roundedShares.excess)}).`,
      shares,
    ),
  );

  let painShare: PainShareResult | null = null;
  if (rule.painShare) {
    const targetCost = sum(included.map((entry) => entry.targetCost));
    painShare = evaluatePainShare(rule.painShare, allowableCost, targetCost);
    steps.push(
      step(
        'pain_share',
        `Pain-share: overrun = max(0, ${toMoneyString(allowableCost)} − target cost ${toMoneyString(targetCost)}) = ${toMoneyString(painShare.overrun)}; provider bears ${toMoneyString(painShare.rounded.provider)}${painShare.capped ? ' (capped)' : ''}, commissioner ${toMoneyString(painShare.rounded.commissioner)}.`,
        {
          targetCost,
          overrun: painShare.overrun,
          provider: painShare.provider,
          commissioner: painShare.commissioner,
        },
      ),
    );
  }

  let state: SurplusState = 'below';
  if (excess.gt(0)) state = 'above';
  else if (painShare && painShare.overrun.gt(0)) state = 'pain_share';
  else if (surplus.gt(0) && surplus.gte(warningAmount)) state = 'warning';
  steps.push(step('state', `State: ${state}.`));

  return {
    window: { start: window.start, end: window.end },
    periods: included.map((entry) => entry.label),
    basis: rule.basis,
    revenue,
    allowableCost,
    disallowedCost,
    surplus,
    basisAmount,
    margin,
    reasonableSurplusRate: rate,
    reasonableSurplus,
    warningAmount,
    excess,
    bands: allocations,
    shares,
    roundedShares,
    painShare,
    state,
    steps,
  };
}
