import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRepository } from '@ol/persistence';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import { pageOf } from '../../common/http/pagination.query';
import {
  ListPlatformAuditEventsQuery,
  PlatformAuditEventPage,
  PlatformAuditEventResponse,
} from './dto/audit-event.dto';

@ApiTags('audit')
@Authenticated()
@Allow('platform-audit-events', 'read')
@Controller('v1/admin/audit-events')
export class PlatformAuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @ApiOperation({
    summary:
      'The platform’s audit trail: users, API keys and organisations created, disabled, re-enabled or revoked, newest first (platform admin)',
  })
  @ApiOkResponse({ type: PlatformAuditEventPage })
  async list(@Query() query: ListPlatformAuditEventsQuery): Promise<PlatformAuditEventPage> {
    const { entityType, entityId, actorUserId, action } = query;
    return pageOf(
      await this.audit.listPlatform({ entityType, entityId, actorUserId, action }, query),
      query,
      PlatformAuditEventResponse.from,
    );
  }
}
