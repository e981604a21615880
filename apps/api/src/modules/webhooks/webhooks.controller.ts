import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import { CurrentActor } from '../../common/auth/auth-context';
import { SecretInResponse } from '../../common/idempotency/idempotency.decorators';
import { IdempotencyHeader, UuidParam } from '../../common/http/openapi';
import { pageOf } from '../../common/http/pagination.query';
import { UuidPipe } from '../../common/http/uuid.pipe';
import {
  CreatedWebhookResponse,
  CreateWebhookDto,
  ListWebhooksQuery,
  UpdateWebhookDto,
  WebhookPage,
  WebhookResponse,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks and notifications')
@Authenticated()
@Allow('webhooks', 'manage')
@Controller('v1/partnerships/:partnershipId/webhooks')
export class WebhooksController {
  constructor(private readonly service: WebhooksService) {}

  @Post()
  @UuidParam('partnershipId')
  @IdempotencyHeader()
  @SecretInResponse('secret')
  @ApiOperation({
    summary: 'Add a webhook (partnership admin)',
    description:
      'Events (trigger.raised, report.issued, evaluation.failed) are POSTed to the URL as JSON, signed with the secret (X-OL-Signature: sha256=HMAC of "<X-OL-Timestamp>.<raw body>"). The secret is in this response only.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookResponse })
  async create(
    @Param('partnershipId', UuidPipe) pid: string,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateWebhookDto,
  ): Promise<CreatedWebhookResponse> {
    return CreatedWebhookResponse.withSecret(await this.service.create(pid, actor, dto));
  }

  @Get()
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'The partnership’s webhooks (partnership admin); secrets are not shown',
  })
  @ApiOkResponse({ type: WebhookPage })
  async list(
    @Param('partnershipId', UuidPipe) pid: string,
    @Query() query: ListWebhooksQuery,
  ): Promise<WebhookPage> {
    return pageOf(await this.service.list(pid, query), query, WebhookResponse.from);
  }

  @Get(':webhookId')
  @UuidParam('partnershipId')
  @UuidParam('webhookId')
  @ApiOkResponse({ type: WebhookResponse })
  async get(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('webhookId', UuidPipe) webhookId: string,
  ): Promise<WebhookResponse> {
    return WebhookResponse.from(await this.service.get(pid, webhookId));
  }

  @Patch(':webhookId')
  @UuidParam('partnershipId')
  @UuidParam('webhookId')
  @ApiOperation({ summary: 'Change a webhook’s URL or event types, or pause / resume it' })
  @ApiOkResponse({ type: WebhookResponse })
  async update(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('webhookId', UuidPipe) webhookId: string,
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateWebhookDto,
  ): Promise<WebhookResponse> {
    return WebhookResponse.from(await this.service.update(pid, actor, webhookId, dto));
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @UuidParam('partnershipId')
  @UuidParam('webhookId')
  @ApiOperation({
    summary: 'Deactivate a webhook',
    description:
      'The webhook is kept (its notifications refer to it) and gets no new events; queued notifications wait and are delivered if it is re-activated with PATCH { "active": true }.',
  })
  @ApiNoContentResponse()
  async deactivate(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('webhookId', UuidPipe) webhookId: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.service.deactivate(pid, actor, webhookId);
  }
}
