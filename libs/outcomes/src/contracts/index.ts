/** libs/outcomes' contracts: exported through the package index (src/index.ts). */

export {
  PARTY_ROLES,
  type ContractParty,
  type PartyAmount,
  type PartyRole,
  type PartyShares,
  type ShareTier,
  type TierAllocation,
} from './parties';
export {
  CONTRACT_RULE_KINDS,
  checkContractRule,
  needsReturnTargetCost,
  type ContractPainShareTerms,
  type ContractRule,
  type ReasonableSurplusRule,
  type ReasonableSurplusTerms,
  type TargetCostRule,
} from './rule';
export {
  CONTRACT_STATES,
  type ContractEvaluation,
  type ContractState,
  type PartyPosition,
  type PointOfTotalAssumption,
  type ReasonableSurplusEvaluation,
  type SharedAmount,
  type TargetCostEvaluation,
} from './evaluation';
export { canonicalContractRule } from './canonical-rule';
export { evaluateContract } from './evaluate';
export { ROLE_PARTY_IDS, partyOrganisation, ruleFromShorthand } from './shorthand';
export { pointOfTotalAssumption } from './target-cost';
export {
  entitlementsOf,
  isRetained,
  ledger,
  type Ledger,
  type LedgerEntitlement,
  type LedgerInput,
  type LedgerLine,
  type LedgerSettlement,
  type RaisedAdjustment,
} from './ledger';
