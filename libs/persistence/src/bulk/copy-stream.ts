import { once } from 'node:events';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Writable } from 'node:stream';

/**
 * Writes text to a `COPY ... FROM STDIN` on one pooled client, in batches: callers append rows
 * with `append`/`push` and the batcher sends about `batchBytes` at a time, waiting for the socket to drain
 * (backpressure), so memory stays flat whatever the size of the input.
 */
export class CopyBatcher {
  private buffer = '';
  private rows = 0;
  private readonly stream: Writable & { rowCount: number };
  private readonly finished: Promise<void>;
  private failure: Error | undefined;

  constructor(
    client: PoolClient,
    sql: string,
    private readonly batchBytes = 64 * 1024,
  ) {
    this.stream = client.query(copyFrom(sql));
    this.finished = new Promise<void>((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', (e: Error) => {
        this.failure = e;
        reject(e);
      });
    });
    // Errors surface through `end()`/`push()`; never as an unhandled rejection.
    this.finished.catch(() => undefined);
  }

  /** Rows appended so far (including those still in the buffer). */
  get count(): number {
    return this.rows;
  }

  /**
   * Appends one formatted row (without its newline) to the buffer; returns true when the buffer
   * holds a full batch and the caller should `flush()` (and wait for it) before going on.
   */
  append(row: string): boolean {
    this.buffer += row + '\n';
    this.rows++;
    return this.buffer.length >= this.batchBytes;
  }

  /** Appends one formatted row (without its newline). Resolves at once unless a flush waits. */
  push(row: string): Promise<void> | undefined {
    this.buffer += row + '\n';
    this.rows++;
    return this.buffer.length >= this.batchBytes ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) {
      await Promise.race([once(this.stream, 'drain'), this.finished]);
    }
  }

  /** Sends what is left and ends the COPY; resolves with the server's row count. */
  async end(): Promise<number> {
    await this.flush();
    this.stream.end();
    await this.finished;
    return this.stream.rowCount;
  }

  /** Abandons the COPY (the server rolls it back); safe to call more than once. */
  async abort(reason: Error): Promise<void> {
    if (this.stream.destroyed) return;
    this.stream.destroy(reason);
    await this.finished.catch(() => undefined);
  }
}
