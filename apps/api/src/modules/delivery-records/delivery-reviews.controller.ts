import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import {
  CurrentAccess,
  CurrentActor,
  type PartnershipAccess,
} from '../../common/auth/auth-context';
import { BigIntIdPipe } from '../../common/http/bigint-id.pipe';
import { UuidParam } from '../../common/http/openapi';
import { DeliveryRecordResponse } from './dto/delivery-record.dto';
import {
  AnswerDisputeDto,
  DeliveryReviewHistory,
  ResolveDisputeDto,
  ReviewDeliveryRecordDto,
} from './dto/delivery-review.dto';
import { PERIOD_LOCKED } from '../periods/period-guard';
import { DeliveryReviewsService } from './delivery-reviews.service';

const STATE_CONFLICT =
  'The record’s review does not allow this step (problem type /problems/review-state); nothing changed';

@ApiTags('delivery records')
@Authenticated()
@Controller('v1/partnerships/:partnershipId/delivery-records/:recordId')
export class DeliveryReviewsController {
  constructor(private readonly service: DeliveryReviewsService) {}

  @Post('review')
  @Allow('delivery-records', 'review')
  @HttpCode(200)
  @UuidParam('partnershipId')
  @ApiParam({ name: 'recordId', example: '1042' })
  @ApiOperation({
    summary: 'Verify a claimed record, or dispute a claimed or verified one with a reason',
    description:
      'Verifier or admin, never on a record you logged. Who, when, the note and the evidence grade you assign are recorded in the record’s review history; reports covering the record are asked for again.',
  })
  @ApiOkResponse({ type: DeliveryRecordResponse })
  @ApiConflictResponse({ description: `${STATE_CONFLICT}; or: ${PERIOD_LOCKED}` })
  async review(
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Param('recordId', BigIntIdPipe) id: string,
    @Body() dto: ReviewDeliveryRecordDto,
  ): Promise<DeliveryRecordResponse> {
    return DeliveryRecordResponse.from(await this.service.review(access, actor, BigInt(id), dto));
  }

  @Post('answer')
  @Allow('delivery-records', 'answer')
  @HttpCode(200)
  @UuidParam('partnershipId')
  @ApiParam({ name: 'recordId', example: '1042' })
  @ApiOperation({
    summary: 'Answer the open dispute of your record (a member of the record’s provider)',
    description:
      'Once per dispute; the record stays disputed until a verifier resolves it. The response is kept in the review history.',
  })
  @ApiOkResponse({ type: DeliveryRecordResponse })
  @ApiConflictResponse({ description: STATE_CONFLICT })
  async answer(
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Param('recordId', BigIntIdPipe) id: string,
    @Body() dto: AnswerDisputeDto,
  ): Promise<DeliveryRecordResponse> {
    return DeliveryRecordResponse.from(await this.service.answer(access, actor, BigInt(id), dto));
  }

  @Post('resolve')
  @Allow('delivery-records', 'resolve')
  @HttpCode(200)
  @UuidParam('partnershipId')
  @ApiParam({ name: 'recordId', example: '1042' })
  @ApiOperation({
    summary:
      'Resolve a dispute (verifier): accepted makes the record verified, upheld rejects it (it then counts nowhere)',
    description:
      'Answered or not; once per dispute. Reports covering the record are asked for again.',
  })
  @ApiOkResponse({ type: DeliveryRecordResponse })
  @ApiConflictResponse({ description: `${STATE_CONFLICT}; or: ${PERIOD_LOCKED}` })
  async resolve(
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Param('recordId', BigIntIdPipe) id: string,
    @Body() dto: ResolveDisputeDto,
  ): Promise<DeliveryRecordResponse> {
    return DeliveryRecordResponse.from(await this.service.resolve(access, actor, BigInt(id), dto));
  }

  @Get('reviews')
  @Allow('delivery-records', 'read')
  @UuidParam('partnershipId')
  @ApiParam({ name: 'recordId', example: '1042' })
  @ApiOperation({
    summary: 'A record’s review history: every verification, dispute, answer and resolution',
  })
  @ApiOkResponse({ type: DeliveryReviewHistory })
  async history(
    @CurrentAccess() access: PartnershipAccess,
    @Param('recordId', BigIntIdPipe) id: string,
  ): Promise<DeliveryReviewHistory> {
    const { record, events } = await this.service.history(access, BigInt(id));
    return DeliveryReviewHistory.from(record, events);
  }
}
