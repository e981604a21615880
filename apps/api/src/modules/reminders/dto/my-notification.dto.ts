import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { NOTIFICATION_EVENT_TYPES, type UserNotification } from '@ol/persistence';
import { PageInfo, PageQuery } from '../../../common/http/pagination.query';
import { Optional } from '../../../common/validation/validators';

export class ListMyNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['unread', 'read'], description: 'Absent: both' })
  @Optional()
  @IsIn(['unread', 'read'])
  status?: 'unread' | 'read';
}

export class MyNotificationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) partnershipId!: string;
  @ApiProperty({ enum: NOTIFICATION_EVENT_TYPES, example: 'obligation.reminder' })
  eventType!: string;
  @ApiProperty({ example: 'Delivery data for 2026-27 Q3 is due by 2027-01-14' }) title!: string;
  @ApiProperty({ description: 'What is due, by when (plain text)' }) body!: string;
  @ApiProperty({ type: String, nullable: true, example: 'https://ledger.example.org/v1/…' })
  link!: string | null;
  @ApiProperty({ enum: ['unread', 'read'] }) status!: 'unread' | 'read';
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The event's data, as webhooks receive it",
  })
  data!: unknown;

  static from(n: UserNotification): MyNotificationResponse {
    return {
      id: n.id,
      partnershipId: n.partnershipId,
      eventType: n.eventType,
      title: n.title,
      body: n.body,
      link: n.link,
      status: n.readAt ? 'read' : 'unread',
      readAt: n.readAt?.toISOString() ?? null,
      createdAt: n.createdAt.toISOString(),
      data: n.payload,
    };
  }
}

export class MyNotificationPage {
  @ApiProperty({ type: [MyNotificationResponse] }) data!: MyNotificationResponse[];
  @ApiProperty() page!: PageInfo;
  @ApiProperty({ type: 'integer', description: 'Unread notifications in all' }) unread!: number;
}

/** Where a user is told: replaced as a whole. Webhooks are the partnership's, not a user's. */
export class NotificationChannelsDto {
  @ApiProperty({ description: 'In-app notifications (GET /v1/me/notifications)' })
  @IsBoolean()
  inApp!: boolean;

  @ApiProperty({ description: 'Emails to your address' })
  @IsBoolean()
  email!: boolean;
}

export class NotificationChannelsResponse {
  @ApiProperty() inApp!: boolean;
  @ApiProperty() email!: boolean;
}
