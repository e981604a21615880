/**
 * The contract both sides of Redis share: queue names, job names and payloads. Payloads carry
 * ids only; Redis keeps them in clear text, so no open-book figures or personal data go there.
 */
export const QueueName = {
  /** Housekeeping: heartbeats, idempotency-key expiry. */
  System: 'system',
  /** Bulk delivery-data imports: validate staged rows and move them in one transaction. */
  Imports: 'imports',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  Heartbeat: 'heartbeat',
  PurgeIdempotencyKeys: 'purge-idempotency-keys',
  CommitDeliveryImport: 'commit-delivery-import',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

/** Which queue each job runs on; the worker checks at start-up that each has one handler. */
export const jobQueue: Record<JobName, QueueName> = {
  [JobName.Heartbeat]: QueueName.System,
  [JobName.PurgeIdempotencyKeys]: QueueName.System,
  [JobName.CommitDeliveryImport]: QueueName.Imports,
};

export interface JobPayloads {
  [JobName.Heartbeat]: { requestedAt: string; holdMs?: number };
  [JobName.PurgeIdempotencyKeys]: { olderThanHours?: number };
  [JobName.CommitDeliveryImport]: { partnershipId: string; importId: string };
}

/** Default options: retried with exponential backoff; failed jobs kept for inspection. */
export const defaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
} as const;
