import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import request from 'supertest';
import { signOffDemoQuarter } from '../../prisma/demo-sign-off';
import { buildOnce, startProcess, startWorkerProcess, waitFor } from '../setup/child-process';
import { createTestApp, truncateAll } from '../setup/test-app';

const DEMO_PARTNERSHIP = '00000000-0000-4000-8000-00000000d001';
const FINANCE_KEY = { 'x-api-key': 'ol_demofinanc01_DemoFinanceKeyDoNotUseInProducti' };
const PROVIDER_KEY = { 'x-api-key': 'ol_demoprovid01_DemoProviderKeyDoNotUseInProduct' };

/**
 * The README's main command loads the demo data (`npm run db:seed`, the built prisma/seed.js):
 * it must run on a migrated database, and again on its own data without a change (idempotent),
 * or a newcomer's first command fails.
 */
describe('the demo seed (built script, real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;

  beforeAll(async () => {
    buildOnce();
    app = await createTestApp();
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
  }, 120_000);
  afterAll(() => app.close());

  const seed = async () => {
    const run = startProcess('prisma/seed.js', {});
    const { code } = await run.exited;
    if (code !== 0) throw new Error(`seed exited ${code}:\n${run.output().slice(-3000)}`);
  };
  const counts = async () => ({
    partnerships: await prisma.partnership.count({ where: { id: DEMO_PARTNERSHIP } }),
    outcomes: await prisma.outcome.count({ where: { partnershipId: DEMO_PARTNERSHIP } }),
    records: await prisma.deliveryRecord.count({ where: { partnershipId: DEMO_PARTNERSHIP } }),
    returns: await prisma.financialReturn.count({ where: { partnershipId: DEMO_PARTNERSHIP } }),
    members: await prisma.member.count({ where: { partnershipId: DEMO_PARTNERSHIP } }),
  });

  it('loads the demo partnership, and a second run changes nothing', async () => {
    await seed();
    const first = await counts();
    expect(first.partnerships).toBe(1);
    expect(first.outcomes).toBeGreaterThan(3);
    expect(first.records).toBeGreaterThan(10);
    expect(first.returns).toBeGreaterThan(0);
    expect(first.members).toBeGreaterThanOrEqual(4);
    await seed();
    expect(await counts()).toEqual(first);
  }, 120_000);

  it('shows an open book with a settled first crossing and, once the worker evaluates the year, a later adjustment of the increase only', async () => {
    const worker = await startWorkerProcess({ RECONCILE_INTERVAL_SECONDS: '1', LOG_LEVEL: 'warn' });
    try {
      const http = request(app.getHttpServer());
      const base = `/v1/partnerships/${DEMO_PARTNERSHIP}`;
      const triggers = await waitFor(
        async () => {
          const res = await http.get(`${base}/triggers`).set(FINANCE_KEY).expect(200);
          return res.body.data.length === 2 ? res.body.data : undefined;
        },
        60_000,
        'the later adjustment',
      );
      const [later, first] = triggers as {
        reason: string;
        status: string;
        adjustments: { role: string; amount: string }[];
        settlements: { reference: string; retained: boolean }[];
      }[];
      // H1: excess 46,000 → provider 10,000 (retained), council 30,800, fund 5,200, settled.
      expect(first).toMatchObject({ reason: 'crossing', status: 'settled' });
      expect(first.adjustments.map((a) => a.amount)).toEqual(['10000.00', '30800.00', '5200.00']);
      expect(first.settlements.map((s) => [s.retained, s.reference])).toEqual([
        [true, 'BACS NEA-2025-H1'],
        [false, 'BACS NEA-2025-H1'],
        [false, 'BACS NEA-2025-H1'],
      ]);
      // The full year: excess 92,000 → council 67,600, fund 14,400: only the increase is raised.
      expect(later).toMatchObject({ reason: 'adjustment', status: 'open' });
      expect(later.adjustments.map((a) => a.amount)).toEqual(['0.00', '36800.00', '9200.00']);
      const ledger = await http.get(`${base}/share-ledger`).set(FINANCE_KEY).expect(200);
      expect(ledger.body.data[0].lines.map((l: { outstanding: string }) => l.outstanding)).toEqual([
        '0.00',
        '36800.00',
        '9200.00',
      ]);
    } finally {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
      await worker.exited;
    }
  }, 120_000);

  it('reminds a late provider once the worker looks, and shows a quarter the board signed off (issue 19)', async () => {
    const worker = await startWorkerProcess({
      REMINDER_INTERVAL_SECONDS: '1',
      RECONCILE_INTERVAL_SECONDS: '1',
      LOG_LEVEL: 'warn',
    });
    try {
      const http = request(app.getHttpServer());
      const base = `/v1/partnerships/${DEMO_PARTNERSHIP}`;
      // The demo's delivery data is for 2025-26: today, the provider is late with later quarters.
      const mine = await waitFor(
        async () => {
          const res = await http.get('/v1/me/notifications').set(PROVIDER_KEY).expect(200);
          return res.body.page.total > 0 ? res.body : undefined;
        },
        60_000,
        'a reminder to the demo provider',
      );
      expect(mine.data[0]).toMatchObject({
        partnershipId: DEMO_PARTNERSHIP,
        eventType: 'obligation.reminder',
        status: 'unread',
      });
      expect(mine.data[0].body).toContain('Acorn Employment CIC');
      // The board signs the first quarter off through the API, as `npm run demo` does.
      await app.listen(0, '127.0.0.1');
      const id = await signOffDemoQuarter(await app.getUrl(), 60_000);
      const current = await http
        .get(`${base}/reports/current?scope=quarter&quarter=2025-26 Q1`)
        .set(FINANCE_KEY)
        .expect(200);
      expect(current.body).toMatchObject({ id, signOff: { status: 'signed_off' } });
      const period = await http.get(`${base}/periods/2025-26 Q1`).set(FINANCE_KEY).expect(200);
      expect(period.body).toMatchObject({ state: 'closed' });
      // Again: nothing changes (already signed off).
      expect(await signOffDemoQuarter(await app.getUrl(), 10_000)).toBe(id);
    } finally {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
      await worker.exited;
    }
  }, 180_000);
});
