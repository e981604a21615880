import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type { DeliveryKind, DeliveryStatus, EvidenceGrade } from '../enums';
import { Prisma, type DeliveryRecord as DeliveryRecordRow } from '../prisma-client';
import { dateOfDay } from '../util/dates';
import { toDeliveryRecord, type DeliveryRecord } from './delivery-record.mapper';

/** The columns of a delivery record under Prisma's field names, for RETURNING. */
const RETURNED_RECORD = Prisma.raw(
  `partnership_id::text AS "partnershipId", id, outcome_id::text AS "outcomeId",
   provider_org_id::text AS "providerOrgId", activity_date AS "activityDate", quantity,
   evidence_ref AS "evidenceRef", evidence_grade::text AS "evidenceGrade",
   external_ref AS "externalRef", kind::text AS kind, corrects_id AS "correctsId",
   correction_reason AS "correctionReason", status::text AS status, reviewed_by::text AS "reviewedBy",
   reviewed_at AS "reviewedAt", review_note AS "reviewNote",
   verifier_evidence_grade::text AS "verifierEvidenceGrade", import_id::text AS "importId",
   created_by::text AS "createdBy", created_at AS "createdAt"`,
);

export interface NewDeliveryRecord {
  outcomeId: string;
  providerOrgId: string;
  /** YYYY-MM-DD. */
  activityDate: string;
  /** Decimal string; negative only for a reversal. */
  quantity: string;
  evidenceRef?: string | null;
  evidenceGrade?: EvidenceGrade;
  externalRef?: string | null;
  kind?: DeliveryKind;
  correctsId?: bigint | null;
  correctionReason?: string | null;
  createdBy?: string | null;
}

export interface DeliveryRecordFilter {
  outcomeId?: string;
  /** Restrict to these provider organisations (a provider sees only its own). */
  providerOrgIds?: string[];
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
  status?: DeliveryStatus;
  kind?: DeliveryKind;
}

/** Keyset page: records after `afterId`, in id order (stable over millions of rows). */
export interface KeysetPage {
  limit: number;
  afterId?: bigint;
}

@Injectable()
export class DeliveryRecordRepository {
  constructor(private readonly db: Db) {}

  /**
   * Inserts a record unless the provider already sent one with the same external reference
   * (idempotency key). Returns the stored record and whether this call created it.
   */
  async insert(
    partnershipId: string,
    data: NewDeliveryRecord,
  ): Promise<{ record: DeliveryRecord; created: boolean }> {
    // The stored row comes back from the insert itself (no second read).
    const rows = await this.db.client.$queryRaw<DeliveryRecordRow[]>`
      INSERT INTO delivery_records (partnership_id, outcome_id, provider_org_id, activity_date, quantity, evidence_ref,
        evidence_grade, external_ref, kind, corrects_id, correction_reason, created_by)
      VALUES (${partnershipId}::uuid, ${data.outcomeId}::uuid, ${data.providerOrgId}::uuid, ${data.activityDate}::date,
        ${data.quantity}::numeric, ${data.evidenceRef ?? null}, ${data.evidenceGrade ?? 'self_reported'}::evidence_grade,
        ${data.externalRef ?? null}, ${data.kind ?? 'original'}::delivery_kind, ${data.correctsId ?? null}::bigint,
        ${data.correctionReason ?? null}, ${data.createdBy ?? null}::uuid)
      ON CONFLICT (partnership_id, provider_org_id, external_ref) DO NOTHING
      RETURNING ${RETURNED_RECORD}`;
    if (rows.length === 1) return { record: toDeliveryRecord(rows[0]), created: true };
    const existing = await this.db.client.deliveryRecord.findUnique({
      where: {
        partnershipId_providerOrgId_externalRef: {
          partnershipId,
          providerOrgId: data.providerOrgId,
          externalRef: data.externalRef!,
        },
      },
    });
    return { record: toDeliveryRecord(existing!), created: false };
  }

  async find(partnershipId: string, id: bigint): Promise<DeliveryRecord | null> {
    const row = await this.db.client.deliveryRecord.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
    });
    return row && toDeliveryRecord(row);
  }

  /** Corrections (reversals and amendments) that point at a record. */
  async correctionsOf(partnershipId: string, id: bigint): Promise<DeliveryRecord[]> {
    const rows = await this.db.client.deliveryRecord.findMany({
      where: { partnershipId, correctsId: id },
      orderBy: { id: 'asc' },
    });
    return rows.map(toDeliveryRecord);
  }

  async list(
    partnershipId: string,
    filter: DeliveryRecordFilter,
    page: KeysetPage,
  ): Promise<DeliveryRecord[]> {
    const where: Prisma.DeliveryRecordWhereInput = {
      partnershipId,
      ...(filter.outcomeId ? { outcomeId: filter.outcomeId } : {}),
      ...(filter.providerOrgIds ? { providerOrgId: { in: filter.providerOrgIds } } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(filter.from || filter.to
        ? {
            activityDate: {
              ...(filter.from ? { gte: dateOfDay(filter.from) } : {}),
              ...(filter.to ? { lte: dateOfDay(filter.to) } : {}),
            },
          }
        : {}),
      ...(page.afterId !== undefined ? { id: { gt: page.afterId } } : {}),
    };
    const rows = await this.db.client.deliveryRecord.findMany({
      where,
      orderBy: { id: 'asc' },
      take: page.limit,
    });
    return rows.map(toDeliveryRecord);
  }

  count(partnershipId: string): Promise<number> {
    return this.db.client.deliveryRecord.count({ where: { partnershipId } });
  }
}
