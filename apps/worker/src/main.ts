import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@ol/config';
import { Logger } from 'nestjs-pino';
import { WorkerConfig } from './config/worker.config';
import { WorkerModule } from './worker.module';

/**
 * The worker process: a Nest application context (no HTTP API). On SIGTERM/SIGINT it stops
 * taking jobs, lets running jobs finish (BullMQ Worker.close), then disconnects.
 */
async function bootstrap(): Promise<void> {
  let config: WorkerConfig;
  try {
    config = loadConfig(WorkerConfig);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

void bootstrap();
