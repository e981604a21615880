import type { CostCategory, ReturnReviewEvent, ReturnReviewStatus } from '../enums';
import type {
  FinancialReturn as FinancialReturnRow,
  FinancialReturnLine as FinancialReturnLineRow,
  FinancialReturnReview as FinancialReturnReviewRow,
} from '../prisma-client';
import { instantOrNull, isoDay, isoInstant } from '../util/dates';
import { moneyOf, moneyOrNull } from '../util/money';

/**
 * A revision of a provider's financial return as callers read it: its quarter as YYYY-MM-DD,
 * instants ISO, money as decimal strings with pence.
 */
export interface FinancialReturn {
  partnershipId: string;
  id: string;
  providerOrgId: string;
  periodStart: string;
  periodEnd: string;
  periodLabel: string;
  revision: number;
  revenue: string;
  targetCost: string | null;
  note: string | null;
  submittedBy: string | null;
  submittedAt: string;
  reviewStatus: ReturnReviewStatus;
  /** The last review step after submission: who, when, the question, answer or reason. */
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
}

/** One cost line of a return. */
export interface FinancialReturnLine {
  lineNo: number;
  category: CostCategory;
  description: string | null;
  amount: string;
  allowable: boolean;
}

export type FinancialReturnWithLines = FinancialReturn & { lines: FinancialReturnLine[] };

/** One step of a revision's review history. */
export interface FinancialReturnReview {
  partnershipId: string;
  id: bigint;
  returnId: string;
  event: ReturnReviewEvent;
  actorId: string | null;
  note: string | null;
  /** Reconstructed when the workflow began. */
  migrated: boolean;
  occurredAt: string;
}

export function toFinancialReturn(row: FinancialReturnRow): FinancialReturn {
  return {
    partnershipId: row.partnershipId,
    id: row.id,
    providerOrgId: row.providerOrgId,
    periodStart: isoDay(row.periodStart),
    periodEnd: isoDay(row.periodEnd),
    periodLabel: row.periodLabel,
    revision: row.revision,
    revenue: moneyOf(row.revenue),
    targetCost: moneyOrNull(row.targetCost),
    note: row.note,
    submittedBy: row.submittedBy,
    submittedAt: isoInstant(row.submittedAt),
    reviewStatus: row.reviewStatus,
    reviewedBy: row.reviewedBy,
    reviewedAt: instantOrNull(row.reviewedAt),
    reviewNote: row.reviewNote,
  };
}

export function toFinancialReturnWithLines(
  row: FinancialReturnRow & { lines: FinancialReturnLineRow[] },
): FinancialReturnWithLines {
  return {
    ...toFinancialReturn(row),
    lines: row.lines.map((l) => ({
      lineNo: l.lineNo,
      category: l.category,
      description: l.description,
      amount: moneyOf(l.amount),
      allowable: l.allowable,
    })),
  };
}

export function toFinancialReturnReview(row: FinancialReturnReviewRow): FinancialReturnReview {
  return {
    partnershipId: row.partnershipId,
    id: row.id,
    returnId: row.returnId,
    event: row.event,
    actorId: row.actorId,
    note: row.note,
    migrated: row.migrated,
    occurredAt: isoInstant(row.occurredAt),
  };
}

/** A stored new revision: its quarter as YYYY-MM-DD, money as decimal strings. */
export interface NewFinancialReturn {
  providerOrgId: string;
  periodStart: string;
  periodEnd: string;
  periodLabel: string;
  revenue: string;
  targetCost?: string | null;
  note?: string | null;
  submittedBy?: string | null;
  /** submitted, or resubmitted when it answers a query (the default: submitted). */
  reviewStatus?: ReturnReviewStatus;
  lines: {
    category: CostCategory;
    description?: string | null;
    amount: string;
    allowable?: boolean;
  }[];
}
