import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsISO8601, IsString, IsUUID, Length } from 'class-validator';
import type { ApiKey, User } from '@ol/persistence';
import { PageInfo, PageQuery } from '../../../common/http/pagination.query';
import { IsNotBlank, Optional } from '../../../common/validation/validators';

export class CreateUserDto {
  @ApiProperty({ example: 'jo.bloggs@northshire.gov.uk' })
  @IsEmail()
  @Length(3, 254)
  email!: string;

  @ApiProperty({ example: 'Jo Bloggs' })
  @IsString()
  @Length(1, 200)
  @IsNotBlank()
  name!: string;

  @ApiPropertyOptional({ default: false })
  @Optional()
  @IsBoolean()
  isPlatformAdmin?: boolean;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the email or name' })
  @Optional()
  @IsString()
  @Length(1, 100)
  @IsNotBlank()
  q?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Only disabled users (true) or only active ones (false)',
  })
  @Optional()
  @IsIn(['true', 'false'])
  disabled?: 'true' | 'false';
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty() isPlatformAdmin!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When a platform admin disabled the user (their keys do not work); null: active',
  })
  disabledAt!: string | null;

  static from(u: User): UserResponse {
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      isPlatformAdmin: u.isPlatformAdmin,
      createdAt: u.createdAt.toISOString(),
      disabledAt: u.disabledAt?.toISOString() ?? null,
    };
  }
}

export class UserPage {
  @ApiProperty({ type: [UserResponse] }) data!: UserResponse[];
  @ApiProperty() page!: PageInfo;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'case-system import job' })
  @IsString()
  @Length(1, 100)
  @IsNotBlank()
  name!: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2027-03-31T23:59:59Z' })
  @Optional()
  @IsISO8601({ strict: true })
  expiresAt?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Platform admins may issue a key for another user (e.g. a service account)',
  })
  @Optional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Scope the key to this partnership: anywhere else it is refused as a non-member (404), and it never carries platform-admin powers. A key issued with a scoped key stays within that scope.',
  })
  @Optional()
  @IsUUID()
  partnershipId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Scope the key further to one member organisation of that partnership: roles bound to another organisation do not count (needs partnershipId)',
  })
  @Optional()
  @IsUUID()
  organisationId?: string;
}

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({
    example: 'ol_k3j5h2g7f9d1',
    description: 'The public part of the key, for recognising it',
  })
  prefix!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The one partnership the key works in; null: unscoped',
  })
  partnershipId!: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The one organisation the key acts for; null: any of its holder’s',
  })
  organisationId!: string | null;

  static from(k: ApiKey): ApiKeyResponse {
    return {
      id: k.id,
      userId: k.userId,
      name: k.name,
      prefix: `ol_${k.prefix}`,
      createdAt: k.createdAt.toISOString(),
      expiresAt: k.expiresAt?.toISOString() ?? null,
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
      partnershipId: k.scopePartnershipId,
      organisationId: k.scopeOrganisationId,
    };
  }
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({
    example: 'ol_k3j5h2g7f9d1_9sX2…',
    description: 'The secret key. Shown once; only its hash is stored.',
  })
  key!: string;
}

export class ApiKeyList {
  @ApiProperty({ type: [ApiKeyResponse] }) data!: ApiKeyResponse[];
}
