import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import type { FastifyReply } from 'fastify';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import {
  CurrentAccess,
  CurrentActor,
  type PartnershipAccess,
} from '../../common/auth/auth-context';
import { BigIntIdPipe } from '../../common/http/bigint-id.pipe';
import { IdempotencyHeader, UuidParam } from '../../common/http/openapi';
import {
  CorrectDeliveryRecordDto,
  CorrectionResult,
  CreateDeliveryBatchDto,
  CreateDeliveryRecordDto,
  DeliveryBatchResult,
  DeliveryRecordDetail,
  DeliveryRecordPage,
  DeliveryRecordResponse,
  ListDeliveryRecordsQuery,
} from './dto/delivery-record.dto';
import { PERIOD_LOCKED } from '../periods/period-guard';
import { DeliveryRecordsService } from './delivery-records.service';

@ApiTags('delivery records')
@Authenticated()
@Controller('v1/partnerships/:partnershipId/delivery-records')
export class DeliveryRecordsController {
  constructor(private readonly service: DeliveryRecordsService) {}

  @Post()
  @Allow('delivery-records', 'create')
  @UuidParam('partnershipId')
  @IdempotencyHeader()
  @ApiConflictResponse({
    description: `The externalRef was used with different facts; or: ${PERIOD_LOCKED}`,
  })
  @ApiOperation({
    summary: 'Log one delivery record for your provider organisation',
    description:
      '201 when stored; 200 with the stored record when its externalRef was already sent with the same facts (nothing added); 409 if the externalRef was used with different facts.',
  })
  @ApiCreatedResponse({ type: DeliveryRecordResponse })
  @ApiOkResponse({
    type: DeliveryRecordResponse,
    description: 'Re-sent: the stored record, nothing added',
  })
  async create(
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateDeliveryRecordDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeliveryRecordResponse> {
    const { record, created } = await this.service.create(access, actor, dto);
    if (!created) void reply.status(200);
    return DeliveryRecordResponse.from(record);
  }

  @Post('batch')
  @Allow('delivery-records', 'create')
  @UuidParam('partnershipId')
  @IdempotencyHeader()
  @ApiConflictResponse({
    description: `An externalRef was used with different facts; or: ${PERIOD_LOCKED} (one record in a closed quarter refuses the whole batch)`,
  })
  @ApiOperation({
    summary:
      'Log up to 1,000 records at once, all or nothing; re-sending adds nothing (use CSV imports for more)',
  })
  @ApiCreatedResponse({ type: DeliveryBatchResult })
  async createBatch(
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateDeliveryBatchDto,
  ): Promise<DeliveryBatchResult> {
    const results = await this.service.createBatch(access, actor, dto.records);
    return {
      created: results.filter((r) => r.created).length,
      duplicates: results.filter((r) => !r.created).length,
      records: results.map((r) => DeliveryRecordResponse.from(r.record)),
    };
  }

  @Get()
  @Allow('delivery-records', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'Delivery records, filtered, in id order with a cursor (providers see their own)',
  })
  @ApiOkResponse({ type: DeliveryRecordPage })
  async list(
    @CurrentAccess() access: PartnershipAccess,
    @Query() query: ListDeliveryRecordsQuery,
  ): Promise<DeliveryRecordPage> {
    const rows = await this.service.list(access, query);
    return {
      data: rows.map(DeliveryRecordResponse.from),
      page: {
        limit: query.limit,
        nextCursor: rows.length === query.limit ? rows[rows.length - 1].id.toString() : null,
      },
    };
  }

  @Get(':recordId')
  @Allow('delivery-records', 'read')
  @UuidParam('partnershipId')
  @ApiParam({ name: 'recordId', example: '1042' })
  @ApiOkResponse({ type: DeliveryRecordDetail })
  async get(
    @CurrentAccess() access: PartnershipAccess,
    @Param('recordId', BigIntIdPipe) id: string,
  ): Promise<DeliveryRecordDetail> {
    const { record, corrections } = await this.service.get(access, BigInt(id));
    return {
      ...DeliveryRecordResponse.from(record),
      corrections: corrections.map(DeliveryRecordResponse.from),
    };
  }

  @Post(':recordId/corrections')
  @Allow('delivery-records', 'correct')
  @UuidParam('partnershipId')
  @ApiParam({ name: 'recordId', example: '1042' })
  @IdempotencyHeader()
  @ApiConflictResponse({
    description: `The record was already corrected; or: ${PERIOD_LOCKED} (the original's date, or the amendment's)`,
  })
  @ApiOperation({
    summary:
      'Correct a record: reverse it, or reverse it and record the corrected facts (the original is kept)',
  })
  @ApiCreatedResponse({ type: CorrectionResult })
  async correct(
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Param('recordId', BigIntIdPipe) id: string,
    @Body() dto: CorrectDeliveryRecordDto,
  ): Promise<CorrectionResult> {
    const { reversal, amendment } = await this.service.correct(access, actor, BigInt(id), dto);
    return {
      reversal: DeliveryRecordResponse.from(reversal),
      amendment: amendment ? DeliveryRecordResponse.from(amendment) : null,
    };
  }
}
