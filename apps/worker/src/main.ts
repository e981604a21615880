import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@ol/config';
import { warmUpReports } from '@ol/outcomes';
import { performance } from 'node:perf_hooks';
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
  // Before any job can arrive: the report code compiled and optimised on sample reports.
  const warmUp = warmUpReports(config.WORKER_WARM_UP_MS, () => performance.now());
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), {
    bufferLogs: true,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  if (warmUp.calls > 0) {
    logger.log(
      { calls: warmUp.calls, ms: Math.round(warmUp.elapsedMs) },
      'report code warmed up on sample reports',
    );
  }
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

void bootstrap();
