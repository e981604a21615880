import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import { CurrentActor, CurrentAuth, type AuthContext } from '../../common/auth/auth-context';
import { SecretInResponse } from '../../common/idempotency/idempotency.decorators';
import { IdempotencyHeader, UuidParam } from '../../common/http/openapi';
import { pageOf } from '../../common/http/pagination.query';
import { UuidPipe } from '../../common/http/uuid.pipe';
import {
  ApiKeyList,
  ApiKeyResponse,
  CreateApiKeyDto,
  CreatedApiKeyResponse,
  CreateUserDto,
  ListUsersQuery,
  UserPage,
  UserResponse,
} from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users and API keys')
@Authenticated()
@Controller('v1')
export class UsersController {
  constructor(private readonly service: UsersService) {}

  @Post('users')
  @Allow('users', 'create')
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Create a user (platform admin); grant partnership roles separately' })
  @ApiCreatedResponse({ type: UserResponse })
  async createUser(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateUserDto,
  ): Promise<UserResponse> {
    return UserResponse.from(await this.service.createUser(actor, dto));
  }

  @Get('users')
  @Allow('users', 'read')
  @ApiOkResponse({ type: UserPage })
  async listUsers(@Query() query: ListUsersQuery): Promise<UserPage> {
    return pageOf(await this.service.listUsers(query), query, UserResponse.from);
  }

  @Get('users/me')
  @Allow('account', 'read')
  @ApiOperation({ summary: 'The caller' })
  @ApiOkResponse({ type: UserResponse })
  async me(@CurrentAuth() auth: AuthContext): Promise<UserResponse> {
    return UserResponse.from(await this.service.getUser(auth.userId));
  }

  @Get('users/:userId')
  @Allow('users', 'read')
  @UuidParam('userId')
  @ApiOkResponse({ type: UserResponse })
  async getUser(@Param('userId', UuidPipe) id: string): Promise<UserResponse> {
    return UserResponse.from(await this.service.getUser(id));
  }

  @Post('api-keys')
  @Allow('api-keys', 'manage')
  @IdempotencyHeader()
  @SecretInResponse('key')
  @ApiOperation({
    summary:
      'Issue an API key for yourself (or, as platform admin, for another user). The key is shown once.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  async createKey(
    @CurrentAuth() auth: AuthContext,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateApiKeyDto,
  ): Promise<CreatedApiKeyResponse> {
    const { row, key } = await this.service.createApiKey(auth, actor, dto);
    return { ...ApiKeyResponse.from(row), key };
  }

  @Get('api-keys')
  @Allow('api-keys', 'manage')
  @ApiOperation({ summary: 'Your API keys (never the secrets)' })
  @ApiOkResponse({ type: ApiKeyList })
  async listKeys(@CurrentAuth() auth: AuthContext): Promise<ApiKeyList> {
    return { data: (await this.service.listApiKeys(auth)).map(ApiKeyResponse.from) };
  }

  @Delete('api-keys/:keyId')
  @Allow('api-keys', 'manage')
  @UuidParam('keyId')
  @ApiOperation({ summary: 'Revoke one of your API keys; it stops working at once' })
  @ApiOkResponse({ type: ApiKeyResponse })
  async revokeKey(
    @CurrentAuth() auth: AuthContext,
    @CurrentActor() actor: Actor,
    @Param('keyId', UuidPipe) keyId: string,
  ): Promise<ApiKeyResponse> {
    return ApiKeyResponse.from(await this.service.revokeApiKey(auth, actor, keyId));
  }
}
