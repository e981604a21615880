import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { EmailRepository, type ClaimedEmail } from '@ol/persistence';
import { createTransport, type Transporter } from 'nodemailer';
import { WorkerConfig } from '../config/worker.config';
import { retryDelayMs } from './retry-backoff';

/** A delivery job stops claiming new batches after this long; the schedule brings it back. */
const JOB_BUDGET_MS = 20_000;
/** How long a claimed email stays out of other workers' reach beyond the SMTP timeout. */
const LEASE_MARGIN_MS = 30_000;

export interface EmailTally {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Sends the email outbox over SMTP (nodemailer, SMTP_URL), as the webhook outbox is delivered:
 * due rows claimed in batches with a lease, each sent, the outcome recorded; failures retried
 * with the webhook backoff settings (NOTIFY_*), `failed` after NOTIFY_MAX_ATTEMPTS. At least once:
 * a worker that dies between the server's acceptance and the database write sends it again; the
 * Message-ID (the row's id) is the same each time, so mail systems can tell.
 */
@Injectable()
export class EmailDelivery implements OnModuleDestroy {
  private readonly logger = new Logger(EmailDelivery.name);
  private transport: Transporter | null = null;
  private stopping = false;

  constructor(
    @Inject(WorkerConfig) private readonly config: WorkerConfig,
    private readonly emails: EmailRepository,
  ) {}

  onModuleDestroy(): void {
    this.stopping = true;
    this.transport?.close();
  }

  async deliver(): Promise<EmailTally> {
    const tally: EmailTally = { sent: 0, retrying: 0, failed: 0 };
    if (!this.config.SMTP_URL) return tally;
    const deadline = Date.now() + JOB_BUDGET_MS;
    while (!this.stopping && Date.now() < deadline) {
      const batch = await this.emails.claimDue(
        this.config.NOTIFY_BATCH_SIZE,
        this.config.NOTIFY_TIMEOUT_MS * 3 + LEASE_MARGIN_MS,
      );
      if (batch.length === 0) break;
      const results = await Promise.allSettled(batch.map((e) => this.sendOne(e)));
      for (const r of results) if (r.status === 'fulfilled') tally[r.value] += 1;
      const failure = results.find((r) => r.status === 'rejected');
      if (failure) throw failure.reason;
    }
    if (tally.sent + tally.retrying + tally.failed > 0) this.logger.log(tally, 'emails delivered');
    return tally;
  }

  private async sendOne(email: ClaimedEmail): Promise<keyof EmailTally> {
    try {
      await this.transporter().sendMail({
        from: this.config.EMAIL_FROM,
        to: email.toAddress,
        subject: email.subject,
        text: email.body,
        messageId: `<${email.id}@outcomes-ledger>`,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const status = await this.emails.markFailedAttempt(email.partnershipId, email.id, {
        error: message,
        maxAttempts: this.config.NOTIFY_MAX_ATTEMPTS,
        retryInMs: retryDelayMs(
          email.attempts,
          this.config.NOTIFY_BACKOFF_BASE_MS,
          this.config.NOTIFY_BACKOFF_MAX_MS,
        ),
      });
      this.logger.warn({ emailId: email.id, error: message }, 'email not sent');
      return status === 'failed' ? 'failed' : 'retrying';
    }
    await this.emails.markSent(email.partnershipId, email.id);
    return 'sent';
  }

  private transporter(): Transporter {
    this.transport ??= createTransport({
      url: this.config.SMTP_URL,
      connectionTimeout: this.config.NOTIFY_TIMEOUT_MS,
      greetingTimeout: this.config.NOTIFY_TIMEOUT_MS,
      socketTimeout: this.config.NOTIFY_TIMEOUT_MS,
    });
    return this.transport;
  }
}
