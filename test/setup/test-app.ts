import { Test } from '@nestjs/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@ol/config';
import { PrismaService } from '@ol/persistence';
import { AppModule } from '../../apps/api/src/app.module';
import { ApiConfig } from '../../apps/api/src/config/api.config';
import { APP_OPTIONS, configureApp, createAdapter } from '../../apps/api/src/configure-app';

/** The API as main.ts builds it, on this run's database, listening on an ephemeral port. */
export async function createTestApp(
  overrides: Record<string, string> = {},
): Promise<NestFastifyApplication> {
  const config = loadConfig(ApiConfig, { ...process.env, ...overrides });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.register(config)],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(config), {
    ...APP_OPTIONS,
    logger: false,
  });
  configureApp(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/**
 * Empties every table but the migrations record, and drops the import staging slices another
 * suite left behind (an import queued with no worker to move it), between suites.
 */
export async function truncateAll(prisma: PrismaService): Promise<void> {
  const slices = await prisma.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'ol_staging'`;
  for (const { tablename } of slices) {
    await prisma.$executeRawUnsafe(`DROP TABLE IF EXISTS ol_staging."${tablename}"`);
  }
  const rows = await prisma.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  if (rows.length === 0) return;
  const list = rows.map((r) => `"${r.tablename}"`).join(', ');
  // Audit tables refuse DELETE/UPDATE row by row; TRUNCATE is the test harness's reset.
  await prisma.$executeRawUnsafe(`TRUNCATE ${list} RESTART IDENTITY CASCADE`);
}
