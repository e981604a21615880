import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createUserWithKey, grantRole } from '../factories';
import {
  buildOnce,
  waitFor,
  type RunningProcess,
  startWorkerProcess,
} from '../setup/child-process';
import { expectValid, strictValidator } from '../setup/openapi-schema';
import { createTestApp, truncateAll } from '../setup/test-app';

/**
 * The open book between competing providers: a report's investment is every provider's allowable
 * cost added up, so a provider who read it could subtract its own and learn its rival's. Acorn
 * (£40,000) and Birch (£25,000) deliver for one partnership; what Acorn can read — the report's
 * JSON, its current version, the list with what changed, the board-pack CSV — and the report.issued
 * webhook body carry neither the total (£65,000) nor anything worked from it, and read the same
 * whatever Birch's costs are. Board reads everything; a partnership may choose to share.
 */
describe('open book confidentiality (API + worker process, real PostgreSQL and Redis)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let admin: Awaited<ReturnType<typeof createUserWithKey>>;
  let board: Awaited<ReturnType<typeof createUserWithKey>>;
  let acorn: Awaited<ReturnType<typeof createUserWithKey>>;
  let birch: Awaited<ReturnType<typeof createUserWithKey>>;
  let pid: string;
  let worker: RunningProcess;
  let server: Server;
  const hooks: { event: string; body: Record<string, unknown> }[] = [];
  let matchesDocument: (schema: string, body: unknown) => void;
  const base = () => `/v1/partnerships/${pid}`;

  const produce = async (): Promise<string> => {
    const res = await http
      .post(`${base()}/reports`)
      .set(board.headers)
      .send({ scope: 'quarter', quarter: '2025-26 Q1' })
      .expect(202);
    const job = await waitFor(
      async () => {
        const r = await http.get(`${base()}/jobs/${res.body.id}`).set(board.headers);
        return r.body.status === 'done' || r.body.status === 'failed' ? r.body : undefined;
      },
      30_000,
      'report job',
    );
    expect(job.status).toBe('done');
    return job.resultId;
  };

  beforeAll(async () => {
    buildOnce();
    // Reports asked for after late data wait REPORT_DEBOUNCE_MS; a request joins such a run.
    app = await createTestApp({ REPORT_DEBOUNCE_MS: '300' });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    const doc = (await http.get('/docs-json').expect(200)).body;
    const validators = new Map<string, ReturnType<typeof strictValidator>>();
    matchesDocument = (schema, body) => {
      if (!validators.has(schema)) validators.set(schema, strictValidator(doc, schema));
      expectValid(validators.get(schema)!, body, schema);
    };
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hooks.push({
          event: String(req.headers['x-ol-event']),
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

    admin = await createUserWithKey(prisma);
    board = await createUserWithKey(prisma);
    acorn = await createUserWithKey(prisma);
    birch = await createUserWithKey(prisma);
    pid = (
      await prisma.partnership.create({
        data: {
          name: 'Rivals',
          model: 'alliance',
          status: 'active',
          startDate: new Date('2025-04-01T00:00:00Z'),
          endDate: new Date('2030-03-31T00:00:00Z'),
          // Returns count as submitted (provisional): this suite is about who reads them, not their review.
          provisionalReturnsCount: true,
        },
      })
    ).id;
    await grantRole(prisma, pid, admin.userId, 'admin');
    await grantRole(prisma, pid, board.userId, 'board');
    for (const [user, name] of [
      [acorn, 'Acorn'],
      [birch, 'Birch'],
    ] as const) {
      const org = await prisma.organisation.create({ data: { name, kind: 'provider' } });
      await prisma.member.create({
        data: { partnershipId: pid, organisationId: org.id, role: 'provider' },
      });
      await grantRole(prisma, pid, user.userId, 'provider', org.id);
    }
    const jobs = await prisma.outcome.create({
      data: { partnershipId: pid, code: 'JOBS', theme: 'Jobs', title: 'Into work', unit: 'people' },
    });
    const proxy = await prisma.proxy.create({
      data: {
        code: 'EMP-R',
        name: 'Employment',
        unit: 'person',
        sourceCitation: 'Illustrative',
        licence: 'CC0-1.0',
      },
    });
    await prisma.proxyVersion.create({
      data: {
        proxyId: proxy.id,
        validFrom: new Date('2025-04-01T00:00:00Z'),
        valuePerUnit: '10000',
        priceYear: 2025,
        durationYears: 1,
      },
    });
    await prisma.outcomeValuation.create({
      data: { partnershipId: pid, outcomeId: jobs.id, proxyId: proxy.id },
    });
    await http
      .put(`${base()}/sensitivity-cases`)
      .set(admin.headers)
      .send({
        cases: [{ parameter: 'investment', change: '0.1' }],
        grid: {
          rows: { parameter: 'investment', changes: ['-0.1', '0.1'] },
          columns: { parameter: 'deadweight', changes: ['0.1'] },
        },
      })
      .expect(200);
    await http
      .post(`${base()}/webhooks`)
      .set(admin.headers)
      .send({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
        eventTypes: ['report.issued'],
      })
      .expect(201);
    for (const [user, quantity, cost] of [
      [acorn, '6', '40000.00'],
      [birch, '4', '25000.00'],
    ] as const) {
      await http
        .post(`${base()}/delivery-records`)
        .set(user.headers)
        .send({
          outcomeId: jobs.id,
          activityDate: '2025-05-01',
          quantity,
          externalRef: `d-${quantity}`,
        })
        .expect(201);
      await http
        .post(`${base()}/financial-returns`)
        .set(user.headers)
        .send({
          period: '2025-26 Q1',
          revenue: '90000.00',
          costs: [{ category: 'direct', amount: cost }],
        })
        .expect(201);
    }
    worker = await startWorkerProcess({
      RECONCILE_INTERVAL_SECONDS: '1',
      REPORT_DEBOUNCE_MS: '300',
      LOG_LEVEL: 'warn',
    });
  }, 60_000);

  afterAll(async () => {
    if (worker?.child.exitCode === null) worker.child.kill('SIGKILL');
    await worker?.exited;
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await app.close();
  });

  /** Everything Acorn can read about a version, as text. */
  const readableBy = async (user: typeof acorn, id: string) => {
    const json = await http.get(`${base()}/reports/${id}`).set(user.headers).expect(200);
    const current = await http
      .get(`${base()}/reports/current`)
      .query({ scope: 'quarter', quarter: '2025-26 Q1' })
      .set(user.headers)
      .expect(200);
    const list = await http.get(`${base()}/reports`).set(user.headers).expect(200);
    const csv = await http.get(`${base()}/reports/${id}.csv`).set(user.headers).expect(200);
    const trend = await http.get(`${base()}/reports/trend`).set(user.headers).expect(200);
    return {
      json: json.body,
      current: current.body,
      list: list.body,
      csv: csv.text,
      trend: trend.body,
    };
  };

  let first: string;

  it('gives a provider the value, never the investment or anything worked from it', async () => {
    first = await produce();
    const full = (await http.get(`${base()}/reports/${first}`).set(board.headers).expect(200)).body;
    // 10 × £10,000 discounted once at 3.5% = £96,618.36; investment £65,000 = 40,000 + 25,000.
    expect(full.figures.totals).toMatchObject({
      presentValue: '96618.36',
      investment: '65000.00',
      netPresentValue: '31618.36',
      sroiRatio: '1.49',
    });
    expect(full.figures.withheld).toBeUndefined();

    const seen = await readableBy(acorn, first);
    matchesDocument('ReportResponse', seen.json);
    matchesDocument('ReportResponse', seen.current);
    matchesDocument('ReportList', seen.list);
    const f = seen.json.figures;
    expect(f.totals).toMatchObject({
      presentValue: '96618.36',
      investment: null,
      netPresentValue: null,
      sroiRatio: null,
      paybackMonths: null,
    });
    expect(f.withheld.fields).toContain('totals.investment');
    expect(f.byProvider.map((g: { presentValue: string }) => g.presentValue)).toEqual([
      '57971.02',
      '38647.34',
    ]);
    expect(f.sensitivity.grid).toBeNull();
    expect(seen.current.figures).toEqual(f);
    // The trend: the quarter's value, its ratio withheld as in the version.
    matchesDocument('ReportTrend', seen.trend);
    expect(seen.trend).toEqual({
      data: [
        {
          period: '2025-26 Q1',
          periodStart: '2025-04-01',
          reportId: first,
          version: full.version,
          presentValue: '96618.36',
          sroiRatio: null,
        },
      ],
      sroiRatioWithheld: true,
    });
    const boardTrend = await http.get(`${base()}/reports/trend`).set(board.headers).expect(200);
    expect(boardTrend.body.data[0]).toMatchObject({ presentValue: '96618.36', sroiRatio: '1.49' });
    expect(boardTrend.body.sroiRatioWithheld).toBe(false);
    for (const [query, field] of [
      [{ limit: 0 }, 'limit'],
      [{ until: '1999-00 Q9' }, 'until'],
    ] as const) {
      const refused = await http
        .get(`${base()}/reports/trend`)
        .query(query)
        .set(board.headers)
        .expect(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    // Nothing from which the total, Birch's cost or the net value could be read.
    const all = JSON.stringify(seen) + seen.csv;
    for (const secret of ['65000', '65,000', '25000', '31618.36']) {
      expect(all).not.toContain(secret);
    }
    // Birch reads the same.
    expect((await readableBy(birch, first)).json.figures).toEqual(f);
  });

  it('reads the same to a provider whatever its rival’s costs; what changed leaves the open book out', async () => {
    await http
      .post(`${base()}/financial-returns`)
      .set(birch.headers)
      .send({
        period: '2025-26 Q1',
        revenue: '90000.00',
        costs: [{ category: 'direct', amount: '31000.00' }],
      })
      .expect(201);
    const second = await produce();
    expect(second).not.toBe(first);
    const full = (await http.get(`${base()}/reports/${second}`).set(board.headers).expect(200))
      .body;
    expect(full.figures.totals.investment).toBe('71000.00');
    expect(full.changes.differences.map((d: { field: string }) => d.field)).toContain(
      'totals.investment',
    );
    const before = await readableBy(acorn, first);
    const after = await readableBy(acorn, second);
    expect(after.json.figures).toEqual(before.json.figures);
    expect(after.json.changes.differences).toEqual([]);
    expect(JSON.stringify(after) + after.csv).not.toContain('71000');
  });

  it('sends the report.issued webhook without the open book unless the partnership shares it', async () => {
    await waitFor(
      () => Promise.resolve(hooks.length >= 2 ? true : undefined),
      20_000,
      'report.issued webhooks',
    );
    for (const h of hooks) {
      expect(h.event).toBe('report.issued');
      expect(JSON.stringify(h.body)).not.toMatch(/65000|71000/);
    }
    expect(hooks.map((h) => (h.body.data as { totals: { investment: unknown } }).totals)).toEqual(
      hooks.map(() => expect.objectContaining({ presentValue: '96618.36', investment: null })),
    );
  });

  it('lets a partnership share the open book with its providers, asking for no report again', async () => {
    const runs = () => prisma.jobRun.count({ where: { partnershipId: pid } });
    const runsBefore = await runs();
    const res = await http
      .patch(base())
      .set(admin.headers)
      .send({ shareOpenBookWithProviders: true })
      .expect(200);
    expect(res.body.shareOpenBookWithProviders).toBe(true);
    // Who reads which figures changes views, not figures: no report is asked for again.
    expect(await runs()).toBe(runsBefore);
    const seen = await readableBy(acorn, first);
    expect(seen.json.figures.totals.investment).toBe('65000.00');
    expect(seen.json.figures.withheld).toBeUndefined();
    expect(seen.trend.data[0].sroiRatio).toBe(seen.current.figures.totals.sroiRatio);
    expect(seen.trend.data[0].sroiRatio).not.toBeNull();
    const bad = await http
      .patch(base())
      .set(admin.headers)
      .send({ shareOpenBookWithProviders: 'yes' })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'shareOpenBookWithProviders',
    ]);
  });
});
