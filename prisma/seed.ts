/**
 * `npm run db:seed`: the demo alliance (prisma/demo/): a commissioner, three providers, a funder
 * and a community body; people in every role with demo API keys; fourteen outcomes with eight
 * quarters of delivery; an open book in which one provider crosses its reasonable surplus; and
 * the worker's runs for the reports and evaluations. Idempotent (re-running changes nothing: the
 * framework and its history are written once, with the first run). DEMO ONLY: the keys and the
 * password are public; never seed a real installation with them (use `npm run admin:create`).
 */
import { DatabaseConfig, loadConfig } from '@ol/config';
import { createPool, PrismaService } from '@ol/persistence';
import { seedAlliance, seedIndexSeries, seedProxies, type OrgIds } from './demo/alliance';
import { PARTNERSHIP_ID } from './demo/calendar';
import { seedDelivery } from './demo/delivery';
import { seedOpenBook } from './demo/open-book';
import { seedOutcomes } from './demo/outcomes';
import { printSignIn, seedPeople, type DemoPeople } from './demo/people';
import { seedShareHistory } from './demo/share-history';
import { orderWorkerRuns, seedReminderPolicy } from './demo/worker-orders';

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig(DatabaseConfig);
  const prisma = new PrismaService(createPool(config, 'ol-seed'));
  try {
    const seriesId = await seedIndexSeries(prisma);
    const orgs = await seedAlliance(prisma, seriesId);
    const people = await seedPeople(prisma, orgs);
    await seedFramework(prisma, orgs, people);
    await seedReminderPolicy(prisma);
    await orderWorkerRuns(prisma, orgs);
    printSignIn();
    console.log(`(seeded in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } finally {
    await prisma.onModuleDestroy();
  }
}

/**
 * Outcomes, proxies and targets, eight quarters of delivery with their reviews, the open book and
 * its history: written by the first run (the partnership has no outcomes yet), never again.
 */
async function seedFramework(
  prisma: PrismaService,
  orgs: OrgIds,
  people: DemoPeople,
): Promise<void> {
  if (await prisma.outcome.count({ where: { partnershipId: PARTNERSHIP_ID } })) return;
  const proxyIds = await seedProxies(prisma);
  const outcomeIds = await seedOutcomes(prisma, proxyIds);
  await seedDelivery(prisma, outcomeIds, orgs, people);
  const ruleId = await seedOpenBook(prisma, orgs, people);
  await seedShareHistory(prisma, orgs, ruleId, people);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
