import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { withTimeout } from '@ol/jobs';
import { PrismaService } from '@ol/persistence';
import Redis from 'ioredis';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkerConfig } from './config/worker.config';

const CHECK_MS = 900;

/**
 * The worker's own health endpoint (it has no HTTP API): GET /health → 200 when PostgreSQL and
 * Redis answer, 503 otherwise, as JSON. For container health checks and orchestrators.
 */
@Injectable()
export class WorkerHealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;
  private readonly logger = new Logger('WorkerHealth');
  private shuttingDown = false;

  constructor(
    @Inject(WorkerConfig) private readonly config: WorkerConfig,
    private readonly prisma: PrismaService,
  ) {}

  private redis?: Redis;

  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async check(): Promise<{
    status: 'ok' | 'error';
    postgres: string;
    redis: string;
    shuttingDown: boolean;
  }> {
    // Bounded like the API's readiness: a frozen dependency is "down" within 2 s, not a hang.
    const postgres = await withTimeout(this.prisma.$queryRaw`SELECT 1`, CHECK_MS, 'SELECT 1').then(
      () => 'up',
      (e: Error) => `down: ${e.message}`,
    );
    const redis = await withTimeout(this.connection().ping(), CHECK_MS, 'PING').then(
      () => 'up',
      (e: Error) => `down: ${e.message}`,
    );
    const ok = postgres === 'up' && redis === 'up' && !this.shuttingDown;
    return { status: ok ? 'ok' : 'error', postgres, redis, shuttingDown: this.shuttingDown };
  }

  /** Its own connection, opened at start-up; a command while Redis is away fails at once. */
  private connection(): Redis {
    this.redis ??= new Redis(this.config.REDIS_URL, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
    }).on('error', () => undefined);
    return this.redis;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.WORKER_HEALTH_PORT < 0) return;
    this.connection();
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url !== '/health' && req.url !== '/ready')) {
        res
          .writeHead(404, { 'content-type': 'application/problem+json' })
          .end(JSON.stringify({ type: '/problems/not-found', title: 'Not found', status: 404 }));
        return;
      }
      this.check().then(
        (result) =>
          res
            .writeHead(result.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' })
            .end(JSON.stringify(result)),
        () => res.writeHead(503).end(),
      );
    });
    await new Promise<void>((resolve) =>
      this.server!.listen(this.config.WORKER_HEALTH_PORT, '0.0.0.0', resolve),
    );
    this.logger.log(`worker health on :${this.port}/health`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    this.redis?.disconnect();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
