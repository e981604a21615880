import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import request from 'supertest';
import {
  createOrganisation,
  createProviderPartnership,
  createUserWithKey,
  grantRole,
} from '../factories';
import { createTestApp, truncateAll } from '../setup/test-app';

type Person = Awaited<ReturnType<typeof createUserWithKey>>;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/**
 * Administration (issue 18, item 4) on real PostgreSQL: platform admins disable and re-enable
 * users and revoke anyone's key; partnership admins disable a person in their partnership and
 * revoke keys scoped to it; keys expire and can be scoped to one partnership and organisation;
 * each takes effect on the next request and is on an audit trail.
 */
describe('administration: users, keys, scopes and the platform audit trail', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let admin: Person;
  let partnershipAdmin: Person;
  let provider: Person;
  let outsider: Person;
  let pid: string;
  let orgId: string;
  let outcomeId: string;
  let otherPid: string;
  let record = 0;

  beforeAll(async () => {
    app = await createTestApp({ AUTH_CACHE_SECONDS: '60' });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    admin = await createUserWithKey(prisma, { admin: true });
    partnershipAdmin = await createUserWithKey(prisma);
    provider = await createUserWithKey(prisma);
    outsider = await createUserWithKey(prisma);
    ({
      partnershipId: pid,
      organisationId: orgId,
      outcomeId,
    } = await createProviderPartnership(prisma, {
      name: 'Northside',
      startDate: '2026-04-01',
      endDate: '2031-03-31',
      providerUserId: provider.userId,
    }));
    await grantRole(prisma, pid, partnershipAdmin.userId, 'admin');
    ({ partnershipId: otherPid } = await createProviderPartnership(prisma, {
      name: 'Southside',
      startDate: '2026-04-01',
      endDate: '2031-03-31',
    }));
    // The provider also audits the other partnership; the outsider administers it.
    await grantRole(prisma, otherPid, provider.userId, 'auditor');
    await grantRole(prisma, otherPid, outsider.userId, 'admin');
  });
  afterAll(async () => {
    await app.close();
  });

  const as = (who: { key: string }) => ({ 'x-api-key': who.key });
  const me = (who: { key: string }) => http.get('/v1/users/me').set(as(who));
  const readP = (who: { key: string }, partnershipId = pid) =>
    http.get(`/v1/partnerships/${partnershipId}`).set(as(who));
  const logDelivery = (who: { key: string }) =>
    http
      .post(`/v1/partnerships/${pid}/delivery-records`)
      .set(as(who))
      .send({
        outcomeId,
        activityDate: '2026-05-01',
        quantity: '1',
        externalRef: `adm-${++record}`,
      });
  const newKey = async (who: { key: string }, body: Record<string, unknown> = {}) =>
    (
      await http
        .post('/v1/api-keys')
        .set(as(who))
        .send({ name: `key ${++record}`, ...body })
        .expect(201)
    ).body as { id: string; key: string; partnershipId: string | null };
  const platformTrail = async (action: string, entityId: string) =>
    (
      await http
        .get('/v1/admin/audit-events')
        .query({ action, entityId })
        .set(as(admin))
        .expect(200)
    ).body.data as { action: string; actorUserId: string; entityId: string }[];

  describe('platform admins and users', () => {
    it('disables a user: every key of theirs is refused at once; re-enabling restores them', async () => {
      const user = await createUserWithKey(prisma);
      const second = await newKey(user);
      await me(user).expect(200);

      const disabled = await http
        .post(`/v1/users/${user.userId}/disable`)
        .set(as(admin))
        .expect(200);
      expect(disabled.body.disabledAt).toEqual(expect.any(String));
      await me(user).expect(401);
      await me({ key: second.key }).expect(401);
      const listed = await http.get('/v1/users').query({ disabled: 'true' }).set(as(admin));
      expect(listed.body.data.map((u: { id: string }) => u.id)).toContain(user.userId);
      const active = await http.get('/v1/users').query({ disabled: 'false' }).set(as(admin));
      expect(active.body.data.map((u: { id: string }) => u.id)).not.toContain(user.userId);

      const again = await http.post(`/v1/users/${user.userId}/disable`).set(as(admin)).expect(200);
      expect(again.body.disabledAt).toBe(disabled.body.disabledAt);
      const enabled = await http.post(`/v1/users/${user.userId}/enable`).set(as(admin)).expect(200);
      expect(enabled.body.disabledAt).toBeNull();
      await me(user).expect(200);

      const trail = [
        ...(await platformTrail('user.disabled', user.userId)),
        ...(await platformTrail('user.enabled', user.userId)),
      ];
      expect(trail).toHaveLength(2);
      for (const e of trail) expect(e.actorUserId).toBe(admin.userId);
    });

    it('refuses: non-admins (403), unknown users (404), bad ids (400), disabling yourself (422)', async () => {
      for (const path of ['disable', 'enable']) {
        await http.post(`/v1/users/${provider.userId}/${path}`).set(as(provider)).expect(403);
        await http.post(`/v1/users/${UNKNOWN}/${path}`).set(as(admin)).expect(404);
        await http.post(`/v1/users/not-a-uuid/${path}`).set(as(admin)).expect(400);
        await http.post(`/v1/users/${provider.userId}/${path}`).expect(401);
      }
      const self = await http.post(`/v1/users/${admin.userId}/disable`).set(as(admin)).expect(422);
      expect(self.body.errors).toEqual([expect.objectContaining({ field: 'userId' })]);
      await me(admin).expect(200);
      await http.get('/v1/users').set(as(partnershipAdmin)).expect(403);
      await http.get('/v1/users').query({ disabled: 'maybe' }).set(as(admin)).expect(400);
      await http.get(`/v1/users/${provider.userId}/api-keys`).set(as(provider)).expect(403);
      await http.get(`/v1/users/${UNKNOWN}/api-keys`).set(as(admin)).expect(404);
    });

    it('revokes anyone’s key; a user may revoke only their own', async () => {
      const user = await createUserWithKey(prisma);
      const spare = await newKey(user);
      // Another user cannot see it to revoke it.
      await http.delete(`/v1/api-keys/${spare.id}`).set(as(provider)).expect(404);
      await me({ key: spare.key }).expect(200);

      const keys = await http.get(`/v1/users/${user.userId}/api-keys`).set(as(admin)).expect(200);
      expect(keys.body.data.map((k: { id: string }) => k.id)).toContain(spare.id);
      const revoked = await http.delete(`/v1/api-keys/${spare.id}`).set(as(admin)).expect(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      await me({ key: spare.key }).expect(401);
      await me(user).expect(200);
      await http.delete(`/v1/api-keys/${UNKNOWN}`).set(as(admin)).expect(404);

      const [event] = await platformTrail('api_key.revoked', spare.id);
      expect(event).toMatchObject({ actorUserId: admin.userId, entityId: spare.id });
    });

    it('serves the platform audit trail to platform admins only, with validated filters', async () => {
      const res = await http.get('/v1/admin/audit-events').set(as(admin)).expect(200);
      expect(res.body.page.total).toBeGreaterThan(0);
      expect(res.body.data[0]).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          action: expect.any(String),
          occurredAt: expect.any(String),
        }),
      );
      await http.get('/v1/admin/audit-events').set(as(partnershipAdmin)).expect(403);
      await http.get('/v1/admin/audit-events').expect(401);
      await http
        .get('/v1/admin/audit-events')
        .query({ actorUserId: 'nobody' })
        .set(as(admin))
        .expect(400);
      const byActor = await http
        .get('/v1/admin/audit-events')
        .query({ actorUserId: admin.userId, limit: 2 })
        .set(as(admin))
        .expect(200);
      expect(byActor.body.data.length).toBeLessThanOrEqual(2);
      for (const e of byActor.body.data) expect(e.actorUserId).toBe(admin.userId);
    });
  });

  describe('keys with an expiry and a scope', () => {
    it('refuses an expired key from the moment it expires, and an expiry in the past', async () => {
      const expiresAt = new Date(Date.now() + 1_500).toISOString();
      const key = await newKey(provider, { expiresAt });
      await me(key).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      const res = await me(key).expect(401);
      expect(res.body.type).toBe('/problems/unauthenticated');
      const past = await http
        .post('/v1/api-keys')
        .set(as(provider))
        .send({ name: 'late', expiresAt: '2020-01-01T00:00:00Z' })
        .expect(422);
      expect(past.body.errors).toEqual([expect.objectContaining({ field: 'expiresAt' })]);
    });

    it('keeps a partnership-scoped key to its partnership (404 elsewhere) and lists only it', async () => {
      const key = await newKey(provider, { partnershipId: pid });
      expect(key.partnershipId).toBe(pid);
      await readP(key).expect(200);
      await readP(provider, otherPid).expect(200);
      await readP(key, otherPid).expect(404);
      const list = await http.get('/v1/partnerships').set(as(key)).expect(200);
      expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([pid]);
      // A key it issues stays within its scope.
      const child = await newKey(key);
      expect(child.partnershipId).toBe(pid);
      await http
        .post('/v1/api-keys')
        .set(as(key))
        .send({ name: 'escape', partnershipId: otherPid })
        .expect(403);
    });

    it('gives a platform admin’s scoped key no platform powers', async () => {
      await grantRole(prisma, pid, admin.userId, 'board');
      const key = await newKey(admin, { partnershipId: pid });
      await readP(key).expect(200);
      await http.get('/v1/users').set(as(key)).expect(403);
      await readP(key, otherPid).expect(404);
    });

    it('keeps an organisation-scoped key to its organisation: roles bound to another do not count', async () => {
      const user = await createUserWithKey(prisma);
      await grantRole(prisma, pid, user.userId, 'provider', orgId);
      await grantRole(prisma, pid, user.userId, 'finance');
      const otherOrg = await createOrganisation(prisma, 'commissioner');
      await prisma.member.create({
        data: { partnershipId: pid, organisationId: otherOrg.id, role: 'commissioner' },
      });
      const own = await newKey(user, { partnershipId: pid, organisationId: orgId });
      const elsewhere = await newKey(user, { partnershipId: pid, organisationId: otherOrg.id });
      await logDelivery(own).expect(201);
      await readP(elsewhere).expect(200); // still finance in the partnership
      const refused = await logDelivery(elsewhere).expect(403);
      expect(refused.body.type).toBe('/problems/forbidden');
    });

    it('refuses scopes the key could do nothing with (422) and malformed ones (400)', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ organisationId: orgId }, 'partnershipId'],
        [{ partnershipId: UNKNOWN }, 'partnershipId'],
        [{ partnershipId: otherPid, organisationId: orgId }, 'organisationId'],
      ];
      for (const [body, field] of cases) {
        const res = await http
          .post('/v1/api-keys')
          .set(as(provider))
          .send({ name: 'scoped', ...body })
          .expect(422);
        expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
      }
      // The outsider holds no role in the partnership.
      await http
        .post('/v1/api-keys')
        .set(as(outsider))
        .send({ name: 'scoped', partnershipId: pid })
        .expect(422);
      await http
        .post('/v1/api-keys')
        .set(as(provider))
        .send({ name: 'scoped', partnershipId: 'p1' })
        .expect(400);
    });
  });

  describe('partnership admins', () => {
    const people = `/v1/partnerships`;

    it('disable a person in their partnership only: refused there at once, kept elsewhere, re-enabled as they were', async () => {
      await readP(provider).expect(200);
      const res = await http
        .post(`${people}/${pid}/users/${provider.userId}/disable`)
        .set(as(partnershipAdmin))
        .expect(200);
      expect(res.body.data).toEqual([
        expect.objectContaining({ role: 'provider', suspendedAt: expect.any(String) }),
      ]);
      await readP(provider).expect(404);
      await logDelivery(provider).expect(404);
      await readP(provider, otherPid).expect(200);
      const list = await http.get('/v1/partnerships').set(as(provider)).expect(200);
      expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([otherPid]);
      const roles = await http
        .get(`${people}/${pid}/roles`)
        .query({ userId: provider.userId })
        .set(as(partnershipAdmin))
        .expect(200);
      expect(roles.body.data[0].suspendedAt).toEqual(expect.any(String));

      const back = await http
        .post(`${people}/${pid}/users/${provider.userId}/enable`)
        .set(as(partnershipAdmin))
        .expect(200);
      expect(back.body.data).toEqual([
        expect.objectContaining({ role: 'provider', organisationId: orgId, suspendedAt: null }),
      ]);
      await logDelivery(provider).expect(201);

      const trail = await http
        .get(`${people}/${pid}/audit-events`)
        .query({ entityId: provider.userId })
        .set(as(partnershipAdmin))
        .expect(200);
      expect(trail.body.data.map((e: { action: string }) => e.action)).toEqual([
        'member_user.enabled',
        'member_user.disabled',
      ]);
    });

    it('refuse: non-admin members (403), non-members (404), people not in it (404), themselves (422)', async () => {
      const path = (userId: string, action = 'disable') =>
        `${people}/${pid}/users/${userId}/${action}`;
      await http.post(path(partnershipAdmin.userId)).set(as(provider)).expect(403);
      await http.post(path(provider.userId)).set(as(outsider)).expect(404);
      await http.post(path(outsider.userId)).set(as(partnershipAdmin)).expect(404);
      await http.post(path(UNKNOWN, 'enable')).set(as(partnershipAdmin)).expect(404);
      await http.post(path('nope')).set(as(partnershipAdmin)).expect(400);
      const self = await http
        .post(path(partnershipAdmin.userId))
        .set(as(partnershipAdmin))
        .expect(422);
      expect(self.body.errors).toEqual([expect.objectContaining({ field: 'userId' })]);
      await readP(partnershipAdmin).expect(200);
      await readP(provider).expect(200);
    });

    it('list and revoke the keys scoped to their partnership, and no other key', async () => {
      const scoped = await newKey(provider, { partnershipId: pid });
      const unscoped = await newKey(provider);
      const elsewhere = await newKey(provider, { partnershipId: otherPid });

      const list = await http
        .get(`${people}/${pid}/api-keys`)
        .set(as(partnershipAdmin))
        .expect(200);
      const ids = list.body.data.map((k: { id: string }) => k.id);
      expect(ids).toContain(scoped.id);
      expect(ids).not.toContain(unscoped.id);
      expect(ids).not.toContain(elsewhere.id);
      expect(list.body.data.find((k: { id: string }) => k.id === scoped.id)).toMatchObject({
        userId: provider.userId,
        email: expect.stringContaining('@'),
        partnershipId: pid,
      });
      await http.get(`${people}/${pid}/api-keys`).set(as(provider)).expect(403);

      await http
        .delete(`${people}/${pid}/api-keys/${unscoped.id}`)
        .set(as(partnershipAdmin))
        .expect(404);
      await http
        .delete(`${people}/${pid}/api-keys/${elsewhere.id}`)
        .set(as(partnershipAdmin))
        .expect(404);
      await http.delete(`${people}/${pid}/api-keys/${scoped.id}`).set(as(provider)).expect(403);
      await readP(scoped).expect(200);
      const revoked = await http
        .delete(`${people}/${pid}/api-keys/${scoped.id}`)
        .set(as(partnershipAdmin))
        .expect(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      await readP(scoped).expect(401);
      await readP(unscoped).expect(200);

      const trail = await http
        .get(`${people}/${pid}/audit-events`)
        .query({ entityId: scoped.id })
        .set(as(partnershipAdmin))
        .expect(200);
      expect(trail.body.data).toEqual([
        expect.objectContaining({
          action: 'api_key.revoked',
          actorUserId: partnershipAdmin.userId,
        }),
      ]);
      expect(await platformTrail('api_key.revoked', scoped.id)).toHaveLength(1);
    });
  });
});
