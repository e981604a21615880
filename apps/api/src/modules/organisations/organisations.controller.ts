import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import { CurrentActor } from '../../common/auth/auth-context';
import { pageOf } from '../../common/http/pagination.query';
import {
  CreateOrganisationDto,
  ListOrganisationsQuery,
  OrganisationPage,
  OrganisationResponse,
  UpdateOrganisationDto,
} from './dto/organisation.dto';
import { OrganisationsService } from './organisations.service';
import { IdempotencyHeader, UuidParam } from '../../common/http/openapi';
import { UuidPipe } from '../../common/http/uuid.pipe';

@ApiTags('organisations')
@Authenticated()
@Controller('v1/organisations')
export class OrganisationsController {
  constructor(private readonly service: OrganisationsService) {}

  @Post()
  @Allow('organisations', 'write')
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Register an organisation (platform admin)' })
  @ApiCreatedResponse({ type: OrganisationResponse })
  async create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateOrganisationDto,
  ): Promise<OrganisationResponse> {
    return OrganisationResponse.from(await this.service.create(actor, dto));
  }

  @Get()
  @Allow('organisations', 'read')
  @ApiOperation({ summary: 'List organisations (reference data, visible to every signed-in user)' })
  @ApiOkResponse({ type: OrganisationPage })
  async list(@Query() query: ListOrganisationsQuery): Promise<OrganisationPage> {
    return pageOf(await this.service.list(query), query, OrganisationResponse.from);
  }

  @Get(':organisationId')
  @Allow('organisations', 'read')
  @UuidParam('organisationId')
  @ApiOkResponse({ type: OrganisationResponse })
  async get(@Param('organisationId', UuidPipe) id: string): Promise<OrganisationResponse> {
    return OrganisationResponse.from(await this.service.get(id));
  }

  @Patch(':organisationId')
  @Allow('organisations', 'write')
  @UuidParam('organisationId')
  @ApiOperation({ summary: 'Update an organisation (platform admin)' })
  @ApiOkResponse({ type: OrganisationResponse })
  async update(
    @CurrentActor() actor: Actor,
    @Param('organisationId', UuidPipe) id: string,
    @Body() dto: UpdateOrganisationDto,
  ): Promise<OrganisationResponse> {
    return OrganisationResponse.from(await this.service.update(actor, id, dto));
  }
}
