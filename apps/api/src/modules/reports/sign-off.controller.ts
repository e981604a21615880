import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import {
  CurrentAccess,
  CurrentActor,
  type PartnershipAccess,
} from '../../common/auth/auth-context';
import { UuidParam } from '../../common/http/openapi';
import { UuidPipe } from '../../common/http/uuid.pipe';
import { ReportResponse } from './dto/report.dto';
import {
  ReportDecisionDto,
  ReportHistory,
  SignOffRuleDto,
  SignOffRuleResponse,
} from './dto/sign-off.dto';
import type { ReportView } from './reports.service';
import { SignOffService } from './sign-off.service';

const NOT_REVIEWABLE =
  'Not the current version of a closed quarter’s report (/problems/report-not-reviewable, /problems/period-open), or the review does not allow the step (/problems/sign-off-state, /problems/sign-off-rule); nothing changed';

const responseOf = (v: ReportView): ReportResponse =>
  ReportResponse.from(v.report, v.current, v.signOff, v.sinceSignedOff);

@ApiTags('reports')
@Authenticated()
@Controller('v1/partnerships/:partnershipId')
export class SignOffController {
  constructor(private readonly service: SignOffService) {}

  @Get('sign-off-rule')
  @Allow('settings', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({ summary: 'Who must sign off a closed quarter’s report (404: no rule set)' })
  @ApiOkResponse({ type: SignOffRuleResponse })
  async rule(@Param('partnershipId', UuidPipe) pid: string): Promise<SignOffRuleResponse> {
    const { rule, reviewers } = await this.service.rule(pid);
    return SignOffRuleResponse.from(rule, reviewers);
  }

  @Put('sign-off-rule')
  @Allow('settings', 'update')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'Set who must sign off: a quorum of N board members, or one per member organisation',
    description:
      'Rounds already open keep the rule they opened with. 422 naming the field when the board cannot meet the rule (a quorum larger than the board; no board member representing a member organisation).',
  })
  @ApiOkResponse({ type: SignOffRuleResponse })
  @ApiUnprocessableEntityResponse({ description: 'The board cannot meet the rule' })
  async saveRule(
    @Param('partnershipId', UuidPipe) pid: string,
    @CurrentActor() actor: Actor,
    @Body() dto: SignOffRuleDto,
  ): Promise<SignOffRuleResponse> {
    const { rule, reviewers } = await this.service.saveRule(pid, actor, dto);
    return SignOffRuleResponse.from(rule, reviewers);
  }

  @Post('reports/:reportId/review')
  @Allow('reports', 'review')
  @HttpCode(200)
  @UuidParam('partnershipId')
  @UuidParam('reportId')
  @ApiOperation({
    summary: 'Put a closed quarter’s current report version to the board’s review (admin)',
    description:
      'Opens a review round under the partnership’s sign-off rule as it stands (a declined version may be put to review again: a new round). Audited; in the report’s history.',
  })
  @ApiOkResponse({ type: ReportResponse })
  @ApiNotFoundResponse({ description: 'No such report' })
  @ApiConflictResponse({ description: NOT_REVIEWABLE })
  async review(
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Param('reportId', UuidPipe) reportId: string,
  ): Promise<ReportResponse> {
    return responseOf(await this.service.putToReview(access, actor, reportId));
  }

  @Post('reports/:reportId/decision')
  @Allow('reports', 'decide')
  @HttpCode(200)
  @UuidParam('partnershipId')
  @UuidParam('reportId')
  @ApiOperation({
    summary: 'Approve or decline a version in review (a reviewer under the sign-off rule)',
    description:
      'Once per reviewer and round; a decline needs a comment and is kept with it. The version is signed off when the rule is met; the round ends declined when the declines leave it impossible to meet. Audited; in the report’s history.',
  })
  @ApiOkResponse({ type: ReportResponse })
  @ApiForbiddenResponse({
    description: 'Not a reviewer under the rule (/problems/not-a-reviewer); nothing changed',
  })
  @ApiNotFoundResponse({ description: 'No such report' })
  @ApiConflictResponse({ description: NOT_REVIEWABLE })
  async decide(
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Param('reportId', UuidPipe) reportId: string,
    @Body() dto: ReportDecisionDto,
  ): Promise<ReportResponse> {
    return responseOf(await this.service.decide(access, actor, reportId, dto));
  }

  @Get('reports/:reportId/history')
  @Allow('reports', 'read')
  @UuidParam('partnershipId')
  @UuidParam('reportId')
  @ApiOperation({
    summary:
      'A report’s history: its versions (issued, restated), the quarter’s closes and reopens, review rounds, approvals, declines and sign-offs',
  })
  @ApiOkResponse({ type: ReportHistory })
  @ApiNotFoundResponse({ description: 'No such report' })
  async history(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('reportId', UuidPipe) reportId: string,
  ): Promise<ReportHistory> {
    return this.service.history(pid, reportId);
  }
}
