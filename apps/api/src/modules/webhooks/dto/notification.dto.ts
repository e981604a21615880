import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsUUID } from 'class-validator';
import { NOTIFICATION_EVENT_TYPES, NotificationStatus, type Notification } from '@ol/persistence';
import { PageInfo, PageQuery } from '../../../common/http/pagination.query';
import { Optional } from '../../../common/validation/validators';

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: NotificationStatus, example: NotificationStatus.failed })
  @Optional()
  @IsEnum(NotificationStatus)
  status?: NotificationStatus;

  @ApiPropertyOptional({ enum: NOTIFICATION_EVENT_TYPES, example: 'trigger.raised' })
  @Optional()
  @IsIn(NOTIFICATION_EVENT_TYPES)
  eventType?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  webhookId?: string;
}

export class NotificationResponse {
  @ApiProperty({ format: 'uuid', description: 'Also the X-OL-Delivery header: dedupe on it' })
  id!: string;
  @ApiProperty({ format: 'uuid' }) partnershipId!: string;
  @ApiProperty({ format: 'uuid' }) webhookId!: string;
  @ApiProperty({ enum: NOTIFICATION_EVENT_TYPES, example: 'trigger.raised' }) eventType!: string;
  @ApiProperty({ example: 'trigger:0b7f3c52-5f1e-4c7e-9a39-7c1f0e4d2a11' }) eventKey!: string;
  @ApiProperty({ enum: NotificationStatus, example: NotificationStatus.delivered })
  status!: NotificationStatus;
  @ApiProperty({ example: 2, description: 'Delivery attempts made' }) attempts!: number;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the next attempt is due (pending only)',
  })
  nextAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'HTTP 503' }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 503 }) lastStatusCode!: number | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deliveredAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The `data` of the body sent to the webhook: its fields depend on the event type (e.g. `report.issued`: reportId, scope, period, version)',
  })
  data!: unknown;

  static from(n: Notification): NotificationResponse {
    return {
      id: n.id,
      partnershipId: n.partnershipId,
      webhookId: n.webhookId,
      eventType: n.eventType,
      eventKey: n.eventKey,
      status: n.status,
      attempts: n.attempts,
      nextAttemptAt: n.status === 'pending' ? n.nextAttemptAt.toISOString() : null,
      lastError: n.lastError,
      lastStatusCode: n.lastStatusCode,
      deliveredAt: n.deliveredAt?.toISOString() ?? null,
      createdAt: n.createdAt.toISOString(),
      data: n.payload,
    };
  }
}

export class NotificationPage {
  @ApiProperty({ type: [NotificationResponse] }) data!: NotificationResponse[];
  @ApiProperty() page!: PageInfo;
}
