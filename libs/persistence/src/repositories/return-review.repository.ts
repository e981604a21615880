import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type { ReturnReviewEvent, ReturnReviewStatus } from '../enums';
import { dateOfDay, isoInstant } from '../util/dates';
import {
  toFinancialReturn,
  toFinancialReturnReview,
  toFinancialReturnWithLines,
  type FinancialReturn,
  type FinancialReturnReview,
  type FinancialReturnWithLines,
} from './financial-return.mapper';

/** One review step to record, and the revision's status after it. */
export interface ReturnReviewChange {
  event: ReturnReviewEvent;
  status: ReturnReviewStatus;
  actorId: string;
  /** The question, the answer, the reason for a decision, or a note. */
  note: string | null;
}

/**
 * The review of financial return revisions: the revision's current review (status, who, when,
 * text) and the append-only history of every step (financial_return_reviews).
 */
@Injectable()
export class ReturnReviewRepository {
  constructor(private readonly db: Db) {}

  /**
   * The revision, locked until the surrounding transaction ends, so two steps on one revision (or
   * a step and a new revision of its period) are applied one after the other. Call in a transaction.
   */
  async lockReturn(partnershipId: string, id: string): Promise<FinancialReturnWithLines | null> {
    const rows = await this.db.client.$queryRaw<{ id: string }[]>`
      SELECT id FROM financial_returns WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid
         FOR UPDATE`;
    if (rows.length === 0) return null;
    const row = await this.db.client.financialReturn.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
      include: { lines: { orderBy: { lineNo: 'asc' } } },
    });
    return row && toFinancialReturnWithLines(row);
  }

  /** The revision's review steps, oldest first. */
  async history(partnershipId: string, returnId: string): Promise<FinancialReturnReview[]> {
    const rows = await this.db.client.financialReturnReview.findMany({
      where: { partnershipId, returnId },
      orderBy: { id: 'asc' },
    });
    return rows.map(toFinancialReturnReview);
  }

  /** Records the step on the revision's history and sets its current review. In a transaction. */
  async apply(
    partnershipId: string,
    returnId: string,
    change: ReturnReviewChange,
  ): Promise<FinancialReturnWithLines> {
    const at = new Date();
    await this.record(
      partnershipId,
      returnId,
      change.event,
      change.actorId,
      change.note,
      isoInstant(at),
    );
    const row = await this.db.client.financialReturn.update({
      where: { partnershipId_id: { partnershipId, id: returnId } },
      data: {
        reviewStatus: change.status,
        reviewedBy: change.actorId,
        reviewedAt: at,
        reviewNote: change.note,
      },
      include: { lines: { orderBy: { lineNo: 'asc' } } },
    });
    return toFinancialReturnWithLines(row);
  }

  /**
   * Appends one step to a revision's history (without changing its current review), at an ISO
   * instant (such as a revision's `submittedAt`; by default now).
   */
  async record(
    partnershipId: string,
    returnId: string,
    event: ReturnReviewEvent,
    actorId: string | null,
    note: string | null,
    at?: string,
  ): Promise<FinancialReturnReview> {
    const row = await this.db.client.financialReturnReview.create({
      data: {
        partnershipId,
        returnId,
        event,
        actorId,
        note,
        occurredAt: at === undefined ? new Date() : new Date(at),
      },
    });
    return toFinancialReturnReview(row);
  }

  /** The revision of a provider's period awaiting a decision, if any, locked. In a transaction. */
  async lockOpenRevision(
    partnershipId: string,
    providerOrgId: string,
    periodStart: string,
  ): Promise<FinancialReturn | null> {
    const rows = await this.db.client.$queryRaw<{ id: string }[]>`
      SELECT id FROM financial_returns
       WHERE partnership_id = ${partnershipId}::uuid AND provider_org_id = ${providerOrgId}::uuid
         AND period_start = ${dateOfDay(periodStart)}::date
         AND review_status IN ('submitted', 'queried', 'resubmitted')
         FOR UPDATE`;
    if (rows.length === 0) return null;
    const row = await this.db.client.financialReturn.findUnique({
      where: { partnershipId_id: { partnershipId, id: rows[0].id } },
    });
    return row && toFinancialReturn(row);
  }
}
