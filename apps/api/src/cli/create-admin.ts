/**
 * `npm run admin:create -- <email>`: creates (or reuses) a platform administrator and prints a
 * brand-new API key for them. The first call a newcomer makes on a fresh install uses this key.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@ol/config';
import { AppModule } from '../app.module';
import { generateApiKey } from '../common/auth/api-key';
import { ApiConfig } from '../config/api.config';
import { UsersService } from '../modules/users/users.service';

async function main(): Promise<void> {
  const email = process.argv[2] ?? 'admin@localhost';
  const config = loadConfig(ApiConfig, { ...process.env, LOG_LEVEL: 'silent' });
  const app = await NestFactory.createApplicationContext(AppModule.register(config), {
    logger: false,
  });
  try {
    const { key } = generateApiKey();
    const { user, created } = await app.get(UsersService).ensureAdminKey(email, key);
    console.log(`${created ? 'Created' : 'Issued'} an API key for platform admin ${user.email}:`);
    console.log(`  ${key}`);
    console.log(
      'It is shown once; only its hash is stored. Use it as X-API-Key or Authorization: Bearer.',
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
