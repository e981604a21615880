// The database's enums as the persistence layer's own types: a const object of the values and a
// string-literal union of the same name. Apps import these from @ol/persistence, never the generated
// client; enums.spec.ts keeps them equal to prisma/schema.prisma's.

export const OrganisationKind = {
  commissioner: 'commissioner',
  provider: 'provider',
  funder: 'funder',
  community: 'community',
  other: 'other',
} as const;

export type OrganisationKind = (typeof OrganisationKind)[keyof typeof OrganisationKind];

export const PartnershipModel = {
  alliance: 'alliance',
  innovation_partnership: 'innovation_partnership',
  social_impact_bond: 'social_impact_bond',
  outcomes_based_contract: 'outcomes_based_contract',
  open_book_contract: 'open_book_contract',
  grant: 'grant',
} as const;

export type PartnershipModel = (typeof PartnershipModel)[keyof typeof PartnershipModel];

export const PartnershipStatus = {
  draft: 'draft',
  active: 'active',
  closed: 'closed',
} as const;

export type PartnershipStatus = (typeof PartnershipStatus)[keyof typeof PartnershipStatus];

export const MemberRole = {
  commissioner: 'commissioner',
  provider: 'provider',
  funder: 'funder',
  community: 'community',
} as const;

export type MemberRole = (typeof MemberRole)[keyof typeof MemberRole];

export const PartnershipRole = {
  admin: 'admin',
  board: 'board',
  provider: 'provider',
  finance: 'finance',
  auditor: 'auditor',
  verifier: 'verifier',
} as const;

export type PartnershipRole = (typeof PartnershipRole)[keyof typeof PartnershipRole];

export const DiscountConvention = {
  end_of_year: 'end_of_year',
  start_of_year: 'start_of_year',
  mid_year: 'mid_year',
  none: 'none',
} as const;

export type DiscountConvention = (typeof DiscountConvention)[keyof typeof DiscountConvention];

export const DiscountSchedule = {
  constant: 'constant',
  green_book_declining: 'green_book_declining',
} as const;

export type DiscountSchedule = (typeof DiscountSchedule)[keyof typeof DiscountSchedule];

export const PaybackMethod = {
  sroi_guide: 'sroi_guide',
  cumulative: 'cumulative',
} as const;

export type PaybackMethod = (typeof PaybackMethod)[keyof typeof PaybackMethod];

export const SensitivityParameter = {
  deadweight: 'deadweight',
  attribution: 'attribution',
  displacement: 'displacement',
  dropOff: 'dropOff',
  proxyValue: 'proxyValue',
  duration: 'duration',
  investment: 'investment',
} as const;

export type SensitivityParameter = (typeof SensitivityParameter)[keyof typeof SensitivityParameter];

export const ValuationBasis = {
  achieved: 'achieved',
  avoided: 'avoided',
  change_in_stock: 'change_in_stock',
  count_outcome: 'count_outcome',
} as const;

export type ValuationBasis = (typeof ValuationBasis)[keyof typeof ValuationBasis];

export const OutcomeDirection = {
  increase: 'increase',
  decrease: 'decrease',
} as const;

export type OutcomeDirection = (typeof OutcomeDirection)[keyof typeof OutcomeDirection];

export const OutcomeAggregation = {
  sum: 'sum',
  mean: 'mean',
  latest: 'latest',
} as const;

export type OutcomeAggregation = (typeof OutcomeAggregation)[keyof typeof OutcomeAggregation];

export const TargetPeriodKind = {
  quarter: 'quarter',
  year: 'year',
} as const;

export type TargetPeriodKind = (typeof TargetPeriodKind)[keyof typeof TargetPeriodKind];

export const DeliveryKind = {
  original: 'original',
  reversal: 'reversal',
  amendment: 'amendment',
} as const;

export type DeliveryKind = (typeof DeliveryKind)[keyof typeof DeliveryKind];

export const DeliveryStatus = {
  claimed: 'claimed',
  verified: 'verified',
  disputed: 'disputed',
  rejected: 'rejected',
} as const;

export type DeliveryStatus = (typeof DeliveryStatus)[keyof typeof DeliveryStatus];

export const EvidenceGrade = {
  self_reported: 'self_reported',
  documented: 'documented',
  independently_verified: 'independently_verified',
} as const;

export type EvidenceGrade = (typeof EvidenceGrade)[keyof typeof EvidenceGrade];

export const ImportStatus = {
  receiving: 'receiving',
  queued: 'queued',
  running: 'running',
  completed: 'completed',
  rejected: 'rejected',
  failed: 'failed',
} as const;

export type ImportStatus = (typeof ImportStatus)[keyof typeof ImportStatus];

export const ReviewEvent = {
  verified: 'verified',
  disputed: 'disputed',
  answered: 'answered',
  accepted: 'accepted',
  upheld: 'upheld',
} as const;

export type ReviewEvent = (typeof ReviewEvent)[keyof typeof ReviewEvent];

export const CostCategory = {
  direct: 'direct',
  indirect: 'indirect',
  overhead: 'overhead',
  management_fee: 'management_fee',
  other: 'other',
} as const;

export type CostCategory = (typeof CostCategory)[keyof typeof CostCategory];

export const ShareEvaluationStatus = {
  completed: 'completed',
  failed: 'failed',
} as const;

export type ShareEvaluationStatus =
  (typeof ShareEvaluationStatus)[keyof typeof ShareEvaluationStatus];

export const SurplusStateDb = {
  below: 'below',
  warning: 'warning',
  above: 'above',
  pain_share: 'pain_share',
} as const;

export type SurplusStateDb = (typeof SurplusStateDb)[keyof typeof SurplusStateDb];

export const TriggerStatus = {
  open: 'open',
  acknowledged: 'acknowledged',
  settled: 'settled',
} as const;

export type TriggerStatus = (typeof TriggerStatus)[keyof typeof TriggerStatus];

export const RunKind = {
  report: 'report',
  share_evaluation: 'share_evaluation',
  board_pack: 'board_pack',
} as const;

export type RunKind = (typeof RunKind)[keyof typeof RunKind];

export const RunStatus = {
  pending: 'pending',
  running: 'running',
  done: 'done',
  failed: 'failed',
} as const;

export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

export const ReportScope = {
  quarter: 'quarter',
  year_to_date: 'year_to_date',
  since_start: 'since_start',
} as const;

export type ReportScope = (typeof ReportScope)[keyof typeof ReportScope];

export const NotificationStatus = {
  pending: 'pending',
  delivered: 'delivered',
  failed: 'failed',
} as const;

export type NotificationStatus = (typeof NotificationStatus)[keyof typeof NotificationStatus];

export const ReturnReviewStatus = {
  submitted: 'submitted',
  queried: 'queried',
  resubmitted: 'resubmitted',
  accepted: 'accepted',
  rejected: 'rejected',
  superseded: 'superseded',
} as const;

export type ReturnReviewStatus = (typeof ReturnReviewStatus)[keyof typeof ReturnReviewStatus];

export const ReturnReviewEvent = {
  submitted: 'submitted',
  resubmitted: 'resubmitted',
  queried: 'queried',
  answered: 'answered',
  accepted: 'accepted',
  rejected: 'rejected',
  superseded: 'superseded',
} as const;

export type ReturnReviewEvent = (typeof ReturnReviewEvent)[keyof typeof ReturnReviewEvent];

export const ReportStatus = {
  provisional: 'provisional',
  final: 'final',
} as const;

export type ReportStatus = (typeof ReportStatus)[keyof typeof ReportStatus];

export const PeriodLockState = {
  closed: 'closed',
  reopened: 'reopened',
} as const;

export type PeriodLockState = (typeof PeriodLockState)[keyof typeof PeriodLockState];

export const PeriodLockEventKind = {
  closed: 'closed',
  auto_closed: 'auto_closed',
  reopened: 'reopened',
} as const;

export type PeriodLockEventKind = (typeof PeriodLockEventKind)[keyof typeof PeriodLockEventKind];

export const SignOffRuleKind = {
  one_per_member_organisation: 'one_per_member_organisation',
  quorum: 'quorum',
} as const;

export type SignOffRuleKind = (typeof SignOffRuleKind)[keyof typeof SignOffRuleKind];

export const ReportReviewStatus = {
  in_review: 'in_review',
  signed_off: 'signed_off',
  declined: 'declined',
} as const;

export type ReportReviewStatus = (typeof ReportReviewStatus)[keyof typeof ReportReviewStatus];

export const ReportReviewDecisionKind = {
  approved: 'approved',
  declined: 'declined',
} as const;

export type ReportReviewDecisionKind =
  (typeof ReportReviewDecisionKind)[keyof typeof ReportReviewDecisionKind];

export const EmailStatus = {
  pending: 'pending',
  sent: 'sent',
  not_sent: 'not_sent',
  failed: 'failed',
} as const;

export type EmailStatus = (typeof EmailStatus)[keyof typeof EmailStatus];
