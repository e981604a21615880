import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JobsModule } from '@ol/jobs';
import { PersistenceModule } from '@ol/persistence';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { AccessGuard } from './common/auth/access.guard';
import { AuthCache, AuthCacheFlushInterceptor } from './common/auth/auth-cache';
import { SessionAuthenticator } from './common/auth/session-authenticator';
import { IdempotencyInterceptor } from './common/idempotency/idempotency.interceptor';
import { ProblemDetailsFilter } from './common/problems/problem-details.filter';
import { RateLimitGuard } from './common/rate-limit/rate-limit.guard';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { RedisModule } from './common/redis.provider';
import { ApiConfig } from './config/api.config';
import { ApiConfigModule } from './config/api-config.module';
import { AdminModule } from './modules/admin/admin.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { CalendarModule } from './modules/calendar/calendar.module';
import { RemindersModule } from './modules/reminders/reminders.module';
import { FinanceModule } from './modules/finance/finance.module';
import { ReportsModule } from './modules/reports/reports.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { DeliveryImportsModule } from './modules/delivery-imports/delivery-imports.module';
import { DeliveryRecordsModule } from './modules/delivery-records/delivery-records.module';
import { OutcomesModule } from './modules/outcomes/outcomes.module';
import { ProxiesModule } from './modules/proxies/proxies.module';
import { IndexSeriesModule } from './modules/index-series/index-series.module';
import { HealthModule } from './modules/health/health.module';
import { MembersModule } from './modules/members/members.module';
import { OrganisationsModule } from './modules/organisations/organisations.module';
import { PartnershipsModule } from './modules/partnerships/partnerships.module';
import { PeriodsModule } from './modules/periods/periods.module';
import { UsersModule } from './modules/users/users.module';

/** The HTTP API. `register(config)` lets tests build it with their own database. */
@Module({})
export class AppModule {
  static register(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ApiConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            genReqId: (req) => {
              const given = req.headers['x-request-id'];
              return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given)
                ? given
                : randomUUID();
            },
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers["x-api-key"]',
                'req.headers.cookie',
                'res.headers["set-cookie"]',
              ],
              censor: '[redacted]',
            },
            serializers: {
              req: (req: { id: unknown; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
              }),
            },
          },
        }),
        PersistenceModule.forRoot(config, 'ol-api'),
        RedisModule.forRoot(config.REDIS_URL),
        RateLimitModule,
        JobsModule.forRoot({
          redisUrl: config.REDIS_URL,
          prefix: config.QUEUE_PREFIX,
          role: 'producer',
          timeoutMs: config.REDIS_TIMEOUT_MS,
        }),
        HealthModule,
        OrganisationsModule,
        PartnershipsModule,
        MembersModule,
        UsersModule,
        AuthModule,
        AuditModule,
        OutcomesModule,
        ProxiesModule,
        IndexSeriesModule,
        DeliveryRecordsModule,
        DeliveryImportsModule,
        FinanceModule,
        ReportsModule,
        WebhooksModule,
        CalendarModule,
        RemindersModule,
        PeriodsModule,
        AdminModule,
      ],
      providers: [
        SessionAuthenticator,
        AuthCache,
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        // Rate limits first: a flood is refused before authentication reaches the database.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: AuthCacheFlushInterceptor },
      ],
    };
  }
}
