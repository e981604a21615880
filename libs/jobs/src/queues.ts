/**
 * The contract both sides of Redis share: queue names, job names and payloads. Payloads carry
 * ids only; Redis keeps them in clear text, so no open-book figures or personal data go there.
 */
export const QueueName = {
  /** Housekeeping: heartbeats, idempotency-key expiry. */
  System: 'system',
  /** Bulk delivery-data imports: validate staged rows and move them in one transaction. */
  Imports: 'imports',
  /** Social value reports (one job per job run). */
  Reports: 'reports',
  /** Open-book surplus-share evaluations and triggers (one job per job run). */
  Finance: 'finance',
  /** Documents rendered from stored figures: board packs (one job per job run). */
  Documents: 'documents',
  /** Webhook and email deliveries from the outboxes; reminders and escalations. */
  Notifications: 'notifications',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  Heartbeat: 'heartbeat',
  PurgeIdempotencyKeys: 'purge-idempotency-keys',
  CommitDeliveryImport: 'commit-delivery-import',
  ProduceReport: 'produce-report',
  EvaluateShare: 'evaluate-share',
  RenderBoardPack: 'render-board-pack',
  DeliverNotifications: 'deliver-notifications',
  /** Enqueues job runs that are pending or overdue (a crash between commit and enqueue). */
  ReconcileRuns: 'reconcile-runs',
  /** At each quarter end: creates report runs for partnerships whose quarter just ended. */
  ScheduleQuarterReports: 'schedule-quarter-reports',
  /** Enqueues an evaluation of reminders for each partnership with a reminder policy. */
  ScanReminders: 'scan-reminders',
  /** Sends the reminder and escalation steps due for one partnership, each once. */
  EvaluateReminders: 'evaluate-reminders',
  /** Sends due emails from the email outbox over SMTP. */
  DeliverEmails: 'deliver-emails',
  /** Closes the quarters due to close automatically (partnerships with the setting). */
  AutoClosePeriods: 'auto-close-periods',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** The jobs that carry a run of the outbox (ids only: the run row holds the parameters). */
export type RunJobName =
  typeof JobName.ProduceReport | typeof JobName.EvaluateShare | typeof JobName.RenderBoardPack;

/** Which queue each job runs on; the worker checks at start-up that each has one handler. */
export const jobQueue: Record<JobName, QueueName> = {
  [JobName.Heartbeat]: QueueName.System,
  [JobName.PurgeIdempotencyKeys]: QueueName.System,
  [JobName.CommitDeliveryImport]: QueueName.Imports,
  [JobName.ProduceReport]: QueueName.Reports,
  [JobName.EvaluateShare]: QueueName.Finance,
  [JobName.RenderBoardPack]: QueueName.Documents,
  [JobName.DeliverNotifications]: QueueName.Notifications,
  [JobName.ReconcileRuns]: QueueName.System,
  [JobName.ScheduleQuarterReports]: QueueName.System,
  [JobName.ScanReminders]: QueueName.Notifications,
  [JobName.EvaluateReminders]: QueueName.Notifications,
  [JobName.DeliverEmails]: QueueName.Notifications,
  [JobName.AutoClosePeriods]: QueueName.System,
};

export interface JobPayloads {
  [JobName.Heartbeat]: { requestedAt: string; holdMs?: number };
  [JobName.PurgeIdempotencyKeys]: { olderThanHours?: number };
  [JobName.CommitDeliveryImport]: { partnershipId: string; importId: string };
  /** Ids only: the run row in PostgreSQL holds the parameters. */
  [JobName.ProduceReport]: { partnershipId: string; runId: string };
  [JobName.EvaluateShare]: { partnershipId: string; runId: string };
  [JobName.RenderBoardPack]: { partnershipId: string; runId: string };
  /** Deliver due notifications (all partnerships, or one). */
  [JobName.DeliverNotifications]: { partnershipId?: string };
  [JobName.ReconcileRuns]: Record<string, never>;
  /** 1-12: partnerships whose financial year starts that month; 0: every partnership. */
  [JobName.ScheduleQuarterReports]: { fyStartMonth: number };
  [JobName.ScanReminders]: Record<string, never>;
  [JobName.EvaluateReminders]: { partnershipId: string };
  [JobName.DeliverEmails]: Record<string, never>;
  /** Today comes from the worker's clock; a second run the same day closes nothing new. */
  [JobName.AutoClosePeriods]: Record<string, never>;
}

/**
 * The evaluation of a partnership's reminders for one scan: the same id for every scan in the same
 * interval, so scans that overlap add one job (an evaluation that runs twice still sends once).
 */
export const evaluateRemindersJobId = (partnershipId: string, bucket: number): string =>
  `reminders-${partnershipId}-${bucket}`;

/** The commit job of a delivery import (deterministic: at most one per import). */
export const commitJobId = (importId: string): string => `delivery-import-${importId}`;

/** Default options: retried with exponential backoff; failed jobs kept for inspection. */
export const defaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;

/**
 * BullMQ job id of a "deliver now" kick for a partnership: the same for every kick in a short
 * time bucket, so a burst of events adds one job. Enqueue with `removeOnComplete: true` so the
 * next bucket (or the same one, once the job has run) can kick again.
 */
export function deliverNotificationsJobId(
  partnershipId: string,
  now = Date.now(),
  bucketMs = 1_000,
): string {
  return `notify-${partnershipId}-${Math.floor(now / bucketMs)}`;
}
