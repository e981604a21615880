import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import { Authenticated, PartnershipRoles } from '../../common/auth/access.decorators';
import {
  CurrentAccess,
  CurrentActor,
  type PartnershipAccess,
} from '../../common/auth/auth-context';
import { DateParamPipe } from '../../common/http/date-param.pipe';
import { IdempotencyHeader, UuidParam } from '../../common/http/openapi';
import { UuidPipe } from '../../common/http/uuid.pipe';
import { CalendarService } from './calendar.service';
import {
  AddHolidaysDto,
  CalendarResponse,
  CalendarSettingsDto,
  CalendarSettingsResponse,
  HolidayList,
  HolidayResponse,
  ListHolidaysQuery,
  QuarterQuery,
} from './dto/calendar.dto';
import { ObligationsQuery, ObligationsResponse } from './dto/obligations.dto';
import { ObligationsService } from './obligations.service';

@ApiTags('calendar')
@Authenticated()
@Controller('v1/partnerships/:partnershipId')
export class CalendarController {
  constructor(
    private readonly calendars: CalendarService,
    private readonly obligations: ObligationsService,
  ) {}

  @Get('calendar')
  @PartnershipRoles('*')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: "A quarter's delivery-data and return deadlines and its board review date",
    description:
      'Each date is the partnership’s number of working days (Monday–Friday less its holidays) after the quarter’s last day.',
  })
  @ApiOkResponse({ type: CalendarResponse })
  @ApiUnprocessableEntityResponse({ description: 'The quarter is outside the partnership' })
  async calendar(
    @Param('partnershipId', UuidPipe) pid: string,
    @Query() query: QuarterQuery,
  ): Promise<CalendarResponse> {
    const { calendar, settings, holidays } = await this.calendars.calendarOf(pid, query.quarter);
    return CalendarResponse.from(
      calendar,
      CalendarSettingsResponse.from(settings.settings, settings.isSet),
      holidays,
    );
  }

  @Get('calendar/settings')
  @PartnershipRoles('*')
  @UuidParam('partnershipId')
  @ApiOperation({ summary: 'The partnership’s deadlines in working days (or the defaults)' })
  @ApiOkResponse({ type: CalendarSettingsResponse })
  async settings(@Param('partnershipId', UuidPipe) pid: string): Promise<CalendarSettingsResponse> {
    const { settings, isSet } = await this.calendars.settings(pid);
    return CalendarSettingsResponse.from(settings, isSet);
  }

  @Put('calendar/settings')
  @PartnershipRoles('admin')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'Set the partnership’s deadlines and board review in working days (partnership admin)',
  })
  @ApiOkResponse({ type: CalendarSettingsResponse })
  @ApiUnprocessableEntityResponse({ description: 'The board review is before a deadline' })
  async saveSettings(
    @Param('partnershipId', UuidPipe) pid: string,
    @CurrentActor() actor: Actor,
    @Body() dto: CalendarSettingsDto,
  ): Promise<CalendarSettingsResponse> {
    const { settings, isSet } = await this.calendars.saveSettings(pid, actor, dto);
    return CalendarSettingsResponse.from(settings, isSet);
  }

  @Get('holidays')
  @PartnershipRoles('*')
  @UuidParam('partnershipId')
  @ApiOperation({ summary: 'The partnership’s holidays (not working days), by date' })
  @ApiOkResponse({ type: HolidayList })
  async holidays(
    @Param('partnershipId', UuidPipe) pid: string,
    @Query() query: ListHolidaysQuery,
  ): Promise<HolidayList> {
    return { data: (await this.calendars.holidays(pid, query)).map(HolidayResponse.from) };
  }

  @Post('holidays')
  @PartnershipRoles('admin')
  @UuidParam('partnershipId')
  @IdempotencyHeader()
  @ApiOperation({
    summary: 'Import holidays (partnership admin): all or none',
    description:
      'A date given twice, or already a holiday, is refused with 422 naming the entry, and nothing is stored.',
  })
  @ApiCreatedResponse({ type: HolidayList, description: 'The holidays added, by date' })
  @ApiUnprocessableEntityResponse({ description: 'A date given twice or already a holiday' })
  async addHolidays(
    @Param('partnershipId', UuidPipe) pid: string,
    @CurrentActor() actor: Actor,
    @Body() dto: AddHolidaysDto,
  ): Promise<HolidayList> {
    return { data: (await this.calendars.addHolidays(pid, actor, dto)).map(HolidayResponse.from) };
  }

  @Delete('holidays/:holidayDate')
  @HttpCode(204)
  @PartnershipRoles('admin')
  @UuidParam('partnershipId')
  @ApiParam({ name: 'holidayDate', type: String, format: 'date', example: '2026-12-25' })
  @ApiOperation({ summary: 'Remove one holiday (partnership admin)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No holiday on that date' })
  async removeHoliday(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('holidayDate', DateParamPipe) date: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.calendars.removeHoliday(pid, actor, date);
  }

  @Get('obligations')
  @PartnershipRoles('admin', 'board', 'finance', 'auditor', 'verifier', 'provider')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'What is owed for a quarter, by when, what has arrived, and who is late',
    description:
      'Per provider and outcome: the delivery data due by the delivery deadline and whether it has arrived (`complete`: records in force for every month of the quarter; `partial`: some months; `none`); per provider, the open-book return due by the return deadline (arrived once any revision is in). `overdue`: past its deadline on `asOf` and not complete. A provider sees what its own organisations owe; admins, board, finance, auditors and verifiers see every provider.',
  })
  @ApiOkResponse({ type: ObligationsResponse })
  @ApiUnprocessableEntityResponse({ description: 'The quarter is outside the partnership' })
  async obligationsOf(
    @CurrentAccess() access: PartnershipAccess,
    @Query() query: ObligationsQuery,
  ): Promise<ObligationsResponse> {
    return ObligationsResponse.from(await this.obligations.forQuarter(access, query));
  }
}
