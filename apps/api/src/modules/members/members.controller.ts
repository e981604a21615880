import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
  AddMemberDto,
  GrantRoleDto,
  ListMembersQuery,
  ListRolesQuery,
  MemberPage,
  MemberResponse,
  UserRoleList,
  UserRoleResponse,
} from './dto/member.dto';
import { MembersService } from './members.service';

@ApiTags('members and roles')
@Authenticated()
@Controller('v1/partnerships/:partnershipId')
export class MembersController {
  constructor(private readonly service: MembersService) {}

  @Get('members')
  @Allow('members', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({ summary: 'Member organisations of the partnership (any member may read)' })
  @ApiOkResponse({ type: MemberPage })
  async listMembers(
    @Param('partnershipId', UuidPipe) pid: string,
    @Query() query: ListMembersQuery,
  ): Promise<MemberPage> {
    return pageOf(await this.service.listMembers(pid, query), query, MemberResponse.from);
  }

  @Post('members')
  @Allow('members', 'manage')
  @UuidParam('partnershipId')
  @IdempotencyHeader()
  @ApiOperation({ summary: 'Add a member organisation in a role (partnership admin)' })
  @ApiCreatedResponse({ type: MemberResponse })
  async addMember(
    @Param('partnershipId', UuidPipe) pid: string,
    @CurrentActor() actor: Actor,
    @Body() dto: AddMemberDto,
  ): Promise<MemberResponse> {
    return MemberResponse.from(await this.service.addMember(pid, actor, dto));
  }

  @Delete('members/:memberId')
  @Allow('members', 'manage')
  @HttpCode(204)
  @UuidParam('partnershipId')
  @UuidParam('memberId')
  @ApiNoContentResponse()
  async removeMember(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('memberId', UuidPipe) memberId: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.service.removeMember(pid, actor, memberId);
  }

  @Get('roles')
  @Allow('roles', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({ summary: 'Who holds which role in the partnership (partnership admin)' })
  @ApiOkResponse({ type: UserRoleList })
  async listRoles(
    @Param('partnershipId', UuidPipe) pid: string,
    @Query() query: ListRolesQuery,
  ): Promise<UserRoleList> {
    return { data: (await this.service.listRoles(pid, query)).map(UserRoleResponse.from) };
  }

  @Post('roles')
  @Allow('roles', 'manage')
  @UuidParam('partnershipId')
  @IdempotencyHeader()
  @ApiOperation({
    summary:
      'Grant a user a role: admin, board, provider (for one provider organisation), finance or auditor',
  })
  @ApiCreatedResponse({ type: UserRoleResponse })
  async grantRole(
    @Param('partnershipId', UuidPipe) pid: string,
    @CurrentActor() actor: Actor,
    @Body() dto: GrantRoleDto,
  ): Promise<UserRoleResponse> {
    return UserRoleResponse.from(await this.service.grantRole(pid, actor, dto));
  }

  @Delete('roles/:roleId')
  @Allow('roles', 'manage')
  @HttpCode(204)
  @UuidParam('partnershipId')
  @UuidParam('roleId')
  @ApiNoContentResponse()
  async revokeRole(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('roleId', UuidPipe) roleId: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.service.revokeRole(pid, actor, roleId);
  }
}
