import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsString, Length } from 'class-validator';
import { OrganisationKind, type Organisation } from '@ol/persistence';
import { PageInfo, PageQuery } from '../../../common/http/pagination.query';
import { IsNotBlank, Nullable, Optional } from '../../../common/validation/validators';
import { PatchType } from '../../../common/validation/patch-type';

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Northshire County Council', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @IsNotBlank()
  name!: string;

  @ApiProperty({ enum: OrganisationKind, example: OrganisationKind.commissioner })
  @IsEnum(OrganisationKind)
  kind!: OrganisationKind;

  @ApiPropertyOptional({
    example: 'CH-01234567',
    nullable: true,
    type: String,
    description: 'Registration number or other public reference (null clears it)',
  })
  @Optional()
  @Nullable()
  @IsString()
  @Length(1, 100)
  @IsNotBlank()
  reference?: string | null;
}

export class UpdateOrganisationDto extends PatchType(CreateOrganisationDto) {}

export class ListOrganisationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OrganisationKind })
  @Optional()
  @IsEnum(OrganisationKind)
  kind?: OrganisationKind;

  @ApiPropertyOptional({ description: 'Case-insensitive part of the name', example: 'council' })
  @Optional()
  @IsString()
  @Length(1, 100)
  @IsNotBlank()
  q?: string;
}

export class OrganisationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Northshire County Council' }) name!: string;
  @ApiProperty({ enum: OrganisationKind }) kind!: OrganisationKind;
  @ApiProperty({ nullable: true, type: String, example: 'CH-01234567' }) reference!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(o: Organisation): OrganisationResponse {
    return {
      id: o.id,
      name: o.name,
      kind: o.kind,
      reference: o.reference,
      createdAt: o.createdAt.toISOString(),
      updatedAt: o.updatedAt.toISOString(),
    };
  }
}

export class OrganisationPage {
  @ApiProperty({ type: [OrganisationResponse] }) data!: OrganisationResponse[];
  @ApiProperty() page!: PageInfo;
}
