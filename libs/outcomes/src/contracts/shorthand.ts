import { ONE, toDecimal, toFraction } from '../money/decimal';
import type { SurplusShareRule } from '../surplus-share/surplus-share';
import type { ContractParty, PartyShares, ShareTier } from './parties';
import type { ReasonableSurplusRule } from './rule';

/**
 * Party ids that stand for a role rather than an organisation:
 * - `provider`: the provider whose books are evaluated (a rule for every provider names no one);
 * - `commissioner`: the commissioning side, as the three-party shorthand says it;
 * - `community_fund`: the community dividend when no organisation receives it.
 */
export const ROLE_PARTY_IDS = {
  provider: 'provider',
  commissioner: 'commissioner',
  communityFund: 'community_fund',
} as const;

/**
 * The three-party shorthand (`basis`, `reasonableSurplusRate`, bands in margin points with
 * provider / commissioner / communityFund fractions, a provider pain-share) as a contract rule with
 * the same meaning: margin-point band edges, the provider party standing for the provider
 * evaluated, the commissioner bearing what the provider does not of an overrun (and everything
 * beyond the provider's cap). The community fund is a party only when a band gives it a share or
 * an organisation receives it.
 *
 * @param communityFundId - the organisation receiving the community dividend, if any
 * @throws {@link ValidationError} for a malformed fraction (the full rule is validated later by
 * {@link checkContractRule})
 */
export function ruleFromShorthand(
  rule: SurplusShareRule,
  communityFundId?: string | null,
): ReasonableSurplusRule {
  const fundId = communityFundId ?? ROLE_PARTY_IDS.communityFund;
  const fundHasShare = (rule.bands ?? []).some(
    (band) =>
      band.communityFund !== undefined && !toDecimal(band.communityFund, 'communityFund').isZero(),
  );
  const withFund = fundHasShare || Boolean(communityFundId);
  const parties: ContractParty[] = [
    { id: ROLE_PARTY_IDS.provider, name: 'Provider', role: 'provider' },
    { id: ROLE_PARTY_IDS.commissioner, name: 'Commissioner', role: 'commissioner' },
    ...(withFund ? [{ id: fundId, name: 'Community fund', role: 'community_fund' as const }] : []),
  ];
  const bands: ShareTier[] = (rule.bands ?? []).map((band) => {
    const shares: Record<string, string> = {
      [ROLE_PARTY_IDS.provider]: band.provider.toString(),
      [ROLE_PARTY_IDS.commissioner]: band.commissioner.toString(),
    };
    if (withFund) shares[fundId] = (band.communityFund ?? '0').toString();
    return { ...(band.upTo === undefined ? {} : { upTo: band.upTo.toString() }), shares };
  });
  let painShare: ReasonableSurplusRule['painShare'];
  if (rule.painShare) {
    const provider = toFraction(rule.painShare.providerShare, 'painShare.providerShare');
    const shares: PartyShares = {
      [ROLE_PARTY_IDS.provider]: provider.toString(),
      [ROLE_PARTY_IDS.commissioner]: ONE.minus(provider).toString(),
    };
    // Beyond the provider's cap the commissioner bears everything (as the shorthand always said).
    painShare = {
      shares,
      ...(rule.painShare.providerCap === undefined
        ? {}
        : {
            caps: { [ROLE_PARTY_IDS.provider]: rule.painShare.providerCap.toString() },
            beyondCaps: ROLE_PARTY_IDS.commissioner,
          }),
    };
  }
  return {
    kind: 'reasonable_surplus',
    parties,
    reasonableSurplus: { basis: rule.basis, rate: rule.reasonableSurplusRate.toString() },
    ...(rule.earlyWarningLevel === undefined
      ? {}
      : { earlyWarningLevel: rule.earlyWarningLevel.toString() }),
    bandEdges: 'margin_points',
    bands,
    ...(painShare ? { painShare } : {}),
  };
}

/**
 * The organisation a party id stands for, for display: the provider evaluated for `provider`, no
 * organisation for the other role ids (`commissioner`, `community_fund`), else the id itself
 * (parties are member organisations, or the community fund's organisation).
 */
export function partyOrganisation(partyId: string, providerOrgId: string): string | null {
  if (partyId === ROLE_PARTY_IDS.provider) return providerOrgId;
  if (partyId === ROLE_PARTY_IDS.commissioner || partyId === ROLE_PARTY_IDS.communityFund) {
    return null;
  }
  return partyId;
}
