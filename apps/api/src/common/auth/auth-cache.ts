import {
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { NotifyListener } from '@ol/persistence';
import type { FastifyRequest } from 'fastify';
import { tap, type Observable } from 'rxjs';
import { ApiConfig } from '../../config/api.config';
import { ALLOW_KEY, type AllowEntry } from './access.decorators';
import type { Resource } from './policy';

/** The channel the database notifies when keys, users or roles change (migration 20261203230000). */
export const AUTH_CHANGED_CHANNEL = 'ol_auth_changed';

/** Entries kept at most; past it the cache starts again empty (a flood of keys cannot grow it). */
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/**
 * A short-lived, per-process cache of what authenticates a request: API key rows by prefix and a
 * user's roles in a partnership. Authentication then costs no database round trip on a hit.
 *
 * Correctness comes from the database, not from the TTL: triggers notify `ol_auth_changed` when a
 * key, user or role changes, every API process LISTENs, and a notification empties the cache. A
 * value read before a change but arriving after its notification is not stored (the generation
 * moved). While the listening connection is down (start-up, a lost connection) nothing is cached
 * or served from the cache. AUTH_CACHE_SECONDS bounds an entry's age; 0 turns the cache off.
 * ADR 0020.
 */
@Injectable()
export class AuthCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AuthCache');
  private readonly ttlMs: number;
  private readonly entries = new Map<string, Entry<unknown>>();
  private generation = 0;
  private listening = false;
  private readonly listener: NotifyListener | null;

  constructor(config: ApiConfig) {
    this.ttlMs = config.AUTH_CACHE_SECONDS * 1000;
    this.listener =
      this.ttlMs > 0
        ? new NotifyListener({
            connectionString: config.DATABASE_URL,
            channel: AUTH_CHANGED_CHANNEL,
            applicationName: 'ol-api-auth-cache',
            onNotify: () => this.flush(),
            onListening: () => {
              this.flush();
              this.listening = true;
            },
            onLost: (error) => {
              this.listening = false;
              this.flush();
              this.logger.warn(
                { err: error instanceof Error ? error.message : String(error) },
                'auth cache off until the database notifications connection is back',
              );
            },
          })
        : null;
  }

  async onModuleInit(): Promise<void> {
    await this.listener?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.listening = false;
    await this.listener?.stop();
  }

  /** Whether values are being cached (the notifications connection is up and the TTL is not 0). */
  get active(): boolean {
    return this.listening;
  }

  /**
   * The cached value of `key`, or `load()`'s, stored when it is not null and no change was
   * notified while it was being read.
   */
  async get<T>(key: string, load: () => Promise<T | null>): Promise<T | null> {
    if (this.listening) {
      const hit = this.entries.get(key);
      if (hit && hit.expiresAt > Date.now()) return hit.value as T;
    }
    const generation = this.generation;
    const value = await load();
    if (value !== null && this.listening && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, { value, expiresAt: Date.now() + this.ttlMs });
    }
    return value;
  }

  /** Forgets everything (a key, user or role changed somewhere). */
  flush(): void {
    this.generation++;
    this.entries.clear();
  }
}

/** Access-policy resources whose writes change who a key or session is and what roles it holds. */
const AUTH_RESOURCES: ReadonlySet<Resource> = new Set<Resource>([
  'api-keys',
  'partnership-api-keys',
  'users',
  'roles',
  'members',
]);

/**
 * Empties this process's auth cache as soon as one of its own writes to keys, users, roles or
 * members has committed, before the answer leaves: the caller's next request here sees the change
 * even before the database's notification arrives (other processes rely on the notification).
 */
@Injectable()
export class AuthCacheFlushInterceptor implements NestInterceptor {
  constructor(
    private readonly cache: AuthCache,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const method = context.switchToHttp().getRequest<FastifyRequest>().method;
    if (method === 'GET' || method === 'HEAD') return next.handle();
    const entry = this.reflector.getAllAndOverride<AllowEntry | undefined>(ALLOW_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!entry || !AUTH_RESOURCES.has(entry.resource)) return next.handle();
    return next
      .handle()
      .pipe(tap({ next: () => this.cache.flush(), error: () => this.cache.flush() }));
  }
}
