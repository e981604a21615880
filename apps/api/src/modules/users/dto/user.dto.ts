import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsISO8601, IsString, IsUUID, Length } from 'class-validator';
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
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty() isPlatformAdmin!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(u: User): UserResponse {
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      isPlatformAdmin: u.isPlatformAdmin,
      createdAt: u.createdAt.toISOString(),
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
