import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobName, JobProducer, NotificationKicker } from '@ol/jobs';
import {
  AuditRepository,
  Db,
  EmailRepository,
  NotificationRepository,
  ReminderRepository,
  UserNotificationRepository,
  type PartnershipRole,
} from '@ol/persistence';
import { WorkerConfig } from '../config/worker.config';
import { emailOf, type MessageContext, type StepMessage } from './reminder-messages';

/** A step decided due: what is chased, the step, what it says and to whom. */
export interface DueStep {
  subjectKey: string;
  step: string;
  asOf: string;
  message: StepMessage;
  audience: { roles: PartnershipRole[]; organisationId?: string };
  /** The audit event's entity. */
  entity: { type: string; id: string };
}

const SYSTEM = { userId: null, keyId: null };

/**
 * Sends a step once: in one transaction, takes the step's key (INSERT … ON CONFLICT DO NOTHING)
 * and, only if this call took it, writes its messages: an in-app notification and an email (to
 * the outbox; `not_sent` without SMTP) per recipient by their channels, the webhook outbox rows,
 * and the audit event. Another worker, a retried job or a restarted worker finds the key taken
 * and sends nothing. Delivery (webhooks, SMTP) is kicked after commit.
 */
@Injectable()
export class ReminderSender {
  private readonly logger = new Logger(ReminderSender.name);

  constructor(
    @Inject(WorkerConfig) private readonly config: WorkerConfig,
    private readonly db: Db,
    private readonly reminders: ReminderRepository,
    private readonly inApp: UserNotificationRepository,
    private readonly emails: EmailRepository,
    private readonly webhooks: NotificationRepository,
    private readonly audit: AuditRepository,
    private readonly kicker: NotificationKicker,
    private readonly producer: JobProducer,
  ) {}

  send(partnershipId: string, ctx: MessageContext, due: DueStep): Promise<boolean> {
    const { message } = due;
    return this.db.transaction(async () => {
      const claimed = await this.reminders.claimStep(partnershipId, {
        subjectKey: due.subjectKey,
        step: due.step,
        eventType: message.eventType,
        asOf: due.asOf,
        payload: { title: message.title, ...message.payload },
      });
      if (!claimed) return false;
      const recipients = await this.reminders.recipients(
        partnershipId,
        due.audience.roles,
        due.audience.organisationId,
      );
      const eventKey = `reminder:${due.subjectKey}:${due.step}`;
      await this.inApp.addMany(
        partnershipId,
        recipients
          .filter((r) => r.inApp)
          .map((r) => ({
            userId: r.userId,
            eventType: message.eventType,
            eventKey,
            title: message.title,
            body: message.body,
            link: message.link,
            payload: message.payload,
          })),
      );
      const mailed = recipients.filter((r) => r.emailOn);
      await this.emails.addMany(
        partnershipId,
        mailed.map((r) => ({
          userId: r.userId,
          toAddress: r.email,
          eventType: message.eventType,
          eventKey,
          ...emailOf(ctx, message, r),
        })),
        this.config.SMTP_URL ? 'pending' : 'not_sent',
      );
      await this.webhooks.recordEvent(partnershipId, {
        type: message.eventType,
        key: eventKey,
        payload: { title: message.title, ...message.payload },
      });
      await this.reminders.setRecipients(
        partnershipId,
        due.subjectKey,
        due.step,
        recipients.length,
      );
      await this.audit.record(partnershipId, SYSTEM, {
        action: 'reminder.sent',
        entityType: due.entity.type,
        entityId: due.entity.id,
        details: {
          subjectKey: due.subjectKey,
          step: due.step,
          eventType: message.eventType,
          asOf: due.asOf,
          recipients: recipients.map((r) => r.userId),
        },
      });
      await this.kicker.kick(partnershipId);
      if (mailed.length > 0 && this.config.SMTP_URL) await this.kickEmails();
      return true;
    });
  }

  private async kickEmails(): Promise<void> {
    await this.db.afterCommit(async () => {
      try {
        await this.producer.enqueue(
          JobName.DeliverEmails,
          {},
          { jobId: `emails-${Math.floor(Date.now() / 1_000)}`, removeOnComplete: true },
        );
      } catch (error) {
        this.logger.warn({ err: error }, 'could not kick email delivery; the schedule will');
      }
    });
  }
}
