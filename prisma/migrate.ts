/**
 * The project's migrate command: `npm run db:migrate`. Creates the database if it is missing,
 * then applies prisma/migrations/<timestamp>_<name>/migration.sql in order, recording each in
 * `_prisma_migrations` with its checksum (Prisma's table, so `prisma migrate deploy` agrees).
 */
import { join } from 'node:path';
import { DatabaseConfig, loadConfig } from '@ol/config';
import { ensureDatabase, migrate } from '@ol/persistence';

async function main(): Promise<void> {
  const { DATABASE_URL } = loadConfig(DatabaseConfig);
  const dir = process.env.MIGRATIONS_DIR ?? join(__dirname, 'migrations');
  if (await ensureDatabase(DATABASE_URL))
    console.log(`created database ${new URL(DATABASE_URL).pathname.slice(1)}`);
  const result = await migrate(DATABASE_URL, dir, (line) => console.log(line));
  console.log(
    `migrations: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
