import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bullConnection, JobName, QueueName } from '@ol/jobs';
import { PrismaService } from '@ol/persistence';
import { Queue, QueueEvents } from 'bullmq';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createOrganisation, createPartnership, createUserWithKey, grantRole } from '../factories';
import { buildOnce, startProcess, waitFor, type RunningProcess } from '../setup/child-process';
import { createTestApp, truncateAll } from '../setup/test-app';

const PROBLEM = /application\/problem\+json/;
const MAX_BYTES = 64 * 1024;
const HEADER = 'outcome_code,activity_date,quantity,external_ref,evidence_ref,evidence_grade';

type User = Awaited<ReturnType<typeof createUserWithKey>>;

/** Bulk import of delivery records: the API in process, the worker as a real process. */
describe('delivery imports (HTTP, real PostgreSQL, Redis and worker process)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let worker: RunningProcess;
  let pid: string;
  let providerOrg: string;
  let otherOrg: string;
  let provider: User;
  let otherProvider: User;
  let admin: User;
  let board: User;
  let finance: User;
  let outsider: User;

  const url = (): string => `/v1/partnerships/${pid}/delivery-imports`;

  const upload = (user: User, csv: string | Buffer, query = '') =>
    http
      .post(`${url()}${query}`)
      .set(user.headers)
      .set('content-type', 'text/csv')
      .send(typeof csv === 'string' ? Buffer.from(csv, 'utf8') : csv);

  const finished = (id: string, user: User = provider) =>
    waitFor(
      async () => {
        const res = await http.get(`${url()}/${id}`).set(user.headers);
        return ['completed', 'failed'].includes(res.body.status as string) ? res.body : undefined;
      },
      30_000,
      `import ${id} to finish`,
    );

  const records = () => prisma.deliveryRecord.count({ where: { partnershipId: pid } });

  beforeAll(async () => {
    buildOnce();
    app = await createTestApp({ IMPORT_MAX_BYTES: String(MAX_BYTES) });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    worker = startProcess('apps/worker/src/main.js', { WORKER_HEALTH_PORT: '-1' });

    const partnership = await createPartnership(prisma);
    pid = partnership.id;
    providerOrg = (await createOrganisation(prisma, 'provider')).id;
    otherOrg = (await createOrganisation(prisma, 'provider')).id;
    for (const org of [providerOrg, otherOrg]) {
      await prisma.member.create({
        data: { partnershipId: pid, organisationId: org, role: 'provider' },
      });
    }
    for (const [code, archived] of [
      ['JOBS-1', false],
      ['HOUSING-1', false],
      ['OLD-1', true],
    ] as const) {
      await prisma.outcome.create({
        data: {
          partnershipId: pid,
          code,
          theme: 'Jobs',
          title: code,
          unit: 'people',
          archivedAt: archived ? new Date() : null,
        },
      });
    }
    provider = await createUserWithKey(prisma);
    await grantRole(prisma, pid, provider.userId, 'provider', providerOrg);
    otherProvider = await createUserWithKey(prisma);
    await grantRole(prisma, pid, otherProvider.userId, 'provider', otherOrg);
    admin = await createUserWithKey(prisma);
    await grantRole(prisma, pid, admin.userId, 'admin');
    board = await createUserWithKey(prisma);
    await grantRole(prisma, pid, board.userId, 'board');
    finance = await createUserWithKey(prisma);
    await grantRole(prisma, pid, finance.userId, 'finance');
    outsider = await createUserWithKey(prisma);
  });

  afterAll(async () => {
    if (worker && worker.child.exitCode === null) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    await app.close();
  });

  const goodFile = [
    HEADER,
    'JOBS-1,2026-05-01,3,case-1,EV-1,documented',
    'JOBS-1,2026-05-02,1.5,case-2,,',
    'HOUSING-1,2026-11-30,0.0001,"case-3, with comma",,independently_verified',
  ].join('\n');

  it('imports a good file: 202, then the worker moves every row (counts, audit, import id)', async () => {
    const res = await upload(provider, goodFile, '?fileName=q1.csv').expect(202);
    expect(res.body).toMatchObject({
      status: 'queued',
      providerOrganisationId: providerOrg,
      fileName: 'q1.csv',
      totalRows: 3,
      errorCount: 0,
    });
    const done = await finished(res.body.id as string);
    expect(done).toMatchObject({
      status: 'completed',
      percentDone: 100,
      totalRows: 3,
      insertedRows: 3,
      duplicateRows: 0,
      errors: [],
    });
    expect(done.finishedAt).toEqual(expect.any(String));
    const rows = await prisma.deliveryRecord.findMany({
      where: { partnershipId: pid },
      orderBy: { externalRef: 'asc' },
    });
    expect(rows.map((r) => [r.externalRef, r.quantity.toFixed(4), r.evidenceGrade])).toEqual([
      ['case-1', '3.0000', 'documented'],
      ['case-2', '1.5000', 'self_reported'],
      ['case-3, with comma', '0.0001', 'independently_verified'],
    ]);
    expect(rows.every((r) => r.importId === res.body.id && r.createdBy === provider.userId)).toBe(
      true,
    );
    const audit = await prisma.auditEvent.findMany({
      where: { partnershipId: pid, entityId: res.body.id as string },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([
      ['delivery_import.received', provider.userId],
      ['delivery_import.completed', provider.userId],
    ]);
    expect(
      await prisma.$queryRawUnsafe<unknown[]>(
        `SELECT 1 FROM pg_tables WHERE schemaname = 'ol_staging'`,
      ),
    ).toHaveLength(0);
  });

  it('adds nothing when the same file is sent again (duplicates counted)', async () => {
    const before = await records();
    const res = await upload(provider, goodFile).expect(202);
    const done = await finished(res.body.id as string);
    expect(done).toMatchObject({
      status: 'completed',
      totalRows: 3,
      insertedRows: 0,
      duplicateRows: 3,
    });
    expect(await records()).toBe(before);
  });

  it('does nothing when the commit job runs again for a completed import', async () => {
    const res = await upload(provider, `${HEADER}\nJOBS-1,2026-06-01,2,case-rerun,,`).expect(202);
    const id = res.body.id as string;
    await finished(id);
    const before = await records();
    const queue = new Queue(QueueName.Imports, {
      connection: bullConnection(process.env.REDIS_URL!),
      prefix: process.env.QUEUE_PREFIX!,
    });
    const events = new QueueEvents(QueueName.Imports, {
      connection: bullConnection(process.env.REDIS_URL!),
      prefix: process.env.QUEUE_PREFIX!,
    });
    try {
      await events.waitUntilReady();
      const again = await queue.add(
        JobName.CommitDeliveryImport,
        { partnershipId: pid, importId: id },
        { jobId: `rerun-${id}` },
      );
      expect(await again.waitUntilFinished(events, 15_000)).toMatchObject({
        alreadyCompleted: true,
        insertedRows: 1,
      });
    } finally {
      await events.close();
      await queue.close();
    }
    expect(await records()).toBe(before);
  });

  it('moves rows with the per-row foreign-key checks when the set-wise path may not be used', async () => {
    // An INSERT trigger of its own on delivery_records turns the set-wise checks off.
    await prisma.$executeRawUnsafe(
      `CREATE FUNCTION test_noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`,
    );
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER test_noop AFTER INSERT ON delivery_records FOR EACH STATEMENT EXECUTE FUNCTION test_noop()`,
    );
    try {
      const res = await upload(
        provider,
        `${HEADER}\nJOBS-1,2026-06-02,2,per-row-1,,\nHOUSING-1,2026-06-03,1,per-row-2,,`,
      ).expect(202);
      expect(await finished(res.body.id as string)).toMatchObject({
        status: 'completed',
        insertedRows: 2,
      });
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER test_noop ON delivery_records`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION test_noop()`);
    }
  });

  it('refuses a file with one bad row: 422 naming row and column, nothing inserted', async () => {
    const before = await records();
    const csv = [
      HEADER,
      'JOBS-1,2026-05-01,3,bad-1,,',
      'JOBS-1,2026-05-01,-2,bad-2,,',
      'JOBS-1,2026-05-01,4,bad-3,,',
    ].join('\n');
    const res = await upload(provider, csv).expect(422);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({
      type: '/problems/import-rejected',
      status: 422,
      errorCount: 1,
      errors: [{ row: 2, field: 'quantity', value: '-2', reason: expect.stringMatching(/≥ 0/) }],
    });
    expect(await records()).toBe(before);
    const stored = await http
      .get(`${url()}/${res.body.importId}`)
      .set(provider.headers)
      .expect(200);
    expect(stored.body).toMatchObject({
      status: 'rejected',
      totalRows: 3,
      insertedRows: 0,
      errorCount: 1,
      errors: [{ row: 2, field: 'quantity' }],
    });
    const audit = await prisma.auditEvent.findFirst({
      where: { entityId: res.body.importId as string, action: 'delivery_import.rejected' },
    });
    expect(audit?.actorUserId).toBe(provider.userId);
  });

  it('reports every kind of row problem with its row number', async () => {
    const csv = [
      HEADER,
      'NOPE,2026-05-01,1,r1,,', // 1 unknown outcome
      'OLD-1,2026-05-01,1,r2,,', // 2 archived outcome
      'JOBS-1,2026-02-30,1,r3,,', // 3 not a date
      'JOBS-1,2020-01-01,1,r4,,', // 4 before the partnership
      'JOBS-1,2026-05-01,1.23456,r5,,', // 5 five decimals
      'JOBS-1,2026-05-01,1e3,r6,,', // 6 not a decimal
      'JOBS-1,2026-05-01,1,,,', // 7 no external_ref
      'JOBS-1,2026-05-01,1,r8,,excellent', // 8 unknown grade
      'JOBS-1,2026-05-01,1,r9', // 9 too few fields
      'JOBS-1,2026-05-01,1,r1,,', // 10 fine but...
      'JOBS-1,2026-05-01,1,r10,,', // 11 fine
      'JOBS-1,2026-05-01,2,r10,,', // 12 repeats row 11's external_ref
    ].join('\r\n');
    const res = await upload(provider, csv).expect(422);
    const fields = (res.body.errors as { row: number; field: string }[]).map((e) => [
      e.row,
      e.field,
    ]);
    expect(fields).toEqual([
      [1, 'outcome_code'],
      [2, 'outcome_code'],
      [3, 'activity_date'],
      [4, 'activity_date'],
      [5, 'quantity'],
      [6, 'quantity'],
      [7, 'external_ref'],
      [8, 'evidence_grade'],
      [9, 'row'],
      [12, 'external_ref'],
    ]);
    expect(res.body.errors[9].reason).toMatch(/row 11/);
    expect(res.body.errorCount).toBe(10);
  });

  it('names unknown and missing columns', async () => {
    const res = await upload(
      provider,
      'outcome_code,activity_date,qty,external_ref\nJOBS-1,2026-05-01,1,x',
    ).expect(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          row: null,
          field: 'header',
          value: 'qty',
          reason: expect.stringMatching(/unknown column/),
        }),
        expect.objectContaining({
          row: null,
          field: 'header',
          value: 'quantity',
          reason: 'required column is missing',
        }),
      ]),
    );
  });

  it('names the row and column of invalid UTF-8', async () => {
    const csv = Buffer.concat([
      Buffer.from(`${HEADER}\nJOBS-1,2026-05-01,1,u1,,\nJOBS-1,2026-05-01,1,u2-`),
      Buffer.from([0xc3, 0x28]), // not UTF-8 (latin-1 style bytes)
      Buffer.from(',,\n'),
    ]);
    const res = await upload(provider, csv).expect(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        row: 2,
        field: 'external_ref',
        reason: expect.stringMatching(/UTF-8/),
      }),
    ]);
  });

  it('refuses a malformed CSV (unclosed quote) with a clear problem', async () => {
    const res = await upload(provider, `${HEADER}\nJOBS-1,2026-05-01,1,"open,,\n`).expect(422);
    expect(res.body.errors[0]).toMatchObject({
      field: 'file',
      reason: expect.stringMatching(/malformed/),
    });
  });

  it('accepts a UTF-8 BOM, CRLF line ends and columns in any order', async () => {
    const csv =
      '\uFEFFexternal_ref,quantity,activity_date,outcome_code\r\nbom-1,7,2026-07-01,JOBS-1\r\n';
    const res = await upload(provider, csv).expect(202);
    expect((await finished(res.body.id as string)).insertedRows).toBe(1);
  });

  it('answers 413 from Content-Length before reading the body', async () => {
    const res = await upload(provider, Buffer.alloc(MAX_BYTES + 1, 'a')).expect(413);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.type).toBe('/problems/payload-too-large');
    expect(
      await prisma.deliveryImport.count({ where: { partnershipId: pid, status: 'receiving' } }),
    ).toBe(0);
  });

  it('answers 413 when a chunked body grows past the limit while streaming', async () => {
    const port = (app.getHttpServer().address() as AddressInfo | null)?.port ?? (await listen());
    const { status, body } = await new Promise<{ status: number; body: string }>(
      (resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: url(),
            headers: {
              ...provider.headers,
              'content-type': 'text/csv',
              'transfer-encoding': 'chunked',
            },
          },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.write(`${HEADER}\n`);
        let i = 0;
        const more = (): void => {
          // Keeps sending rows until the server answers (it must not wait for the end).
          while (i < 10_000 && !req.destroyed) {
            const ok = req.write(`JOBS-1,2026-05-01,1,chunk-${i++},,\n`);
            if (!ok) return void req.once('drain', more);
          }
          req.end();
        };
        more();
      },
    );
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
    const rejected = await prisma.deliveryImport.findFirst({
      where: { partnershipId: pid, failureReason: { contains: 'larger than the limit' } },
    });
    expect(rejected?.status).toBe('rejected');
  });

  it('refuses a provider importing for another provider organisation (403)', async () => {
    const res = await upload(provider, goodFile, `?providerOrganisationId=${otherOrg}`).expect(403);
    expect(res.body.type).toBe('/problems/forbidden');
  });

  it('lets a partnership admin import for a named provider, and needs the name', async () => {
    await upload(admin, goodFile).expect(400);
    const res = await upload(
      admin,
      `${HEADER}\nJOBS-1,2026-05-01,1,admin-1,,`,
      `?providerOrganisationId=${otherOrg}`,
    ).expect(202);
    expect((await finished(res.body.id as string, admin)).insertedRows).toBe(1);
    const notProvider = (await createOrganisation(prisma, 'provider')).id;
    await upload(admin, goodFile, `?providerOrganisationId=${notProvider}`).expect(422);
  });

  it('gives 403 to board and finance members, 404 to non-members, 401 without a key', async () => {
    await upload(board, goodFile).expect(403);
    await upload(finance, goodFile).expect(403);
    await upload(outsider, goodFile).expect(404);
    await http.post(url()).set('content-type', 'text/csv').send(goodFile).expect(401);
  });

  it('refuses a second import while the provider has one in progress (409)', async () => {
    const active = await prisma.deliveryImport.create({
      data: { partnershipId: pid, providerOrgId: providerOrg, status: 'running' },
    });
    try {
      const res = await upload(provider, goodFile).expect(409);
      expect(res.body).toMatchObject({ status: 409, activeImportId: active.id });
      // Another provider is not blocked.
      await upload(otherProvider, `${HEADER}\nJOBS-1,2026-05-01,1,other-1,,`).expect(202);
    } finally {
      await prisma.deliveryImport.update({
        where: { partnershipId_id: { partnershipId: pid, id: active.id } },
        data: { status: 'failed' },
      });
    }
  });

  it('lists imports with state and percent; providers see only their own', async () => {
    const all = await http.get(`${url()}?limit=200`).set(board.headers).expect(200);
    expect(all.body.page.total).toBeGreaterThan(3);
    expect(all.body.data[0]).toEqual(
      expect.objectContaining({ status: expect.any(String), percentDone: expect.any(Number) }),
    );
    expect(all.body.data[0].errors).toBeUndefined();
    const orgs = new Set(
      all.body.data.map((i: { providerOrganisationId: string }) => i.providerOrganisationId),
    );
    expect(orgs).toEqual(new Set([providerOrg, otherOrg]));

    const own = await http.get(`${url()}?limit=200`).set(otherProvider.headers).expect(200);
    expect(
      own.body.data.every(
        (i: { providerOrganisationId: string }) => i.providerOrganisationId === otherOrg,
      ),
    ).toBe(true);
    const completed = await http.get(`${url()}?status=completed`).set(provider.headers).expect(200);
    expect(completed.body.data.every((i: { status: string }) => i.status === 'completed')).toBe(
      true,
    );

    const foreign = all.body.data.find(
      (i: { providerOrganisationId: string }) => i.providerOrganisationId === providerOrg,
    );
    await http.get(`${url()}/${foreign.id}`).set(otherProvider.headers).expect(404);
    await http
      .get(`${url()}?providerOrganisationId=${providerOrg}`)
      .set(otherProvider.headers)
      .expect(403);
    await http.get(url()).set(finance.headers).expect(403);
    await http.get(`${url()}?status=nonsense`).set(board.headers).expect(400);
    await http.get(`${url()}/not-a-uuid`).set(board.headers).expect(400);
  });

  async function listen(): Promise<number> {
    await app.listen(0, '127.0.0.1');
    return (app.getHttpServer().address() as AddressInfo).port;
  }
});
