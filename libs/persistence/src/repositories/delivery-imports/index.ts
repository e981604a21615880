export { DeliveryImportRepository, RECEIVING_SILENT_AFTER_MS } from './delivery-import.repository';
export {
  CommitInterruptedError,
  ImportAbandonedError,
  ImportNoLongerReceivingError,
  ImportPeriodLockedError,
} from './errors';
export { StagingLoad, stagingSliceOf, stagingTableOf, type StagingOptions } from './staging-load';
export type {
  CommitOptions,
  CommitResult,
  DeliveryImportFilter,
  DuplicateRef,
  ImportRowError,
  NewDeliveryImport,
  RejectedFile,
} from './types';
