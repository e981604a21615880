import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, ConfigError } from '@ol/config';
import { AppModule } from './app.module';
import { ApiConfig } from './config/api.config';
import { APP_OPTIONS, configureApp, createAdapter } from './configure-app';
import { UsersService } from './modules/users/users.service';

async function bootstrap(): Promise<void> {
  let config: ApiConfig;
  try {
    config = loadConfig(ApiConfig);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config),
    createAdapter(config),
    { ...APP_OPTIONS, bufferLogs: true },
  );
  configureApp(app, config);
  if (config.BOOTSTRAP_ADMIN_KEY) {
    await app
      .get(UsersService)
      .ensureAdminKey(config.BOOTSTRAP_ADMIN_EMAIL, config.BOOTSTRAP_ADMIN_KEY);
  }
  await app.listen(config.PORT, config.HOST);
}

void bootstrap();
