import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor, ApiKeyWithUser } from '@ol/persistence';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import { CurrentActor, CurrentAuth, type AuthContext } from '../../common/auth/auth-context';
import { UuidParam } from '../../common/http/openapi';
import { UuidPipe } from '../../common/http/uuid.pipe';
import { ApiKeyResponse } from '../users/dto/user.dto';
import { UserRoleList, UserRoleResponse } from './dto/member.dto';
import { PartnershipAccessService } from './partnership-access.service';

export class PartnershipApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ example: 'jo.bloggs@northshire.gov.uk' }) email!: string;

  static fromWithUser(k: ApiKeyWithUser): PartnershipApiKeyResponse {
    return { ...ApiKeyResponse.from(k), email: k.user.email };
  }
}

export class PartnershipApiKeyList {
  @ApiProperty({ type: [PartnershipApiKeyResponse] }) data!: PartnershipApiKeyResponse[];
}

@ApiTags('members and roles')
@Authenticated()
@Controller('v1/partnerships/:partnershipId')
export class PartnershipAccessController {
  constructor(private readonly service: PartnershipAccessService) {}

  @Post('users/:userId/disable')
  @HttpCode(200)
  @Allow('roles', 'manage')
  @UuidParam('partnershipId')
  @UuidParam('userId')
  @ApiOperation({
    summary:
      'Disable a person in the partnership (partnership admin): every role they hold here is suspended, so none of their keys reaches it (404) from the next request on; their roles and their access elsewhere are kept',
  })
  @ApiOkResponse({ type: UserRoleList })
  @ApiNotFoundResponse({ description: 'The user holds no role in the partnership' })
  @ApiUnprocessableEntityResponse({ description: 'The caller tried to disable themselves' })
  async disable(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('userId', UuidPipe) userId: string,
    @CurrentAuth() auth: AuthContext,
    @CurrentActor() actor: Actor,
  ): Promise<UserRoleList> {
    const roles = await this.service.setSuspended(pid, auth, actor, userId, true);
    return { data: roles.map(UserRoleResponse.from) };
  }

  @Post('users/:userId/enable')
  @HttpCode(200)
  @Allow('roles', 'manage')
  @UuidParam('partnershipId')
  @UuidParam('userId')
  @ApiOperation({
    summary: 'Re-enable a person disabled in the partnership: their roles count again',
  })
  @ApiOkResponse({ type: UserRoleList })
  @ApiNotFoundResponse({ description: 'The user holds no role in the partnership' })
  async enable(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('userId', UuidPipe) userId: string,
    @CurrentAuth() auth: AuthContext,
    @CurrentActor() actor: Actor,
  ): Promise<UserRoleList> {
    const roles = await this.service.setSuspended(pid, auth, actor, userId, false);
    return { data: roles.map(UserRoleResponse.from) };
  }

  @Get('api-keys')
  @Allow('partnership-api-keys', 'manage')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'API keys scoped to the partnership, with their holders (partnership admin)',
  })
  @ApiOkResponse({ type: PartnershipApiKeyList })
  async listKeys(@Param('partnershipId', UuidPipe) pid: string): Promise<PartnershipApiKeyList> {
    return { data: (await this.service.listKeys(pid)).map(PartnershipApiKeyResponse.fromWithUser) };
  }

  @Delete('api-keys/:keyId')
  @Allow('partnership-api-keys', 'manage')
  @UuidParam('partnershipId')
  @UuidParam('keyId')
  @ApiOperation({
    summary: 'Revoke a key scoped to the partnership (partnership admin); it stops working at once',
  })
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiNotFoundResponse({ description: 'No key scoped to this partnership with this id' })
  async revokeKey(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('keyId', UuidPipe) keyId: string,
    @CurrentActor() actor: Actor,
  ): Promise<ApiKeyResponse> {
    return ApiKeyResponse.from(await this.service.revokeKey(pid, actor, keyId));
  }
}
