import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
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

  @Post('users/:userId/disable')
  @HttpCode(200)
  @Allow('users', 'manage')
  @UuidParam('userId')
  @ApiOperation({
    summary:
      'Disable a user (platform admin): every key of theirs is refused (401) from the next request on',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'No such user' })
  @ApiUnprocessableEntityResponse({ description: 'The caller tried to disable themselves' })
  async disableUser(
    @CurrentAuth() auth: AuthContext,
    @CurrentActor() actor: Actor,
    @Param('userId', UuidPipe) id: string,
  ): Promise<UserResponse> {
    return UserResponse.from(await this.service.setUserDisabled(auth, actor, id, true));
  }

  @Post('users/:userId/enable')
  @HttpCode(200)
  @Allow('users', 'manage')
  @UuidParam('userId')
  @ApiOperation({
    summary:
      'Re-enable a disabled user (platform admin): their keys that are neither revoked nor expired work again',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiNotFoundResponse({ description: 'No such user' })
  async enableUser(
    @CurrentAuth() auth: AuthContext,
    @CurrentActor() actor: Actor,
    @Param('userId', UuidPipe) id: string,
  ): Promise<UserResponse> {
    return UserResponse.from(await this.service.setUserDisabled(auth, actor, id, false));
  }

  @Get('users/:userId/api-keys')
  @Allow('users', 'manage')
  @UuidParam('userId')
  @ApiOperation({ summary: 'A user’s API keys (platform admin; never the secrets)' })
  @ApiOkResponse({ type: ApiKeyList })
  @ApiNotFoundResponse({ description: 'No such user' })
  async listKeysOfUser(@Param('userId', UuidPipe) id: string): Promise<ApiKeyList> {
    return { data: (await this.service.listKeysOfUser(id)).map(ApiKeyResponse.from) };
  }

  @Post('api-keys')
  @Allow('api-keys', 'manage')
  @IdempotencyHeader()
  @SecretInResponse('key')
  @ApiOperation({
    summary:
      'Issue an API key for yourself (or, as platform admin, for another user), optionally with an expiry and scoped to one partnership and organisation. The key is shown once.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @ApiUnprocessableEntityResponse({
    description: 'Expiry in the past, or a scope the key’s holder has no part in',
  })
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
  @ApiOperation({
    summary: 'Revoke one of your API keys (a platform admin: anyone’s); it stops working at once',
  })
  @ApiNotFoundResponse({ description: 'No such key (of yours)' })
  @ApiOkResponse({ type: ApiKeyResponse })
  async revokeKey(
    @CurrentAuth() auth: AuthContext,
    @CurrentActor() actor: Actor,
    @Param('keyId', UuidPipe) keyId: string,
  ): Promise<ApiKeyResponse> {
    return ApiKeyResponse.from(await this.service.revokeApiKey(auth, actor, keyId));
  }
}
