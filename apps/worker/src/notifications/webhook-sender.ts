import { Inject, Injectable } from '@nestjs/common';
import { checkWebhookUrl, egressPolicyOf, type EgressPolicy, type UrlVerdict } from '@ol/egress';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
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
 * The URL is checked again first (a name may resolve to a private address since it was
 * registered) and the connection goes only to an address that check allowed. What is stored of a
 * failure says no more than a status class or "connection failed": never a socket error that
 * would tell an admin what listens where.
 */
@Injectable()
export class WebhookSender {
  private readonly egress: EgressPolicy;

  constructor(@Inject(WorkerConfig) private readonly config: WorkerConfig) {
    this.egress = egressPolicyOf(config);
  }

  async send(n: ClaimedNotification, now = Date.now()): Promise<DeliveryOutcome> {
    const verdict = await checkWebhookUrl(n.url, this.egress, true);
    if (!verdict.ok)
      return { ok: false, statusCode: null, error: `refused: the URL ${verdict.reason}` };
    const body = webhookBody(n);
    const timestamp = Math.floor(now / 1000);
    try {
      const status = await post(verdict, this.config.NOTIFY_TIMEOUT_MS, body, {
        'content-type': 'application/json',
        'user-agent': 'OutcomesLedger-Webhooks/1',
        'x-ol-event': n.eventType,
        'x-ol-delivery': n.id,
        'x-ol-timestamp': String(timestamp),
        'x-ol-signature': signWebhook(n.secret, timestamp, body),
      });
      if (status >= 200 && status < 300) return { ok: true, statusCode: status };
      return { ok: false, statusCode: status, error: `HTTP ${Math.floor(status / 100)}xx` };
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      return {
        ok: false,
        statusCode: null,
        error: timedOut
          ? `no answer within ${this.config.NOTIFY_TIMEOUT_MS} ms`
          : 'connection failed',
      };
    }
  }
}

/** POSTs to the checked URL, connecting to its first checked address; resolves the status. */
function post(
  target: Extract<UrlVerdict, { ok: true }>,
  timeoutMs: number,
  body: string,
  headers: Record<string, string>,
): Promise<number> {
  const address = target.addresses[0];
  const family = isIP(address);
  // Pinned: whatever the name resolves to now, the socket goes to the address checked.
  const lookup = (
    _host: string,
    options: { all?: boolean },
    done: (...args: unknown[]) => void,
  ): void => {
    if (options?.all) done(null, [{ address, family }]);
    else done(null, address, family);
  };
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target.url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: lookup as never,
        servername: isIP(target.host) ? undefined : target.host,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        // The answer's body is not used; drain it so the connection can be reused.
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', reject);
      },
    );
    req.once('error', (error: Error) =>
      reject(error.name === 'AbortError' ? Object.assign(error, { name: 'TimeoutError' }) : error),
    );
    req.end(body);
  });
}
