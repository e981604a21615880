import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, MaxLength, ValidateIf } from 'class-validator';
import { SIGN_OFF_RULE_KINDS, type ReportDifference, type SignOffRuleKind } from '@ol/outcomes';
import type { SignOffRuleView } from '@ol/persistence';
import { IsNotBlank, Optional } from '../../../common/validation/validators';
import { ReportDifferenceResponse } from './report-changes.response';

/** Longest comment a decision keeps. */
export const MAX_COMMENT_LENGTH = 2000;

/** Where a version's sign-off stands (see the ADR 0013). */
export const SIGN_OFF_STATUSES = ['none', 'in_review', 'signed_off', 'declined'] as const;
export type SignOffStatus = (typeof SIGN_OFF_STATUSES)[number];

export const DECISIONS = ['approve', 'decline'] as const;
export type DecisionParam = (typeof DECISIONS)[number];

export class SignOffRuleDto {
  @ApiProperty({
    enum: SIGN_OFF_RULE_KINDS,
    example: 'quorum',
    description:
      '`quorum`: any `quorum` board members approve; `one_per_member_organisation`: one board member for each member organisation board members represent (the board role granted with organisationId)',
  })
  @IsIn(SIGN_OFF_RULE_KINDS)
  kind!: SignOffRuleKind;

  @ApiPropertyOptional({
    type: 'integer',
    example: 2,
    minimum: 1,
    description:
      'For `quorum` (required): how many board members must approve, from 1 to the number of board members (422 otherwise). Absent for the other kind.',
  })
  @ValidateIf((o: SignOffRuleDto) => o.kind === 'quorum' || o.quorum !== undefined)
  @IsInt()
  quorum?: number;
}

export class SignOffRuleResponse {
  @ApiProperty({ enum: SIGN_OFF_RULE_KINDS }) kind!: SignOffRuleKind;
  @ApiProperty({ type: 'integer', nullable: true, example: 2 }) quorum!: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) updatedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({
    type: 'integer',
    example: 3,
    description: 'Board members who may decide under the rule today',
  })
  reviewers!: number;

  static from(v: SignOffRuleView, reviewers: number): SignOffRuleResponse {
    return {
      kind: v.rule.kind,
      quorum: v.rule.kind === 'quorum' ? v.rule.quorum : null,
      updatedBy: v.updatedBy,
      updatedAt: v.updatedAt.toISOString(),
      reviewers,
    };
  }
}

export class ReportDecisionDto {
  @ApiProperty({ enum: DECISIONS, example: 'approve' })
  @IsIn(DECISIONS)
  decision!: DecisionParam;

  @ApiPropertyOptional({
    example: 'Figures agree with the board pack',
    maxLength: MAX_COMMENT_LENGTH,
    description: 'Why; required to decline',
  })
  @Optional()
  @IsString()
  @IsNotBlank()
  @MaxLength(MAX_COMMENT_LENGTH)
  comment?: string;
}

/** One reviewer's approval or decline. */
export class SignOffDecisionResponse {
  @ApiProperty({ type: 'integer', example: 1, description: 'The review round it belongs to' })
  round!: number;
  @ApiProperty({ format: 'uuid' }) reviewerId!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The member organisation the reviewer represented when deciding',
  })
  organisationId!: string | null;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
}

/** Where an open round stands under its rule, with today's board. */
export class SignOffProgressResponse {
  @ApiProperty({ type: 'integer', description: 'Approvals needed (quorum, or organisations)' })
  needed!: number;
  @ApiProperty({ type: 'integer', description: 'Approvals that count so far' })
  counted!: number;
  @ApiProperty({
    type: [String],
    description: 'Under one per member organisation: the organisations still to approve',
  })
  awaitingOrganisations!: string[];
}

/** A version's sign-off. */
export class SignOffResponse {
  @ApiProperty({
    enum: SIGN_OFF_STATUSES,
    description:
      '`none`: never put to review; `in_review`: a round is open; `signed_off`: the rule was met (the version the board approved); `declined`: the last round ended without it (the declines left the rule impossible to meet); an admin may put the version to review again',
  })
  status!: SignOffStatus;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The latest round (1, 2, …)' })
  round!: number | null;
  @ApiProperty({
    enum: [...SIGN_OFF_RULE_KINDS, null],
    nullable: true,
    description: 'The latest round’s rule (null: never put to review)',
  })
  ruleKind!: SignOffRuleKind | null;
  @ApiProperty({ type: 'integer', nullable: true }) quorum!: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) putToReviewBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) putToReviewAt!: string | null;
  @ApiProperty({
    type: () => SignOffProgressResponse,
    nullable: true,
    description: 'While in review: what the rule still needs',
  })
  progress!: SignOffProgressResponse | null;
  @ApiProperty({
    type: [SignOffDecisionResponse],
    description: 'The latest round’s approvals, oldest first',
  })
  approvals!: SignOffDecisionResponse[];
  @ApiProperty({
    type: [SignOffDecisionResponse],
    description: 'Every round’s declines with their reasons, oldest first',
  })
  declines!: SignOffDecisionResponse[];
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The reviewer whose approval met the rule',
  })
  signedOffBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) signedOffAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) declinedAt!: string | null;
}

/** What changed since the last version the board signed off (a restatement after sign-off). */
export class SinceSignedOffResponse {
  @ApiProperty({ format: 'uuid' }) reportId!: string;
  @ApiProperty({ type: 'integer', example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) signedOffAt!: string;
  @ApiProperty({
    type: () => [ReportDifferenceResponse],
    description: 'The headline totals and outcome figures that differ from the signed version',
  })
  differences!: ReportDifference[];
}

export const HISTORY_EVENTS = [
  'issued',
  'restated',
  'period_closed',
  'period_auto_closed',
  'period_reopened',
  'put_to_review',
  'approved',
  'declined',
  'signed_off',
  'review_declined',
  'reminder_sent',
  'reminder_escalated',
] as const;
export type HistoryEvent = (typeof HISTORY_EVENTS)[number];

/** One step in a report's history. */
export class ReportHistoryEntry {
  @ApiProperty({
    enum: HISTORY_EVENTS,
    description:
      '`issued`/`restated`: a version was produced (restated: it restates a final one); `period_*`: the quarter was closed or reopened; `reminder_sent`/`reminder_escalated`: a provider was reminded of what it owed for the quarter, or it was escalated (organisationId: the provider; comment: what was owed and the step); `put_to_review`: a round opened; `approved`/`declined`: a reviewer’s decision; `signed_off`/`review_declined`: a round ended',
  })
  event!: HistoryEvent;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reportId!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) version!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The review round' })
  round!: number | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Who took the step (null: the worker)',
  })
  actorUserId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) organisationId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A decision’s comment, or the reason a quarter was closed or reopened',
  })
  comment!: string | null;
}

export class ReportHistory {
  @ApiProperty({ format: 'uuid' }) reportId!: string;
  @ApiProperty({
    type: [ReportHistoryEntry],
    description: 'Every version of the report (scope and period) and every step, oldest first',
  })
  data!: ReportHistoryEntry[];
}
