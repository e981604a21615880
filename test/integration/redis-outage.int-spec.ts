import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@ol/config';
import { bullConnection, QueueName, jobIdForRun } from '@ol/jobs';
import { PrismaService } from '@ol/persistence';
import { Queue } from 'bullmq';
import request from 'supertest';
import { WorkerConfig } from '../../apps/worker/src/config/worker.config';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createProviderPartnership, createUserWithKey } from '../factories';
import { waitFor } from '../setup/child-process';
import { OwnRedis } from '../setup/own-redis';
import { createTestApp, truncateAll } from '../setup/test-app';

/**
 * The API never waits on Redis inside a request: the run row written in the request's
 * transaction is the promise, enqueueing after commit is bounded by REDIS_TIMEOUT_MS, and the
 * reconciler enqueues what did not make it. The test runs its own Redis on its own port, so it
 * can stop it, freeze it (SIGSTOP: connections open, nothing answered) and restart it empty.
 */
describe('a Redis outage (own Redis server, real PostgreSQL)', () => {
  /** Far above the 500 ms Redis timeout, far below the ~100 s the API used to hang. */
  const ANSWER_WITHIN_MS = 5_000;
  let redis: OwnRedis;
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let admin: Awaited<ReturnType<typeof createUserWithKey>>;
  let provider: Awaited<ReturnType<typeof createUserWithKey>>;
  let pid: string;
  let outcomeId: string;
  let webhookId: string;
  let worker: INestApplicationContext | undefined;
  const prefix = `${process.env.QUEUE_PREFIX}:outage`;
  let quarter = 0;
  const QUARTERS = ['2024-25 Q1', '2024-25 Q2', '2024-25 Q3', '2024-25 Q4', '2025-26 Q1'];
  const DATES = ['2024-05-15', '2024-08-15', '2024-11-15', '2025-02-15', '2025-05-15'];

  beforeAll(async () => {
    redis = await OwnRedis.start();
    app = await createTestApp({
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      REPORT_DEBOUNCE_MS: '0',
    });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    admin = await createUserWithKey(prisma, { admin: true });
    provider = await createUserWithKey(prisma);
    ({ partnershipId: pid, outcomeId } = await createProviderPartnership(prisma, {
      name: 'Outage',
      startDate: '2024-04-01',
      endDate: '2030-03-31',
      providerUserId: provider.userId,
    }));
    await http
      .post(`/v1/partnerships/${pid}/share-rules`)
      .set(admin.headers)
      .send({
        name: 'Margin share',
        basis: 'cost',
        reasonableRate: '0.05',
        bands: [{ provider: '0.5', commissioner: '0.5' }],
      })
      .expect(201);
    webhookId = (
      await http
        .post(`/v1/partnerships/${pid}/webhooks`)
        .set(admin.headers)
        .send({ url: 'http://127.0.0.1:9/hook' })
        .expect(201)
    ).body.id;
  });

  afterAll(async () => {
    await worker?.close();
    await app.close();
    await redis.stop();
  });

  /** Each call sends work that ends in a job: a report run, an evaluation run, a kick. */
  async function writesThatEnqueue(): Promise<{ runIds: string[] }> {
    quarter++;
    const label = QUARTERS[quarter];
    const started = Date.now();
    const report = await http
      .post(`/v1/partnerships/${pid}/reports`)
      .set(admin.headers)
      .send({ scope: 'quarter', quarter: label })
      .timeout(ANSWER_WITHIN_MS)
      .expect(202);
    const activityDate = DATES[quarter];
    await http
      .post(`/v1/partnerships/${pid}/delivery-records`)
      .set(provider.headers)
      .send({ outcomeId, activityDate, quantity: '2', externalRef: `outage-${quarter}` })
      .timeout(ANSWER_WITHIN_MS)
      .expect(201);
    const revenue = `${1000 + quarter}.00`;
    await http
      .post(`/v1/partnerships/${pid}/financial-returns`)
      .set({ ...provider.headers, 'idempotency-key': `return-${quarter}` })
      .send({ period: label, revenue, costs: [{ category: 'direct', amount: '500.00' }] })
      .timeout(ANSWER_WITHIN_MS)
      .expect(201);
    await http
      .patch(`/v1/partnerships/${pid}/webhooks/${webhookId}`)
      .set(admin.headers)
      .send({ active: quarter % 2 === 0 })
      .timeout(ANSWER_WITHIN_MS)
      .expect(200);
    expect(Date.now() - started).toBeLessThan(4 * ANSWER_WITHIN_MS);
    return { runIds: [report.body.id] };
  }

  async function readyAnswer(): Promise<{ status: number; ms: number; body: unknown }> {
    const started = Date.now();
    const res = await http.get('/ready').timeout(ANSWER_WITHIN_MS);
    return { status: res.status, ms: Date.now() - started, body: res.body };
  }

  it('answers while Redis is up (the baseline)', async () => {
    const { runIds } = await writesThatEnqueue();
    expect((await readyAnswer()).status).toBe(200);
    const queue = new Queue(QueueName.Reports, { connection: bullConnection(redis.url), prefix });
    const run = await prisma.jobRun.findFirstOrThrow({ where: { id: runIds[0] } });
    expect(
      await queue.getJobState(jobIdForRun({ ...run, notBefore: run.notBefore.toISOString() })),
    ).toBe('waiting');
    await queue.close();
  });

  it.each([
    ['stopped', () => redis.stop(), () => redis.start()],
    ['frozen', () => Promise.resolve(redis.freeze()), () => Promise.resolve(redis.thaw())],
  ])(
    'answers requests at once while Redis is %s, commits their work, and says not ready within 2 s',
    async (_state, breakRedis, mendRedis) => {
      await breakRedis();
      try {
        const { runIds } = await writesThatEnqueue();
        const runs = await prisma.jobRun.findMany({ where: { id: { in: runIds } } });
        expect(runs.map((r) => r.status)).toEqual(['pending']);
        const ready = await readyAnswer();
        expect(ready.status).toBe(503);
        expect(ready.ms).toBeLessThan(2_000);
        expect(ready.body).toMatchObject({
          type: '/problems/service-unavailable',
          detail: 'Not ready: redis not answering.',
          checks: { redis: { status: 'down' }, postgres: { status: 'up' } },
        });
        const queues = await http
          .get('/v1/admin/queues')
          .set(admin.headers)
          .timeout(ANSWER_WITHIN_MS)
          .expect(503);
        expect(queues.body).toMatchObject({ type: '/problems/service-unavailable' });
        // Retried by a client that gave up: the Idempotency-Key replays, no second revision.
        await http
          .post(`/v1/partnerships/${pid}/financial-returns`)
          .set({ ...provider.headers, 'idempotency-key': `return-${quarter}` })
          .send({
            period: QUARTERS[quarter],
            revenue: `${1000 + quarter}.00`,
            costs: [{ category: 'direct', amount: '500.00' }],
          })
          .timeout(ANSWER_WITHIN_MS)
          .expect(201);
      } finally {
        await mendRedis();
      }
      await waitFor(
        async () => ((await readyAnswer()).status === 200 ? true : undefined),
        15_000,
        'ready again',
      );
    },
    60_000,
  );

  it('heals a Redis that restarted empty or was flushed: schedulers re-created, pending runs done, no restart', async () => {
    const config = loadConfig(WorkerConfig, {
      ...process.env,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      RECONCILE_INTERVAL_SECONDS: '1',
      WORKER_HEALTH_PORT: '0',
    });
    worker = await NestFactory.createApplicationContext(WorkerModule.register(config), {
      logger: false,
    });
    worker.enableShutdownHooks();
    await worker.init();
    const system = new Queue(QueueName.System, { connection: bullConnection(redis.url), prefix });
    try {
      const schedulerIds = async () => (await system.getJobSchedulers()).map((s) => s.key).sort();
      const expected = await waitFor(
        async () =>
          (await schedulerIds()).includes('reconcile-runs') ? schedulerIds() : undefined,
        15_000,
        'schedulers at start-up',
      );
      // The runs left pending by the outages above are done once the reconciler runs.
      await waitFor(
        async () =>
          (await prisma.jobRun.count({ where: { partnershipId: pid, status: 'pending' } })) === 0
            ? true
            : undefined,
        30_000,
        'pending runs reconciled',
      );

      // Redis goes away while a request is made, and comes back empty.
      await redis.stop();
      const { runIds } = await writesThatEnqueue();
      await redis.start(); // empty: no schedulers, no jobs (the worker may re-create them at once)
      await waitFor(
        async () =>
          JSON.stringify(await schedulerIds()) === JSON.stringify(expected) ? true : undefined,
        20_000,
        'schedulers re-created',
      );
      const done = await waitFor(
        async () => {
          const run = await prisma.jobRun.findFirstOrThrow({ where: { id: runIds[0] } });
          return run.status === 'done' || run.status === 'failed' ? run : undefined;
        },
        30_000,
        'the report requested while Redis was away',
      );
      expect(done.status).toBe('done');

      // FLUSHALL on a running Redis: the same, without a restart of either.
      await redis.command('FLUSHALL');
      await waitFor(
        async () =>
          JSON.stringify(await schedulerIds()) === JSON.stringify(expected) ? true : undefined,
        20_000,
        'schedulers re-created after FLUSHALL',
      );
    } finally {
      await system.close();
    }
  }, 90_000);
});
