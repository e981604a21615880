import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import type { FastifyRequest } from 'fastify';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import {
  CurrentAccess,
  CurrentActor,
  type PartnershipAccess,
} from '../../common/auth/auth-context';
import { CsvBody } from '../../common/http/body-parsers';
import { UuidParam } from '../../common/http/openapi';
import { pageOf } from '../../common/http/pagination.query';
import { UuidPipe } from '../../common/http/uuid.pipe';
import { DeliveryImportsService } from './delivery-imports.service';
import {
  CreateDeliveryImportQuery,
  DeliveryImportPage,
  DeliveryImportResponse,
  ListDeliveryImportsQuery,
} from './dto/delivery-import.dto';
import { PERIOD_LOCKED } from '../periods/period-guard';

const CSV_DESCRIPTION = [
  'UTF-8 CSV with a header row. Columns (any order): outcome_code, activity_date (YYYY-MM-DD, within the partnership),',
  'quantity (decimal ≥ 0, at most 4 decimal places), external_ref (1–200 characters, unique in the file: the idempotency key),',
  'evidence_ref (optional), evidence_grade (optional: self_reported | documented | independently_verified; default self_reported).',
].join(' ');

@ApiTags('delivery imports')
@Authenticated()
@Controller('v1/partnerships/:partnershipId/delivery-imports')
export class DeliveryImportsController {
  constructor(private readonly service: DeliveryImportsService) {}

  @Post()
  @Allow('delivery-imports', 'create')
  @HttpCode(202)
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'Upload a CSV of delivery records (streamed; all-or-nothing)',
    description:
      'The file is checked row by row while it streams in. One bad row refuses the whole file (422 listing the rows, nothing inserted). ' +
      'Otherwise the rows are staged and a job moves them into the delivery records in one transaction: poll GET .../delivery-imports/{importId}. ' +
      'Rows whose external_ref the provider already sent are skipped (counted as duplicates), so re-sending a file adds nothing. ' +
      'Idempotency-Key is ignored here: external_ref makes re-sending safe.',
  })
  @CsvBody('external_ref is the idempotency key of every row: re-sending a file adds nothing')
  @ApiBody({ description: CSV_DESCRIPTION, schema: { type: 'string', format: 'binary' } })
  @ApiAcceptedResponse({ type: DeliveryImportResponse, description: 'Staged and queued' })
  @ApiUnprocessableEntityResponse({
    description:
      'The file was rejected (problem details with importId, errorCount and errors [{ row, field, value, reason }]), or the organisation is not a provider member',
  })
  @ApiPayloadTooLargeResponse({ description: 'Larger than IMPORT_MAX_BYTES' })
  @ApiConflictResponse({
    description: `The provider already has an import in progress; or, for a row: ${PERIOD_LOCKED} (the file is rejected whole)`,
  })
  async create(
    @Param('partnershipId', UuidPipe) pid: string,
    @Query() query: CreateDeliveryImportQuery,
    @CurrentAccess() access: PartnershipAccess,
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
  ): Promise<DeliveryImportResponse> {
    return DeliveryImportResponse.from(
      await this.service.receive(
        pid,
        access,
        actor,
        query,
        req.body,
        req.headers['content-length'],
      ),
    );
  }

  @Get()
  @Allow('delivery-imports', 'read')
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'Imports of the partnership (providers see their own organisations’ imports)',
  })
  @ApiOkResponse({ type: DeliveryImportPage })
  async list(
    @Param('partnershipId', UuidPipe) pid: string,
    @Query() query: ListDeliveryImportsQuery,
    @CurrentAccess() access: PartnershipAccess,
  ): Promise<DeliveryImportPage> {
    return pageOf(
      await this.service.list(pid, access, query),
      query,
      DeliveryImportResponse.summary,
    );
  }

  @Get(':importId')
  @Allow('delivery-imports', 'read')
  @UuidParam('partnershipId')
  @UuidParam('importId')
  @ApiOperation({ summary: 'State, percent done, counts and row errors of one import' })
  @ApiOkResponse({ type: DeliveryImportResponse })
  async get(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('importId', UuidPipe) importId: string,
    @CurrentAccess() access: PartnershipAccess,
  ): Promise<DeliveryImportResponse> {
    return DeliveryImportResponse.from(await this.service.get(pid, access, importId));
  }
}
