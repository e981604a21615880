import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditRepository } from '@ol/persistence';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import { UuidParam } from '../../common/http/openapi';
import { pageOf } from '../../common/http/pagination.query';
import { UuidPipe } from '../../common/http/uuid.pipe';
import { AuditEventPage, AuditEventResponse, ListAuditEventsQuery } from './dto/audit-event.dto';

@ApiTags('audit')
@Authenticated()
@Controller('v1/partnerships/:partnershipId/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @Allow('audit-events', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'Who changed what and when in the partnership, newest first (admin, auditor)',
  })
  @ApiOkResponse({ type: AuditEventPage })
  async list(
    @Param('partnershipId', UuidPipe) pid: string,
    @Query() query: ListAuditEventsQuery,
  ): Promise<AuditEventPage> {
    const { entityType, entityId, actorUserId } = query;
    return pageOf(
      await this.audit.list(pid, { entityType, entityId, actorUserId }, query),
      query,
      AuditEventResponse.from,
    );
  }
}
