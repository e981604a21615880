import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import { CurrentActor } from '../../common/auth/auth-context';
import { IdempotencyHeader, UuidParam } from '../../common/http/openapi';
import { pageOf } from '../../common/http/pagination.query';
import { UuidPipe } from '../../common/http/uuid.pipe';
import {
  CreateOutcomeDto,
  ListOutcomesQuery,
  OutcomePage,
  OutcomeResponse,
  SetValuationDto,
  UpdateOutcomeDto,
  ValuationQuery,
} from './dto/outcome.dto';
import { ListTargetsQuery, SetTargetsDto, TargetList, TargetResponse } from './dto/target.dto';
import { ResolvedValuationResponse } from './dto/valuation.response';
import { OutcomeValuationsService } from './outcome-valuations.service';
import { OutcomesService } from './outcomes.service';

@ApiTags('outcomes and targets')
@Authenticated()
@Controller('v1/partnerships/:partnershipId/outcomes')
export class OutcomesController {
  constructor(
    private readonly service: OutcomesService,
    private readonly valuations: OutcomeValuationsService,
  ) {}

  @Post()
  @Allow('outcomes', 'write')
  @UuidParam('partnershipId')
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Add a target outcome (board, admin)' })
  @ApiCreatedResponse({ type: OutcomeResponse })
  async create(
    @Param('partnershipId', UuidPipe) pid: string,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateOutcomeDto,
  ): Promise<OutcomeResponse> {
    return OutcomeResponse.from(await this.service.create(pid, actor, dto));
  }

  @Get()
  @Allow('outcomes', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({ summary: 'Target outcomes of the partnership (any member)' })
  @ApiOkResponse({ type: OutcomePage })
  async list(
    @Param('partnershipId', UuidPipe) pid: string,
    @Query() query: ListOutcomesQuery,
  ): Promise<OutcomePage> {
    return pageOf(await this.service.list(pid, query), query, OutcomeResponse.from);
  }

  @Get(':outcomeId')
  @Allow('outcomes', 'read')
  @UuidParam('partnershipId')
  @UuidParam('outcomeId')
  @ApiOkResponse({ type: OutcomeResponse })
  async get(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('outcomeId', UuidPipe) id: string,
  ): Promise<OutcomeResponse> {
    return OutcomeResponse.from(await this.service.get(pid, id));
  }

  @Patch(':outcomeId')
  @Allow('outcomes', 'write')
  @UuidParam('partnershipId')
  @UuidParam('outcomeId')
  @ApiOperation({ summary: 'Change or archive an outcome (board, admin)' })
  @ApiOkResponse({ type: OutcomeResponse })
  async update(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('outcomeId', UuidPipe) id: string,
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateOutcomeDto,
  ): Promise<OutcomeResponse> {
    return OutcomeResponse.from(await this.service.update(pid, actor, id, dto));
  }

  @Get(':outcomeId/targets')
  @Allow('outcomes', 'read')
  @UuidParam('partnershipId')
  @UuidParam('outcomeId')
  @ApiOkResponse({ type: TargetList })
  async listTargets(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('outcomeId', UuidPipe) id: string,
    @Query() query: ListTargetsQuery,
  ): Promise<TargetList> {
    return { data: (await this.service.listTargets(pid, id, query)).map(TargetResponse.from) };
  }

  @Put(':outcomeId/targets')
  @Allow('outcomes', 'write')
  @UuidParam('partnershipId')
  @UuidParam('outcomeId')
  @ApiOperation({
    summary: 'Set targets per quarter or financial year, or a whole year at once (board, admin)',
  })
  @ApiOkResponse({ type: TargetList })
  async setTargets(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('outcomeId', UuidPipe) id: string,
    @CurrentActor() actor: Actor,
    @Body() dto: SetTargetsDto,
  ): Promise<TargetList> {
    return { data: (await this.service.setTargets(pid, actor, id, dto)).map(TargetResponse.from) };
  }

  @Delete(':outcomeId/targets/:targetId')
  @Allow('outcomes', 'write')
  @HttpCode(204)
  @UuidParam('partnershipId')
  @UuidParam('outcomeId')
  @UuidParam('targetId')
  @ApiNoContentResponse()
  async deleteTarget(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('outcomeId', UuidPipe) id: string,
    @Param('targetId', UuidPipe) targetId: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.service.deleteTarget(pid, actor, id, targetId);
  }

  @Put(':outcomeId/valuation')
  @Allow('outcomes', 'write')
  @UuidParam('partnershipId')
  @UuidParam('outcomeId')
  @ApiOperation({ summary: 'Link the outcome to the library proxy that values it (board, admin)' })
  @ApiOkResponse({ type: OutcomeResponse })
  async setValuation(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('outcomeId', UuidPipe) id: string,
    @CurrentActor() actor: Actor,
    @Body() dto: SetValuationDto,
  ): Promise<OutcomeResponse> {
    return OutcomeResponse.from(await this.valuations.setValuation(pid, actor, id, dto));
  }

  @Delete(':outcomeId/valuation')
  @Allow('outcomes', 'write')
  @HttpCode(204)
  @UuidParam('partnershipId')
  @UuidParam('outcomeId')
  @ApiOperation({ summary: 'Stop monetising the outcome (it is then reported in its units)' })
  @ApiNoContentResponse()
  async clearValuation(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('outcomeId', UuidPipe) id: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.valuations.clearValuation(pid, actor, id);
  }

  @Get(':outcomeId/valuation')
  @Allow('outcomes', 'read')
  @UuidParam('partnershipId')
  @UuidParam('outcomeId')
  @ApiOperation({
    summary: 'The proxy inputs that value the outcome on a date (the version in force then)',
  })
  @ApiOkResponse({ type: ResolvedValuationResponse })
  async valuation(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('outcomeId', UuidPipe) id: string,
    @Query() query: ValuationQuery,
  ): Promise<ResolvedValuationResponse> {
    const date = query.date ?? new Date().toISOString().slice(0, 10);
    const { outcome, resolved } = await this.valuations.resolveValuation(pid, id, date);
    return ResolvedValuationResponse.from(outcome.id, date, outcome.valuation !== null, resolved);
  }
}
