import { spawn, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import { freePort, waitFor } from './child-process';

/**
 * A Redis server of the test's own (redis-server from PATH, on a free loopback port, keeping
 * nothing on disk), so a test can stop it, freeze it and empty it without touching the shared one.
 */
export class OwnRedis {
  private child: ChildProcess | undefined;
  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port, empty. */
  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor(() => this.ping(), 10_000, `redis on ${this.port}`);
  }

  /** Stops the server (connections refused until start()). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGCONT'); // a frozen server cannot exit otherwise
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Freezes the server: connections stay open, nothing is answered (SIGSTOP). */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.child?.kill('SIGCONT');
  }

  /** Runs one command on a connection of its own. */
  async command(...args: string[]): Promise<unknown> {
    const client = new Redis(this.url, { maxRetriesPerRequest: 0, lazyConnect: true });
    try {
      await client.connect();
      return await client.call(args[0], ...args.slice(1));
    } finally {
      client.disconnect();
    }
  }

  private async ping(): Promise<true | undefined> {
    return (await this.command('PING').catch(() => null)) === 'PONG' ? true : undefined;
  }
}
