import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import {
  CurrentAccess,
  CurrentActor,
  CurrentAuth,
  type AuthContext,
  type PartnershipAccess,
} from '../../common/auth/auth-context';
import { permissionsOf } from '../../common/auth/policy';
import { IdempotencyHeader, UuidParam } from '../../common/http/openapi';
import { pageOf } from '../../common/http/pagination.query';
import { UuidPipe } from '../../common/http/uuid.pipe';
import {
  CreatePartnershipDto,
  ListPartnershipsQuery,
  PartnershipAccessResponse,
  PartnershipPage,
  PartnershipResponse,
  UpdatePartnershipDto,
} from './dto/partnership.dto';
import { PartnershipsService } from './partnerships.service';
import {
  SensitivitySettingsDto,
  SensitivitySettingsResponse,
} from './dto/sensitivity-settings.dto';
import { SensitivitySettingsService } from './sensitivity-settings.service';

@ApiTags('partnerships')
@Authenticated()
@Controller('v1/partnerships')
export class PartnershipsController {
  constructor(
    private readonly service: PartnershipsService,
    private readonly sensitivity: SensitivitySettingsService,
  ) {}

  @Post()
  @Allow('partnerships', 'create')
  @IdempotencyHeader()
  @ApiOperation({
    summary: 'Create a partnership (platform admin); then grant roles to its people',
  })
  @ApiCreatedResponse({ type: PartnershipResponse })
  async create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreatePartnershipDto,
  ): Promise<PartnershipResponse> {
    return PartnershipResponse.from(await this.service.create(actor, dto));
  }

  @Get()
  @Allow('partnerships', 'list')
  @ApiOperation({
    summary: 'List the partnerships the caller holds a role in (all, for platform admins)',
  })
  @ApiOkResponse({ type: PartnershipPage })
  async list(
    @CurrentAuth() auth: AuthContext,
    @Query() query: ListPartnershipsQuery,
  ): Promise<PartnershipPage> {
    return pageOf(await this.service.list(auth, query), query, PartnershipResponse.from);
  }

  @Get(':partnershipId')
  @Allow('partnerships', 'read')
  @UuidParam('partnershipId')
  @ApiOkResponse({ type: PartnershipResponse })
  async get(@Param('partnershipId', UuidPipe) id: string): Promise<PartnershipResponse> {
    return PartnershipResponse.from(await this.service.get(id));
  }

  @Get(':partnershipId/access')
  @Allow('partnerships', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'The caller’s roles in the partnership and every policy entry they pass here',
  })
  @ApiOkResponse({ type: PartnershipAccessResponse })
  access(
    @Param('partnershipId', UuidPipe) _id: string,
    @CurrentAccess() access: PartnershipAccess,
  ): PartnershipAccessResponse {
    return {
      roles: [...access.roles],
      providerOrganisationIds: [...access.providerOrganisationIds],
      isPlatformAdmin: access.isPlatformAdmin,
      permissions: permissionsOf(access),
    };
  }

  @Patch(':partnershipId')
  @Allow('partnerships', 'update')
  @UuidParam('partnershipId')
  @ApiOperation({ summary: 'Update a partnership (partnership admin)' })
  @ApiOkResponse({ type: PartnershipResponse })
  async update(
    @CurrentActor() actor: Actor,
    @Param('partnershipId', UuidPipe) id: string,
    @Body() dto: UpdatePartnershipDto,
  ): Promise<PartnershipResponse> {
    return PartnershipResponse.from(await this.service.update(actor, id, dto));
  }

  @Get(':partnershipId/sensitivity-cases')
  @Allow('partnerships', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: "The partnership's own sensitivity cases and two-way grid (reports show them)",
  })
  @ApiOkResponse({ type: SensitivitySettingsResponse })
  async getSensitivity(
    @Param('partnershipId', UuidPipe) id: string,
  ): Promise<SensitivitySettingsResponse> {
    return SensitivitySettingsResponse.from(await this.sensitivity.get(id));
  }

  @Put(':partnershipId/sensitivity-cases')
  @Allow('partnerships', 'update')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary:
      'Replace the partnership’s own sensitivity cases and two-way grid (partnership admin); the next report runs restate',
  })
  @ApiOkResponse({ type: SensitivitySettingsResponse })
  async setSensitivity(
    @CurrentActor() actor: Actor,
    @Param('partnershipId', UuidPipe) id: string,
    @Body() dto: SensitivitySettingsDto,
  ): Promise<SensitivitySettingsResponse> {
    return SensitivitySettingsResponse.from(await this.sensitivity.replace(id, actor, dto));
  }
}
