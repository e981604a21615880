import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@ol/config';
import {
  bullConnection,
  deleteKeysWithPrefix,
  JobName,
  JobProducer,
  QueueName,
  MAX_RUN_STARTS,
  RunRequester,
} from '@ol/jobs';
import {
  Db,
  DeliveryImportRepository,
  PartnershipRepository,
  PrismaService,
  RunRepository,
  type JobRun,
} from '@ol/persistence';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { WorkerConfig } from '../../apps/worker/src/config/worker.config';
import { FinanceProcessor } from '../../apps/worker/src/processors/finance.processor';
import { ReportProcessor } from '../../apps/worker/src/processors/report.processor';
import { RunMaintenance } from '../../apps/worker/src/runs/run-maintenance.service';
import { createPartnership } from '../factories';
import { createTestApp, truncateAll } from '../setup/test-app';

/**
 * The reconciler with a run whose job ended without the run recording an end: BullMQ failed the
 * job for good (it stalled more often than allowed, its worker killed each time) or its last
 * failure could not be written. Enqueueing under the run's job id adds nothing while that job is
 * kept, so the reconciler replaces it, and gives the run up after MAX_RUN_STARTS starts.
 * Real PostgreSQL and Redis; no worker consumes this file's own queue prefix, the test does.
 */
describe('RunMaintenance.reconcile with a run whose job ended', () => {
  // A queue prefix of its own, under the run's (the global teardown deletes it with the rest).
  const prefix = `${process.env.QUEUE_PREFIX}:reconcile`;
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let runs: RunRepository;
  let requester: RunRequester;
  let maintenance: RunMaintenance;
  let queue: Queue;
  let worker: Worker;

  beforeAll(async () => {
    app = await createTestApp({ QUEUE_PREFIX: prefix });
    prisma = app.get(PrismaService);
    await truncateAll(prisma); // no due runs left by other suites: the counts are this file's
    runs = app.get(RunRepository);
    requester = app.get(RunRequester);
    maintenance = new RunMaintenance(
      app.get(Db),
      runs,
      requester,
      app.get(PartnershipRepository),
      app.get(DeliveryImportRepository),
      app.get(JobProducer),
      loadConfig(WorkerConfig, { ...process.env, QUEUE_PREFIX: prefix }),
    );
    const connection = bullConnection(process.env.REDIS_URL!);
    queue = new Queue(QueueName.Reports, { connection, prefix });
    // Takes jobs by hand (no processor): the test plays the worker.
    worker = new Worker(QueueName.Reports, null, { connection, prefix, autorun: false });
  });
  afterAll(async () => {
    try {
      await worker?.close();
      await queue?.close();
      await app?.close();
    } finally {
      await deleteKeysWithPrefix(process.env.REDIS_URL!, prefix);
    }
  });

  /** What BullMQ does to a job that stalled more often than allowed: fails it, for good. */
  const failForGood = async (jobId: string) => {
    const token = randomUUID();
    const job = await worker.getNextJob(token);
    expect(job?.id).toBe(jobId);
    await job.moveToFailed(new UnrecoverableError('job stalled more than allowable limit'), token);
    expect(await queue.getJobState(jobId)).toBe('failed');
  };
  const silentFor = (run: JobRun, attempts: number) =>
    prisma.$executeRaw`
      UPDATE job_runs SET status = 'running', attempts = ${attempts}, started_at = now() - interval '1 hour'
      WHERE partnership_id = ${run.partnershipId}::uuid AND id = ${run.id}::uuid`;

  const request = async (quarter: string, delayMs?: number) => {
    const p = await createPartnership(prisma);
    const { run } = await requester.request(p.id, {
      kind: 'report',
      dedupeKey: `quarter:${quarter}`,
      params: { scope: 'quarter', quarter },
      delayMs,
    });
    return { p, run, jobId: `run-${run.id}` };
  };

  it('replaces the failed job of a run left running, once, and gives the run up after too many starts', async () => {
    const { p, run, jobId } = await request('2026-27 Q1');
    expect(await queue.getJobState(jobId)).toBe('waiting');

    // A waiting job is left alone, whatever the run says.
    await silentFor(run, 1);
    expect(await maintenance.reconcile()).toMatchObject({ due: 1, enqueued: 0, givenUp: 0 });
    expect(await queue.getJobCounts('waiting', 'failed')).toEqual({ waiting: 1, failed: 0 });

    // The job fails for good while the run still says running: the reconciler replaces it and
    // writes down why the job failed.
    await failForGood(jobId);
    expect(await maintenance.reconcile()).toMatchObject({ due: 1, enqueued: 1, givenUp: 0 });
    expect(await queue.getJobState(jobId)).toBe('waiting');
    expect((await queue.getJob(jobId))!.data).toEqual({ partnershipId: p.id, runId: run.id });
    expect((await runs.find(p.id, run.id))!.error).toBe(
      `job ${jobId}: job stalled more than allowable limit`,
    );
    // And only once: the new job is waiting.
    expect(await maintenance.reconcile()).toMatchObject({ due: 1, enqueued: 0 });
    expect(await queue.getJobCounts('waiting', 'failed')).toEqual({ waiting: 1, failed: 0 });

    // One start short of the limit, it gets another job.
    await failForGood(jobId);
    await silentFor(run, MAX_RUN_STARTS - 1);
    expect(await maintenance.reconcile()).toMatchObject({ due: 1, enqueued: 1, givenUp: 0 });
    expect(await queue.getJobState(jobId)).toBe('waiting');

    // Started MAX_RUN_STARTS times without an end, its job failed again: the run is given up.
    await failForGood(jobId);
    await silentFor(run, MAX_RUN_STARTS);
    expect(await maintenance.reconcile()).toMatchObject({ due: 1, enqueued: 0, givenUp: 1 });
    const ended = await runs.find(p.id, run.id);
    expect(ended).toMatchObject({ status: 'failed' });
    expect(ended!.error).toBe(
      `given up after ${MAX_RUN_STARTS} starts without a result: its job kept failing or stalling (last: job stalled more than allowable limit)`,
    );
    expect(await queue.getJobState(jobId)).toBe('failed'); // kept, visible to admins
    expect(await maintenance.reconcile()).toMatchObject({ due: 0 });
  });

  it('leaves alone a run that ended after the reconciler read it, and its completed job', async () => {
    const { p, run, jobId } = await request('2026-27 Q3');
    await silentFor(run, 1);
    const [read] = await runs.due(10, 60); // what a reconcile read
    expect(read.id).toBe(run.id);
    // Meanwhile a worker produces the report: the run is done, then its job completes.
    const token = randomUUID();
    const job = await worker.getNextJob(token);
    expect(job?.id).toBe(jobId);
    await runs.complete(p.id, run.id, null);
    await job.moveToCompleted({ reportId: null, created: false }, token);

    expect(await requester.ensure(read)).toBe('left');
    expect(await queue.getJobState(jobId)).toBe('completed');
    expect((await queue.getJob(jobId))!.returnvalue).toEqual({ reportId: null, created: false });
  });

  it('leaves a debounced run to its delayed job', async () => {
    const { p, run, jobId } = await request('2026-27 Q2', 60_000);
    // Its start moved (a debounce) and the moment came while its delayed job still waits.
    await prisma.$executeRaw`
      UPDATE job_runs SET not_before = now() - interval '1 second'
      WHERE partnership_id = ${p.id}::uuid AND id = ${run.id}::uuid`;
    const moved = (await runs.find(p.id, run.id))!;
    await queue.add(
      JobName.ProduceReport,
      { partnershipId: p.id, runId: run.id },
      { jobId: `run-${run.id}-${Date.parse(moved.notBefore)}`, delay: 60_000 },
    );
    expect(await requester.ensure(moved)).toBe('left');
    expect(await queue.getJobState(jobId)).toBe('unknown');
  });

  it('says on the run at once when its job is lost to stalls, and only then', async () => {
    const config = loadConfig(WorkerConfig, { ...process.env, QUEUE_PREFIX: prefix });
    const reports = new ReportProcessor(undefined as never, config, runs);
    const finance = new FinanceProcessor(undefined as never, config, runs);
    const { p, run, jobId } = await request('2026-27 Q4');
    await silentFor(run, 3);
    const job = (name: string) =>
      ({ id: jobId, name, data: { partnershipId: p.id, runId: run.id } }) as never;
    const stalled = new Error('job stalled more than allowable limit');

    // A failure the handler saw (it records it itself), or another queue's job: nothing.
    await reports.onFailed(job(JobName.ProduceReport), new Error('boom'));
    await reports.onFailed(job(JobName.EvaluateShare), stalled);
    expect((await runs.find(p.id, run.id))!.error).toBeNull();

    await reports.onFailed(job(JobName.ProduceReport), stalled);
    expect(await runs.find(p.id, run.id)).toMatchObject({
      status: 'running', // the reconciler gives it a new job
      error: `job ${jobId}: job stalled more than allowable limit`,
    });

    const evaluation = await runs.request(p.id, {
      kind: 'share_evaluation',
      dedupeKey: 'fy:2026-27',
      params: {},
    });
    await finance.onFailed(
      {
        id: `run-${evaluation.run.id}`,
        name: JobName.EvaluateShare,
        data: { partnershipId: p.id, runId: evaluation.run.id },
      } as never,
      stalled,
    );
    expect((await runs.find(p.id, evaluation.run.id))!.error).toBe(
      `job run-${evaluation.run.id}: job stalled more than allowable limit`,
    );
  });
});
