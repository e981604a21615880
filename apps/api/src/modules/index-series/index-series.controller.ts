import { Body, Controller, Get, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import type { FastifyRequest } from 'fastify';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import { CurrentActor } from '../../common/auth/auth-context';
import { CsvBody } from '../../common/http/body-parsers';
import { IdempotencyHeader, UuidParam } from '../../common/http/openapi';
import { PageQuery, pageOf } from '../../common/http/pagination.query';
import { readBodyText } from '../../common/http/read-body';
import { UuidPipe } from '../../common/http/uuid.pipe';
import {
  CreateIndexSeriesDto,
  IndexImportResult,
  IndexSeriesPage,
  IndexSeriesResponse,
} from './dto/index-series.dto';
import { IndexSeriesService } from './index-series.service';

/** An index CSV holds at most a few hundred years (a few KB); a larger body gets 413. */
const MAX_INDEX_CSV_BYTES = 1024 * 1024;

@ApiTags('price index series')
@Authenticated()
@Controller('v1/index-series')
export class IndexSeriesController {
  constructor(private readonly service: IndexSeriesService) {}

  @Get()
  @Allow('index-series', 'read')
  @ApiOperation({
    summary: 'Price index series with their values (any signed-in user: partnerships choose one)',
  })
  @ApiOkResponse({ type: IndexSeriesPage })
  async list(@Query() query: PageQuery): Promise<IndexSeriesPage> {
    return pageOf(await this.service.list(query), query, IndexSeriesResponse.from);
  }

  @Post()
  @Allow('index-series', 'write')
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Add a price index series, e.g. the GDP deflator (platform admin)' })
  @ApiCreatedResponse({ type: IndexSeriesResponse })
  async create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateIndexSeriesDto,
  ): Promise<IndexSeriesResponse> {
    return IndexSeriesResponse.from(await this.service.create(actor, dto));
  }

  @Get(':seriesId')
  @Allow('index-series', 'read')
  @UuidParam('seriesId')
  @ApiOkResponse({ type: IndexSeriesResponse })
  async get(@Param('seriesId', UuidPipe) id: string): Promise<IndexSeriesResponse> {
    return IndexSeriesResponse.from(await this.service.get(id));
  }

  @Post(':seriesId/values')
  @Allow('index-series', 'write')
  @UuidParam('seriesId')
  @CsvBody('setting a year to the value it already has changes nothing, so a re-sent file is safe')
  @ApiBody({
    description:
      'CSV with the header year,value: one row per year (1900–2199), each value a positive decimal with at most 6 places. Years in the file are added or revised; other years are kept. All or nothing.',
    schema: { type: 'string', example: 'year,value\n2023,104.8\n2026,112.3' },
  })
  @ApiOperation({ summary: 'Import an index series’ values from CSV (platform admin)' })
  @ApiCreatedResponse({ type: IndexImportResult })
  async importValues(
    @CurrentActor() actor: Actor,
    @Param('seriesId', UuidPipe) id: string,
    @Req() req: FastifyRequest,
  ): Promise<IndexImportResult> {
    return this.service.importCsv(actor, id, await readBodyText(req.body, MAX_INDEX_CSV_BYTES));
  }
}
