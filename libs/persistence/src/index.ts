export * from './enums';
export type {
  InputJsonArray,
  InputJsonObject,
  InputJsonValue,
  JsonArray,
  JsonObject,
  JsonValue,
} from './json';
// Rows still as the generated client gives them (Date, Decimal): each moves to a read model with
// its aggregate's mapper (issue 16, item 3), and leaves this list.
export type {
  ApiKey,
  AuditEvent,
  PlatformAuditEvent,
  DeliveryImport,
  Email,
  Notification,
  Organisation,
  User,
  UserNotification,
  Webhook,
} from './prisma-client';
export { Prisma } from './prisma-client';
export { Db, type Tx } from './db';
export { PrismaService } from './prisma.service';
export { createPool, isPoolTimeout } from './pool';
export { NotifyListener, type NotifyListenerOptions } from './notify-listener';
export { PersistenceModule } from './persistence.module';
export {
  migrate,
  readMigrations,
  checksumOf,
  ensureDatabase,
  dropDatabase,
  MigrationError,
} from './migrate/migrator';
export type { MigrateResult, MigrationFile } from './migrate/migrator';
export type { PageRequest, Paged } from './repositories/paging';
export { ApiKeyRepository, type ApiKeyWithUser } from './repositories/api-key.repository';
export {
  SessionRepository,
  type ActiveSession,
  type PendingOidcSignIn,
  type SessionMethod,
} from './repositories/session.repository';
export { CredentialRepository } from './repositories/credential.repository';
export { SignInThrottleRepository } from './repositories/sign-in-throttle.repository';
export {
  AuditRepository,
  recordAuditEvent,
  type Actor,
  type AuditEntry,
} from './repositories/audit.repository';
export {
  IdempotencyRepository,
  type IdempotencyRecord,
} from './repositories/idempotency.repository';
export {
  MemberRepository,
  type MemberWithOrganisation,
  type MemberFilter,
} from './repositories/member.repository';
export {
  OrganisationRepository,
  type OrganisationFilter,
  type NewOrganisation,
} from './repositories/organisation.repository';
export {
  PartnershipRepository,
  type PartnershipFilter,
  type PartnershipData,
} from './repositories/partnership.repository';
export type { Partnership } from './repositories/partnership.mapper';
export { UserRoleRepository, type UserRoleWithUser } from './repositories/user-role.repository';
export { UserRepository, type NewUser } from './repositories/user.repository';
export { OutcomeRepository, type OutcomeFilter } from './repositories/outcome.repository';
export type {
  Outcome,
  OutcomeData,
  OutcomeValuation,
  OutcomeWithValuation,
  Target,
  TargetData,
} from './repositories/outcome.mapper';
export {
  IndexSeriesRepository,
  type IndexImportCounts,
  type IndexSeriesWithValues,
  type NewIndexSeries,
} from './repositories/index-series.repository';
export {
  ProxyRepository,
  VersionOrderError,
  type ProxyResolver,
  proxyResolver,
} from './repositories/proxy.repository';
export type {
  NewProxy,
  OverrideWithProxy,
  PartnershipProxyOverride,
  Proxy,
  ProxyValues,
  ProxyVersion,
  ProxyVersionValues,
  ProxyWithVersions,
  ResolvedProxy,
} from './repositories/proxy.mapper';
export {
  DeliveryRecordRepository,
  type NewDeliveryRecord,
  type DeliveryRecordFilter,
  type KeysetPage,
} from './repositories/delivery-record.repository';
export type { DeliveryRecord, DeliveryRecordReview } from './repositories/delivery-record.mapper';
export {
  ReturnReviewRepository,
  type ReturnReviewChange,
} from './repositories/return-review.repository';
export {
  DeliveryReviewRepository,
  type ReviewChange,
} from './repositories/delivery-review.repository';
export {
  CommitInterruptedError,
  DeliveryImportRepository,
  ImportAbandonedError,
  ImportNoLongerReceivingError,
  ImportPeriodLockedError,
  RECEIVING_SILENT_AFTER_MS,
  StagingLoad,
  stagingSliceOf,
  stagingTableOf,
  type CommitResult,
  type DeliveryImportFilter,
  type DuplicateRef,
  type ImportRowError,
  type NewDeliveryImport,
  type RejectedFile,
} from './repositories/delivery-imports';
export { CopyBatcher } from './bulk/copy-stream';
export { copyText, copyTextOrNull, COPY_NULL } from './bulk/copy-text';
export { RunRepository } from './repositories/run.repository';
export type { JobRun } from './repositories/run.mapper';
export {
  SensitivitySettingsRepository,
  type SensitivitySettingsData,
} from './repositories/sensitivity-settings.repository';
export { FinanceRepository } from './repositories/finance.repository';
export type {
  FinancialReturn,
  FinancialReturnLine,
  FinancialReturnReview,
  FinancialReturnWithLines,
  NewFinancialReturn,
} from './repositories/financial-return.mapper';
export {
  failureOf,
  type CompletedShareEvaluation,
  type NewFailedShareEvaluation,
  type NewShareEvaluation,
  type NewShareRule,
  type ShareEvaluation,
  type ShareEvaluationFailure,
  type ShareRule,
  type ShareState,
  type StoredPartyPosition,
} from './repositories/share-evaluation.mapper';
export type {
  NewShareTrigger,
  ShareAdjustment,
  ShareSettlement,
  ShareTrigger,
} from './repositories/share-trigger.mapper';
export {
  ShareLedgerRepository,
  ledgerInputOf,
  type LedgerKey,
  type LedgerRecords,
  type NewShareAdjustment,
  type NewShareSettlement,
} from './repositories/share-ledger.repository';
export { ReportRepository, type ReportTrendRow } from './repositories/report.repository';
export type { Report, ReportKey, ReportSummary } from './repositories/report.mapper';
export { ReportInputsRepository } from './repositories/report-inputs.repository';
export type {
  QuarterAggregate,
  EffectiveAggregate,
  DeliveryStatusName,
  PriorVersions,
  ReportReads,
  ReportOutcome,
  ReportTarget,
} from './repositories/report-reads';
export { stableStringify } from './util/stable-json';
export { groupBy } from './util/group-by';
export {
  NotificationRepository,
  NotificationEventType,
  NOTIFICATION_EVENT_TYPES,
  type ClaimedNotification,
  type NotificationEvent,
  type NotificationFilter,
} from './repositories/notification.repository';
export {
  WebhookRepository,
  type NewWebhook,
  type WebhookChanges,
  type WebhookFilter,
} from './repositories/webhook.repository';
export { CalendarRepository, type Holiday } from './repositories/calendar.repository';
export {
  PeriodLockRepository,
  type AutoCloseSetting,
  type AutoClosingPartnership,
  type LockedQuarter,
  type PeriodLockEventView,
  type PeriodLockView,
} from './repositories/period-lock.repository';
export { periodLockedQuarters } from './repositories/period-locked';
export {
  BoardPackRepository,
  type BoardPackInfo,
  type BoardPackViewName,
} from './repositories/board-pack.repository';
export {
  SignOffRepository,
  type ReviewDecisionView,
  type ReviewRoundView,
  type SignedOffVersion,
  type SignOffRuleView,
} from './repositories/sign-off.repository';
export {
  ObligationRepository,
  type DeliveryCoverage,
  type ObligationWindow,
  type ObligedOutcome,
  type ObligedProvider,
  type ReturnRevisions,
} from './repositories/obligation.repository';
export {
  ReminderRepository,
  type NewReminderStep,
  type OpenTrigger,
  type Recipient,
  type UnansweredDispute,
} from './repositories/reminder.repository';
export {
  UserNotificationRepository,
  type NewUserNotification,
  type NotificationChannels,
  type NotificationReader,
} from './repositories/user-notification.repository';
export { EmailRepository, type ClaimedEmail, type NewEmail } from './repositories/email.repository';
