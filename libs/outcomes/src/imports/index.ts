/** libs/outcomes' imports: exported through the package index (src/index.ts). */

export {
  ACTIVE_IMPORT_STATUSES,
  IMPORT_STATUSES,
  ImportTransitionError,
  assertImportTransition,
  canMoveImport,
  importStatusesInto,
  isAbandonedImport,
  isActiveImport,
  type DeliveryImportStatus,
} from './import-status';
