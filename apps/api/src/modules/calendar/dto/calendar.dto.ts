import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MAX_WORKING_DAYS, type CalendarSettings, type QuarterCalendar } from '@ol/outcomes';
import type { Holiday } from '@ol/persistence';
import {
  IsDateFilter,
  IsDateOnly,
  IsNotBlank,
  NestedObject,
  Optional,
} from '../../../common/validation/validators';

/** The most holidays one request may add. */
export const MAX_HOLIDAYS_PER_REQUEST = 500;

const WORKING_DAYS = `Working days (Monday–Friday less the partnership's holidays) after the quarter's last day: 1 to ${MAX_WORKING_DAYS}; day 1 is the first working day after it.`;

/** A partnership's deadlines, replaced as a whole. */
export class CalendarSettingsDto {
  @ApiProperty({ example: 10, minimum: 1, maximum: MAX_WORKING_DAYS, description: WORKING_DAYS })
  @IsInt()
  @Min(1)
  @Max(MAX_WORKING_DAYS)
  deliveryDeadlineWorkingDays!: number;

  @ApiProperty({ example: 20, minimum: 1, maximum: MAX_WORKING_DAYS, description: WORKING_DAYS })
  @IsInt()
  @Min(1)
  @Max(MAX_WORKING_DAYS)
  returnDeadlineWorkingDays!: number;

  @ApiProperty({
    example: 30,
    minimum: 1,
    maximum: MAX_WORKING_DAYS,
    description: `${WORKING_DAYS} Not before either deadline.`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_WORKING_DAYS)
  boardReviewWorkingDays!: number;
}

export class CalendarSettingsResponse {
  @ApiProperty({ example: 10 }) deliveryDeadlineWorkingDays!: number;
  @ApiProperty({ example: 20 }) returnDeadlineWorkingDays!: number;
  @ApiProperty({ example: 30 }) boardReviewWorkingDays!: number;
  @ApiProperty({ description: 'False while the partnership uses the defaults (10, 20, 30)' })
  isSet!: boolean;

  static from(settings: CalendarSettings, isSet: boolean): CalendarSettingsResponse {
    return {
      deliveryDeadlineWorkingDays: settings.deliveryDeadlineWorkingDays,
      returnDeadlineWorkingDays: settings.returnDeadlineWorkingDays,
      boardReviewWorkingDays: settings.boardReviewWorkingDays,
      isSet,
    };
  }
}

export class HolidayDto {
  @ApiProperty({ example: '2026-12-25', format: 'date' })
  @IsDateOnly()
  date!: string;

  @ApiProperty({ example: 'Christmas Day', maxLength: 200 })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;
}

/** Holidays to add: all or none (a date already held, or given twice, refuses the lot). */
export class AddHolidaysDto {
  @ApiProperty({ type: [HolidayDto], minItems: 1, maxItems: MAX_HOLIDAYS_PER_REQUEST })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_HOLIDAYS_PER_REQUEST)
  @NestedObject(() => HolidayDto, { each: true })
  holidays!: HolidayDto[];
}

export class ListHolidaysQuery {
  @ApiPropertyOptional({ example: '2026-04-01', format: 'date', description: 'From (inclusive)' })
  @Optional()
  @IsDateFilter()
  from?: string;

  @ApiPropertyOptional({ example: '2027-03-31', format: 'date', description: 'To (inclusive)' })
  @Optional()
  @IsDateFilter()
  to?: string;
}

export class HolidayResponse {
  @ApiProperty({ example: '2026-12-25', format: 'date' }) date!: string;
  @ApiProperty({ example: 'Christmas Day' }) name!: string;

  static from(h: Holiday): HolidayResponse {
    return { date: h.date, name: h.name };
  }
}

export class HolidayList {
  @ApiProperty({ type: [HolidayResponse] }) data!: HolidayResponse[];
}

export class QuarterQuery {
  @ApiProperty({
    example: '2026-27 Q1',
    description:
      'A quarter of the partnership’s financial year: "2026-27 Q1" (or "2026 Q1" when its year starts in January)',
  })
  @IsString()
  @Length(4, 20)
  quarter!: string;
}

export class CalendarResponse {
  @ApiProperty({ example: '2026-27 Q1' }) quarter!: string;
  @ApiProperty({ example: '2026-04-01', format: 'date' }) start!: string;
  @ApiProperty({ example: '2026-06-30', format: 'date' }) end!: string;
  @ApiProperty({ example: '2026-07-14', format: 'date', description: 'Last day for delivery data' })
  deliveryDeadline!: string;
  @ApiProperty({ example: '2026-07-28', format: 'date', description: 'Last day for the return' })
  returnDeadline!: string;
  @ApiProperty({ example: '2026-08-11', format: 'date', description: 'The board’s review' })
  boardReview!: string;
  @ApiProperty({ type: CalendarSettingsResponse }) settings!: CalendarSettingsResponse;
  @ApiProperty({
    type: [HolidayResponse],
    description: 'The holidays from the quarter’s first day to the board review',
  })
  holidays!: HolidayResponse[];

  static from(
    calendar: QuarterCalendar,
    settings: CalendarSettingsResponse,
    holidays: Holiday[],
  ): CalendarResponse {
    return {
      quarter: calendar.quarter.label,
      start: calendar.quarter.start,
      end: calendar.quarter.end,
      deliveryDeadline: calendar.deliveryDeadline,
      returnDeadline: calendar.returnDeadline,
      boardReview: calendar.boardReview,
      settings,
      holidays: holidays.map(HolidayResponse.from),
    };
  }
}
