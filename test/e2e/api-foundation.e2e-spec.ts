import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import request from 'supertest';
import { createOrganisation, createUserWithKey, grantRole } from '../factories';
import { createTestApp, truncateAll } from '../setup/test-app';

const PROBLEM = /application\/problem\+json/;

describe('API foundation (HTTP, real PostgreSQL and Redis)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let admin: Awaited<ReturnType<typeof createUserWithKey>>;

  beforeAll(async () => {
    app = await createTestApp({ AUTH_CACHE_SECONDS: '60' });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    admin = await createUserWithKey(prisma, { admin: true });
  });
  afterAll(async () => {
    await app.close();
  });

  describe('health and docs', () => {
    it('answers /health and /ready without a key', async () => {
      await http.get('/health').expect(200, { status: 'ok' });
      const ready = await http.get('/ready').expect(200);
      expect(ready.body.info).toEqual({ postgres: { status: 'up' }, redis: { status: 'up' } });
    });

    it('serves the OpenAPI document with every route', async () => {
      const res = await http.get('/docs-json').expect(200);
      const paths = Object.keys(res.body.paths);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/v1/organisations',
          '/v1/organisations/{organisationId}',
          '/v1/partnerships',
          '/v1/partnerships/{partnershipId}',
          '/v1/partnerships/{partnershipId}/members',
          '/v1/partnerships/{partnershipId}/roles',
          '/v1/partnerships/{partnershipId}/audit-events',
          '/v1/users',
          '/v1/api-keys',
        ]),
      );
      expect(res.body.components.schemas.CreatePartnershipDto.properties.discountRate.example).toBe(
        '0.0350',
      );
    });
  });

  describe('authentication', () => {
    it('gives 401 problem details without a credential', async () => {
      const res = await http.get('/v1/organisations').expect(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({
        type: '/problems/unauthenticated',
        status: 401,
        instance: '/v1/organisations',
      });
      expect(res.body.requestId).toEqual(expect.any(String));
    });

    it('gives 401 for a wrong, malformed or revoked key', async () => {
      await http
        .get('/v1/organisations')
        .set('x-api-key', 'ol_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb')
        .expect(401);
      await http.get('/v1/organisations').set('authorization', 'Bearer nonsense').expect(401);
      const user = await createUserWithKey(prisma);
      const key = await prisma.apiKey.findFirstOrThrow({ where: { userId: user.userId } });
      await http.get('/v1/users/me').set(user.headers).expect(200);
      await http.delete(`/v1/api-keys/${key.id}`).set(user.headers).expect(200);
      await http.get('/v1/users/me').set(user.headers).expect(401);
    });

    it('accepts the key as a bearer token and records its last use', async () => {
      const user = await createUserWithKey(prisma);
      await http.get('/v1/users/me').set('authorization', `Bearer ${user.key}`).expect(200);
      const key = await prisma.apiKey.findFirstOrThrow({ where: { userId: user.userId } });
      expect(key.lastUsedAt).not.toBeNull();
    });
  });

  describe('organisations', () => {
    it('creates, reads, updates and lists with filters and paging', async () => {
      const created = await http
        .post('/v1/organisations')
        .set(admin.headers)
        .send({ name: 'Northshire County Council', kind: 'commissioner' })
        .expect(201);
      expect(created.body).toMatchObject({
        name: 'Northshire County Council',
        kind: 'commissioner',
        reference: null,
      });
      const id = created.body.id as string;
      await http.get(`/v1/organisations/${id}`).set(admin.headers).expect(200);
      const updated = await http
        .patch(`/v1/organisations/${id}`)
        .set(admin.headers)
        .send({ reference: 'GB-1' })
        .expect(200);
      expect(updated.body.reference).toBe('GB-1');
      for (const name of ['Acorn Housing', 'Bright Futures CIC', 'Canal Trust']) {
        await http
          .post('/v1/organisations')
          .set(admin.headers)
          .send({ name, kind: 'provider' })
          .expect(201);
      }
      const page = await http
        .get('/v1/organisations?kind=provider&limit=2&offset=1')
        .set(admin.headers)
        .expect(200);
      expect(page.body.page).toEqual({ limit: 2, offset: 1, total: 3 });
      expect(page.body.data.map((o: { name: string }) => o.name)).toEqual([
        'Bright Futures CIC',
        'Canal Trust',
      ]);
      const search = await http.get('/v1/organisations?q=county').set(admin.headers).expect(200);
      expect(search.body.data).toHaveLength(1);
    });

    it('refuses a page larger than the maximum', async () => {
      const res = await http.get('/v1/organisations?limit=5000').set(admin.headers).expect(400);
      expect(res.body.errors[0]).toMatchObject({ field: 'limit', value: 5000 });
    });

    it('gives 403 to a non-admin creating one, 404 for an unknown id, 400 for a non-UUID id', async () => {
      const user = await createUserWithKey(prisma);
      const res = await http
        .post('/v1/organisations')
        .set(user.headers)
        .send({ name: 'X', kind: 'other' })
        .expect(403);
      expect(res.body.type).toBe('/problems/forbidden');
      await http
        .get('/v1/organisations/6f1c3a52-59a4-4f3e-9d7c-0a7c8e0b1234')
        .set(user.headers)
        .expect(404);
      const bad = await http.get('/v1/organisations/not-a-uuid').set(user.headers).expect(400);
      expect(bad.body.errors).toEqual([
        { field: 'organisationId', value: 'not-a-uuid', reason: 'must be a UUID' },
      ]);
    });
  });

  describe('validation', () => {
    it('names the field, the value and the reason', async () => {
      const res = await http
        .post('/v1/organisations')
        .set(admin.headers)
        .send({ name: '', kind: 'bank' })
        .expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.type).toBe('/problems/validation-error');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'name', value: '' }),
          expect.objectContaining({
            field: 'kind',
            value: 'bank',
            reason: expect.stringContaining('one of the following values'),
          }),
        ]),
      );
    });

    it('rejects unknown fields instead of ignoring them (no mass assignment)', async () => {
      const res = await http
        .post('/v1/users')
        .set(admin.headers)
        .send({
          email: 'x@example.test',
          name: 'X',
          id: '6f1c3a52-59a4-4f3e-9d7c-0a7c8e0b1234',
          createdAt: '2020-01-01',
        })
        .expect(400);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          {
            field: 'id',
            value: '6f1c3a52-59a4-4f3e-9d7c-0a7c8e0b1234',
            reason: 'is not an allowed field',
          },
          { field: 'createdAt', value: '2020-01-01', reason: 'is not an allowed field' },
        ]),
      );
      expect(await prisma.user.count({ where: { email: 'x@example.test' } })).toBe(0);
    });

    it('answers malformed JSON with 400 and an oversized body with 413, as problems', async () => {
      const bad = await http
        .post('/v1/organisations')
        .set(admin.headers)
        .set('content-type', 'application/json')
        .send('{"name": ')
        .expect(400);
      expect(bad.headers['content-type']).toMatch(PROBLEM);
      expect(bad.body.type).toBe('/problems/malformed-body');
      const big = await http
        .post('/v1/organisations')
        .set(admin.headers)
        .send({ name: 'x'.repeat(1_100_000), kind: 'other' })
        .expect(413);
      expect(big.headers['content-type']).toMatch(PROBLEM);
      expect(big.body.type).toBe('/problems/payload-too-large');
    });
  });

  describe('partnerships, members and roles', () => {
    let pid: string;

    it('creates a partnership with money and rates as decimal strings, scale kept', async () => {
      const res = await http
        .post('/v1/partnerships')
        .set(admin.headers)
        .send({
          name: 'Northshire Employment Alliance',
          model: 'alliance',
          startDate: '2026-04-01',
          endDate: '2031-03-31',
          discountRate: '0.035',
          contractValue: '1234.5',
        })
        .expect(201);
      pid = res.body.id;
      expect(res.body).toMatchObject({
        currency: 'GBP',
        fyStartMonth: 4,
        discountRate: '0.0350',
        discountConvention: 'end_of_year',
        contractValue: '1234.50',
        startDate: '2026-04-01',
        endDate: '2031-03-31',
        status: 'draft',
      });
      const big = await http
        .patch(`/v1/partnerships/${pid}`)
        .set(admin.headers)
        .send({ contractValue: '9999999999999999.99' })
        .expect(200);
      expect(big.body.contractValue).toBe('9999999999999999.99');
      const read = await http.get(`/v1/partnerships/${pid}`).set(admin.headers).expect(200);
      expect(read.body.contractValue).toBe('9999999999999999.99');
    });

    it('refuses money sent as a JSON number, too many decimals, and an end before the start', async () => {
      const base = { name: 'P', model: 'grant', startDate: '2026-04-01', endDate: '2027-03-31' };
      const asNumber = await http
        .post('/v1/partnerships')
        .set(admin.headers)
        .send({ ...base, contractValue: 1234.5 })
        .expect(400);
      expect(asNumber.body.errors[0]).toMatchObject({ field: 'contractValue', value: 1234.5 });
      expect(asNumber.body.errors[0].reason).toContain('numbers are refused');
      await http
        .post('/v1/partnerships')
        .set(admin.headers)
        .send({ ...base, contractValue: '1.005' })
        .expect(400);
      await http
        .post('/v1/partnerships')
        .set(admin.headers)
        .send({ ...base, discountRate: '1.0' })
        .expect(400);
      await http
        .post('/v1/partnerships')
        .set(admin.headers)
        .send({ ...base, startDate: '2026-02-30' })
        .expect(400);
      const dates = await http
        .post('/v1/partnerships')
        .set(admin.headers)
        .send({ ...base, endDate: '2026-01-01' })
        .expect(422);
      expect(dates.body.errors[0].field).toBe('endDate');
    });

    it('hides a partnership from non-members (404), forbids wrong roles (403), allows the right role', async () => {
      const outsider = await createUserWithKey(prisma);
      const board = await createUserWithKey(prisma);
      await grantRole(prisma, pid, board.userId, 'board');

      const hidden = await http.get(`/v1/partnerships/${pid}`).set(outsider.headers).expect(404);
      expect(hidden.body.type).toBe('/problems/not-found');
      await http
        .patch(`/v1/partnerships/${pid}`)
        .set(outsider.headers)
        .send({ name: 'x' })
        .expect(404);
      // an id that does not exist answers the same as one the caller cannot see
      await http
        .get('/v1/partnerships/6f1c3a52-59a4-4f3e-9d7c-0a7c8e0b1234')
        .set(outsider.headers)
        .expect(404);

      await http.get(`/v1/partnerships/${pid}`).set(board.headers).expect(200);
      const forbidden = await http
        .patch(`/v1/partnerships/${pid}`)
        .set(board.headers)
        .send({ name: 'x' })
        .expect(403);
      expect(forbidden.body.type).toBe('/problems/forbidden');
      await http.get(`/v1/partnerships/${pid}/roles`).set(board.headers).expect(403);

      const mine = await http.get('/v1/partnerships').set(board.headers).expect(200);
      expect(mine.body.data.map((p: { id: string }) => p.id)).toEqual([pid]);
      const theirs = await http.get('/v1/partnerships').set(outsider.headers).expect(200);
      expect(theirs.body.data).toEqual([]);
    });

    it('tells a member its roles and the policy entries it passes (what the web app offers), nobody else', async () => {
      const board = await createUserWithKey(prisma);
      await grantRole(prisma, pid, board.userId, 'board');
      const outsider = await createUserWithKey(prisma);

      const mine = await http.get(`/v1/partnerships/${pid}/access`).set(board.headers).expect(200);
      expect(mine.body).toMatchObject({
        roles: ['board'],
        providerOrganisationIds: [],
        isPlatformAdmin: false,
      });
      expect(mine.body.permissions).toMatchObject({
        'reports:read': 'any',
        'open-book:read': 'any',
      });
      expect(mine.body.permissions['partnerships:update']).toBeUndefined();
      expect(mine.body.permissions['delivery-records:create']).toBeUndefined();

      const all = await http.get(`/v1/partnerships/${pid}/access`).set(admin.headers).expect(200);
      expect(all.body).toMatchObject({ roles: [], isPlatformAdmin: true });
      expect(all.body.permissions['partnerships:update']).toBe('any');

      await http.get(`/v1/partnerships/${pid}/access`).set(outsider.headers).expect(404);
      // the roles test below counts the partnership's roles
      await prisma.userRole.deleteMany({ where: { userId: board.userId } });
    });

    it('lets a partnership admin add members and grant roles, with provider roles bound to a provider member', async () => {
      const partnershipAdmin = await createUserWithKey(prisma);
      await grantRole(prisma, pid, partnershipAdmin.userId, 'admin');
      const provider = await createOrganisation(prisma, 'provider');
      const person = await createUserWithKey(prisma);

      const refused = await http
        .post(`/v1/partnerships/${pid}/roles`)
        .set(partnershipAdmin.headers)
        .send({ userId: person.userId, role: 'provider', organisationId: provider.id })
        .expect(422);
      expect(refused.body.errors[0].field).toBe('organisationId');

      const member = await http
        .post(`/v1/partnerships/${pid}/members`)
        .set(partnershipAdmin.headers)
        .send({ organisationId: provider.id, role: 'provider' })
        .expect(201);
      expect(member.body.organisation.id).toBe(provider.id);
      await http
        .post(`/v1/partnerships/${pid}/members`)
        .set(partnershipAdmin.headers)
        .send({ organisationId: provider.id, role: 'provider' })
        .expect(409);

      const role = await http
        .post(`/v1/partnerships/${pid}/roles`)
        .set(partnershipAdmin.headers)
        .send({ userId: person.userId, role: 'provider', organisationId: provider.id })
        .expect(201);
      expect(role.body).toMatchObject({
        role: 'provider',
        organisationId: provider.id,
        userId: person.userId,
      });
      await http
        .post(`/v1/partnerships/${pid}/roles`)
        .set(partnershipAdmin.headers)
        .send({ userId: person.userId, role: 'finance', organisationId: provider.id })
        .expect(422);

      const members = await http
        .get(`/v1/partnerships/${pid}/members?role=provider`)
        .set(person.headers)
        .expect(200);
      expect(members.body.page.total).toBe(1);
      const roles = await http
        .get(`/v1/partnerships/${pid}/roles`)
        .set(partnershipAdmin.headers)
        .expect(200);
      expect(roles.body.data.map((r: { role: string }) => r.role).sort()).toEqual([
        'admin',
        'board',
        'provider',
      ]);

      await http
        .delete(`/v1/partnerships/${pid}/roles/${role.body.id}`)
        .set(partnershipAdmin.headers)
        .expect(204);
      await http.get(`/v1/partnerships/${pid}`).set(person.headers).expect(404);
      await http
        .delete(`/v1/partnerships/${pid}/members/${member.body.id}`)
        .set(partnershipAdmin.headers)
        .expect(204);
    });

    it('records an audit event for every write, readable by admins and auditors only', async () => {
      const auditor = await createUserWithKey(prisma);
      await grantRole(prisma, pid, auditor.userId, 'auditor');
      const res = await http
        .get(`/v1/partnerships/${pid}/audit-events?limit=100`)
        .set(auditor.headers)
        .expect(200);
      const actions = res.body.data.map((e: { action: string }) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'partnership.created',
          'partnership.updated',
          'member.added',
          'role.granted',
          'role.revoked',
          'member.removed',
        ]),
      );
      const created = res.body.data.find(
        (e: { action: string }) => e.action === 'partnership.created',
      );
      expect(created).toMatchObject({
        actorUserId: admin.userId,
        entityType: 'partnership',
        entityId: pid,
      });
      expect(created.requestId).toEqual(expect.any(String));
      const platform = await prisma.platformAuditEvent.findMany({
        where: { action: 'organisation.created' },
      });
      expect(platform.length).toBeGreaterThan(0);
      const board = await createUserWithKey(prisma);
      await grantRole(prisma, pid, board.userId, 'board');
      await http.get(`/v1/partnerships/${pid}/audit-events`).set(board.headers).expect(403);
    });

    it('keeps the audit trail append-only in the database', async () => {
      await expect(prisma.$executeRaw`UPDATE audit_events SET action = 'x'`).rejects.toThrow(
        /append-only/,
      );
      await expect(prisma.$executeRaw`DELETE FROM platform_audit_events`).rejects.toThrow(
        /append-only/,
      );
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first response for the same key and body, and creates nothing new', async () => {
      const body = { name: 'Idempotent Org', kind: 'funder' };
      const first = await http
        .post('/v1/organisations')
        .set(admin.headers)
        .set('Idempotency-Key', 'k-1')
        .send(body)
        .expect(201);
      const again = await http
        .post('/v1/organisations')
        .set(admin.headers)
        .set('Idempotency-Key', 'k-1')
        .send({ kind: 'funder', name: 'Idempotent Org' })
        .expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.text).toBe(first.text);
      expect(await prisma.organisation.count({ where: { name: 'Idempotent Org' } })).toBe(1);
    });

    it('answers 409 when the key is reused with a different body', async () => {
      await http
        .post('/v1/organisations')
        .set(admin.headers)
        .set('Idempotency-Key', 'k-2')
        .send({ name: 'A', kind: 'other' })
        .expect(201);
      const res = await http
        .post('/v1/organisations')
        .set(admin.headers)
        .set('Idempotency-Key', 'k-2')
        .send({ name: 'B', kind: 'other' })
        .expect(409);
      expect(res.body.type).toBe('/problems/idempotency-key-reused');
      expect(await prisma.organisation.count({ where: { name: 'B' } })).toBe(0);
    });

    it('stores nothing when the request fails, so a corrected retry with the same key works', async () => {
      await http
        .post('/v1/organisations')
        .set(admin.headers)
        .set('Idempotency-Key', 'k-3')
        .send({ name: 'C', kind: 'nope' })
        .expect(400);
      await http
        .post('/v1/organisations')
        .set(admin.headers)
        .set('Idempotency-Key', 'k-3')
        .send({ name: 'C', kind: 'other' })
        .expect(201);
    });

    it('creates exactly once when the same key races', async () => {
      const body = { name: 'Racing Org', kind: 'community' };
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          http
            .post('/v1/organisations')
            .set(admin.headers)
            .set('Idempotency-Key', 'k-race')
            .send(body),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      expect(await prisma.organisation.count({ where: { name: 'Racing Org' } })).toBe(1);
    });
  });
});
