import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  bullConnection,
  JobName,
  JobProducer,
  QueueName,
  ReportRefresher,
  RunRequester,
} from '@ol/jobs';
import { loadConfig } from '@ol/config';
import {
  AuditRepository,
  Db,
  DeliveryImportRepository,
  PartnershipRepository,
  PrismaService,
  RunRepository,
  stagingSliceOf,
} from '@ol/persistence';
import { Queue } from 'bullmq';
import { request as httpRequest, type ClientRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { commitJobId } from '../../apps/api/src/modules/delivery-imports/delivery-imports.service';
import { WorkerConfig } from '../../apps/worker/src/config/worker.config';
import { DeliveryImportProcessor } from '../../apps/worker/src/processors/delivery-import.processor';
import { RunMaintenance } from '../../apps/worker/src/runs/run-maintenance.service';
import { createOrganisation, createPartnership, createUserWithKey, grantRole } from '../factories';
import { buildOnce, startProcess, waitFor, type RunningProcess } from '../setup/child-process';
import { createTestApp, truncateAll } from '../setup/test-app';

const HEADER = 'outcome_code,activity_date,quantity,external_ref,evidence_ref,evidence_grade';
/** Small slices, so a file of a few hundred rows is staged (and moved) in many slices. */
const SLICE_ROWS = 50;

type User = Awaited<ReturnType<typeof createUserWithKey>>;

interface ImportBody {
  id: string;
  status: string;
  percentDone: number;
  insertedRows: number;
  duplicateRows: number;
  totalRows: number;
  errorCount: number;
}

/**
 * Overlapped imports: the worker's one transaction moves staged slices while the file still
 * streams in, and commits only once the whole file is received and valid. The file is sent in
 * two parts so the tests can act between them (bad last row, aborted upload, killed worker).
 */
describe('delivery imports overlapping upload and commit (real PostgreSQL, Redis, worker)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let port: number;
  let worker: RunningProcess;
  let pid: string;
  let provider: User;
  let providerOrg: string;

  const path = (): string => `/v1/partnerships/${pid}/delivery-imports`;
  const rows = (from: number, to: number, prefix: string): string => {
    let text = '';
    for (let i = from; i <= to; i++) {
      text += `JOBS-1,2026-05-${String((i % 28) + 1).padStart(2, '0')},${i % 7}.25,${prefix}-${i},,\n`;
    }
    return text;
  };

  /** A POST whose body (with Content-Length) is written part by part. */
  function openUpload(total: number): {
    req: ClientRequest;
    write: (text: string) => Promise<void>;
    answer: Promise<{ status: number; body: Record<string, unknown> }>;
  } {
    let req!: ClientRequest;
    const answer = new Promise<{ status: number; body: Record<string, unknown> }>(
      (resolve, reject) => {
        req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: path(),
            headers: {
              ...provider.headers,
              'content-type': 'text/csv',
              'content-length': String(total),
            },
          },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as never }),
            );
          },
        );
        req.on('error', reject);
      },
    );
    const write = (text: string): Promise<void> =>
      new Promise((resolve, reject) => req.write(text, (e) => (e ? reject(e) : resolve())));
    return { req, write, answer };
  }

  const get = async (id: string): Promise<ImportBody> => {
    const res = await fetch(`http://127.0.0.1:${port}${path()}/${id}`, {
      headers: provider.headers,
    });
    return (await res.json()) as ImportBody;
  };

  /** The import being received, once the worker has moved part of it (in its transaction). */
  const movingWhileReceiving = (): Promise<ImportBody> =>
    waitFor(
      async () => {
        const active = await prisma.deliveryImport.findFirst({
          where: { partnershipId: pid, status: 'receiving' },
        });
        if (!active) return undefined;
        const body = await get(active.id);
        return body.status === 'receiving' && body.percentDone > 0 ? body : undefined;
      },
      20_000,
      'the worker to move slices during the upload',
    );

  const finished = (id: string, timeoutMs = 30_000): Promise<ImportBody> =>
    waitFor(
      async () => {
        const body = await get(id);
        return ['completed', 'failed', 'rejected'].includes(body.status) ? body : undefined;
      },
      timeoutMs,
      `import ${id} to finish`,
    );

  /** An import row as another process would have left it (no upload behind it). */
  const leftImport = (data: {
    status: 'receiving' | 'queued' | 'running' | 'completed';
    minutesAgo?: number;
    stagedSlices?: number;
  }) =>
    prisma.deliveryImport.create({
      data: {
        partnershipId: pid,
        providerOrgId: providerOrg,
        createdBy: provider.userId,
        status: data.status,
        stagedSlices: data.stagedSlices ?? 0,
        updatedAt: new Date(Date.now() - (data.minutesAgo ?? 0) * 60_000),
      },
    });

  const records = (): Promise<number> =>
    prisma.deliveryRecord.count({ where: { partnershipId: pid } });

  const stagingTables = async (importId: string): Promise<number> =>
    (
      await prisma.$queryRawUnsafe<unknown[]>(
        `SELECT 1 FROM pg_tables WHERE schemaname = 'ol_staging' AND tablename LIKE $1`,
        `import_${importId.replace(/-/g, '')}%`,
      )
    ).length;

  /** The commit job's outcome as BullMQ recorded it. */
  const jobResult = (importId: string): Promise<unknown> => {
    const queue = new Queue(QueueName.Imports, {
      connection: bullConnection(process.env.REDIS_URL!),
      prefix: process.env.QUEUE_PREFIX!,
    });
    return waitFor(
      async () => {
        const job = await queue.getJob(commitJobId(importId));
        if (!job) return undefined;
        if (await job.isFailed()) return { failed: job.failedReason };
        return (await job.isCompleted()) ? (job.returnvalue as unknown) : undefined;
      },
      20_000,
      'the commit job to finish',
    ).finally(() => queue.close());
  };

  const startWorker = (): RunningProcess =>
    startProcess('apps/worker/src/main.js', { WORKER_HEALTH_PORT: '-1' });

  beforeAll(async () => {
    buildOnce();
    app = await createTestApp({ IMPORT_SLICE_ROWS: String(SLICE_ROWS) });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
    worker = startWorker();

    pid = (await createPartnership(prisma)).id;
    const org = (await createOrganisation(prisma, 'provider')).id;
    providerOrg = org;
    await prisma.member.create({
      data: { partnershipId: pid, organisationId: org, role: 'provider' },
    });
    await prisma.outcome.create({
      data: { partnershipId: pid, code: 'JOBS-1', theme: 'Jobs', title: 'Jobs', unit: 'people' },
    });
    provider = await createUserWithKey(prisma);
    await grantRole(prisma, pid, provider.userId, 'provider', org);
  });

  afterAll(async () => {
    if (worker && worker.child.exitCode === null) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    await app.close();
  });

  it('moves slices while the file streams, and commits only once the whole file is in', async () => {
    const first = `${HEADER}\n${rows(1, 300, 'ov')}`;
    const rest = rows(301, 400, 'ov');
    const upload = openUpload(Buffer.byteLength(first + rest));
    await upload.write(first);
    const moving = await movingWhileReceiving();
    // Moved inside the commit transaction: nobody sees the rows yet.
    expect(await records()).toBe(0);
    upload.req.end(rest);
    const { status, body } = await upload.answer;
    expect(status).toBe(202);
    expect(body.id).toBe(moving.id);
    expect(await finished(moving.id)).toMatchObject({
      status: 'completed',
      percentDone: 100,
      totalRows: 400,
      insertedRows: 400,
      duplicateRows: 0,
    });
    expect(await records()).toBe(400);
    const sum = await prisma.$queryRaw<{ total: string }[]>`
      SELECT sum(quantity)::text AS total FROM delivery_records WHERE import_id = ${moving.id}::uuid`;
    expect(sum[0].total).toBe('1298.0000'); // Σ (i mod 7) + 0.25 over i = 1..400
    expect(await stagingTables(moving.id)).toBe(0);
  });

  it('inserts nothing when the LAST row is bad, though earlier slices were already moved', async () => {
    const before = await records();
    const first = `${HEADER}\n${rows(1, 299, 'badlast')}`;
    const last = 'JOBS-1,2026-05-01,-1,badlast-300,,\n';
    const upload = openUpload(Buffer.byteLength(first + last));
    await upload.write(first);
    const moving = await movingWhileReceiving();
    upload.req.end(last);
    const { status, body } = await upload.answer;
    expect(status).toBe(422);
    expect(body).toMatchObject({
      importId: moving.id,
      errorCount: 1,
      errors: [{ row: 300, field: 'quantity', value: '-1' }],
    });
    // The commit job saw the rejection and rolled back; it is not retried.
    expect(await jobResult(moving.id)).toEqual({ skipped: 'import is rejected' });
    expect(await records()).toBe(before);
    expect((await get(moving.id)).status).toBe('rejected');
    expect(await stagingTables(moving.id)).toBe(0);
  });

  it('inserts nothing when a later slice repeats an external_ref of a slice already moved', async () => {
    const before = await records();
    const first = `${HEADER}\n${rows(1, 200, 'dup')}`;
    const rest = `${rows(201, 260, 'dup')}JOBS-1,2026-05-02,1,dup-7,,\n`;
    const upload = openUpload(Buffer.byteLength(first + rest));
    await upload.write(first);
    const moving = await movingWhileReceiving();
    upload.req.end(rest);
    const { status, body } = await upload.answer;
    expect(status).toBe(422);
    expect(body.errors).toEqual([
      expect.objectContaining({
        row: 261,
        field: 'external_ref',
        reason: expect.stringMatching(/row 7\b/),
      }),
    ]);
    expect(await jobResult(moving.id)).toEqual({ skipped: 'import is rejected' });
    expect(await records()).toBe(before);
    expect(await stagingTables(moving.id)).toBe(0);
  });

  it('inserts nothing when the upload breaks off after slices were moved', async () => {
    const before = await records();
    const first = `${HEADER}\n${rows(1, 300, 'cut')}`;
    const upload = openUpload(Buffer.byteLength(first) + 10_000);
    upload.answer.catch(() => undefined); // the socket goes before any answer
    await upload.write(first);
    const moving = await movingWhileReceiving();
    upload.req.destroy();
    const done = await finished(moving.id);
    expect(done.status).toBe('failed');
    expect(await jobResult(moving.id)).toEqual({ skipped: 'import is failed' });
    expect(await records()).toBe(before);
    expect(await stagingTables(moving.id)).toBe(0);
  });

  it('fails an upload whose API process died, and drops its staged slices, when the provider sends again', async () => {
    // What an API process killed mid-upload leaves: an import still receiving, silent for long,
    // with a committed slice and no commit job.
    const stale = await leftImport({ status: 'receiving', minutesAgo: 180, stagedSlices: 1 });
    await prisma.$executeRawUnsafe(
      `CREATE TABLE ${stagingSliceOf(stale.id, 1)} (external_ref text)`,
    );
    expect(await stagingTables(stale.id)).toBe(1);

    const file = `${HEADER}\n${rows(1, 20, 'after-stale')}`;
    const upload = openUpload(Buffer.byteLength(file));
    upload.req.end(file);
    const { status, body } = await upload.answer;
    expect(status).toBe(202);
    expect(await finished(body.id as string)).toMatchObject({
      status: 'completed',
      insertedRows: 20,
    });
    expect((await get(stale.id)).status).toBe('failed');
    expect(await stagingTables(stale.id)).toBe(0);
  });

  it('sweeps abandoned imports: fails silent uploads and drops slices nobody will move', async () => {
    const silent = await leftImport({ status: 'receiving', minutesAgo: 180 });
    const done = await leftImport({ status: 'completed', minutesAgo: 1 });
    for (const id of [silent.id, done.id])
      await prisma.$executeRawUnsafe(`CREATE TABLE ${stagingSliceOf(id, 1)} (external_ref text)`);
    const swept = await app.get(DeliveryImportRepository).sweepAbandoned(2 * 60_000);
    expect(swept).toEqual({ failed: 1, dropped: 2 });
    expect((await get(silent.id)).status).toBe('failed');
    expect(await stagingTables(silent.id)).toBe(0);
    expect(await stagingTables(done.id)).toBe(0);
  });

  it('keeps the slices of an upload still streaming when it sweeps', async () => {
    const first = `${HEADER}\n${rows(1, 120, 'sweep')}`;
    const rest = rows(121, 130, 'sweep');
    const upload = openUpload(Buffer.byteLength(first + rest));
    await upload.write(first);
    const moving = await movingWhileReceiving();
    expect(await app.get(DeliveryImportRepository).sweepAbandoned(2 * 60_000)).toEqual({
      failed: 0,
      dropped: 0,
    });
    upload.req.end(rest);
    expect((await upload.answer).status).toBe(202);
    expect(await finished(moving.id)).toMatchObject({ status: 'completed', insertedRows: 130 });
  });

  it('gives an import queued without a commit job (its API died before enqueueing) a job', async () => {
    const orphan = await leftImport({ status: 'queued', minutesAgo: 5 });
    const maintenance = new RunMaintenance(
      app.get(Db),
      app.get(RunRepository),
      app.get(RunRequester),
      app.get(PartnershipRepository),
      app.get(DeliveryImportRepository),
      app.get(JobProducer),
      loadConfig(WorkerConfig, process.env),
    );
    await maintenance.reconcile();
    // The worker process takes the job and commits the (empty) import.
    expect(await finished(orphan.id)).toMatchObject({ status: 'completed', insertedRows: 0 });
    // Reconciling again adds nothing: the import is no longer waiting.
    expect(await app.get(DeliveryImportRepository).waitingForCommit(0)).toEqual([]);
  });

  it('marks failed an import whose commit job stalled for good, so the provider is not blocked', async () => {
    const stuck = await leftImport({ status: 'running' });
    await prisma.$executeRawUnsafe(
      `CREATE TABLE ${stagingSliceOf(stuck.id, 1)} (external_ref text)`,
    );
    const processor = new DeliveryImportProcessor(
      loadConfig(WorkerConfig, process.env),
      app.get(DeliveryImportRepository),
      app.get(AuditRepository),
      app.get(ReportRefresher),
    );
    // The worker's 'failed' event as BullMQ raises it for a job stalled more often than allowed.
    const job = {
      id: commitJobId(stuck.id),
      name: JobName.CommitDeliveryImport,
      data: { partnershipId: pid, importId: stuck.id },
      attemptsMade: 1,
      opts: { attempts: 3 },
    };
    await processor.onFailed(job as never, new Error('job stalled more than allowable limit'));
    expect(
      await prisma.deliveryImport.findUnique({
        where: { partnershipId_id: { partnershipId: pid, id: stuck.id } },
      }),
    ).toMatchObject({
      status: 'failed',
      failureReason: 'The import could not be committed: job stalled more than allowable limit',
    });
    expect(await stagingTables(stuck.id)).toBe(0);
    expect(
      await prisma.auditEvent.count({
        where: { partnershipId: pid, entityId: stuck.id, action: 'delivery_import.failed' },
      }),
    ).toBe(1);
    // A second event for the same job records nothing more.
    await processor.onFailed(job as never, new Error('job stalled more than allowable limit'));
    expect(
      await prisma.auditEvent.count({
        where: { partnershipId: pid, entityId: stuck.id, action: 'delivery_import.failed' },
      }),
    ).toBe(1);
  });

  it('lets a worker shut down (SIGTERM) while an upload streams; another worker finishes the import', async () => {
    const before = await records();
    const first = `${HEADER}\n${rows(1, 300, 'term')}`;
    const rest = rows(301, 330, 'term');
    const upload = openUpload(Buffer.byteLength(first + rest));
    await upload.write(first);
    const moving = await movingWhileReceiving();
    const stoppedAt = Date.now();
    worker.child.kill('SIGTERM');
    // Nest re-raises the signal once its shutdown hooks are done: a graceful exit ends by SIGTERM.
    expect(await worker.exited).toEqual({ code: null, signal: 'SIGTERM' });
    // It did not wait for the upload to end (the commit gave way and rolled back).
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(await records()).toBe(before);
    worker = startWorker();
    upload.req.end(rest);
    expect((await upload.answer).status).toBe(202);
    expect(await finished(moving.id)).toMatchObject({
      status: 'completed',
      insertedRows: 330,
      duplicateRows: 0,
    });
    expect(await records()).toBe(before + 330);
    expect(await stagingTables(moving.id)).toBe(0);
  }, 60_000);

  it('rolls back a worker killed mid-commit; the retried job imports every row exactly once', async () => {
    const before = await records();
    const first = `${HEADER}\n${rows(1, 300, 'kill')}`;
    const rest = rows(301, 350, 'kill');
    const upload = openUpload(Buffer.byteLength(first + rest));
    await upload.write(first);
    const moving = await movingWhileReceiving();
    worker.child.kill('SIGKILL');
    await worker.exited;
    // The killed worker's transaction is gone: nothing of the import is in delivery_records.
    await waitFor(
      async () => {
        const open = await prisma.$queryRaw<unknown[]>`
          SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted`;
        return open.length === 0 ? true : undefined;
      },
      10_000,
      'the killed transaction to end',
    );
    expect(await records()).toBe(before);
    worker = startWorker();
    upload.req.end(rest);
    const { status } = await upload.answer;
    expect(status).toBe(202);
    // The new worker takes the stalled job once its lock lapses (about 20-30 s).
    expect(await finished(moving.id, 60_000)).toMatchObject({
      status: 'completed',
      insertedRows: 350,
      duplicateRows: 0,
    });
    expect(await records()).toBe(before + 350);
    expect(await stagingTables(moving.id)).toBe(0);
  }, 90_000);
});
