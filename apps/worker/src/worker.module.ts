import { DynamicModule, Module, OnModuleInit } from '@nestjs/common';
import { JobsModule, QueueName } from '@ol/jobs';
import { PersistenceModule } from '@ol/persistence';
import { LoggerModule } from 'nestjs-pino';
import { WorkerConfig } from './config/worker.config';
import { checkJobHandlers } from './handler-registry';
import { WorkerHealthServer } from './health.server';
import { NotificationKicker } from './notifications/notification-kicker';
import { WebhookSender } from './notifications/webhook-sender';
import { DeliveryImportProcessor } from './processors/delivery-import.processor';
import { FinanceProcessor } from './processors/finance.processor';
import { NotificationProcessor } from './processors/notification.processor';
import { ReportProcessor } from './processors/report.processor';
import { SystemProcessor } from './processors/system.processor';
import { ShareEvaluator } from './finance/share-evaluator.service';
import { ReportBuilder } from './reports/report-builder.service';
import { ReportRunner } from './reports/report-runner.service';
import { RunMaintenance } from './runs/run-maintenance.service';
import { Schedules } from './schedules';

/** The worker: BullMQ processors, schedules and its own health endpoint; no HTTP API. */
@Module({})
export class WorkerModule implements OnModuleInit {
  static register(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL } }),
        PersistenceModule.forRoot(config, 'ol-worker'),
        JobsModule.forRoot({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX }),
      ],
      providers: [
        { provide: WorkerConfig, useValue: config },
        SystemProcessor,
        DeliveryImportProcessor,
        ReportProcessor,
        FinanceProcessor,
        NotificationProcessor,
        WebhookSender,
        NotificationKicker,
        ReportBuilder,
        ReportRunner,
        ShareEvaluator,
        RunMaintenance,
        Schedules,
        WorkerHealthServer,
      ],
      exports: [WorkerHealthServer],
    };
  }

  onModuleInit(): void {
    checkJobHandlers([
      { cls: SystemProcessor, queue: QueueName.System },
      { cls: DeliveryImportProcessor, queue: QueueName.Imports },
      { cls: ReportProcessor, queue: QueueName.Reports },
      { cls: FinanceProcessor, queue: QueueName.Finance },
      { cls: NotificationProcessor, queue: QueueName.Notifications },
    ]);
  }
}
