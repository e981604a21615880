import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsUUID, Max, Min } from 'class-validator';
import { MAX_WORKING_DAYS, type ReminderPolicy } from '@ol/outcomes';
import { EmailStatus, NOTIFICATION_EVENT_TYPES, type Email } from '@ol/persistence';
import { PageInfo, PageQuery } from '../../../common/http/pagination.query';
import { Nullable, Optional } from '../../../common/validation/validators';

const OFF = 'null switches this step off.';

/** A partnership's reminder policy, replaced as a whole; every number in working days. */
export class ReminderPolicyDto {
  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 3,
    minimum: 0,
    maximum: MAX_WORKING_DAYS,
    description: `Remind a provider this many working days before a deadline (0: on the day). ${OFF}`,
  })
  @Nullable()
  @IsInt()
  @Min(0)
  @Max(MAX_WORKING_DAYS)
  remindBeforeWorkingDays!: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 2,
    minimum: 1,
    maximum: MAX_WORKING_DAYS,
    description: `While overdue, remind the provider every this many working days, until the escalation (fewer days than escalateAfterWorkingDays). ${OFF}`,
  })
  @Nullable()
  @IsInt()
  @Min(1)
  @Max(MAX_WORKING_DAYS)
  overdueEveryWorkingDays!: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 5,
    minimum: 1,
    maximum: MAX_WORKING_DAYS,
    description: `Escalate an obligation still overdue this many working days after its deadline to the partnership admins (no reminders after it). ${OFF}`,
  })
  @Nullable()
  @IsInt()
  @Min(1)
  @Max(MAX_WORKING_DAYS)
  escalateAfterWorkingDays!: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 5,
    minimum: 1,
    maximum: MAX_WORKING_DAYS,
    description: `Escalate a profit-share trigger not acknowledged this many working days after it was raised to the partnership's finance users. ${OFF}`,
  })
  @Nullable()
  @IsInt()
  @Min(1)
  @Max(MAX_WORKING_DAYS)
  triggerEscalationWorkingDays!: number | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 10,
    minimum: 1,
    maximum: MAX_WORKING_DAYS,
    description: `Escalate a dispute the provider has not answered this many working days after it was raised to the partnership's verifiers and admins. ${OFF}`,
  })
  @Nullable()
  @IsInt()
  @Min(1)
  @Max(MAX_WORKING_DAYS)
  disputeEscalationWorkingDays!: number | null;
}

export class ReminderPolicyResponse {
  @ApiProperty({ type: 'integer', nullable: true, example: 3 })
  remindBeforeWorkingDays!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 2 })
  overdueEveryWorkingDays!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 5 })
  escalateAfterWorkingDays!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 5 })
  triggerEscalationWorkingDays!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 10 })
  disputeEscalationWorkingDays!: number | null;
  @ApiProperty({ description: 'False while the partnership has set no policy (nothing is sent)' })
  isSet!: boolean;

  static from(policy: ReminderPolicy, isSet: boolean): ReminderPolicyResponse {
    return {
      remindBeforeWorkingDays: policy.remindBeforeWorkingDays,
      overdueEveryWorkingDays: policy.overdueEveryWorkingDays,
      escalateAfterWorkingDays: policy.escalateAfterWorkingDays,
      triggerEscalationWorkingDays: policy.triggerEscalationWorkingDays,
      disputeEscalationWorkingDays: policy.disputeEscalationWorkingDays,
      isSet,
    };
  }
}

export class ListEmailsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EmailStatus, example: EmailStatus.not_sent })
  @Optional()
  @IsEnum(EmailStatus)
  status?: EmailStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the emails to this user' })
  @Optional()
  @IsUUID()
  userId?: string;
}

export class EmailResponse {
  @ApiProperty({ format: 'uuid', description: 'Also the Message-ID: <id@outcomes-ledger>' })
  id!: string;
  @ApiProperty({ enum: NOTIFICATION_EVENT_TYPES, example: 'obligation.reminder' })
  eventType!: string;
  @ApiProperty({ example: 'reminder:obligation:2026-27 Q3:0b7f…:delivery:before' })
  eventKey!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ example: 'provider@example.org' }) to!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'Plain text' }) body!: string;
  @ApiProperty({
    enum: EmailStatus,
    description:
      '`not_sent`: no SMTP server is configured (SMTP_URL); `pending`: to be sent (or retried); `failed`: the attempts ran out',
  })
  status!: EmailStatus;
  @ApiProperty({ type: 'integer' }) attempts!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(e: Email): EmailResponse {
    return {
      id: e.id,
      eventType: e.eventType,
      eventKey: e.eventKey,
      userId: e.userId,
      to: e.toAddress,
      subject: e.subject,
      body: e.body,
      status: e.status,
      attempts: e.attempts,
      lastError: e.lastError,
      sentAt: e.sentAt?.toISOString() ?? null,
      createdAt: e.createdAt.toISOString(),
    };
  }
}

export class EmailPage {
  @ApiProperty({ type: [EmailResponse] }) data!: EmailResponse[];
  @ApiProperty() page!: PageInfo;
}
