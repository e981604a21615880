import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { withTimeout } from '@ol/jobs';
import { PrismaService } from '@ol/persistence';
import type Redis from 'ioredis';
import { Allow } from '../../common/auth/access.decorators';
import { ProblemException, ProblemType } from '../../common/problems/problem';
import { REDIS } from '../../common/redis.provider';
import { ApiConfig } from '../../config/api.config';

/** Readiness answers within 2 s whatever its dependencies do (down, or up but frozen). */
const READY_CHECK_MS = 1_500;

@ApiTags('health')
@Allow('health', 'read')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly prisma: PrismaService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ApiConfig) private readonly config: ApiConfig,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process is up' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: { status: { type: 'string', enum: ['ok'] } },
      required: ['status'],
      example: { status: 'ok' },
    },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer' })
  @ApiServiceUnavailableResponse({
    description: 'A dependency does not answer (problem details; `checks` says which)',
  })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.check();
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const down = Object.keys(result.error ?? {});
      throw new ProblemException({
        type: ProblemType.Unavailable,
        title: 'Service unavailable',
        status: 503,
        detail: `Not ready: ${down.join(' and ') || 'a dependency'} not answering.`,
        checks: result.details,
      });
    }
  }

  private check(): Promise<HealthCheckResult> {
    return this.health.check([
      async () => {
        const i = this.indicators.check('postgres');
        try {
          await withTimeout(this.prisma.$queryRaw`SELECT 1`, READY_CHECK_MS, 'SELECT 1');
          return i.up();
        } catch (e) {
          return i.down({ message: (e as Error).message });
        }
      },
      async () => {
        const i = this.indicators.check('redis');
        try {
          await withTimeout(
            this.redis.ping(),
            Math.min(this.config.REDIS_TIMEOUT_MS, READY_CHECK_MS),
            'PING',
          );
          return i.up();
        } catch (e) {
          return i.down({ message: (e as Error).message });
        }
      },
    ]);
  }
}
