import { Client } from 'pg';

export interface NotifyListenerOptions {
  connectionString: string;
  channel: string;
  applicationName?: string;
  /** A notification arrived on the channel (its transaction committed). */
  onNotify(payload: string | undefined): void;
  /** The connection was lost or could not be made: notifications may have been missed. */
  onLost(error: unknown): void;
  /** The LISTEN is in place (first time or after a reconnect). */
  onListening(): void;
  /** Wait before reconnecting (ms). */
  retryMs?: number;
}

/**
 * A dedicated PostgreSQL connection that LISTENs on one channel and reconnects when it drops.
 * Not from the pool: a pooled connection may be handed to a transaction and its LISTEN lost.
 * Callers must treat the time between `onLost` and the next `onListening` as "changes unknown".
 */
export class NotifyListener {
  private client: Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly options: NotifyListenerOptions) {}

  /** Connects and listens; resolves once listening or after the first failure (it keeps trying). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.options.connectionString,
      application_name: this.options.applicationName ?? 'outcomes-ledger-listen',
      keepAlive: true,
    });
    let lost = false;
    const onLost = (error: unknown) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.options.onLost(error);
      this.retry = setTimeout(() => void this.connect(), this.options.retryMs ?? 1_000);
      this.retry.unref();
    };
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('connection ended')));
    client.on('notification', (msg) => {
      if (msg.channel === this.options.channel) this.options.onNotify(msg.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdent(this.options.channel)}`);
      if (this.stopped || lost) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.options.onListening();
    } catch (error) {
      onLost(error);
    }
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
