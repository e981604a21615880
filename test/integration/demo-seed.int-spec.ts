import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import { buildOnce, startProcess } from '../setup/child-process';
import { createTestApp, truncateAll } from '../setup/test-app';

const DEMO_PARTNERSHIP = '00000000-0000-4000-8000-00000000d001';

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
});
