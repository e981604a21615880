import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import type { ReportChanges, ReportFigures } from '@ol/outcomes';
import type { JobRun, Report } from '@ol/persistence';
import { PageQuery } from '../../../common/http/pagination.query';
import { IsNotBlank, Optional } from '../../../common/validation/validators';
import { ReportChangesResponse } from './report-changes.response';
import { ReportFiguresResponse } from './report-figures.response';
import { SignOffResponse, SinceSignedOffResponse } from './sign-off.dto';

export const REPORT_SCOPES = ['quarter', 'year_to_date', 'since_start'] as const;
export type ReportScopeParam = (typeof REPORT_SCOPES)[number];

export class RequestReportDto {
  @ApiProperty({
    enum: REPORT_SCOPES,
    example: 'quarter',
    description:
      'The quarter itself, the financial year to the end of it, or since the partnership started',
  })
  @IsIn(REPORT_SCOPES)
  scope!: ReportScopeParam;

  @ApiProperty({
    example: '2026-27 Q1',
    description: "The quarter the report is for or ends at, in the partnership's financial year",
  })
  @IsString()
  @Length(4, 20)
  quarter!: string;
}

/** What a report run was asked for. */
export class ReportRunParamsResponse {
  @ApiProperty({ enum: REPORT_SCOPES }) scope!: ReportScopeParam;
  @ApiProperty({ example: '2026-27 Q1', description: 'The quarter the report is for or ends at' })
  quarter!: string;
}

/** What a share evaluation run was asked for. */
export class ShareEvaluationRunParamsResponse {
  @ApiProperty({ format: 'uuid' }) ruleId!: string;
  @ApiProperty({ format: 'uuid', description: 'The provider organisation' })
  providerOrgId!: string;
  @ApiProperty({
    format: 'date',
    example: '2026-04-01',
    description: 'First day of the financial year evaluated (year to date)',
  })
  fyStart!: string;
}

@ApiExtraModels(ReportRunParamsResponse, ShareEvaluationRunParamsResponse)
export class JobRunResponse {
  @ApiProperty({
    format: 'uuid',
    description: 'Poll GET /v1/partnerships/{partnershipId}/jobs/{id}',
  })
  id!: string;
  @ApiProperty({ enum: ['report', 'share_evaluation'] }) kind!: string;
  @ApiProperty({ enum: ['pending', 'running', 'done', 'failed'] }) status!: string;
  @ApiProperty({ example: 40, description: 'Percent done' }) progress!: number;
  @ApiProperty({
    oneOf: [
      { $ref: getSchemaPath(ReportRunParamsResponse) },
      { $ref: getSchemaPath(ShareEvaluationRunParamsResponse) },
    ],
    description: 'What the run was asked for, by its kind',
    example: { scope: 'quarter', quarter: '2026-27 Q1' },
  })
  params!: unknown;
  @ApiProperty({ example: 1 }) attempts!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'What it produced (e.g. the report id)',
  })
  resultId!: string | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;

  static from(r: JobRun): JobRunResponse {
    return {
      id: r.id,
      kind: r.kind,
      status: r.status,
      progress: r.progress,
      params: r.params,
      attempts: r.attempts,
      resultId: r.resultRef,
      error: r.error,
      createdAt: r.createdAt,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
    };
  }
}

export class ListReportsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REPORT_SCOPES })
  @Optional()
  @IsIn(REPORT_SCOPES)
  scope?: ReportScopeParam;

  @ApiPropertyOptional({ example: '2026-27 Q1', description: 'The report’s period label' })
  @Optional()
  @IsString()
  @Length(1, 60)
  @IsNotBlank()
  period?: string;
}

export class CurrentReportQuery {
  @ApiProperty({ enum: REPORT_SCOPES })
  @IsIn(REPORT_SCOPES)
  scope!: ReportScopeParam;

  @ApiProperty({ example: '2026-27 Q1', description: 'The quarter the report is for or ends at' })
  @IsString()
  @Length(4, 20)
  quarter!: string;
}

export class ReportSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REPORT_SCOPES }) scope!: string;
  @ApiProperty({ example: '2026-27 Q1' }) period!: string;
  @ApiProperty({ format: 'date', example: '2026-04-01' }) periodStart!: string;
  @ApiProperty({ format: 'date', example: '2026-06-30' }) periodEnd!: string;
  @ApiProperty({
    type: 'integer',
    example: 2,
    description:
      'Versions of one report count up; a later version supersedes a provisional one and restates a final one',
  })
  version!: number;
  @ApiProperty({
    enum: ['provisional', 'final'],
    description:
      'provisional: produced before the period ended (later data supersedes it without a restatement); final: after',
  })
  status!: string;
  @ApiProperty({
    description:
      'The current version of this report: the one whose inputs are the latest run’s (exactly one per scope and period)',
  })
  current!: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) restates!: string | null;
  @ApiProperty({ description: 'SHA-256 of every input' }) fingerprint!: string;
  @ApiProperty({
    type: () => ReportChangesResponse,
    nullable: true,
    description: 'What changed since the version it was compared with (null for a first version)',
  })
  changes!: ReportChanges | null;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({
    type: () => SignOffResponse,
    description: 'The board’s sign-off of this version (a closed quarter’s report)',
  })
  signOff!: SignOffResponse;

  static from(
    r: Omit<Report, 'figures'>,
    current: boolean,
    signOff: SignOffResponse,
  ): ReportSummary {
    return {
      id: r.id,
      scope: r.scope,
      period: r.periodLabel,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      version: r.version,
      status: r.status,
      current,
      restates: r.restatesId,
      fingerprint: r.fingerprint,
      // Stored by the worker as ReportChanges (libs/outcomes), read back as JSON.
      changes: (r.changes as ReportChanges | null) ?? null,
      issuedAt: r.createdAt,
      signOff,
    };
  }
}

export class ReportList {
  @ApiProperty({ type: [ReportSummary] }) data!: ReportSummary[];
}

export class ReportResponse extends ReportSummary {
  @ApiProperty({
    type: () => ReportFiguresResponse,
    description:
      'Every figure, with its working (outcomes, valuation lines, totals, by theme, sensitivity)',
  })
  figures!: ReportFigures;

  @ApiProperty({
    type: () => SinceSignedOffResponse,
    nullable: true,
    description:
      'A version after one the board signed off (a restatement after sign-off, which needs a sign-off of its own): the signed version and what differs from it; null when no earlier version was signed off',
  })
  sinceSignedOff!: SinceSignedOffResponse | null;

  static override from(
    r: Report,
    current: boolean,
    signOff: SignOffResponse,
    sinceSignedOff: SinceSignedOffResponse | null = null,
  ): ReportResponse {
    // The JSON column holds what the worker stored: composeReport's ReportFigures.
    return {
      ...ReportSummary.from(r, current, signOff),
      figures: r.figures as unknown as ReportFigures,
      sinceSignedOff,
    };
  }
}

export class ReportParam {
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    message: 'must be a UUID',
  })
  partnershipId!: string;

  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\.csv|\.json)?$/i, {
    message: 'must be a report id, optionally ending in .csv or .json',
  })
  report!: string;
}
