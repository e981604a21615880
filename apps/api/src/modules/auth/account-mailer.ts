import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { ApiConfig } from '../../config/api.config';

/** Timeouts of one SMTP conversation (as the worker's NOTIFY_TIMEOUT_MS default). */
const SMTP_TIMEOUT_MS = 10_000;

/**
 * Emails about a person's account (password reset), sent over the same SMTP server as the
 * worker's email outbox (SMTP_URL, EMAIL_FROM, nodemailer). Not written to the outbox: the
 * message carries a secret (the reset link), which must not rest in a table or in Redis, and it
 * belongs to no partnership. Sent after the request is answered, so the answer's timing does not
 * tell whether the address has an account; a failed send is logged (the person asks again).
 */
@Injectable()
export class AccountMailer implements OnModuleDestroy {
  private readonly logger = new Logger(AccountMailer.name);
  private transport: Transporter | null = null;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly config: ApiConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.SMTP_URL);
  }

  /** Sends in the background; never throws. */
  send(message: { to: string; subject: string; text: string }): void {
    if (!this.enabled) return;
    const sending = this.transporter()
      .sendMail({ from: this.config.EMAIL_FROM, ...message })
      .then(
        () => undefined,
        (error: unknown) => {
          this.logger.warn(
            { error: error instanceof Error ? error.message : String(error) },
            'account email not sent',
          );
        },
      )
      .finally(() => this.pending.delete(sending));
    this.pending.add(sending);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    this.transport?.close();
  }

  private transporter(): Transporter {
    this.transport ??= createTransport({
      url: this.config.SMTP_URL,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
    });
    return this.transport;
  }
}
