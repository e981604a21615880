import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import request from 'supertest';
import { createProviderPartnership, createUserWithKey, grantRole } from '../factories';
import {
  buildOnce,
  waitFor,
  type RunningProcess,
  startWorkerProcess,
} from '../setup/child-process';
import { expectValid, strictValidator } from '../setup/openapi-schema';
import { createTestApp, truncateAll } from '../setup/test-app';

type User = Awaited<ReturnType<typeof createUserWithKey>>;
type Line = { partyId: string; entitlement: string; settled: string; outstanding: string };
type Adjustment = { partyId: string; amount: string };

const costs = (amount: string) => [{ category: 'direct', amount }];
const pence = (s: string) => BigInt(s.replace('.', ''));

/**
 * Issue 15, items 3, 4 and 6 (ADR 0011), end to end: a four-party reasonable-surplus rule (the
 * provider, two commissioners, a community fund) stored as contract terms; a first crossing
 * settled (acknowledged by one finance user, settled by another, the provider's share recorded as
 * retained); a second quarter raising ONLY the increase; a restatement raising a clawback; the
 * ledger where settled + outstanding = entitlement to the penny; target-cost terms showing the
 * point of total assumption; every bad rule shape refused with a field-level 422 and nothing
 * stored. API in process, a real worker process, PostgreSQL and Redis.
 *
 * The figures are the worked example of libs/outcomes' second-crossing-and-restatement scenario:
 * 8% on cost; the first £20,000 of excess provider 50% / council 25% / ICB 25%; beyond it council
 * 40% / ICB 40% / community fund 20%.
 */
describe('settlement ledger: contract terms, adjustments of the difference only, settlements (API + worker)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let finance: User;
  let finance2: User;
  let provider: User;
  let rival: User;
  let worker: RunningProcess | undefined;
  let matchesDocument: (schema: string, body: unknown) => void;
  let pid: string;
  let orgId: string;
  let council: string;
  let icb: string;
  let fund: string;
  let rivalOrg: string;
  let ruleId: string;

  const base = () => `/v1/partnerships/${pid}`;
  const waitForJob = (id: string) =>
    waitFor(
      async () => {
        const res = await http.get(`${base()}/jobs/${id}`).set(finance.headers).expect(200);
        return ['done', 'failed'].includes(res.body.status) ? res.body : undefined;
      },
      30_000,
      `job ${id}`,
    );
  /** Submitted by the provider, accepted by finance; waits for the evaluation it asks for. */
  const returnAccepted = async (period: string, revenue: string, cost: string) => {
    const submitted = await http
      .post(`${base()}/financial-returns`)
      .set(provider.headers)
      .send({ period, revenue, costs: costs(cost) })
      .expect(201);
    const accepted = await http
      .post(`${base()}/financial-returns/${submitted.body.id}/decision`)
      .set(finance.headers)
      .send({ decision: 'accepted' })
      .expect(200);
    for (const job of accepted.body.evaluationJobs) {
      expect(await waitForJob(job.id)).toMatchObject({ status: 'done' });
    }
  };
  const triggers = async (user: User = finance) => {
    const res = await http.get(`${base()}/triggers`).set(user.headers).expect(200);
    matchesDocument('TriggerList', res.body);
    return res.body.data as {
      id: string;
      ruleId: string;
      providerOrganisationId: string;
      reason: string;
      fromState: string;
      toState: string;
      status: string;
      adjustments: Adjustment[];
      settlements: { partyId: string; amount: string; reference: string }[];
    }[];
  };
  const amounts = (rows: Adjustment[]) =>
    Object.fromEntries(rows.map((row) => [row.partyId, row.amount]));
  const ledger = async (user: User = finance) => {
    const res = await http.get(`${base()}/share-ledger`).set(user.headers).expect(200);
    matchesDocument('ShareLedgerList', res.body);
    return res.body.data as {
      providerOrganisationId: string;
      lines: Line[];
      totals: Record<string, string>;
    }[];
  };
  const settle = async (id: string, reference: string) => {
    await http
      .post(`${base()}/triggers/${id}/acknowledge`)
      .set(finance.headers)
      .send({ note: 'Checked against the management accounts' })
      .expect(200);
    const res = await http
      .post(`${base()}/triggers/${id}/settle`)
      .set(finance2.headers)
      .send({ note: 'Paid', paidOn: '2026-11-30', paymentReference: reference })
      .expect(200);
    matchesDocument('TriggerResponse', res.body);
    return res.body;
  };

  beforeAll(async () => {
    buildOnce();
    app = await createTestApp();
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    const doc = (await http.get('/docs-json').expect(200)).body;
    const validators = new Map<string, ReturnType<typeof strictValidator>>();
    matchesDocument = (schema, body) => {
      if (!validators.has(schema)) validators.set(schema, strictValidator(doc, schema));
      expectValid(validators.get(schema)!, body, schema);
    };
    finance = await createUserWithKey(prisma);
    finance2 = await createUserWithKey(prisma);
    provider = await createUserWithKey(prisma);
    rival = await createUserWithKey(prisma);
    ({ partnershipId: pid, organisationId: orgId } = await createProviderPartnership(prisma, {
      name: 'Ledger alliance',
      startDate: '2026-04-01',
      endDate: '2031-03-31',
      providerUserId: provider.userId,
    }));
    const member = async (name: string, kind: string, role: string | null) => {
      const org = await prisma.organisation.create({
        data: { name, kind: kind as 'provider' },
      });
      if (role) {
        await prisma.member.create({
          data: { partnershipId: pid, organisationId: org.id, role: role as 'commissioner' },
        });
      }
      return org.id;
    };
    council = await member('Northshire Council', 'commissioner', 'commissioner');
    icb = await member('Northshire ICB', 'commissioner', 'commissioner');
    fund = await member('Community Foundation', 'community', null);
    rivalOrg = await member('Rival CIC', 'provider', 'provider');
    await grantRole(prisma, pid, rival.userId, 'provider', rivalOrg);
    await grantRole(prisma, pid, finance.userId, 'finance');
    await grantRole(prisma, pid, finance2.userId, 'finance');
    // A receiver that never answers (the discard port): the notifications are kept all the same.
    await prisma.webhook.create({
      data: {
        partnershipId: pid,
        url: 'http://127.0.0.1:9/triggers',
        secret: 'ledger-test-secret-of-sixteen-plus',
        eventTypes: ['trigger.raised'],
      },
    });
    worker = await startWorkerProcess({ RECONCILE_INTERVAL_SECONDS: '1', LOG_LEVEL: 'warn' });
  }, 60_000);

  afterAll(async () => {
    if (worker) {
      if (process.env.TEST_LOGS) console.log(worker.output().slice(-5000));
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
      await worker.exited;
    }
    await app.close();
  });

  const allianceTerms = () => ({
    kind: 'reasonable_surplus',
    parties: [
      { id: 'provider', name: 'Northside Care', role: 'provider' },
      { id: council, name: 'Northshire Council', role: 'commissioner' },
      { id: icb, name: 'Northshire ICB', role: 'commissioner' },
      { id: fund, name: 'Community Foundation', role: 'community_fund' },
    ],
    reasonableSurplus: { basis: 'cost', rate: '0.08' },
    bands: [
      { upTo: '20000', shares: { provider: '0.5', [council]: '0.25', [icb]: '0.25' } },
      { shares: { [council]: '0.4', [icb]: '0.4', [fund]: '0.2' } },
    ],
  });

  describe('rule shapes at the door', () => {
    const refused = async (body: object, status: number, field: string) => {
      const before = await prisma.shareRule.count({ where: { partnershipId: pid } });
      const res = await http
        .post(`${base()}/share-rules`)
        .set(finance.headers)
        .send({ name: 'Bad', ...body })
        .expect(status);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await prisma.shareRule.count({ where: { partnershipId: pid } })).toBe(before);
    };

    it('refuses shares not adding up to 100%, bands out of order and a ceiling below the target (422 naming the field; nothing stored)', async () => {
      const terms = allianceTerms();
      await refused(
        { terms: { ...terms, bands: [{ shares: { provider: '0.5', [council]: '0.4' } }] } },
        422,
        'terms.bands[0].shares',
      );
      await refused(
        {
          terms: {
            ...terms,
            bands: [
              { upTo: '20000', shares: { provider: '1' } },
              { upTo: '10000', shares: { provider: '1' } },
              { shares: { provider: '1' } },
            ],
          },
        },
        422,
        'terms.bands[1].upTo',
      );
      await refused(
        {
          terms: {
            kind: 'target_cost',
            parties: terms.parties.slice(0, 2),
            targetCost: '1000000',
            targetProfit: '50000',
            gainTiers: [{ shares: { provider: '0.5', [council]: '0.5' } }],
            painTiers: [{ shares: { provider: '0.5', [council]: '0.5' } }],
            ceilingPrice: '1040000',
          },
        },
        422,
        'terms.ceilingPrice',
      );
      await refused({ terms: { ...terms, kind: 'profit_share' } }, 422, 'terms.kind');
      await refused({ terms: 'everything' }, 400, 'terms');
    });

    it('refuses parties who are not members as the rule says, and terms given with the shorthand', async () => {
      const terms = allianceTerms();
      const stranger = (
        await prisma.organisation.create({ data: { name: 'Stranger', kind: 'other' } })
      ).id;
      await refused(
        {
          terms: {
            ...terms,
            parties: terms.parties.map((p) => (p.id === icb ? { ...p, id: stranger } : p)),
            bands: [{ shares: { provider: '0.5', [council]: '0.25', [stranger]: '0.25' } }],
          },
        },
        422,
        'terms.parties[2].id',
      );
      await refused(
        {
          terms: {
            ...terms,
            parties: terms.parties.map((p) => (p.id === 'provider' ? { ...p, id: rivalOrg } : p)),
            bands: [{ shares: { [rivalOrg]: '1' } }],
          },
        },
        422,
        'terms.parties[0].id',
      );
      await refused({ terms, basis: 'cost' }, 400, 'basis');
    });

    it('shows the point of total assumption of a target-cost contract with a ceiling price', async () => {
      const res = await http
        .post(`${base()}/share-rules`)
        .set(finance.headers)
        .send({
          name: 'Rival target cost',
          providerOrganisationId: rivalOrg,
          terms: {
            kind: 'target_cost',
            parties: [
              { id: rivalOrg, name: 'Rival CIC', role: 'provider' },
              { id: council, name: 'Northshire Council', role: 'commissioner' },
            ],
            targetCost: '1000000',
            targetProfit: '50000',
            gainTiers: [{ shares: { [rivalOrg]: '0.5', [council]: '0.5' } }],
            painTiers: [{ shares: { [rivalOrg]: '0.3', [council]: '0.7' } }],
            ceilingPrice: '1120000',
            minimumAdjustment: '1000',
          },
        })
        .expect(201);
      matchesDocument('CreatedShareRuleResponse', res.body);
      // PTA = target cost + (ceiling − target price) ÷ buyers' share = 1,000,000 + 70,000 ÷ 0.7.
      expect(res.body.pointOfTotalAssumption).toMatchObject({
        targetPrice: '1050000.00',
        ceilingPrice: '1120000.00',
        othersMostBorne: '70000.00',
        overrun: '100000.00',
        cost: '1100000.00',
      });
      expect(res.body.evaluationJobs).toEqual([]);
    });
  });

  describe('a year of crossings, settlements and a restatement', () => {
    it('evaluates a quarter below the warning level and raises nothing', async () => {
      ruleId = (
        await http
          .post(`${base()}/share-rules`)
          .set(finance.headers)
          .send({ name: 'Alliance margin share', terms: allianceTerms() })
          .expect(201)
      ).body.id;
      await returnAccepted('2026-27 Q1', '105000.00', '100000.00');
      expect(await triggers()).toEqual([]);
    });

    it('raises the first crossing with each party’s entitlement, settled by a second finance user', async () => {
      await returnAccepted('2026-27 Q2', '140500.00', '100000.00');
      const [first] = await triggers();
      expect(first).toMatchObject({ reason: 'crossing', fromState: 'below', toState: 'above' });
      expect(amounts(first.adjustments)).toEqual({
        provider: '10000.00',
        [council]: '8800.00',
        [icb]: '8800.00',
        [fund]: '1900.00',
      });
      const settled = await settle(first.id, 'BACS 2026-H1');
      expect(settled.settlements).toEqual([
        expect.objectContaining({
          partyId: 'provider',
          amount: '10000.00',
          retained: true,
          reference: 'BACS 2026-H1',
        }),
        expect.objectContaining({
          partyId: council,
          amount: '8800.00',
          reference: 'BACS 2026-H1',
          paidOn: '2026-11-30',
          settledBy: finance2.userId,
        }),
        expect.objectContaining({ partyId: icb, amount: '8800.00' }),
        expect.objectContaining({ partyId: fund, amount: '1900.00' }),
      ]);
      expect((await ledger())[0].lines.map((l) => l.outstanding)).toEqual([
        '0.00',
        '0.00',
        '0.00',
        '0.00',
      ]);
    });

    it('raises only the increase on the next quarter (not the gross again), also in the webhook', async () => {
      await returnAccepted('2026-27 Q3', '110050.00', '100000.00');
      const [second] = await triggers();
      expect(second).toMatchObject({ reason: 'adjustment', fromState: 'above', toState: 'above' });
      expect(amounts(second.adjustments)).toEqual({
        provider: '0.00',
        [council]: '820.00',
        [icb]: '820.00',
        [fund]: '410.00',
      });
      const event = await prisma.notification.findFirstOrThrow({
        where: {
          partnershipId: pid,
          eventType: 'trigger.raised',
          eventKey: `trigger:${second.id}`,
        },
      });
      expect(event.payload).toMatchObject({
        reason: 'adjustment',
        adjustments: second.adjustments.map((a) =>
          expect.objectContaining({ partyId: a.partyId, amount: a.amount }),
        ),
      });
      await settle(second.id, 'BACS 2026-Q3');
    });

    it('raises a clawback when a restatement lowers the position; settled + outstanding = entitlement', async () => {
      await returnAccepted('2026-27 Q2', '130500.00', '100000.00');
      const [third] = await triggers();
      expect(third).toMatchObject({ reason: 'adjustment', status: 'open' });
      expect(amounts(third.adjustments)).toEqual({
        provider: '0.00',
        [council]: '-4000.00',
        [icb]: '-4000.00',
        [fund]: '-2000.00',
      });
      const [book] = await ledger();
      expect(book.lines).toEqual([
        expect.objectContaining({
          partyId: 'provider',
          entitlement: '10000.00',
          settled: '10000.00',
          outstanding: '0.00',
        }),
        expect.objectContaining({
          partyId: council,
          entitlement: '5620.00',
          settled: '9620.00',
          outstanding: '-4000.00',
        }),
        expect.objectContaining({
          partyId: icb,
          entitlement: '5620.00',
          settled: '9620.00',
          outstanding: '-4000.00',
        }),
        expect.objectContaining({
          partyId: fund,
          entitlement: '310.00',
          settled: '2310.00',
          outstanding: '-2000.00',
        }),
      ]);
      for (const line of book.lines) {
        expect(pence(line.settled) + pence(line.outstanding)).toBe(pence(line.entitlement));
      }
      // Every adjustment ever raised adds up to the current entitlement of each party.
      const raised = await prisma.shareAdjustment.groupBy({
        by: ['partyId'],
        where: { partnershipId: pid },
        _sum: { amount: true },
      });
      expect(Object.fromEntries(raised.map((r) => [r.partyId, r._sum.amount!.toFixed(2)]))).toEqual(
        {
          provider: '10000.00',
          [council]: '5620.00',
          [icb]: '5620.00',
          [fund]: '310.00',
        },
      );
    });

    it('keeps a rule replacement on the same ledger: new terms raise the difference only', async () => {
      const terms = allianceTerms();
      const replaced = await http
        .post(`${base()}/share-rules`)
        .set(finance.headers)
        .send({
          name: 'Alliance margin share (fund takes 30% beyond £20k)',
          supersedes: ruleId,
          terms: {
            ...terms,
            bands: [
              terms.bands[0],
              { shares: { [council]: '0.35', [icb]: '0.35', [fund]: '0.3' } },
            ],
          },
        })
        .expect(201);
      expect(replaced.body.lineageId).toBe(ruleId);
      for (const job of replaced.body.evaluationJobs) await waitForJob(job.id);
      const [fourth] = await triggers();
      // Band 2 holds 1,550 (excess 21,550): council and ICB 35% = 542.50 (was 620), fund 465 (was 310).
      expect(amounts(fourth.adjustments)).toEqual({
        provider: '0.00',
        [council]: '-77.50',
        [icb]: '-77.50',
        [fund]: '155.00',
      });
      const [book] = await ledger();
      expect(book.lines.map((l) => l.entitlement)).toEqual([
        '10000.00',
        '5542.50',
        '5542.50',
        '465.00',
      ]);
    });

    it('gives pain-share amounts per party: the overrun, who bears what, up to the cap', async () => {
      const pain = await http
        .post(`${base()}/share-rules`)
        .set(finance.headers)
        .send({
          name: 'Rival overrun share',
          providerOrganisationId: rivalOrg,
          terms: {
            kind: 'reasonable_surplus',
            parties: [
              { id: rivalOrg, name: 'Rival CIC', role: 'provider' },
              { id: council, name: 'Northshire Council', role: 'commissioner' },
            ],
            reasonableSurplus: { basis: 'cost', rate: '0.05' },
            bands: [{ shares: { [rivalOrg]: '0.5', [council]: '0.5' } }],
            painShare: {
              shares: { [rivalOrg]: '0.5', [council]: '0.5' },
              caps: { [rivalOrg]: '1000' },
            },
          },
        })
        .expect(201);
      const submitted = await http
        .post(`${base()}/financial-returns`)
        .set(rival.headers)
        .send({
          period: '2026-27 Q1',
          revenue: '100000.00',
          targetCost: '104000.00',
          costs: costs('110000.00'),
        })
        .expect(201);
      const accepted = await http
        .post(`${base()}/financial-returns/${submitted.body.id}/decision`)
        .set(finance.headers)
        .send({ decision: 'accepted' })
        .expect(200);
      for (const job of accepted.body.evaluationJobs) await waitForJob(job.id);
      // Overrun 110,000 − 104,000 = 6,000: the rival's half (3,000) is capped at 1,000, the
      // council bears the rest (5,000). Negative entitlements: what each bears.
      const trigger = (await triggers()).find((t) => t.ruleId === pain.body.id)!;
      expect(trigger).toMatchObject({
        reason: 'crossing',
        toState: 'pain_share',
        pain: '6000.00',
        variation: '-15500.00',
      });
      expect(amounts(trigger.adjustments)).toEqual({
        [rivalOrg]: '-1000.00',
        [council]: '-5000.00',
      });
      const evaluation = (
        await http
          .get(`${base()}/share-evaluations?ruleId=${pain.body.id}`)
          .set(finance.headers)
          .expect(200)
      ).body.data[0];
      expect(evaluation.positions).toEqual([
        expect.objectContaining({
          partyId: rivalOrg,
          receives: '0.00',
          bears: '1000.00',
          net: '-1000.00',
          painCap: '1000.00',
          painCapped: true,
        }),
        expect.objectContaining({
          partyId: council,
          receives: '0.00',
          bears: '5000.00',
          net: '-5000.00',
          painCap: null,
          painCapped: false,
        }),
      ]);
    });

    it('exports the triggers as CSV in the same words and amounts', async () => {
      const res = await http.get(`${base()}/triggers.csv`).set(finance.headers).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const [header, ...rows] = res.text
        .trim()
        .split('\n')
        .map((line) => line.split(','));
      expect(header.slice(0, 9)).toEqual([
        'trigger_id',
        'rule_id',
        'provider_organisation_id',
        'window_start',
        'window_end',
        'crossing_no',
        'reason',
        'from_state',
        'to_state',
      ]);
      const col = (name: string) => header.indexOf(name);
      const clawback = rows.filter(
        (r) => r[col('party_id')] === fund && r[col('adjustment')] === '-2000.00',
      );
      expect(clawback).toHaveLength(1);
      expect(clawback[0][col('reason')]).toBe('adjustment');
      const painRows = rows.filter((r) => r[col('to_state')] === 'pain_share');
      expect(painRows.map((r) => r[col('adjustment')]).sort()).toEqual(['-1000.00', '-5000.00']);
      const mine = await http.get(`${base()}/triggers.csv`).set(provider.headers).expect(200);
      expect(mine.text).not.toContain(rivalOrg);
    });

    it('shows a provider its own ledger and triggers, and a rival provider nothing of them', async () => {
      const own = (ts: { providerOrganisationId?: string }[]) =>
        new Set(ts.map((t) => t.providerOrganisationId));
      expect(own(await triggers(provider))).toEqual(new Set([orgId]));
      expect(await ledger(provider)).toHaveLength(1);
      expect(own(await triggers(rival))).toEqual(new Set([rivalOrg]));
      expect(
        (await ledger(rival)).map(
          (l) => (l as { providerOrganisationId?: string }).providerOrganisationId,
        ),
      ).not.toContain(orgId);
      const [t] = await triggers(provider);
      await http.get(`${base()}/triggers/${t.id}`).set(rival.headers).expect(404);
      await http
        .get(`${base()}/share-ledger?providerOrganisationId=${orgId}`)
        .set(rival.headers)
        .expect(200)
        .expect((res) => expect(res.body.data).toEqual([]));
    });

    it('records what actually moved when it differs (a part payment), and the ledger shows the rest outstanding', async () => {
      const [t] = await triggers(provider);
      const ours = async () =>
        (await ledger())
          .find((l) => l.providerOrganisationId === orgId)!
          .lines.find((l) => l.partyId === icb)!;
      const icbLine = await ours();
      await http
        .post(`${base()}/triggers/${t.id}/acknowledge`)
        .set(finance.headers)
        .send({ note: 'Seen' })
        .expect(200);
      const refused = await http
        .post(`${base()}/triggers/${t.id}/settle`)
        .set(finance2.headers)
        .send({
          note: 'Part',
          settlements: [
            { partyId: 'someone', amount: '1.00' },
            { partyId: icb, amount: '0.00' },
          ],
        })
        .expect(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'settlements[0].partyId',
        'settlements[1].amount',
      ]);
      expect(
        (await http.get(`${base()}/triggers/${t.id}`).set(finance.headers).expect(200)).body.status,
      ).toBe('acknowledged');
      // The fund's +155.00 paid in full, the ICB's −77.50 clawback only −50.00 so far.
      const settled = await http
        .post(`${base()}/triggers/${t.id}/settle`)
        .set(finance2.headers)
        .send({
          note: 'Part payment',
          paymentReference: 'BACS 2026-R1',
          settlements: [
            { partyId: icb, amount: '-50.00' },
            { partyId: fund, amount: '155.00' },
          ],
        })
        .expect(200);
      expect(settled.body.settlements.map((x: Adjustment) => [x.partyId, x.amount])).toEqual([
        [icb, '-50.00'],
        [fund, '155.00'],
      ]);
      const after = await ours();
      expect(pence(after.settled) - pence(icbLine.settled)).toBe(-5000n);
      expect(pence(after.outstanding) - pence(icbLine.outstanding)).toBe(5000n);
    });

    it('validates the ledger query and the settlement (400 naming the field)', async () => {
      const bad = await http
        .get(`${base()}/share-ledger?year=last`)
        .set(finance.headers)
        .expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'year' })]);
      const [t] = await triggers();
      await http
        .post(`${base()}/triggers/${t.id}/acknowledge`)
        .set(finance.headers)
        .send({ note: 'Seen' })
        .expect(200);
      const future = await http
        .post(`${base()}/triggers/${t.id}/settle`)
        .set(finance2.headers)
        .send({ note: 'Paid', paidOn: '2099-01-01' })
        .expect(400);
      expect(future.body.errors).toEqual([expect.objectContaining({ field: 'paidOn' })]);
      expect(await prisma.shareSettlement.count({ where: { triggerId: t.id } })).toBe(0);
    });
  });
});
