import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type { DeliveryStatus, EvidenceGrade, ReviewEvent } from '../enums';
import {
  toDeliveryRecord,
  toDeliveryRecordReview,
  type DeliveryRecord,
  type DeliveryRecordReview,
} from './delivery-record.mapper';

/** One review event to record, and the record's status after it. */
export interface ReviewChange {
  event: ReviewEvent;
  /** The record's status after the event (unchanged for an answer). */
  status: DeliveryStatus;
  actorId: string;
  note: string | null;
  /** A verifier's grade (verified, accepted, upheld); null otherwise. */
  evidenceGrade: EvidenceGrade | null;
}

/**
 * The review of delivery records: their current review (status, reviewer, time, note, the
 * verifier's grade: the only columns the append-only trigger lets change) and the append-only
 * history of every review event.
 */
@Injectable()
export class DeliveryReviewRepository {
  constructor(private readonly db: Db) {}

  /**
   * The record, locked until the surrounding transaction ends (so two reviews of one record are
   * applied one after the other, each seeing the other's result). Call inside a transaction.
   */
  async lockRecord(partnershipId: string, id: bigint): Promise<DeliveryRecord | null> {
    const rows = await this.db.client.$queryRaw<{ id: bigint }[]>`
      SELECT id FROM delivery_records WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}
         FOR UPDATE`;
    if (rows.length === 0) return null;
    const row = await this.db.client.deliveryRecord.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
    });
    return row && toDeliveryRecord(row);
  }

  /** The record's review events, oldest first. */
  async history(partnershipId: string, recordId: bigint): Promise<DeliveryRecordReview[]> {
    const rows = await this.db.client.deliveryRecordReview.findMany({
      where: { partnershipId, recordId },
      orderBy: { id: 'asc' },
    });
    return rows.map(toDeliveryRecordReview);
  }

  /** The record's latest review event, if any. */
  async latest(partnershipId: string, recordId: bigint): Promise<DeliveryRecordReview | null> {
    const row = await this.db.client.deliveryRecordReview.findFirst({
      where: { partnershipId, recordId },
      orderBy: { id: 'desc' },
    });
    return row && toDeliveryRecordReview(row);
  }

  /**
   * Records the event and, unless it is an answer (which leaves the review as it is), sets the
   * record's review to it: status, reviewer, time, note and the verifier's grade (cleared when the
   * record is disputed again). Call inside a transaction, after {@link lockRecord}.
   */
  async apply(
    partnershipId: string,
    recordId: bigint,
    change: ReviewChange,
  ): Promise<{ record: DeliveryRecord; event: DeliveryRecordReview }> {
    const at = new Date();
    const event = await this.db.client.deliveryRecordReview.create({
      data: {
        partnershipId,
        recordId,
        event: change.event,
        actorId: change.actorId,
        note: change.note,
        evidenceGrade: change.evidenceGrade,
        occurredAt: at,
      },
    });
    const where = { partnershipId_id: { partnershipId, id: recordId } };
    const record =
      change.event === 'answered'
        ? await this.db.client.deliveryRecord.findUniqueOrThrow({ where })
        : await this.db.client.deliveryRecord.update({
            where,
            data: {
              status: change.status,
              reviewedBy: change.actorId,
              reviewedAt: at,
              reviewNote: change.note,
              verifierEvidenceGrade: change.evidenceGrade,
            },
          });
    return { record: toDeliveryRecord(record), event: toDeliveryRecordReview(event) };
  }
}
