import { HttpStatus, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { commitJobId } from '@ol/jobs';
import {
  DeliveryImportRepository,
  MemberRepository,
  type Actor,
  type DeliveryImport,
  type Paged,
} from '@ol/persistence';
import { Readable } from 'node:stream';
import { providerToActFor } from '../../common/auth/acting-for';
import type { PartnershipAccess } from '../../common/auth/auth-context';
import { visibleProviders } from '../../common/auth/policy';
import { ProblemException, ProblemType } from '../../common/problems/problem';
import { ApiConfig } from '../../config/api.config';
import type {
  CreateDeliveryImportQuery,
  ListDeliveryImportsQuery,
} from './dto/delivery-import.dto';
import { ImportReceiver } from './import-receiver';

export { commitJobId };

/** The file must come as the request body's stream (Content-Type: text/csv). */
function assertCsvBody(body: unknown): asserts body is Readable {
  if (body instanceof Readable) return;
  throw new ProblemException({
    type: ProblemType.UnsupportedMediaType,
    title: 'Unsupported media type',
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    detail: 'Send the file as the request body with Content-Type: text/csv.',
  });
}

/**
 * Bulk delivery imports: who may send a file for which provider, and who sees which imports. The
 * upload itself (staging, rejection, queueing for the worker's commit) is {@link ImportReceiver}'s.
 */
@Injectable()
export class DeliveryImportsService {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly imports: DeliveryImportRepository,
    private readonly members: MemberRepository,
    private readonly receiver: ImportReceiver,
  ) {}

  /** The API's config is provided by AppModule (not exported), so it is looked up, once. */
  private get config(): ApiConfig {
    this.apiConfig ??= this.moduleRef.get(ApiConfig, { strict: false });
    return this.apiConfig;
  }
  private apiConfig?: ApiConfig;

  /**
   * Receives one CSV upload: checks who sends it, for which provider, as a stream within the size
   * limit, then hands it to the {@link ImportReceiver}.
   */
  async receive(
    partnershipId: string,
    access: PartnershipAccess,
    actor: Actor,
    query: CreateDeliveryImportQuery,
    body: unknown,
    contentLength: string | undefined,
  ): Promise<DeliveryImport> {
    const providerOrgId = this.providerFor(access, query.providerOrganisationId);
    assertCsvBody(body);
    const declared = contentLength === undefined ? NaN : Number(contentLength);
    if (declared > this.config.IMPORT_MAX_BYTES) throw this.tooLarge(declared);
    await this.assertProviderMember(partnershipId, providerOrgId);
    const file = {
      fileName: query.fileName ?? null,
      expectedBytes: Number.isSafeInteger(declared) ? declared : null,
    };
    return this.receiver.receive(partnershipId, providerOrgId, actor, file, body, {
      maxBytes: this.config.IMPORT_MAX_BYTES,
      sliceRows: this.config.IMPORT_SLICE_ROWS,
    });
  }

  private async assertProviderMember(partnershipId: string, providerOrgId: string): Promise<void> {
    if (await this.members.hasRole(partnershipId, providerOrgId, 'provider')) return;
    throw ProblemException.unprocessable(
      'The organisation is not a provider member of this partnership.',
      [
        {
          field: 'providerOrganisationId',
          value: providerOrgId,
          reason: 'must be a provider member of the partnership',
        },
      ],
    );
  }

  list(
    partnershipId: string,
    access: PartnershipAccess,
    query: ListDeliveryImportsQuery,
  ): Promise<Paged<DeliveryImport>> {
    const scope = this.visibleProviders(access);
    let providerOrgIds = scope;
    if (query.providerOrganisationId) {
      if (scope && !scope.includes(query.providerOrganisationId)) {
        throw ProblemException.forbidden('You may see only your own organisation’s imports.');
      }
      providerOrgIds = [query.providerOrganisationId];
    }
    return this.imports.list(partnershipId, { status: query.status, providerOrgIds }, query);
  }

  async get(partnershipId: string, access: PartnershipAccess, id: string): Promise<DeliveryImport> {
    const found = await this.imports.find(partnershipId, id);
    const scope = this.visibleProviders(access);
    if (!found || (scope && !scope.includes(found.providerOrgId))) {
      throw ProblemException.notFound('Delivery import');
    }
    return found;
  }

  /** undefined = every provider's imports; otherwise the caller's own organisations. */
  private visibleProviders(access: PartnershipAccess): string[] | undefined {
    return visibleProviders(access, 'delivery-imports', 'read');
  }

  /** Which provider organisation the file is for, and whether the caller may import for it. */
  private providerFor(access: PartnershipAccess, requested: string | undefined): string {
    return providerToActFor(access, 'delivery-imports', 'create', requested, {
      required: 'is required unless you act for exactly one provider organisation',
      forbidden: 'A provider may import delivery data only for its own organisation.',
    });
  }

  private tooLarge(bytes: number): ProblemException {
    return new ProblemException({
      type: ProblemType.PayloadTooLarge,
      title: 'Payload too large',
      status: HttpStatus.PAYLOAD_TOO_LARGE,
      detail: `The file (${bytes} bytes) is larger than the limit of ${this.config.IMPORT_MAX_BYTES} bytes.`,
    });
  }
}
