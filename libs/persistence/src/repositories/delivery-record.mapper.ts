import type { DeliveryKind, DeliveryStatus, EvidenceGrade, ReviewEvent } from '../enums';
import type {
  DeliveryRecord as DeliveryRecordRow,
  DeliveryRecordReview as DeliveryRecordReviewRow,
} from '../prisma-client';
import { isoDay, isoInstant } from '../util/dates';

/** A delivery record as callers read it: the day as YYYY-MM-DD, instants ISO, the quantity with its four places. */
export interface DeliveryRecord {
  partnershipId: string;
  id: bigint;
  outcomeId: string;
  providerOrgId: string;
  activityDate: string;
  quantity: string;
  evidenceRef: string | null;
  /** The grade the provider claimed. */
  evidenceGrade: EvidenceGrade;
  /** The grade a verifier assigned (only when verified or rejected). */
  verifierEvidenceGrade: EvidenceGrade | null;
  externalRef: string | null;
  kind: DeliveryKind;
  correctsId: bigint | null;
  correctionReason: string | null;
  status: DeliveryStatus;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
  importId: string | null;
  createdBy: string | null;
  createdAt: string;
}

/** One event of a delivery record's review history. */
export interface DeliveryRecordReview {
  partnershipId: string;
  id: bigint;
  recordId: bigint;
  event: ReviewEvent;
  actorId: string | null;
  note: string | null;
  evidenceGrade: EvidenceGrade | null;
  /** Reconstructed from the record's last review when the history began. */
  migrated: boolean;
  occurredAt: string;
}

export function toDeliveryRecord(row: DeliveryRecordRow): DeliveryRecord {
  return {
    partnershipId: row.partnershipId,
    id: row.id,
    outcomeId: row.outcomeId,
    providerOrgId: row.providerOrgId,
    activityDate: isoDay(row.activityDate),
    quantity: row.quantity.toFixed(4),
    evidenceRef: row.evidenceRef,
    evidenceGrade: row.evidenceGrade,
    verifierEvidenceGrade: row.verifierEvidenceGrade,
    externalRef: row.externalRef,
    kind: row.kind,
    correctsId: row.correctsId,
    correctionReason: row.correctionReason,
    status: row.status,
    reviewedBy: row.reviewedBy,
    reviewedAt: row.reviewedAt === null ? null : isoInstant(row.reviewedAt),
    reviewNote: row.reviewNote,
    importId: row.importId,
    createdBy: row.createdBy,
    createdAt: isoInstant(row.createdAt),
  };
}

export function toDeliveryRecordReview(row: DeliveryRecordReviewRow): DeliveryRecordReview {
  return {
    partnershipId: row.partnershipId,
    id: row.id,
    recordId: row.recordId,
    event: row.event,
    actorId: row.actorId,
    note: row.note,
    evidenceGrade: row.evidenceGrade,
    migrated: row.migrated,
    occurredAt: isoInstant(row.occurredAt),
  };
}
