import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsUUID } from 'class-validator';
import {
  MemberRole,
  PartnershipRole,
  type MemberWithOrganisation,
  type UserRoleWithUser,
} from '@ol/persistence';
import { PageInfo, PageQuery } from '../../../common/http/pagination.query';
import { OrganisationResponse } from '../../organisations/dto/organisation.dto';
import { Optional } from '../../../common/validation/validators';

export class AddMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organisationId!: string;

  @ApiProperty({ enum: MemberRole, example: MemberRole.provider })
  @IsEnum(MemberRole)
  role!: MemberRole;
}

export class ListMembersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MemberRole })
  @Optional()
  @IsEnum(MemberRole)
  role?: MemberRole;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  organisationId?: string;
}

export class MemberResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) partnershipId!: string;
  @ApiProperty({ enum: MemberRole }) role!: MemberRole;
  @ApiProperty() organisation!: OrganisationResponse;
  @ApiProperty({ format: 'date-time' }) joinedAt!: string;

  static from(m: MemberWithOrganisation): MemberResponse {
    return {
      id: m.id,
      partnershipId: m.partnershipId,
      role: m.role,
      organisation: OrganisationResponse.from(m.organisation),
      joinedAt: m.joinedAt.toISOString(),
    };
  }
}

export class MemberPage {
  @ApiProperty({ type: [MemberResponse] }) data!: MemberResponse[];
  @ApiProperty() page!: PageInfo;
}

export class GrantRoleDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId!: string;

  @ApiProperty({ enum: PartnershipRole, example: PartnershipRole.board })
  @IsEnum(PartnershipRole)
  role!: PartnershipRole;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Required for the provider role (the provider organisation the user acts for); optional for the board role (the member organisation the board member represents, read by the one-per-member-organisation sign-off rule); refused for other roles',
  })
  @Optional()
  @IsUUID()
  organisationId?: string;
}

export class ListRolesQuery {
  @ApiPropertyOptional({ enum: PartnershipRole })
  @Optional()
  @IsEnum(PartnershipRole)
  role?: PartnershipRole;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  userId?: string;
}

export class UserRoleResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) partnershipId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ example: 'jo.bloggs@northshire.gov.uk' }) email!: string;
  @ApiProperty({ enum: PartnershipRole }) role!: PartnershipRole;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organisationId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description:
      'When a partnership admin disabled the person here (the role counts for nothing); null: active',
  })
  suspendedAt!: string | null;

  static from(r: UserRoleWithUser): UserRoleResponse {
    return {
      id: r.id,
      partnershipId: r.partnershipId,
      userId: r.userId,
      email: r.user.email,
      role: r.role,
      organisationId: r.organisationId,
      createdAt: r.createdAt.toISOString(),
      suspendedAt: r.suspendedAt?.toISOString() ?? null,
    };
  }
}

export class UserRoleList {
  @ApiProperty({ type: [UserRoleResponse] }) data!: UserRoleResponse[];
}
