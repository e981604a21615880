// Prisma CLI configuration (for `prisma generate` and, where the schema engine can be
// downloaded, `prisma migrate deploy`). The app itself connects through @prisma/adapter-pg.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/outcomes_ledger',
  },
});
