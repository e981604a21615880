import { Injectable } from '@nestjs/common';
import {
  AuditRepository,
  Db,
  MemberRepository,
  OrganisationRepository,
  UserRepository,
  UserRoleRepository,
  type Actor,
  type MemberWithOrganisation,
  type Paged,
  type UserRoleWithUser,
} from '@ol/persistence';
import { ProblemException } from '../../common/problems/problem';
import { SignOffSettler } from '../reports/sign-off-settler';
import type {
  AddMemberDto,
  GrantRoleDto,
  ListMembersQuery,
  ListRolesQuery,
} from './dto/member.dto';

/** Member organisations of a partnership and the roles its people hold. */
@Injectable()
export class MembersService {
  constructor(
    private readonly db: Db,
    private readonly members: MemberRepository,
    private readonly organisations: OrganisationRepository,
    private readonly users: UserRepository,
    private readonly roles: UserRoleRepository,
    private readonly audit: AuditRepository,
    private readonly signOffs: SignOffSettler,
  ) {}

  addMember(
    partnershipId: string,
    actor: Actor,
    dto: AddMemberDto,
  ): Promise<MemberWithOrganisation> {
    return this.db.transaction(async () => {
      if (!(await this.organisations.findById(dto.organisationId))) {
        throw ProblemException.unprocessable('The organisation does not exist.', [
          { field: 'organisationId', value: dto.organisationId, reason: 'no such organisation' },
        ]);
      }
      if (await this.members.hasRole(partnershipId, dto.organisationId, dto.role)) {
        throw ProblemException.conflict('The organisation is already a member in this role.');
      }
      const member = await this.members.add(partnershipId, dto.organisationId, dto.role);
      await this.audit.record(partnershipId, actor, {
        action: 'member.added',
        entityType: 'member',
        entityId: member.id,
        details: { ...dto },
      });
      return member;
    });
  }

  listMembers(
    partnershipId: string,
    query: ListMembersQuery,
  ): Promise<Paged<MemberWithOrganisation>> {
    return this.members.list(
      partnershipId,
      { role: query.role, organisationId: query.organisationId },
      query,
    );
  }

  removeMember(partnershipId: string, actor: Actor, memberId: string): Promise<void> {
    return this.db.transaction(async () => {
      const member = await this.members.find(partnershipId, memberId);
      if (!member) throw ProblemException.notFound('Member');
      await this.members.remove(partnershipId, memberId);
      await this.audit.record(partnershipId, actor, {
        action: 'member.removed',
        entityType: 'member',
        entityId: memberId,
        details: { organisationId: member.organisationId, role: member.role },
      });
      // Its board members no longer represent it: open sign-off rounds may now be decided.
      await this.signOffs.afterBoardChange(partnershipId, actor, `member ${memberId} removed`);
    });
  }

  grantRole(partnershipId: string, actor: Actor, dto: GrantRoleDto): Promise<UserRoleWithUser> {
    return this.db.transaction(async () => {
      if (!(await this.users.findById(dto.userId))) {
        throw ProblemException.unprocessable('The user does not exist.', [
          { field: 'userId', value: dto.userId, reason: 'no such user' },
        ]);
      }
      if (dto.role === 'provider') {
        if (!dto.organisationId) {
          throw ProblemException.unprocessable(
            'A provider role acts for one provider organisation.',
            [{ field: 'organisationId', reason: 'is required for the provider role' }],
          );
        }
        if (!(await this.members.hasRole(partnershipId, dto.organisationId, 'provider'))) {
          throw ProblemException.unprocessable(
            'The organisation is not a provider member of this partnership.',
            [
              {
                field: 'organisationId',
                value: dto.organisationId,
                reason: 'must be a provider member of the partnership',
              },
            ],
          );
        }
      } else if (dto.role === 'board' && dto.organisationId) {
        // A board member may name the member organisation they represent (sign-off: one board
        // member per member organisation).
        if ((await this.members.rolesOf(partnershipId, [dto.organisationId])).size === 0) {
          throw ProblemException.unprocessable(
            'The organisation is not a member of this partnership.',
            [
              {
                field: 'organisationId',
                value: dto.organisationId,
                reason: 'must be a member organisation of the partnership',
              },
            ],
          );
        }
      } else if (dto.organisationId) {
        throw ProblemException.unprocessable(
          'Only the provider and board roles are bound to an organisation.',
          [
            {
              field: 'organisationId',
              value: dto.organisationId,
              reason: `must be absent for the ${dto.role} role`,
            },
          ],
        );
      }
      const existing = await this.roles.list(partnershipId, { userId: dto.userId, role: dto.role });
      if (existing.length > 0)
        throw ProblemException.conflict('The user already holds this role in the partnership.');
      const granted = await this.roles.grant(partnershipId, dto);
      await this.audit.record(partnershipId, actor, {
        action: 'role.granted',
        entityType: 'user_role',
        entityId: granted.id,
        details: { ...dto },
      });
      return granted;
    });
  }

  listRoles(partnershipId: string, query: ListRolesQuery): Promise<UserRoleWithUser[]> {
    return this.roles.list(partnershipId, { role: query.role, userId: query.userId });
  }

  revokeRole(partnershipId: string, actor: Actor, roleId: string): Promise<void> {
    return this.db.transaction(async () => {
      const role = await this.roles.find(partnershipId, roleId);
      if (!role) throw ProblemException.notFound('Role');
      await this.roles.revoke(partnershipId, roleId);
      await this.audit.record(partnershipId, actor, {
        action: 'role.revoked',
        entityType: 'user_role',
        entityId: roleId,
        details: { userId: role.userId, role: role.role },
      });
      if (role.role === 'board') {
        // A reviewer left the board: open sign-off rounds may now be decided.
        await this.signOffs.afterBoardChange(partnershipId, actor, `board role ${roleId} revoked`);
      }
    });
  }
}
