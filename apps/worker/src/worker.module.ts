import { WorkerHost } from '@nestjs/bullmq';
import {
  DynamicModule,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JobsModule, QueueName } from '@ol/jobs';
import { PersistenceModule } from '@ol/persistence';
import { LoggerModule } from 'nestjs-pino';
import { WorkerConfig } from './config/worker.config';
import { checkJobHandlers } from './handler-registry';
import { WorkerHealthServer } from './health.server';
import { WebhookSender } from './notifications/webhook-sender';
import { EmailDelivery } from './notifications/email-delivery';
import { ObligationSubjects } from './reminders/obligation-subjects';
import { ReminderEvaluator } from './reminders/reminder-evaluator.service';
import { ReminderSender } from './reminders/reminder-sender';
import { WorkerClock } from './reminders/worker-clock';
import { BoardPackRunner } from './board-packs/board-pack-runner.service';
import { PdfRenderer } from './board-packs/pdf-renderer';
import { BoardPackProcessor } from './processors/board-pack.processor';
import { DeliveryImportProcessor } from './processors/delivery-import.processor';
import { FinanceProcessor } from './processors/finance.processor';
import { NotificationProcessor } from './processors/notification.processor';
import { ReportProcessor } from './processors/report.processor';
import { SystemProcessor } from './processors/system.processor';
import { ShareEvaluationFailures } from './finance/share-evaluation-failures';
import { ShareEvaluationInputReader } from './finance/share-evaluation-inputs';
import { ShareEvaluator } from './finance/share-evaluator.service';
import { ReportBuilder } from './reports/report-builder.service';
import { PeriodAutoCloser } from './periods/period-auto-closer.service';
import { PeriodClock } from './periods/period-clock';
import { ReportClock } from './reports/report-clock';
import { ReportRunner } from './reports/report-runner.service';
import { RunMaintenance } from './runs/run-maintenance.service';
import { Schedules } from './schedules';

/** The worker: BullMQ processors, schedules and its own health endpoint; no HTTP API. */
@Module({})
export class WorkerModule implements OnModuleInit, OnApplicationBootstrap {
  static register(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL } }),
        PersistenceModule.forRoot(config, 'ol-worker'),
        JobsModule.forRoot({
          redisUrl: config.REDIS_URL,
          prefix: config.QUEUE_PREFIX,
          role: 'worker',
          timeoutMs: config.REDIS_TIMEOUT_MS,
        }),
      ],
      providers: [
        { provide: WorkerConfig, useValue: config },
        SystemProcessor,
        DeliveryImportProcessor,
        ReportProcessor,
        FinanceProcessor,
        BoardPackProcessor,
        NotificationProcessor,
        BoardPackRunner,
        PdfRenderer,
        WebhookSender,
        EmailDelivery,
        ObligationSubjects,
        ReminderEvaluator,
        ReminderSender,
        WorkerClock,
        ReportBuilder,
        ReportRunner,
        ReportClock,
        PeriodClock,
        PeriodAutoCloser,
        ShareEvaluator,
        ShareEvaluationInputReader,
        ShareEvaluationFailures,
        RunMaintenance,
        Schedules,
        WorkerHealthServer,
      ],
      exports: [WorkerHealthServer],
    };
  }

  private readonly logger = new Logger('Workers');
  private lastErrorLog = 0;

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    checkJobHandlers(PROCESSORS);
  }

  /**
   * A worker's own errors (Redis away, a job's keys gone after Redis lost its data) are logged,
   * at most every 30 s; BullMQ would otherwise print each one as an unhandled error event. The
   * job's run stays in PostgreSQL, and the reconciler takes it up again.
   */
  onApplicationBootstrap(): void {
    for (const { cls, queue } of PROCESSORS) {
      this.moduleRef.get<WorkerHost>(cls, { strict: false }).worker.on('error', (error: Error) => {
        const now = Date.now();
        if (now - this.lastErrorLog < 30_000) return;
        this.lastErrorLog = now;
        this.logger.warn({ queue, err: error.message }, 'worker error');
      });
    }
  }
}

const PROCESSORS = [
  { cls: SystemProcessor, queue: QueueName.System },
  { cls: DeliveryImportProcessor, queue: QueueName.Imports },
  { cls: ReportProcessor, queue: QueueName.Reports },
  { cls: FinanceProcessor, queue: QueueName.Finance },
  { cls: BoardPackProcessor, queue: QueueName.Documents },
  { cls: NotificationProcessor, queue: QueueName.Notifications },
];
