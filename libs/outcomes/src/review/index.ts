/** libs/outcomes' review: exported through the package index (src/index.ts). */

export {
  reviewStep,
  type ReviewAction,
  type ReviewEventName,
  type ReviewState,
  type ReviewStatus,
  type ReviewStep,
} from './review-step';
export {
  OPEN_RETURN_STATUSES,
  countingReturnStatuses,
  newRevisionStatus,
  returnReviewStep,
  type ReturnReviewAction,
  type ReturnReviewEventName,
  type ReturnReviewStatus,
  type ReturnReviewStep,
} from './return-review';
export {
  triggerStep,
  type TriggerAction,
  type TriggerStatus,
  type TriggerStep,
  type TriggerWorkflowState,
} from './trigger-step';
export {
  SIGN_OFF_RULE_KINDS,
  evaluateSignOff,
  isReviewer,
  reviewersOf,
  signOffRuleProblems,
  type BoardMember,
  type SignOffDecision,
  type SignOffDecisionKind,
  type SignOffEvaluation,
  type SignOffOutcome,
  type SignOffRule,
  type SignOffRuleKind,
} from './sign-off';
