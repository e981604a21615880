import { JobName, QueueName, bullConnection } from '@ol/jobs';
import { Queue, QueueEvents } from 'bullmq';
import {
  buildOnce,
  freePort,
  startProcess,
  waitFor,
  type RunningProcess,
} from '../setup/child-process';

/** The worker as a real process: connects, consumes jobs, reports health, drains on SIGTERM. */
describe('worker process', () => {
  const connection = bullConnection(process.env.REDIS_URL!);
  const prefix = process.env.QUEUE_PREFIX!;
  let queue: Queue;
  let events: QueueEvents;
  let worker: RunningProcess | undefined;
  let healthPort: number;

  beforeAll(async () => {
    buildOnce();
    queue = new Queue(QueueName.System, { connection, prefix });
    events = new QueueEvents(QueueName.System, { connection, prefix });
    await events.waitUntilReady();
    healthPort = await freePort();
    worker = startProcess('apps/worker/src/main.js', { WORKER_HEALTH_PORT: String(healthPort) });
    await waitFor(
      async () => ((await fetch(`http://127.0.0.1:${healthPort}/health`)).ok ? true : undefined),
      20_000,
      'worker health',
    );
  });

  afterAll(async () => {
    if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await events.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('reports its health: PostgreSQL and Redis up', async () => {
    const res = await fetch(`http://127.0.0.1:${healthPort}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', postgres: 'up', redis: 'up' });
  });

  it('consumes jobs from Redis', async () => {
    const job = await queue.add(JobName.Heartbeat, { requestedAt: new Date().toISOString() });
    const result = (await job.waitUntilFinished(events, 10_000)) as { worker: string };
    expect(result.worker).toMatch(new RegExp(`:${worker!.child.pid}$`));
  });

  it('registers its schedules in Redis (one scheduler, whatever the number of workers)', async () => {
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain('purge-idempotency-keys-hourly');
  });

  it('finishes the running job before it exits on SIGTERM', async () => {
    const job = await queue.add(JobName.Heartbeat, {
      requestedAt: new Date().toISOString(),
      holdMs: 1_500,
    });
    await waitFor(
      async () => ((await job.getState()) === 'active' ? true : undefined),
      10_000,
      'job active',
    );
    worker!.child.kill('SIGTERM');
    const exit = await worker!.exited;
    // Nest runs the shutdown hooks (BullMQ Worker.close waits for the active job), then re-raises
    // the signal, so the process ends by SIGTERM rather than with an exit code.
    expect(exit.signal ?? exit.code).toBe(exit.signal ? 'SIGTERM' : 0);
    expect(await queue.getJobState(job.id!)).toBe('completed');
    expect(worker!.output()).not.toMatch(/"level":50/);
  });
});

describe('configuration errors', () => {
  beforeAll(() => buildOnce());

  it.each([
    ['apps/worker/src/main.js', { WORKER_CONCURRENCY: 'lots' }, 'WORKER_CONCURRENCY'],
    ['apps/api/src/main.js', { PORT: 'eighty' }, 'PORT'],
    ['apps/api/src/main.js', { DATABASE_URL: 'mysql://localhost/x' }, 'DATABASE_URL'],
  ])('%s stops with a message naming the variable (%j)', async (entry, env, variable) => {
    const proc = startProcess(entry, env);
    const exit = await proc.exited;
    expect(exit.code).toBe(78);
    expect(proc.output()).toContain(variable);
  });
});
