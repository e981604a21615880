import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBody,
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
import type { FastifyRequest } from 'fastify';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import {
  CurrentAccess,
  CurrentActor,
  type PartnershipAccess,
} from '../../common/auth/auth-context';
import { CsvBody } from '../../common/http/body-parsers';
import { DateParamPipe } from '../../common/http/date-param.pipe';
import { IdempotencyHeader, UuidParam } from '../../common/http/openapi';
import { readBodyText } from '../../common/http/read-body';
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
  MAX_HOLIDAYS_PER_REQUEST,
  QuarterQuery,
} from './dto/calendar.dto';
import { HOLIDAY_CSV_COLUMNS, csvField, holidaysFromCsv } from './holiday-csv';
import { ObligationsQuery, ObligationsResponse } from './dto/obligations.dto';
import { ObligationsService } from './obligations.service';

/** A holiday file is a few hundred lines at most. */
const MAX_HOLIDAY_CSV_BYTES = 256 * 1024;

@ApiTags('calendar')
@Authenticated()
@Controller('v1/partnerships/:partnershipId')
export class CalendarController {
  constructor(
    private readonly calendars: CalendarService,
    private readonly obligations: ObligationsService,
  ) {}

  @Get('calendar')
  @Allow('settings', 'read')
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
  @Allow('settings', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({ summary: 'The partnership’s deadlines in working days (or the defaults)' })
  @ApiOkResponse({ type: CalendarSettingsResponse })
  async settings(@Param('partnershipId', UuidPipe) pid: string): Promise<CalendarSettingsResponse> {
    const { settings, isSet } = await this.calendars.settings(pid);
    return CalendarSettingsResponse.from(settings, isSet);
  }

  @Put('calendar/settings')
  @Allow('settings', 'update')
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
  @Allow('settings', 'read')
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
  @Allow('settings', 'update')
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
    const added = await this.calendars.addHolidays(pid, actor, dto.holidays);
    return { data: added.map(HolidayResponse.from) };
  }

  @Post('holidays/import')
  @Allow('settings', 'update')
  @UuidParam('partnershipId')
  @CsvBody('a re-sent file is refused (its dates are already holidays) and changes nothing')
  @ApiBody({
    description: `CSV with a header row: ${HOLIDAY_CSV_COLUMNS.join(', ')}. Up to ${MAX_HOLIDAYS_PER_REQUEST} rows, all or none, as the JSON import.`,
    schema: {
      type: 'string',
      example: 'date,name\n2026-12-25,Christmas Day\n2026-12-28,Boxing Day (substitute day)',
    },
  })
  @ApiOperation({
    summary: 'Import holidays from CSV (partnership admin): all or none',
    description:
      'A bad header, line or cell gets 400 naming it (`line 3, date`); a date given twice, or already a holiday, 422 naming its line; nothing is stored.',
  })
  @ApiCreatedResponse({ type: HolidayList, description: 'The holidays added, by date' })
  @ApiUnprocessableEntityResponse({ description: 'A date given twice or already a holiday' })
  async importHolidays(
    @Param('partnershipId', UuidPipe) pid: string,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ): Promise<HolidayList> {
    const holidays = holidaysFromCsv(await readBodyText(req.body, MAX_HOLIDAY_CSV_BYTES));
    const added = await this.calendars.addHolidays(pid, actor, holidays, (i) =>
      csvField(i, 'date'),
    );
    return { data: added.map(HolidayResponse.from) };
  }

  @Delete('holidays/:holidayDate')
  @Allow('settings', 'update')
  @HttpCode(204)
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
  @Allow('obligations', 'read')
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
