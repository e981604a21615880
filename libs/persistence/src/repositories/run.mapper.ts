import type { RunKind, RunStatus } from '../enums';
import type { JsonValue } from '../json';
import type { JobRun as JobRunRow } from '../prisma-client';
import { instantOrNull, isoInstant } from '../util/dates';

/** A job run as callers read it: instants as ISO strings, its parameters as stored JSON. */
export interface JobRun {
  partnershipId: string;
  id: string;
  kind: RunKind;
  dedupeKey: string;
  status: RunStatus;
  /** The run's parameters (libs/jobs RunParams of its kind). */
  params: JsonValue;
  attempts: number;
  progress: number;
  resultRef: string | null;
  error: string | null;
  requestedBy: string | null;
  /** When it may start (a debounced run's deadline). */
  notBefore: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A Prisma row, or a raw row with the same columns (RUN_COLUMNS): timestamps as Dates. */
export function toJobRun(row: JobRunRow): JobRun {
  return {
    partnershipId: row.partnershipId,
    id: row.id,
    kind: row.kind,
    dedupeKey: row.dedupeKey,
    status: row.status,
    params: row.params,
    attempts: row.attempts,
    progress: row.progress,
    resultRef: row.resultRef,
    error: row.error,
    requestedBy: row.requestedBy,
    notBefore: isoInstant(row.notBefore),
    createdAt: isoInstant(row.createdAt),
    startedAt: instantOrNull(row.startedAt),
    finishedAt: instantOrNull(row.finishedAt),
  };
}
