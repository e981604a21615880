import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import type { FastifyRequest } from 'fastify';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import { CurrentActor } from '../../common/auth/auth-context';
import { CsvBody } from '../../common/http/body-parsers';
import { IdempotencyHeader, UuidParam } from '../../common/http/openapi';
import { pageOf } from '../../common/http/pagination.query';
import { readBodyText } from '../../common/http/read-body';
import { UuidPipe } from '../../common/http/uuid.pipe';
import {
  CreateOverrideDto,
  CreateProxyDto,
  ListProxiesQuery,
  OverrideList,
  OverrideResponse,
  ProxyImportResult,
  ProxyPage,
  ProxyResponse,
  ProxyVersionDto,
} from './dto/proxy.dto';
import { PROXY_CSV_COLUMNS, ProxiesService } from './proxies.service';

const MAX_LIBRARY_CSV_BYTES = 5 * 1024 * 1024;

@ApiTags('financial proxies')
@Authenticated()
@Controller('v1/proxies')
export class ProxyLibraryController {
  constructor(private readonly service: ProxiesService) {}

  @Get()
  @Allow('proxies', 'read')
  @ApiOperation({ summary: 'The proxy library with every version (any signed-in user)' })
  @ApiOkResponse({ type: ProxyPage })
  async list(@Query() query: ListProxiesQuery): Promise<ProxyPage> {
    return pageOf(await this.service.list(query), query, ProxyResponse.from);
  }

  @Post()
  @Allow('proxies', 'write')
  @IdempotencyHeader()
  @ApiOperation({
    summary: 'Add a proxy with its first version (platform admin). Record its source and licence.',
  })
  @ApiCreatedResponse({ type: ProxyResponse })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateProxyDto): Promise<ProxyResponse> {
    return ProxyResponse.from(await this.service.create(actor, dto));
  }

  @Post('import')
  @Allow('proxies', 'write')
  @CsvBody('a row whose version already exists is refused, so a re-sent file changes nothing')
  @ApiBody({
    description: `CSV with a header row. Columns: ${PROXY_CSV_COLUMNS.join(', ')} (currency, the four adjustments and duration_years are optional). A new code creates a proxy; a known code adds a version. All or nothing.`,
    schema: {
      type: 'string',
      example: `${PROXY_CSV_COLUMNS.join(',')}\nEMP-FT,Full-time employment (illustrative),person,Illustrative value,CC0-1.0,2025-04-01,14000.00,GBP,2024,0.2,0.1,0.05,0.3,3`,
    },
  })
  @ApiOperation({ summary: 'Import a proxy library from CSV (platform admin)' })
  @ApiCreatedResponse({ type: ProxyImportResult })
  async import(
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ): Promise<ProxyImportResult> {
    return this.service.importCsv(actor, await readBodyText(req.body, MAX_LIBRARY_CSV_BYTES));
  }

  @Get(':proxyId')
  @Allow('proxies', 'read')
  @UuidParam('proxyId')
  @ApiOkResponse({ type: ProxyResponse })
  async get(@Param('proxyId', UuidPipe) id: string): Promise<ProxyResponse> {
    return ProxyResponse.from(await this.service.get(id));
  }

  @Post(':proxyId/versions')
  @Allow('proxies', 'write')
  @UuidParam('proxyId')
  @IdempotencyHeader()
  @ApiOperation({
    summary:
      'Add a version from a date (platform admin); earlier periods keep the version they were valued with',
  })
  @ApiCreatedResponse({ type: ProxyResponse })
  async addVersion(
    @CurrentActor() actor: Actor,
    @Param('proxyId', UuidPipe) id: string,
    @Body() dto: ProxyVersionDto,
  ): Promise<ProxyResponse> {
    return ProxyResponse.from(await this.service.addVersion(actor, id, dto));
  }
}

@ApiTags('financial proxies')
@Authenticated()
@Controller('v1/partnerships/:partnershipId/proxies')
export class PartnershipProxiesController {
  constructor(private readonly service: ProxiesService) {}

  @Get('overrides')
  @Allow('proxy-overrides', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'The partnership’s own proxy values (overrides of library proxies), by version',
  })
  @ApiOkResponse({ type: OverrideList })
  async list(@Param('partnershipId', UuidPipe) pid: string): Promise<OverrideList> {
    return { data: (await this.service.listOverrides(pid)).map(OverrideResponse.fromOverride) };
  }

  @Post(':proxyId/overrides')
  @Allow('proxy-overrides', 'write')
  @UuidParam('partnershipId')
  @UuidParam('proxyId')
  @IdempotencyHeader()
  @ApiOperation({
    summary: 'Use the partnership’s own value for a library proxy from a date (board, admin)',
  })
  @ApiCreatedResponse({ type: OverrideResponse })
  async create(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('proxyId', UuidPipe) proxyId: string,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateOverrideDto,
  ): Promise<OverrideResponse> {
    return OverrideResponse.fromOverride(await this.service.addOverride(pid, actor, proxyId, dto));
  }
}
