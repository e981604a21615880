import type { DecimalInput } from '../money/decimal';
import type { ContractParty, ShareTier } from './parties';
import {
  given,
  resolveContractRule,
  type ContractPainShareTerms,
  type ContractRule,
  type ReasonableSurplusRule,
  type TargetCostRule,
} from './rule';

function text(value: DecimalInput | null | undefined): string | undefined {
  return given(value) ? value.toString() : undefined;
}

function tiersOf(tiers: readonly ShareTier[], parties: readonly ContractParty[]): ShareTier[] {
  return tiers.map((tier) => ({
    ...(tier.upTo === undefined ? {} : { upTo: tier.upTo.toString() }),
    shares: Object.fromEntries(
      parties
        .filter((party) => Object.hasOwn(tier.shares, party.id))
        .map((party) => [party.id, tier.shares[party.id].toString()]),
    ),
  }));
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Validates a contract rule that came from outside (e.g. a request body) and returns a clean copy
 * to store: only the fields the library reads, in a fixed order, every figure as the string it was
 * given. Unknown fields are dropped, so what is stored is what is evaluated.
 *
 * @throws {@link ValidationError} naming the field (see {@link resolveContractRule})
 */
export function canonicalContractRule(input: unknown, prefix = ''): ContractRule {
  const rule = input as ContractRule;
  const resolved = resolveContractRule(rule, prefix);
  const parties = resolved.parties.map((party) => ({ ...party }));
  if (rule.kind === 'reasonable_surplus') {
    const terms = rule.reasonableSurplus;
    return defined<ReasonableSurplusRule>({
      kind: rule.kind,
      parties,
      reasonableSurplus:
        terms.basis === 'amount'
          ? { basis: 'amount', amount: terms.amount.toString() }
          : { basis: terms.basis, rate: terms.rate.toString() },
      earlyWarningLevel: text(rule.earlyWarningLevel),
      bandEdges: given(rule.bandEdges) ? rule.bandEdges : undefined,
      bands: tiersOf(rule.bands, parties),
      painShare: given(rule.painShare)
        ? defined<ContractPainShareTerms>({
            targetCost: text(rule.painShare.targetCost),
            shares: tiersOf([{ shares: rule.painShare.shares }], parties)[0].shares,
            caps: given(rule.painShare.caps)
              ? Object.fromEntries(
                  Object.entries(rule.painShare.caps).map(([id, cap]) => [id, cap.toString()]),
                )
              : undefined,
            beyondCaps: given(rule.painShare.beyondCaps) ? rule.painShare.beyondCaps : undefined,
          })
        : undefined,
    });
  }
  const target = rule;
  return defined<TargetCostRule>({
    kind: 'target_cost',
    parties,
    targetCost: text(target.targetCost),
    targetProfit: text(target.targetProfit),
    gainTiers: tiersOf(target.gainTiers, parties),
    painTiers: tiersOf(target.painTiers, parties),
    ceilingPrice: text(target.ceilingPrice),
    minimumAdjustment: text(target.minimumAdjustment),
  });
}
