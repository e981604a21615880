import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import {
  JobName,
  JobProducer,
  QueueName,
  evaluateRemindersJobId,
  type JobPayloads,
} from '@ol/jobs';
import {
  NotificationRepository,
  ReminderRepository,
  type ClaimedNotification,
} from '@ol/persistence';
import type { Job } from 'bullmq';
import { WorkerConfig } from '../config/worker.config';
import { retryDelayMs } from '../notifications/retry-backoff';
import { WebhookSender } from '../notifications/webhook-sender';
import { EmailDelivery } from '../notifications/email-delivery';
import { ReminderEvaluator } from '../reminders/reminder-evaluator.service';

/** A delivery job stops claiming new batches after this long; the schedule brings it back. */
const JOB_BUDGET_MS = 20_000;
/** How long a claimed notification stays out of other workers' reach beyond the request timeout. */
const LEASE_MARGIN_MS = 30_000;

type DeliverJob = Job<JobPayloads[typeof JobName.DeliverNotifications]>;

export interface DeliveryTally {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * Delivers the notification outbox to webhooks (see the webhooks module of the API and
 * docs/adr/0006-notification-outbox.md). Claims due rows in batches (FOR UPDATE SKIP LOCKED and
 * a lease, so workers never send the same row at once), sends each signed, records the outcome,
 * and loops until nothing is due or its time budget is spent. At least once: a worker that dies
 * between the receiver's answer and the database write sends that notification again when its
 * lease ends; receivers dedupe on X-OL-Delivery.
 */
@Processor(QueueName.Notifications)
export class NotificationProcessor extends WorkerHost implements OnModuleInit, OnModuleDestroy {
  static readonly handles = [
    JobName.DeliverNotifications,
    JobName.ScanReminders,
    JobName.EvaluateReminders,
    JobName.DeliverEmails,
  ] as const;
  private readonly logger = new Logger(NotificationProcessor.name);
  private stopping = false;

  constructor(
    @Inject(WorkerConfig) private readonly config: WorkerConfig,
    private readonly notifications: NotificationRepository,
    private readonly sender: WebhookSender,
    private readonly reminders: ReminderRepository,
    private readonly evaluator: ReminderEvaluator,
    private readonly emails: EmailDelivery,
    private readonly producer: JobProducer,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
  }

  /** On shutdown: finish the batch in hand, claim no more (the worker then closes). */
  onModuleDestroy(): void {
    this.stopping = true;
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.DeliverNotifications:
        return this.deliver(job as DeliverJob);
      case JobName.ScanReminders:
        return this.scanReminders();
      case JobName.EvaluateReminders: {
        const data = job.data as JobPayloads[typeof JobName.EvaluateReminders];
        return this.evaluator.evaluate(data.partnershipId);
      }
      case JobName.DeliverEmails:
        return this.emails.deliver();
      default:
        throw new Error(`No handler for job ${job.name} on queue ${QueueName.Notifications}`);
    }
  }

  /**
   * One evaluation job per partnership with a reminder policy, with an id per scan interval: scans
   * that overlap (two workers, a catch-up) add one job each interval. Partnerships are evaluated in
   * parallel across workers; each step is still sent once (ReminderSender).
   */
  private async scanReminders(): Promise<{ partnerships: number }> {
    const ids = await this.reminders.partnershipsToRemind();
    const bucket = Math.floor(Date.now() / (this.config.REMINDER_INTERVAL_SECONDS * 1_000));
    for (const partnershipId of ids) {
      await this.producer.enqueue(
        JobName.EvaluateReminders,
        { partnershipId },
        { jobId: evaluateRemindersJobId(partnershipId, bucket), removeOnComplete: true },
      );
    }
    return { partnerships: ids.length };
  }

  private async deliver(job: DeliverJob): Promise<DeliveryTally> {
    const tally: DeliveryTally = { delivered: 0, retrying: 0, failed: 0 };
    const deadline = Date.now() + JOB_BUDGET_MS;
    const leaseMs = this.config.NOTIFY_TIMEOUT_MS + LEASE_MARGIN_MS;
    while (!this.stopping && Date.now() < deadline) {
      const batch = await this.notifications.claimDue(
        this.config.NOTIFY_BATCH_SIZE,
        leaseMs,
        job.data.partnershipId,
      );
      if (batch.length === 0) break;
      const results = await Promise.allSettled(batch.map((n) => this.deliverOne(n)));
      for (const r of results) if (r.status === 'fulfilled') tally[r.value] += 1;
      // A database error: the job fails and BullMQ retries it; the rows concerned are still
      // leased and fall due again when the lease ends.
      const failure = results.find((r) => r.status === 'rejected');
      if (failure) throw failure.reason;
    }
    if (tally.delivered + tally.retrying + tally.failed > 0)
      this.logger.log({ jobId: job.id, ...tally }, 'notifications delivered');
    return tally;
  }

  private async deliverOne(n: ClaimedNotification): Promise<keyof DeliveryTally> {
    const outcome = await this.sender.send(n);
    if (outcome.ok) {
      await this.notifications.markDelivered(n.partnershipId, n.id, outcome.statusCode);
      return 'delivered';
    }
    const result = await this.notifications.markFailedAttempt(n.partnershipId, n.id, {
      error: outcome.error,
      statusCode: outcome.statusCode,
      maxAttempts: this.config.NOTIFY_MAX_ATTEMPTS,
      retryInMs: retryDelayMs(
        n.attempts,
        this.config.NOTIFY_BACKOFF_BASE_MS,
        this.config.NOTIFY_BACKOFF_MAX_MS,
      ),
    });
    const failed = result?.status === 'failed';
    this.logger.warn(
      {
        notificationId: n.id,
        webhookId: n.webhookId,
        attempts: result?.attempts,
        error: outcome.error,
      },
      failed ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry',
    );
    return failed ? 'failed' : 'retrying';
  }
}
