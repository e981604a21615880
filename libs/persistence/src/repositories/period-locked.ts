import { ImportPeriodLockedError } from './delivery-imports/errors';

const PATTERN = /period-locked: (.+?) (?:is|are) closed/;

interface ErrorLike {
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: { cause?: { originalMessage?: unknown; message?: unknown } } };
}

/**
 * The closed quarters a refused write names, when `error` is the refusal of a write into a closed
 * quarter: the database's own guard (SQLSTATE OLPL1, "period-locked: 2026-27 Q1 is closed"),
 * whether pg's error or Prisma's wrapping of it, or an import's commit. Null for any other error.
 */
export function periodLockedQuarters(error: unknown): string[] | null {
  if (error instanceof ImportPeriodLockedError) return [...error.quarters];
  const e = (error ?? {}) as ErrorLike;
  const cause = e.meta?.driverAdapterError?.cause;
  for (const text of [cause?.originalMessage, cause?.message, e.message]) {
    const match = typeof text === 'string' ? PATTERN.exec(text) : null;
    if (match) return match[1].split(', ');
  }
  return null;
}
