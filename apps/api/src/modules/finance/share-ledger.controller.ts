import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '@ol/persistence';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import {
  CurrentAccess,
  CurrentActor,
  type PartnershipAccess,
} from '../../common/auth/auth-context';
import { UuidParam } from '../../common/http/openapi';
import { UuidPipe } from '../../common/http/uuid.pipe';
import {
  ListTriggersQuery,
  SettleTriggerDto,
  ShareLedgerList,
  ShareLedgerQuery,
  TriggerActionDto,
  TriggerList,
  TriggerResponse,
} from './dto/share-ledger.dto';
import { ShareLedgerService } from './share-ledger.service';
import { TRIGGER_CSV_COLUMNS, triggersToCsv } from './triggers-csv';

@ApiTags('open book')
@Authenticated()
@Controller('v1/partnerships/:partnershipId')
export class ShareLedgerController {
  constructor(private readonly service: ShareLedgerService) {}

  @Get('triggers')
  @Allow('triggers', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'Triggers with the money each moves: per-party adjustments, never the gross again',
  })
  @ApiOkResponse({ type: TriggerList })
  async listTriggers(
    @CurrentAccess() access: PartnershipAccess,
    @Query() query: ListTriggersQuery,
  ): Promise<TriggerList> {
    return {
      data: (await this.service.listTriggers(access, query.status)).map(TriggerResponse.from),
    };
  }

  @Get('triggers.csv')
  @Allow('triggers', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'Triggers as CSV: one row per trigger and party, in the API’s words and amounts',
    description: `Columns: ${TRIGGER_CSV_COLUMNS.join(', ')}. States are below | warning | above | pain_share, reasons crossing | adjustment, amounts plain decimals (the adjustment is signed). Providers get their own.`,
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  async listTriggersCsv(
    @CurrentAccess() access: PartnershipAccess,
    @Query() query: ListTriggersQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    void reply.header('content-type', 'text/csv; charset=utf-8');
    void reply.header('content-disposition', 'attachment; filename="triggers.csv"');
    return triggersToCsv(await this.service.listTriggers(access, query.status));
  }

  @Get('triggers/:triggerId')
  @Allow('triggers', 'read')
  @UuidParam('partnershipId')
  @UuidParam('triggerId')
  @ApiOkResponse({ type: TriggerResponse })
  async getTrigger(
    @CurrentAccess() access: PartnershipAccess,
    @Param('triggerId', UuidPipe) id: string,
  ): Promise<TriggerResponse> {
    return TriggerResponse.from(await this.service.getTrigger(access, id));
  }

  @Post('triggers/:triggerId/acknowledge')
  @Allow('triggers', 'act')
  @HttpCode(200)
  @UuidParam('partnershipId')
  @UuidParam('triggerId')
  @ApiOperation({ summary: 'Acknowledge a trigger (finance)' })
  @ApiOkResponse({ type: TriggerResponse })
  async acknowledge(
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Param('triggerId', UuidPipe) id: string,
    @Body() dto: TriggerActionDto,
  ): Promise<TriggerResponse> {
    return TriggerResponse.from(
      await this.service.actOnTrigger(access, actor, id, 'acknowledge', dto),
    );
  }

  @Post('triggers/:triggerId/settle')
  @Allow('triggers', 'act')
  @HttpCode(200)
  @UuidParam('partnershipId')
  @UuidParam('triggerId')
  @ApiOperation({
    summary: 'Settle a trigger once its adjustments are paid (finance)',
    description:
      "Records a settlement for each party with a non-zero adjustment (its amount, `paidOn`, `paymentReference`, who); the provider's own share of a gain is recorded as retained. Refused (409) unless acknowledged, and (403) by the acknowledger unless the partnership turned separation of duties off.",
  })
  @ApiOkResponse({ type: TriggerResponse })
  async settle(
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Param('triggerId', UuidPipe) id: string,
    @Body() dto: SettleTriggerDto,
  ): Promise<TriggerResponse> {
    return TriggerResponse.from(await this.service.actOnTrigger(access, actor, id, 'settle', dto));
  }

  @Get('share-ledger')
  @Allow('share-ledger', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'The settlement ledger: per rule, provider, year and party',
    description:
      'Per rule chain (a rule and its replacements), provider and financial year, for each party: its entitlement under the current evaluation, Σ settled, outstanding = entitlement − settled (negative: a clawback is due), Σ adjustments raised on triggers, and what is not yet raised (0 once the worker has evaluated). Settled + outstanding = entitlement to the penny. Providers see their own.',
  })
  @ApiOkResponse({ type: ShareLedgerList })
  async ledger(
    @CurrentAccess() access: PartnershipAccess,
    @Query() query: ShareLedgerQuery,
  ): Promise<ShareLedgerList> {
    return { data: await this.service.ledgers(access, query) };
  }
}
