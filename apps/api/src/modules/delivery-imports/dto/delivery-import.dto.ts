import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ImportStatus, type DeliveryImport, type ImportRowError } from '@ol/persistence';
import { PageInfo, PageQuery } from '../../../common/http/pagination.query';
import { IsNotBlank, Optional } from '../../../common/validation/validators';

export class CreateDeliveryImportQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The provider organisation the rows belong to. Optional when you act for exactly one provider organisation in the partnership.',
  })
  @Optional()
  @IsUUID()
  providerOrganisationId?: string;

  @ApiPropertyOptional({ example: 'deliveries-2026-q1.csv', maxLength: 255 })
  @Optional()
  @IsString()
  @Length(1, 255)
  @IsNotBlank()
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  @Matches(/^[^\u0000-\u001f]+$/, { message: 'must not contain control characters' })
  fileName?: string;
}

export class ListDeliveryImportsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ImportStatus })
  @Optional()
  @IsEnum(ImportStatus)
  status?: ImportStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  providerOrganisationId?: string;
}

export class ImportRowErrorResponse {
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      '1-based data row number (the first record after the header is row 1; blank lines are not counted); null for the header or the whole file',
  })
  row!: number | null;

  @ApiProperty({ example: 'quantity', description: 'The CSV column (or header, row, file)' })
  field!: string;

  @ApiPropertyOptional({ example: '-3' })
  value?: string;

  @ApiProperty({ example: 'must be a decimal number ≥ 0 with at most 4 decimal places' })
  reason!: string;
}

export class DeliveryImportResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) partnershipId!: string;
  @ApiProperty({ format: 'uuid' }) providerOrganisationId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) fileName!: string | null;
  @ApiProperty({
    enum: ImportStatus,
    description:
      'receiving (upload in progress) → queued → running → completed; or rejected (bad file, nothing inserted) / failed',
  })
  status!: ImportStatus;
  @ApiProperty({ example: 0, minimum: 0, maximum: 100 }) percentDone!: number;
  @ApiProperty({ description: 'Bytes of the uploaded file', example: '1048576' })
  bytesReceived!: string;
  @ApiProperty({ description: 'Data rows in the file' }) totalRows!: number;
  @ApiProperty({ description: 'Rows added to the delivery records' }) insertedRows!: number;
  @ApiProperty({
    description: 'Rows whose external_ref the provider had already sent (nothing added for them)',
  })
  duplicateRows!: number;
  @ApiProperty({ description: 'Rejected rows (all of them; `errors` lists the first 1000)' })
  errorCount!: number;
  @ApiPropertyOptional({
    type: [ImportRowErrorResponse],
    description: 'Row errors (single-import responses only)',
  })
  errors?: ImportRowErrorResponse[];
  @ApiProperty({ nullable: true, type: String }) failureReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;

  static from(i: DeliveryImport, withErrors = true): DeliveryImportResponse {
    return {
      id: i.id,
      partnershipId: i.partnershipId,
      providerOrganisationId: i.providerOrgId,
      createdBy: i.createdBy,
      fileName: i.fileName,
      status: i.status,
      percentDone: i.percentDone,
      bytesReceived: i.bytesReceived.toString(),
      totalRows: i.totalRows,
      insertedRows: i.insertedRows,
      duplicateRows: i.duplicateRows,
      errorCount: i.errorCount,
      ...(withErrors
        ? { errors: Array.isArray(i.errors) ? (i.errors as unknown as ImportRowError[]) : [] }
        : {}),
      failureReason: i.failureReason,
      createdAt: i.createdAt.toISOString(),
      updatedAt: i.updatedAt.toISOString(),
      finishedAt: i.finishedAt ? i.finishedAt.toISOString() : null,
    };
  }

  static summary(i: DeliveryImport): DeliveryImportResponse {
    return DeliveryImportResponse.from(i, false);
  }
}

export class DeliveryImportPage {
  @ApiProperty({ type: [DeliveryImportResponse] }) data!: DeliveryImportResponse[];
  @ApiProperty() page!: PageInfo;
}
