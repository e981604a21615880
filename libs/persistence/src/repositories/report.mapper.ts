import type { ReportScope, ReportStatus } from '../enums';
import type { JsonValue } from '../json';
import type { Report as ReportRow } from '../prisma-client';
import { isoDay, isoInstant } from '../util/dates';

/** A stored report version as callers read it: its period as YYYY-MM-DD, issued at an ISO instant. */
export interface Report {
  partnershipId: string;
  id: string;
  scope: ReportScope;
  periodLabel: string;
  periodStart: string;
  periodEnd: string;
  version: number;
  fingerprint: string;
  /** The figures as stored (ReportFigures). */
  figures: JsonValue;
  /** The totals and per-outcome figures a restatement compares, written with the version. */
  compared: JsonValue | null;
  /** What changed since the previous version (ReportChanges); null for a first version. */
  changes: JsonValue | null;
  restatesId: string | null;
  runId: string | null;
  /** provisional: produced before its window ended. */
  status: ReportStatus;
  createdAt: string;
}

/** A version without its figures (lists). */
export type ReportSummary = Omit<Report, 'figures'>;

/** A report's key: scope and period (YYYY-MM-DD). */
export interface ReportKey {
  scope: ReportScope;
  periodStart: string;
  periodEnd: string;
}

export function toReportSummary(row: Omit<ReportRow, 'figures'>): ReportSummary {
  return {
    partnershipId: row.partnershipId,
    id: row.id,
    scope: row.scope,
    periodLabel: row.periodLabel,
    periodStart: isoDay(row.periodStart),
    periodEnd: isoDay(row.periodEnd),
    version: row.version,
    fingerprint: row.fingerprint,
    compared: row.compared,
    changes: row.changes,
    restatesId: row.restatesId,
    runId: row.runId,
    status: row.status,
    createdAt: isoInstant(row.createdAt),
  };
}

export function toReport(row: ReportRow): Report {
  return { ...toReportSummary(row), figures: row.figures };
}
