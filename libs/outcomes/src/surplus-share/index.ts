/** libs/outcomes' surplus-share: exported through the package index (src/index.ts). */

export {
  SHARE_PARTIES,
  evaluateSurplusShare,
  type BandAllocation,
  type CostLine,
  type FinancialReturnEntry,
  type PainShareResult,
  type PainShareTerms,
  type ShareBand,
  type ShareParty,
  type SurplusBasis,
  type SurplusShareEvaluation,
  type SurplusShareRule,
  type SurplusState,
} from './surplus-share';
export {
  ReturnAdmissionError,
  checkReturnAdmission,
  returnAdmissionProblems,
  type ReturnAdmissionContext,
  type ReturnProblem,
  type ReturnSubmission,
  type RuleRequirements,
} from './return-admission';
export { detectStateCrossing, type StateCrossing, type TriggerLevel } from './state-crossing';
