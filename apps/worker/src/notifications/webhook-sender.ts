import { Inject, Injectable } from '@nestjs/common';
import type { ClaimedNotification } from '@ol/persistence';
import { WorkerConfig } from '../config/worker.config';
import { signWebhook } from './webhook-signature';

export type DeliveryOutcome =
  { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

/** The JSON body receivers get. Stable for a notification: retries send the same bytes. */
export function webhookBody(n: ClaimedNotification): string {
  return JSON.stringify({
    id: n.id,
    type: n.eventType,
    key: n.eventKey,
    partnershipId: n.partnershipId,
    occurredAt: n.createdAt.toISOString(),
    data: n.payload,
  });
}

/**
 * One HTTP attempt: POST the signed body; 2xx is delivered, anything else (3xx included: redirects
 * are not followed), a network error or no answer within NOTIFY_TIMEOUT_MS is a failed attempt.
 */
@Injectable()
export class WebhookSender {
  constructor(@Inject(WorkerConfig) private readonly config: WorkerConfig) {}

  async send(n: ClaimedNotification, now = Date.now()): Promise<DeliveryOutcome> {
    const body = webhookBody(n);
    const timestamp = Math.floor(now / 1000);
    try {
      const res = await fetch(n.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.NOTIFY_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'OutcomesLedger-Webhooks/1',
          'x-ol-event': n.eventType,
          'x-ol-delivery': n.id,
          'x-ol-timestamp': String(timestamp),
          'x-ol-signature': signWebhook(n.secret, timestamp, body),
        },
        body,
      });
      // The answer's body is not used; drain it so the connection can be reused.
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return { ok: true, statusCode: res.status };
      return { ok: false, statusCode: res.status, error: `HTTP ${res.status}` };
    } catch (error) {
      return { ok: false, statusCode: null, error: describe(error, this.config.NOTIFY_TIMEOUT_MS) };
    }
  }
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message;
    return detail ? `${error.message}: ${detail}` : error.message;
  }
  return String(error);
}
