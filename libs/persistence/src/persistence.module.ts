import { DynamicModule, Global, Module } from '@nestjs/common';
import type { DatabaseConfig } from '@ol/config';
import { Pool } from 'pg';
import { Db } from './db';
import { createPool } from './pool';
import { PrismaService } from './prisma.service';
import { ApiKeyRepository } from './repositories/api-key.repository';
import { DeliveryImportRepository } from './repositories/delivery-imports';
import { DeliveryRecordRepository } from './repositories/delivery-record.repository';
import { DeliveryReviewRepository } from './repositories/delivery-review.repository';
import { FinanceRepository } from './repositories/finance.repository';
import { ShareLedgerRepository } from './repositories/share-ledger.repository';
import { ReturnReviewRepository } from './repositories/return-review.repository';
import { ReportRepository } from './repositories/report.repository';
import { SensitivitySettingsRepository } from './repositories/sensitivity-settings.repository';
import { RunRepository } from './repositories/run.repository';
import { OutcomeRepository } from './repositories/outcome.repository';
import { ProxyRepository } from './repositories/proxy.repository';
import { IndexSeriesRepository } from './repositories/index-series.repository';
import { AuditRepository } from './repositories/audit.repository';
import { IdempotencyRepository } from './repositories/idempotency.repository';
import { MemberRepository } from './repositories/member.repository';
import { OrganisationRepository } from './repositories/organisation.repository';
import { PartnershipRepository } from './repositories/partnership.repository';
import { UserRoleRepository } from './repositories/user-role.repository';
import { UserRepository } from './repositories/user.repository';
import { NotificationRepository } from './repositories/notification.repository';
import { WebhookRepository } from './repositories/webhook.repository';
import { CalendarRepository } from './repositories/calendar.repository';
import { ObligationRepository } from './repositories/obligation.repository';
import { ReminderRepository } from './repositories/reminder.repository';
import { UserNotificationRepository } from './repositories/user-notification.repository';
import { EmailRepository } from './repositories/email.repository';
import { PeriodLockRepository } from './repositories/period-lock.repository';
import { SignOffRepository } from './repositories/sign-off.repository';
import { BoardPackRepository } from './repositories/board-pack.repository';
import { SessionRepository } from './repositories/session.repository';
import { CredentialRepository } from './repositories/credential.repository';
import { SignInThrottleRepository } from './repositories/sign-in-throttle.repository';

const repositories = [
  ApiKeyRepository,
  SessionRepository,
  CredentialRepository,
  SignInThrottleRepository,
  DeliveryImportRepository,
  DeliveryRecordRepository,
  DeliveryReviewRepository,
  FinanceRepository,
  ShareLedgerRepository,
  ReturnReviewRepository,
  ReportRepository,
  SensitivitySettingsRepository,
  RunRepository,
  OutcomeRepository,
  ProxyRepository,
  IndexSeriesRepository,
  AuditRepository,
  IdempotencyRepository,
  MemberRepository,
  OrganisationRepository,
  PartnershipRepository,
  UserRoleRepository,
  UserRepository,
  NotificationRepository,
  WebhookRepository,
  CalendarRepository,
  ObligationRepository,
  ReminderRepository,
  UserNotificationRepository,
  EmailRepository,
  PeriodLockRepository,
  SignOffRepository,
  BoardPackRepository,
];

/** PostgreSQL access for an app: one pg pool, Prisma on it, the unit of work and repositories. */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(config: DatabaseConfig, applicationName: string): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        { provide: Pool, useFactory: () => createPool(config, applicationName) },
        {
          provide: PrismaService,
          useFactory: (pool: Pool) => new PrismaService(pool),
          inject: [Pool],
        },
        Db,
        ...repositories,
      ],
      exports: [Pool, PrismaService, Db, ...repositories],
    };
  }
}
