import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';
import type { AuditEvent, PlatformAuditEvent } from '@ol/persistence';
import { PageInfo, PageQuery } from '../../../common/http/pagination.query';
import { IsNotBlank, Optional } from '../../../common/validation/validators';

export class ListAuditEventsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'partnership' })
  @Optional()
  @IsString()
  @Length(1, 64)
  @IsNotBlank()
  entityType?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(1, 64)
  @IsNotBlank()
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  actorUserId?: string;
}

export class AuditEventResponse {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty({ format: 'uuid' }) partnershipId!: string;
  @ApiProperty({ example: 'partnership.updated' }) action!: string;
  @ApiProperty({ example: 'partnership' }) entityType!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorUserId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorKeyId!: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'What the action recorded (fields depend on the action, e.g. the fields changed, or the ids concerned)',
    example: { changes: { name: 'Northside Alliance' } },
  })
  details!: unknown;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;

  static from(e: AuditEvent): AuditEventResponse {
    return {
      id: e.id.toString(),
      partnershipId: e.partnershipId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      actorUserId: e.actorUserId,
      actorKeyId: e.actorKeyId,
      requestId: e.requestId,
      details: e.details,
      occurredAt: e.occurredAt.toISOString(),
    };
  }
}

export class AuditEventPage {
  @ApiProperty({ type: [AuditEventResponse] }) data!: AuditEventResponse[];
  @ApiProperty() page!: PageInfo;
}

export class ListPlatformAuditEventsQuery extends ListAuditEventsQuery {
  @ApiPropertyOptional({ example: 'user.disabled' })
  @Optional()
  @IsString()
  @Length(1, 64)
  @IsNotBlank()
  action?: string;
}

export class PlatformAuditEventResponse {
  @ApiProperty({ example: '42' }) id!: string;
  @ApiProperty({ example: 'user.disabled' }) action!: string;
  @ApiProperty({ example: 'user' }) entityType!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorUserId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorKeyId!: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What the action recorded (fields depend on the action)',
    example: { email: 'jo.bloggs@northshire.gov.uk' },
  })
  details!: unknown;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;

  static from(e: PlatformAuditEvent): PlatformAuditEventResponse {
    return {
      id: e.id.toString(),
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      actorUserId: e.actorUserId,
      actorKeyId: e.actorKeyId,
      requestId: e.requestId,
      details: e.details,
      occurredAt: e.occurredAt.toISOString(),
    };
  }
}

export class PlatformAuditEventPage {
  @ApiProperty({ type: [PlatformAuditEventResponse] }) data!: PlatformAuditEventResponse[];
  @ApiProperty() page!: PageInfo;
}
