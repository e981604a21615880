import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import request from 'supertest';
import { AuthCache } from '../../apps/api/src/common/auth/auth-cache';
import { createPartnership, createUserWithKey, grantRole } from '../factories';
import { waitFor } from '../setup/child-process';
import { createTestApp } from '../setup/test-app';

/**
 * The key → actor and roles cache (ADR 0020) on two API processes sharing one database: a hit
 * costs no database read, and every change to keys, users and roles — through either process or
 * by plain SQL — reaches both, whose next requests see it.
 */
describe('auth cache across two API instances (real PostgreSQL LISTEN/NOTIFY)', () => {
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;
  let httpA: ReturnType<typeof request>;
  let httpB: ReturnType<typeof request>;
  let prisma: PrismaService;
  let admin: Awaited<ReturnType<typeof createUserWithKey>>;
  let pid: string;

  beforeAll(async () => {
    a = await createTestApp({ AUTH_CACHE_SECONDS: '300' });
    b = await createTestApp({ AUTH_CACHE_SECONDS: '300' });
    prisma = a.get(PrismaService);
    httpA = request(a.getHttpServer());
    httpB = request(b.getHttpServer());
    admin = await createUserWithKey(prisma);
    pid = (await createPartnership(prisma)).id;
    await grantRole(prisma, pid, admin.userId, 'admin');
    for (const app of [a, b]) {
      await waitFor(
        () => Promise.resolve(app.get(AuthCache).active ? true : undefined),
        10_000,
        'LISTEN',
      );
    }
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  /** Runs `sql` with triggers off (superuser): a change the cache is NOT told about. */
  const silently = (sql: string) =>
    prisma.$transaction([
      prisma.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`),
      prisma.$executeRawUnsafe(sql),
    ]);

  it('serves a warm key and roles from memory: a change made without a notification is not seen', async () => {
    const board = await createUserWithKey(prisma);
    await grantRole(prisma, pid, board.userId, 'board');
    await waitFor(async () => {
      const res = await httpB.get(`/v1/partnerships/${pid}`).set(board.headers);
      return res.status === 200 ? true : undefined;
    });
    // Triggers off: the database says nothing, so instance B keeps answering from its cache.
    await silently(`DELETE FROM user_roles WHERE user_id = '${board.userId}'`);
    await httpB.get(`/v1/partnerships/${pid}`).set(board.headers).expect(200);
    // Instance A has not cached this user: it reads the database and refuses.
    await httpA.get(`/v1/partnerships/${pid}`).set(board.headers).expect(404);
    // Any notified change empties B's cache too.
    await prisma.$executeRawUnsafe(`UPDATE users SET email = email WHERE id = '${admin.userId}'`);
    await waitFor(async () => {
      const res = await httpB.get(`/v1/partnerships/${pid}`).set(board.headers);
      return res.status === 404 ? true : undefined;
    });
  });

  it('a key revoked through instance A is refused by instance B', async () => {
    const user = await createUserWithKey(prisma);
    await httpB.get('/v1/users/me').set(user.headers).expect(200);
    await httpB.get('/v1/users/me').set(user.headers).expect(200);
    const key = await prisma.apiKey.findFirstOrThrow({ where: { userId: user.userId } });
    await httpA.delete(`/v1/api-keys/${key.id}`).set(user.headers).expect(200);
    // The revoking instance refuses at once (its own write empties its cache before it answers)…
    await httpA.get('/v1/users/me').set(user.headers).expect(401);
    // …and the other as soon as the database's notification arrives.
    await waitFor(async () => {
      const res = await httpB.get('/v1/users/me').set(user.headers);
      return res.status === 401 ? true : undefined;
    });
  });

  it('a role revoked through instance A stops access through instance B', async () => {
    const board = await createUserWithKey(prisma);
    const role = await grantRole(prisma, pid, board.userId, 'board');
    await waitFor(async () => {
      const res = await httpB.get(`/v1/partnerships/${pid}/reports`).set(board.headers);
      return res.status === 200 ? true : undefined;
    });
    await httpA.delete(`/v1/partnerships/${pid}/roles/${role.id}`).set(admin.headers).expect(204);
    await waitFor(async () => {
      const res = await httpB.get(`/v1/partnerships/${pid}/reports`).set(board.headers);
      return res.status === 404 ? true : undefined;
    });
  });

  it('a user disabled, a key expired or revoked by plain SQL: both instances refuse', async () => {
    const user = await createUserWithKey(prisma);
    const other = await createUserWithKey(prisma);
    for (const http of [httpA, httpB]) {
      await http.get('/v1/users/me').set(user.headers).expect(200);
      await http.get('/v1/users/me').set(other.headers).expect(200);
    }
    await prisma.user.update({ where: { id: user.userId }, data: { disabledAt: new Date() } });
    await prisma.apiKey.updateMany({
      where: { userId: other.userId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    for (const http of [httpA, httpB]) {
      await waitFor(async () => {
        const one = await http.get('/v1/users/me').set(user.headers);
        const two = await http.get('/v1/users/me').set(other.headers);
        return one.status === 401 && two.status === 401 ? true : undefined;
      });
    }
  });

  it('caches nothing while its notifications connection is down, and resumes once it is back', async () => {
    const board = await createUserWithKey(prisma);
    await grantRole(prisma, pid, board.userId, 'board');
    await waitFor(async () => {
      const res = await httpB.get(`/v1/partnerships/${pid}`).set(board.headers);
      return res.status === 200 ? true : undefined;
    });
    // Cut every listening connection: notifications from now on could be missed.
    await prisma.$queryRawUnsafe(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'ol-api-auth-cache' AND datname = current_database()`,
    );
    await waitFor(
      () => Promise.resolve(!b.get(AuthCache).active ? true : undefined),
      5_000,
      'lost',
    );
    // A change nobody is told about is seen all the same: the cache is out of the way.
    await silently(`DELETE FROM user_roles WHERE user_id = '${board.userId}'`);
    await httpB.get(`/v1/partnerships/${pid}`).set(board.headers).expect(404);
    await waitFor(
      () => Promise.resolve(b.get(AuthCache).active ? true : undefined),
      10_000,
      'back',
    );
    await httpB.get('/v1/users/me').set(admin.headers).expect(200);
  });
});
