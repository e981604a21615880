import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import type Redis from 'ioredis';
import request from 'supertest';
import { generateApiKey, hashApiKey } from '../../apps/api/src/common/auth/api-key';
import { REDIS } from '../../apps/api/src/common/redis.provider';
import { createUserWithKey } from '../factories';
import { waitFor } from '../setup/child-process';
import { OwnRedis } from '../setup/own-redis';
import { createTestApp, truncateAll } from '../setup/test-app';

const PER_KEY = 5;
const PER_ADDRESS = 8;
const ALLOWED_ORIGIN = 'https://ledger.example.org';

/**
 * Two API instances on one Redis and one key prefix (as two processes behind a load balancer)
 * share their rate limits; security headers; CORS closed but for the configured origin. Client
 * addresses are told apart with X-Forwarded-For (TRUST_PROXY), a header only: every request goes
 * to the loopback apps.
 */
describe('shared rate limits, security headers and CORS (two API instances, real Redis)', () => {
  const prefix = `${process.env.QUEUE_PREFIX}:limits`;
  const settings = {
    QUEUE_PREFIX: prefix,
    RATE_LIMIT_PER_MINUTE: String(PER_KEY),
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: String(PER_ADDRESS),
    TRUST_PROXY: 'true',
    CORS_ORIGINS: `${ALLOWED_ORIGIN}, https://admin.example.org`,
  };
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;
  let httpA: ReturnType<typeof request>;
  let httpB: ReturnType<typeof request>;
  let prisma: PrismaService;
  let address = 0;

  /** A client address of its own for each test (TEST-NET-2: never contacted, a header value). */
  const nextAddress = (): string => `198.51.100.${++address}`;

  beforeAll(async () => {
    a = await createTestApp(settings);
    b = await createTestApp(settings);
    prisma = a.get(PrismaService);
    await truncateAll(prisma);
    httpA = request(a.getHttpServer());
    httpB = request(b.getHttpServer());
    // Both counting in Redis from the first request (before its connection is up, an instance
    // counts in its own memory).
    for (const app of [a, b]) {
      await waitFor(() =>
        Promise.resolve(app.get<Redis>(REDIS).status === 'ready' ? true : undefined),
      );
    }
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  const across = (i: number): ReturnType<typeof request> => (i % 2 === 0 ? httpA : httpB);

  it('shares the per-key limit across both instances: the call after the limit gets 429 with Retry-After', async () => {
    const user = await createUserWithKey(prisma);
    const from = nextAddress();
    for (let i = 0; i < PER_KEY; i++) {
      const res = await across(i)
        .get('/v1/users/me')
        .set(user.headers)
        .set('x-forwarded-for', from)
        .expect(200);
      expect(res.headers['x-ratelimit-limit']).toBe(String(PER_KEY));
      expect(res.headers['x-ratelimit-remaining']).toBe(String(PER_KEY - i - 1));
    }
    for (const http of [httpA, httpB]) {
      const refused = await http
        .get('/v1/users/me')
        .set(user.headers)
        .set('x-forwarded-for', from)
        .expect(429);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body).toMatchObject({
        type: '/problems/rate-limited',
        title: 'Too many requests',
        status: 429,
        instance: '/v1/users/me',
      });
      expect(refused.body.detail).toContain('this API key');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // Another key from the same address has its own count.
    const other = await createUserWithKey(prisma);
    await httpB.get('/v1/users/me').set(other.headers).set('x-forwarded-for', from).expect(200);
    // The limit is in Redis under this install's prefix, not in either process.
    const keys = await a.get<Redis>(REDIS).keys(`${prefix}:rate:*`);
    expect(keys).toEqual(
      expect.arrayContaining([`${prefix}:rate:default:key:${hashApiKey(user.key).slice(0, 32)}`]),
    );
  });

  it('limits requests without a key per client address, across both instances', async () => {
    const from = nextAddress();
    for (let i = 0; i < PER_KEY; i++) {
      await across(i).get('/health').set('x-forwarded-for', from).expect(200);
    }
    const refused = await httpA.get('/health').set('x-forwarded-for', from).expect(429);
    expect(refused.body.detail).toContain('this client address');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // A neighbour at another address is not concerned.
    await httpB.get('/health').set('x-forwarded-for', nextAddress()).expect(200);
  });

  it('caps one address rotating made-up keys at the per-address limit', async () => {
    const from = nextAddress();
    for (let i = 0; i < PER_ADDRESS; i++) {
      await across(i)
        .get('/v1/users/me')
        .set('x-api-key', generateApiKey().key)
        .set('x-forwarded-for', from)
        .expect(401);
    }
    const refused = await httpB
      .get('/v1/users/me')
      .set('x-api-key', generateApiKey().key)
      .set('x-forwarded-for', from)
      .expect(429);
    expect(refused.body.type).toBe('/problems/rate-limited');
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
  });

  it('sends security headers on API answers and on the docs, whose page the policy allows', async () => {
    const from = nextAddress();
    const health = await httpA.get('/health').set('x-forwarded-for', from).expect(200);
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(health.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(health.headers['referrer-policy']).toBe('no-referrer');
    expect(health.headers['x-powered-by']).toBeUndefined();
    const csp = String(health.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');

    const docs = await httpA.get('/docs').set('x-forwarded-for', from).redirects(1).expect(200);
    expect(docs.headers['content-security-policy']).toBe(csp);
    const html = docs.text;
    // Every script is a file of the UI's own (script-src 'self' allows no inline script).
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src=/);
      expect(body.trim()).toBe('');
    }
    const init = await httpB
      .get('/docs/swagger-ui-init.js')
      .set('x-forwarded-for', from)
      .expect(200);
    expect(init.text).toContain('SwaggerUIBundle(');
  });

  it('answers a preflight from a configured origin and refuses one from any other', async () => {
    const from = nextAddress();
    const allowed = await httpA
      .options('/v1/users/me')
      .set('x-forwarded-for', from)
      .set('origin', ALLOWED_ORIGIN)
      .set('access-control-request-method', 'GET')
      .set('access-control-request-headers', 'x-api-key')
      .expect(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(String(allowed.headers['access-control-allow-headers']).toLowerCase()).toContain(
      'x-api-key',
    );
    expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();

    const refused = await httpB
      .options('/v1/users/me')
      .set('x-forwarded-for', from)
      .set('origin', 'https://elsewhere.example.com')
      .set('access-control-request-method', 'GET');
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();

    // Plain answers carry the header only for the configured origin.
    const user = await createUserWithKey(prisma);
    const read = await httpA
      .get('/v1/users/me')
      .set(user.headers)
      .set('origin', ALLOWED_ORIGIN)
      .expect(200);
    expect(read.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(String(read.headers['access-control-expose-headers'])).toContain('Retry-After');
    const foreign = await httpA
      .get('/v1/users/me')
      .set(user.headers)
      .set('origin', 'https://elsewhere.example.com')
      .expect(200);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  describe('with a Redis of its own, frozen then stopped, and no CORS_ORIGINS', () => {
    let redis: OwnRedis;
    let lone: NestFastifyApplication;
    let http: ReturnType<typeof request>;
    beforeAll(async () => {
      redis = await OwnRedis.start();
      lone = await createTestApp({ ...settings, CORS_ORIGINS: '', REDIS_URL: redis.url });
      http = request(lone.getHttpServer());
      await waitFor(() =>
        Promise.resolve(lone.get<Redis>(REDIS).status === 'ready' ? true : undefined),
      );
    });
    afterAll(async () => {
      await lone.close();
      await redis.stop();
    });

    /** Waits until a request is counted in this Redis again (after the gate's cool-down). */
    const countedInRedis = () =>
      waitFor(
        async () => {
          const probe = nextAddress();
          await http.get('/health').set('x-forwarded-for', probe).expect(200);
          const key = `${prefix}:rate:default:ip:${probe}`;
          return (await redis.command('EXISTS', key)) === 1 ? true : undefined;
        },
        15_000,
        'rate limits counted in Redis again',
      );

    it('answers within the Redis timeout while it is frozen, and counts in Redis again once it answers', async () => {
      const user = await createUserWithKey(prisma);
      const from = nextAddress();
      await http.get('/v1/users/me').set(user.headers).set('x-forwarded-for', from).expect(200);
      redis.freeze();
      const started = Date.now();
      for (let i = 1; i < PER_KEY; i++) {
        await http.get('/v1/users/me').set(user.headers).set('x-forwarded-for', from).expect(200);
      }
      // One call waits REDIS_TIMEOUT_MS (500 ms); the rest skip Redis during the cool-down.
      expect(Date.now() - started).toBeLessThan(3_000);
      redis.thaw();
      await countedInRedis();
    });

    it('keeps answering with Redis stopped (fail open to a per-process limit), never a 5xx', async () => {
      await redis.stop();
      const user = await createUserWithKey(prisma);
      const from = nextAddress();
      const started = Date.now();
      for (let i = 0; i < PER_KEY; i++) {
        await http.get('/v1/users/me').set(user.headers).set('x-forwarded-for', from).expect(200);
      }
      // Still limited, by this process alone.
      const refused = await http
        .get('/v1/users/me')
        .set(user.headers)
        .set('x-forwarded-for', from)
        .expect(429);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      expect(Date.now() - started).toBeLessThan(5_000);
      // Back (empty): shared again.
      await redis.start();
      await countedInRedis();
    });

    it('refuses every cross-origin preflight when no origin is configured', async () => {
      const res = await http
        .options('/v1/users/me')
        .set('x-forwarded-for', nextAddress())
        .set('origin', ALLOWED_ORIGIN)
        .set('access-control-request-method', 'GET');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
