import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
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
import { SubmittedReturnResponse } from './dto/finance.dto';
import {
  AnswerReturnQueryDto,
  DecideReturnDto,
  QueryReturnDto,
  ReturnReviewHistory,
} from './dto/return-review.dto';
import { FinanceService } from './finance.service';
import { ReturnReviewsService } from './return-reviews.service';

const STATE_CONFLICT =
  'The revision’s review does not allow this step (problem type /problems/review-state): e.g. answering a revision that is not queried, or deciding one already accepted, rejected or replaced; nothing changed';
const NOT_YOURS =
  'Not a role that takes this step, or (problem type /problems/separation-of-duties) the revision is one you submitted';

@ApiTags('open book')
@Authenticated()
@Controller('v1/partnerships/:partnershipId/financial-returns/:returnId')
export class ReturnReviewsController {
  constructor(
    private readonly service: ReturnReviewsService,
    private readonly finance: FinanceService,
  ) {}

  @Post('query')
  @Allow('financial-returns', 'query')
  @HttpCode(200)
  @UuidParam('partnershipId')
  @UuidParam('returnId')
  @ApiOperation({
    summary: 'Query a return revision awaiting review: a question the provider answers (finance)',
    description:
      'From submitted or resubmitted. The provider answers with a reply (POST …/answer) or a new revision of the period, which replaces this one (resubmitted). Not on a revision you submitted.',
  })
  @ApiOkResponse({ type: SubmittedReturnResponse })
  @ApiConflictResponse({ description: STATE_CONFLICT })
  @ApiForbiddenResponse({ description: NOT_YOURS })
  async query(
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Param('returnId', UuidPipe) id: string,
    @Body() dto: QueryReturnDto,
  ): Promise<SubmittedReturnResponse> {
    const { saved, runs } = await this.service.query(access, actor, id, dto);
    return SubmittedReturnResponse.fromSubmitted(saved, this.finance.allowableCost(saved), runs);
  }

  @Post('answer')
  @Allow('financial-returns', 'answer')
  @HttpCode(200)
  @UuidParam('partnershipId')
  @UuidParam('returnId')
  @ApiOperation({
    summary: 'Answer the open query of your return with a reply (a member of its provider)',
    description:
      'Once per query: the revision becomes resubmitted and awaits finance’s decision. To change the figures, submit a new revision of the period instead (it answers the query too).',
  })
  @ApiOkResponse({ type: SubmittedReturnResponse })
  @ApiConflictResponse({ description: STATE_CONFLICT })
  @ApiForbiddenResponse({ description: 'Not a member of the return’s provider' })
  async answer(
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Param('returnId', UuidPipe) id: string,
    @Body() dto: AnswerReturnQueryDto,
  ): Promise<SubmittedReturnResponse> {
    const { saved, runs } = await this.service.answer(access, actor, id, dto);
    return SubmittedReturnResponse.fromSubmitted(saved, this.finance.allowableCost(saved), runs);
  }

  @Post('decision')
  @Allow('financial-returns', 'decide')
  @HttpCode(200)
  @UuidParam('partnershipId')
  @UuidParam('returnId')
  @ApiOperation({
    summary: 'Accept or reject a return revision awaiting review, with the reason (finance)',
    description:
      'From submitted, queried or resubmitted; final. Accepted: the revision counts (the latest accepted revision of its period); rejected (a reason is required): it never counts. Not on a revision you submitted. The evaluations of the provider’s financial year are asked for again (`evaluationJobs`, to poll), and the reports covering the period.',
  })
  @ApiOkResponse({ type: SubmittedReturnResponse })
  @ApiConflictResponse({ description: STATE_CONFLICT })
  @ApiForbiddenResponse({ description: NOT_YOURS })
  async decide(
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Param('returnId', UuidPipe) id: string,
    @Body() dto: DecideReturnDto,
  ): Promise<SubmittedReturnResponse> {
    const { saved, runs } = await this.service.decide(access, actor, id, dto);
    return SubmittedReturnResponse.fromSubmitted(saved, this.finance.allowableCost(saved), runs);
  }

  @Get('reviews')
  @Allow('financial-returns', 'read')
  @UuidParam('partnershipId')
  @UuidParam('returnId')
  @ApiOperation({
    summary:
      'A return revision’s review history: submission, queries, answers, the decision (providers: their own)',
  })
  @ApiOkResponse({ type: ReturnReviewHistory })
  async history(
    @CurrentAccess() access: PartnershipAccess,
    @Param('returnId', UuidPipe) id: string,
  ): Promise<ReturnReviewHistory> {
    const { saved, events } = await this.service.history(access, id);
    return ReturnReviewHistory.from(saved, events);
  }
}
