import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_AUTO_CLOSE_DAYS } from '@ol/outcomes';
import type { AutoCloseSetting, PeriodLockEventView, PeriodLockView } from '@ol/persistence';
import { IsNotBlank, Nullable, Optional } from '../../../common/validation/validators';

/** Longest reason a lock step keeps. */
export const MAX_REASON_LENGTH = 2000;

/** Where a quarter stands: never closed (`open`), `closed`, or `reopened`. */
export const PERIOD_STATES = ['open', 'closed', 'reopened'] as const;
export type PeriodState = (typeof PERIOD_STATES)[number];

export class ClosePeriodDto {
  @ApiPropertyOptional({
    example: 'Board pack issued; late data by reopening only',
    maxLength: MAX_REASON_LENGTH,
  })
  @Optional()
  @IsString()
  @IsNotBlank()
  @MaxLength(MAX_REASON_LENGTH)
  reason?: string;
}

export class ReopenPeriodDto {
  @ApiProperty({
    example: 'Acme’s June placements arrived late; the board agreed to restate',
    maxLength: MAX_REASON_LENGTH,
  })
  @IsString()
  @IsNotBlank()
  @MaxLength(MAX_REASON_LENGTH)
  reason!: string;
}

export class PeriodSettingsDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 5,
    minimum: 1,
    maximum: MAX_AUTO_CLOSE_DAYS,
    description:
      'Close each quarter automatically this many calendar days after its delivery-data deadline (1: the day after it); null: never. Applies to quarters whose close date is on or after the day it is set.',
  })
  @Nullable()
  @IsInt()
  @Min(1)
  @Max(MAX_AUTO_CLOSE_DAYS)
  autoCloseDaysAfterDeadline!: number | null;
}

export class PeriodSettingsResponse {
  @ApiProperty({ type: Number, nullable: true, example: 5 })
  autoCloseDaysAfterDeadline!: number | null;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: '2026-12-03',
    description: 'The day the automatic close took effect (earlier close dates are not acted on)',
  })
  autoCloseFrom!: string | null;

  static from(setting: AutoCloseSetting | null): PeriodSettingsResponse {
    return {
      autoCloseDaysAfterDeadline: setting?.days ?? null,
      autoCloseFrom: setting?.from ?? null,
    };
  }
}

export class PeriodEventResponse {
  @ApiProperty({ enum: ['closed', 'auto_closed', 'reopened'], example: 'closed' })
  event!: 'closed' | 'auto_closed' | 'reopened';

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Who took the step; null for the automatic close',
  })
  actorUserId!: string | null;

  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;

  static from(e: PeriodLockEventView): PeriodEventResponse {
    return {
      event: e.event,
      actorUserId: e.actorId,
      reason: e.reason,
      occurredAt: e.occurredAt.toISOString(),
    };
  }
}

/** A quarter's lock: where it stands, its last step (who, when, why) and every step. */
export class PeriodLockResponse {
  @ApiProperty({ example: '2026-27 Q1' }) quarter!: string;
  @ApiProperty({ example: '2026-04-01', format: 'date' }) start!: string;
  @ApiProperty({ example: '2026-06-30', format: 'date' }) end!: string;

  @ApiProperty({
    enum: PERIOD_STATES,
    description:
      '`closed`: delivery records, corrections, reviews, imports and returns dated in it are refused (409 /problems/period-locked); `reopened` or `open`: accepted',
  })
  state!: PeriodState;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Who took the last step; null for the automatic close (or never closed)',
  })
  changedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true }) changedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why (required to reopen)' })
  reason!: string | null;

  @ApiProperty({ type: [PeriodEventResponse], description: 'Every step, oldest first' })
  history!: PeriodEventResponse[];

  static from(
    quarter: { label: string; start: string; end: string },
    lock: PeriodLockView | null,
    history: PeriodLockEventView[],
  ): PeriodLockResponse {
    return {
      quarter: quarter.label,
      start: quarter.start,
      end: quarter.end,
      state: lock?.state ?? 'open',
      changedBy: lock?.changedBy ?? null,
      changedAt: lock?.changedAt.toISOString() ?? null,
      reason: lock?.reason ?? null,
      history: history.map(PeriodEventResponse.from),
    };
  }
}

/** One quarter, with its delivery-data deadline and when it closes automatically. */
export class PeriodResponse extends PeriodLockResponse {
  @ApiProperty({ example: '2026-07-14', format: 'date', description: 'Last day for delivery data' })
  deliveryDeadline!: string;

  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: '2026-07-19',
    description:
      'The day the worker closes the quarter (if it was never closed), under the partnership’s setting; null when none applies',
  })
  autoClosesOn!: string | null;
}

export class PeriodList {
  @ApiProperty({
    type: [PeriodLockResponse],
    description: 'Every quarter ever closed, latest first',
  })
  data!: PeriodLockResponse[];
}
