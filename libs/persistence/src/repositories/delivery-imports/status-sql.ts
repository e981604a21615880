import {
  ACTIVE_IMPORT_STATUSES,
  importStatusesInto,
  type DeliveryImportStatus,
} from '@ol/outcomes';
import { Prisma } from '../../prisma-client';

/**
 * `<column> IN ('a', 'b')` as literal SQL (the statuses are libs/outcomes' fixed names, never
 * input): a literal list lets PostgreSQL match the partial unique index on active imports.
 */
export function statusInText(statuses: readonly DeliveryImportStatus[], column = 'status'): string {
  if (statuses.length === 0) throw new Error('no import status to match');
  return `${column} IN (${statuses.map((s) => `'${s}'`).join(', ')})`;
}

/** The guard of a move into `to`: the statuses the transition table lets it come from. */
export function movableInto(to: DeliveryImportStatus, column?: string): Prisma.Sql {
  return Prisma.raw(statusInText(importStatusesInto(to), column));
}

/** Receiving, queued or running: the import has not ended. */
export function isActiveSql(column?: string): Prisma.Sql {
  return Prisma.raw(statusInText(ACTIVE_IMPORT_STATUSES, column));
}
