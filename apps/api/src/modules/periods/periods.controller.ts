import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import { CurrentActor } from '../../common/auth/auth-context';
import { UuidParam } from '../../common/http/openapi';
import { UuidPipe } from '../../common/http/uuid.pipe';
import {
  ClosePeriodDto,
  PeriodList,
  PeriodLockResponse,
  PeriodResponse,
  PeriodSettingsDto,
  PeriodSettingsResponse,
  ReopenPeriodDto,
} from './dto/period.dto';
import { PeriodsService, type PeriodOfQuarter } from './periods.service';

const QUARTER_PARAM = {
  name: 'quarter',
  example: '2026-27 Q1',
  description:
    'A quarter of the partnership’s financial year: "2026-27 Q1" (URL-encoded), or "2026-27-Q1"',
};

const STATE_CONFLICT =
  'The quarter’s lock does not allow this step (problem type /problems/period-state); nothing changed';

function periodResponse(p: PeriodOfQuarter): PeriodResponse {
  return {
    ...PeriodLockResponse.from(p.calendar.quarter, p.lock, p.history),
    deliveryDeadline: p.calendar.deliveryDeadline,
    autoClosesOn: p.autoClosesOn,
  };
}

@ApiTags('periods')
@Authenticated()
@Controller('v1/partnerships/:partnershipId/periods')
export class PeriodsController {
  constructor(private readonly periods: PeriodsService) {}

  @Get()
  @Allow('periods', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'Quarters closed or reopened: who took the last step, when and why, and every step',
  })
  @ApiOkResponse({ type: PeriodList })
  async list(@Param('partnershipId', UuidPipe) pid: string): Promise<PeriodList> {
    const locks = await this.periods.list(pid);
    return { data: locks.map((l) => PeriodLockResponse.from(l.lock, l.lock, l.history)) };
  }

  @Get('settings')
  @Allow('settings', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({ summary: 'The partnership’s automatic close of quarters (null: never)' })
  @ApiOkResponse({ type: PeriodSettingsResponse })
  async settings(@Param('partnershipId', UuidPipe) pid: string): Promise<PeriodSettingsResponse> {
    return PeriodSettingsResponse.from(await this.periods.settings(pid));
  }

  @Put('settings')
  @Allow('settings', 'update')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary:
      'Close quarters automatically N days after their delivery deadline (partnership admin)',
    description:
      'The worker closes each quarter never closed before on its delivery-data deadline plus N calendar days, for close dates from the day the setting is made (null turns it off). A reopened quarter is not closed again automatically.',
  })
  @ApiOkResponse({ type: PeriodSettingsResponse })
  async saveSettings(
    @Param('partnershipId', UuidPipe) pid: string,
    @CurrentActor() actor: Actor,
    @Body() dto: PeriodSettingsDto,
  ): Promise<PeriodSettingsResponse> {
    return PeriodSettingsResponse.from(
      await this.periods.saveSettings(pid, actor, dto.autoCloseDaysAfterDeadline),
    );
  }

  @Get(':quarter')
  @Allow('periods', 'read')
  @UuidParam('partnershipId')
  @ApiParam(QUARTER_PARAM)
  @ApiOperation({
    summary: 'One quarter: open, closed or reopened, its steps, deadline and automatic close',
  })
  @ApiOkResponse({ type: PeriodResponse })
  @ApiUnprocessableEntityResponse({ description: 'The quarter is outside the partnership' })
  async get(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('quarter') quarter: string,
  ): Promise<PeriodResponse> {
    return periodResponse(await this.periods.get(pid, quarter));
  }

  @Post(':quarter/close')
  @Allow('periods', 'manage')
  @HttpCode(200)
  @UuidParam('partnershipId')
  @ApiParam(QUARTER_PARAM)
  @ApiOperation({
    summary: 'Close an ended quarter (partnership admin)',
    description:
      'Delivery records dated in it (new, batches, corrections, reviews that change their status), delivery imports with a row in it and financial returns for it are then refused with 409 /problems/period-locked naming the quarter. Audited; kept in the quarter’s history.',
  })
  @ApiOkResponse({ type: PeriodResponse })
  @ApiConflictResponse({ description: STATE_CONFLICT })
  @ApiUnprocessableEntityResponse({ description: 'The quarter has not ended, or is outside' })
  async close(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('quarter') quarter: string,
    @CurrentActor() actor: Actor,
    @Body() dto: ClosePeriodDto,
  ): Promise<PeriodResponse> {
    return periodResponse(await this.periods.close(pid, actor, quarter, dto.reason));
  }

  @Post(':quarter/reopen')
  @Allow('periods', 'manage')
  @HttpCode(200)
  @UuidParam('partnershipId')
  @ApiParam(QUARTER_PARAM)
  @ApiOperation({
    summary: 'Reopen a closed quarter with a reason (partnership admin)',
    description:
      'Writes dated in it are accepted again; late data restates the reports covering it as usual. Audited; kept in the quarter’s history.',
  })
  @ApiOkResponse({ type: PeriodResponse })
  @ApiConflictResponse({ description: STATE_CONFLICT })
  async reopen(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('quarter') quarter: string,
    @CurrentActor() actor: Actor,
    @Body() dto: ReopenPeriodDto,
  ): Promise<PeriodResponse> {
    return periodResponse(await this.periods.reopen(pid, actor, quarter, dto.reason));
  }
}
