import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { createPartnership, createUserWithKey, grantRole } from '../factories';
import { waitFor } from '../setup/child-process';
import { startSmtpSink } from '../setup/smtp-sink';
import { createTestApp, truncateAll } from '../setup/test-app';

const PROBLEM = /application\/problem\+json/;
const PUBLIC_URL = 'https://ledger.example.test';
const PASSWORD = 'correct horse battery staple';

type User = Awaited<ReturnType<typeof createUserWithKey>>;

/** The session cookie's token from a response's Set-Cookie. */
function sessionTokenOf(res: request.Response): string {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = cookies.find((c) => c.startsWith('ol_session='));
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(cookies)}`);
  return cookie.slice('ol_session='.length).split(';')[0];
}

const cookie = (token: string): Record<string, string> => ({ cookie: `ol_session=${token}` });

describe('sign-in for people: passwords, sessions, CSRF, reset (HTTP, real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let admin: User;
  let provider: User;
  let providerEmail: string;
  let pid: string;
  let otherPid: string;

  const signIn = (email: string, password: string) =>
    http.post('/v1/auth/sign-in').send({ email, password });

  const setPassword = (userId: string, password: string) =>
    http.put(`/v1/users/${userId}/password`).set(admin.headers).send({ password });

  beforeAll(async () => {
    smtp = await startSmtpSink();
    app = await createTestApp({
      SMTP_URL: smtp.url,
      PUBLIC_URL,
      SIGN_IN_MAX_FAILURES_PER_ADDRESS: '8',
    });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    admin = await createUserWithKey(prisma, { admin: true });
    providerEmail = 'pat.provider@example.test';
    provider = await createUserWithKey(prisma, { email: providerEmail });
    const org = await prisma.organisation.create({
      data: { name: 'Hope Works', kind: 'provider' },
    });
    pid = (await createPartnership(prisma)).id;
    otherPid = (await createPartnership(prisma)).id;
    await grantRole(prisma, pid, provider.userId, 'provider', org.id);
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
  });
  beforeEach(async () => {
    await prisma.signInThrottle.deleteMany({});
  });

  describe('setting a password (platform admin)', () => {
    it('is for platform admins only, and validates the user id and the body', async () => {
      await http
        .put(`/v1/users/${provider.userId}/password`)
        .set(provider.headers)
        .send({ password: PASSWORD })
        .expect(403);
      const bad = await http
        .put('/v1/users/not-a-uuid/password')
        .set(admin.headers)
        .send({ password: PASSWORD })
        .expect(400);
      expect(bad.headers['content-type']).toMatch(PROBLEM);
      for (const body of [{}, { password: 12345678901234 }, { password: ['x'] }, 'nonsense']) {
        const res = await http
          .put(`/v1/users/${provider.userId}/password`)
          .set(admin.headers)
          .set('content-type', 'application/json')
          .send(typeof body === 'string' ? body : JSON.stringify(body));
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
      await http
        .put('/v1/users/00000000-0000-4000-8000-000000000000/password')
        .set(admin.headers)
        .send({ password: PASSWORD })
        .expect(404);
    });

    it('applies the policy: at least 12 characters, not the email', async () => {
      for (const [password, reason] of [
        ['short pass', 'must be at least 12 characters long'],
        [providerEmail.toUpperCase(), 'must not be your email address'],
      ]) {
        const res = await setPassword(provider.userId, password).expect(400);
        expect(res.body).toMatchObject({
          type: '/problems/validation-error',
          errors: [{ field: 'password', reason }],
        });
      }
    });

    it('stores a salted scrypt hash, not the password', async () => {
      await setPassword(provider.userId, PASSWORD).expect(204);
      const row = await prisma.userPassword.findUniqueOrThrow({
        where: { userId: provider.userId },
      });
      expect(row.hash).toMatch(/^scrypt\$15\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
      expect(row.hash).not.toContain(PASSWORD);
    });
  });

  describe('signing in', () => {
    it('sets a Secure, HttpOnly, SameSite=Lax session cookie and returns the user and the CSRF token', async () => {
      const res = await signIn('Pat.Provider@example.test', PASSWORD).expect(200);
      expect(res.body).toEqual({
        user: expect.objectContaining({ id: provider.userId, email: providerEmail }),
        csrfToken: expect.stringMatching(/^[\w-]{43}$/),
      });
      const setCookie = ([] as string[]).concat(res.headers['set-cookie']);
      expect(setCookie).toHaveLength(1);
      const attributes = setCookie[0].split(';').map((a) => a.trim().toLowerCase());
      expect(attributes).toEqual(
        expect.arrayContaining(['path=/', 'httponly', 'secure', 'samesite=lax', 'max-age=43200']),
      );
      expect(res.headers['cache-control']).toBe('no-store');
      // The token is kept only as its SHA-256.
      const token = sessionTokenOf(res);
      const hash = createHash('sha256').update(token).digest('hex');
      const session = await prisma.userSession.findUniqueOrThrow({ where: { tokenHash: hash } });
      expect(session).toMatchObject({ userId: provider.userId, method: 'password' });
      expect(JSON.stringify(await prisma.userSession.findMany())).not.toContain(token);
    });

    it('answers a wrong password and an unknown email the same way', async () => {
      const wrong = await signIn(providerEmail, 'not the right password').expect(401);
      const unknown = await signIn('nobody@example.test', PASSWORD).expect(401);
      const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
      expect(strip(wrong.body)).toEqual(strip(unknown.body));
      expect(wrong.body).toMatchObject({
        type: '/problems/sign-in-failed',
        detail: 'The email or the password is not right.',
      });
      expect(wrong.headers['set-cookie']).toBeUndefined();
      // A user without a password is refused the same way.
      const noPassword = await signIn(
        (await prisma.user.findUniqueOrThrow({ where: { id: admin.userId } })).email,
        PASSWORD,
      ).expect(401);
      expect(strip(noPassword.body)).toEqual(strip(unknown.body));
    });

    it('refuses malformed bodies with 400 problem details', async () => {
      for (const body of [
        {},
        { email: providerEmail },
        { email: 'not an email', password: PASSWORD },
        { email: providerEmail, password: 5 },
        { email: [providerEmail], password: PASSWORD },
        { email: providerEmail, password: 'x'.repeat(1001) },
      ]) {
        const res = await http.post('/v1/auth/sign-in').send(body);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
      const text = await http
        .post('/v1/auth/sign-in')
        .set('content-type', 'application/json')
        .send('{"email":');
      expect(text.status).toBe(400);
      // What a cross-site form can send is not read: no login CSRF.
      for (const type of [
        'application/x-www-form-urlencoded',
        'text/plain',
        'multipart/form-data',
      ]) {
        const form = await http
          .post('/v1/auth/sign-in')
          .set('content-type', type)
          .send(`email=${providerEmail}&password=${PASSWORD}`);
        expect(form.status).toBe(415);
        expect(form.headers['set-cookie']).toBeUndefined();
      }
    });
  });

  describe('the session cookie as a credential', () => {
    let token: string;
    let csrf: string;

    beforeAll(async () => {
      await setPassword(provider.userId, PASSWORD).expect(204);
    });
    beforeEach(async () => {
      const res = await signIn(providerEmail, PASSWORD).expect(200);
      token = sessionTokenOf(res);
      csrf = res.body.csrfToken;
    });

    it('gives the same actor and the same access as the user’s API key', async () => {
      const byKey = await http.get('/v1/users/me').set(provider.headers).expect(200);
      const byCookie = await http.get('/v1/users/me').set(cookie(token)).expect(200);
      expect(byCookie.body).toEqual(byKey.body);
      await http.get(`/v1/partnerships/${pid}`).set(cookie(token)).expect(200);
      // Not a member: hidden, as for the key.
      await http.get(`/v1/partnerships/${otherPid}`).set(provider.headers).expect(404);
      await http.get(`/v1/partnerships/${otherPid}`).set(cookie(token)).expect(404);
      // Platform-admin routes: refused, as for the key.
      await http.get('/v1/users').set(provider.headers).expect(403);
      await http.get('/v1/users').set(cookie(token)).expect(403);
    });

    it('returns the user and the CSRF token from the session endpoint', async () => {
      const res = await http.get('/v1/auth/session').set(cookie(token)).expect(200);
      expect(res.body).toEqual({
        user: expect.objectContaining({ id: provider.userId }),
        csrfToken: csrf,
      });
      await http.get('/v1/auth/session').expect(401);
      await http.get('/v1/auth/session').set(provider.headers).expect(401);
      await http
        .get('/v1/auth/session')
        .set(cookie('x'.repeat(43)))
        .expect(401);
      await http.get('/v1/auth/session').set({ cookie: 'ol_session=%%%; other=1' }).expect(401);
    });

    it('needs the CSRF token for unsafe methods, and records the person as the actor', async () => {
      const body = { name: 'from the browser' };
      const without = await http.post('/v1/api-keys').set(cookie(token)).send(body).expect(403);
      expect(without.body.detail).toMatch(/x-csrf-token/);
      await http
        .post('/v1/api-keys')
        .set(cookie(token))
        .set('x-csrf-token', 'A'.repeat(43))
        .send(body)
        .expect(403);
      const made = await http
        .post('/v1/api-keys')
        .set(cookie(token))
        .set('x-csrf-token', csrf)
        .send(body)
        .expect(201);
      expect(made.body.userId).toBe(provider.userId);
      const audit = await prisma.platformAuditEvent.findFirstOrThrow({
        where: { entityId: made.body.id },
      });
      expect(audit).toMatchObject({ actorUserId: provider.userId, actorKeyId: null });
      // An API key needs no CSRF token.
      await http.post('/v1/api-keys').set(provider.headers).send(body).expect(201);
      // Another session's CSRF token does not do.
      const other = await signIn(providerEmail, PASSWORD).expect(200);
      await http
        .post('/v1/api-keys')
        .set(cookie(token))
        .set('x-csrf-token', other.body.csrfToken)
        .send(body)
        .expect(403);
    });

    it('signs out: the session stops working and the cookie is cleared', async () => {
      await http.post('/v1/auth/sign-out').set(cookie(token)).expect(403);
      const out = await http
        .post('/v1/auth/sign-out')
        .set(cookie(token))
        .set('x-csrf-token', csrf)
        .expect(204);
      expect(String(out.headers['set-cookie'])).toMatch(/^ol_session=; .*Max-Age=0/i);
      await http.get('/v1/users/me').set(cookie(token)).expect(401);
    });

    it('ends when idle too long, or past its end', async () => {
      const hash = createHash('sha256').update(token).digest('hex');
      await prisma.userSession.update({
        where: { tokenHash: hash },
        data: { lastSeenAt: new Date(Date.now() - 121 * 60_000) },
      });
      await http.get('/v1/users/me').set(cookie(token)).expect(401);
      const again = sessionTokenOf(await signIn(providerEmail, PASSWORD).expect(200));
      await prisma.userSession.update({
        where: { tokenHash: createHash('sha256').update(again).digest('hex') },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      await http.get('/v1/users/me').set(cookie(again)).expect(401);
    });

    it('stops working for a disabled user, who cannot sign in either', async () => {
      const other = await createUserWithKey(prisma);
      await setPassword(other.userId, PASSWORD).expect(204);
      const email = (await prisma.user.findUniqueOrThrow({ where: { id: other.userId } })).email;
      const t = sessionTokenOf(await signIn(email, PASSWORD).expect(200));
      await http.get('/v1/users/me').set(cookie(t)).expect(200);
      await prisma.user.update({ where: { id: other.userId }, data: { disabledAt: new Date() } });
      await http.get('/v1/users/me').set(cookie(t)).expect(401);
      const refused = await signIn(email, PASSWORD).expect(401);
      expect(refused.body.detail).toBe('The email or the password is not right.');
    });
  });

  describe('changing a password', () => {
    const user = { email: 'casey.change@example.test', id: '', key: {} as Record<string, string> };

    beforeAll(async () => {
      const made = await createUserWithKey(prisma, { email: user.email });
      user.id = made.userId;
      user.key = made.headers;
      await setPassword(user.id, PASSWORD).expect(204);
    });

    it('needs the current password and the policy, ends the other sessions, keeps this one', async () => {
      const mine = await signIn(user.email, PASSWORD).expect(200);
      const elsewhere = sessionTokenOf(await signIn(user.email, PASSWORD).expect(200));
      const token = sessionTokenOf(mine);
      const send = (body: object) =>
        http
          .post('/v1/auth/password')
          .set(cookie(token))
          .set('x-csrf-token', mine.body.csrfToken)
          .send(body);
      const wrong = await send({
        currentPassword: 'not it at all',
        newPassword: 'a brand new passphrase',
      }).expect(403);
      expect(wrong.body.detail).toBe('The current password is not right.');
      const weak = await send({ currentPassword: PASSWORD, newPassword: 'too short' }).expect(400);
      expect(weak.body.errors).toEqual([
        { field: 'newPassword', reason: 'must be at least 12 characters long' },
      ]);
      await send({ currentPassword: PASSWORD }).expect(400);
      await send({ currentPassword: PASSWORD, newPassword: 'a brand new passphrase' }).expect(204);
      await http.get('/v1/users/me').set(cookie(token)).expect(200);
      await http.get('/v1/users/me').set(cookie(elsewhere)).expect(401);
      await signIn(user.email, PASSWORD).expect(401);
      await signIn(user.email, 'a brand new passphrase').expect(200);
      // An API key works too (no CSRF), and still needs the current password.
      await http
        .post('/v1/auth/password')
        .set(user.key)
        .send({ currentPassword: 'a brand new passphrase', newPassword: PASSWORD })
        .expect(204);
    });
  });

  describe('throttling failed sign-ins', () => {
    const victim = 'vic.tim@example.test';

    beforeAll(async () => {
      const made = await createUserWithKey(prisma, { email: victim });
      await setPassword(made.userId, PASSWORD).expect(204);
      await setPassword(provider.userId, PASSWORD).expect(204);
    });

    it('locks an email after 5 failures, with Retry-After, even for the right password', async () => {
      for (let i = 0; i < 5; i++) await signIn(victim, `wrong password ${i}`).expect(401);
      const locked = await signIn(victim, PASSWORD).expect(429);
      expect(locked.body).toMatchObject({ type: '/problems/rate-limited', status: 429 });
      const retryAfter = Number(locked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(14 * 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      // Other emails from elsewhere are not locked by it (the address limit is 8 here).
      await signIn(providerEmail, PASSWORD).expect(200);
    });

    it('locks an unknown email exactly as a known one (no enumeration)', async () => {
      for (let i = 0; i < 5; i++)
        await signIn('ghost@example.test', `wrong password ${i}`).expect(401);
      await signIn('ghost@example.test', PASSWORD).expect(429);
    });

    it('locks a client address after too many failures across emails', async () => {
      for (let i = 0; i < 8; i++) await signIn(`spray${i}@example.test`, PASSWORD).expect(401);
      await signIn(victim, PASSWORD).expect(429);
      await prisma.signInThrottle.deleteMany({});
      await signIn(victim, PASSWORD).expect(200);
    });

    it('clears the email’s count on success (not the address’s)', async () => {
      for (let i = 0; i < 3; i++) await signIn(victim, `wrong password ${i}`).expect(401);
      await signIn(victim, PASSWORD).expect(200);
      // 3 + 3 would have locked the email (5); the address has 6 of its 8.
      for (let i = 0; i < 3; i++) await signIn(victim, `wrong password ${i}`).expect(401);
      await signIn(victim, PASSWORD).expect(200);
      await signIn(victim, 'wrong again').expect(401);
      await signIn(victim, 'wrong again').expect(401);
      await signIn(victim, PASSWORD).expect(429);
    });
  });

  it('has no single sign-on while it is not configured', async () => {
    const res = await http.get('/v1/auth/oidc/start').expect(404);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    await http.get('/v1/auth/oidc/callback?code=x&state=y').expect(404);
  });

  describe('password reset by email', () => {
    const email = 'robin.reset@example.test';
    let userId: string;

    const tokenIn = (text: string): string =>
      /app\/reset-password#token=([\w-]{43})/.exec(text)?.[1] ?? '';

    const mailTo = (to: string, after: number) =>
      waitFor(
        () => Promise.resolve(smtp.mails.slice(after).find((m) => m.to === to)),
        10_000,
        `a mail to ${to}`,
      );

    beforeAll(async () => {
      userId = (await createUserWithKey(prisma, { email })).userId;
    });

    it('answers 202 for any address and mails a link only to an account', async () => {
      const before = smtp.mails.length;
      await http.post('/v1/auth/password-reset').send({ email: 'nobody@example.test' }).expect(202);
      await http
        .post('/v1/auth/password-reset')
        .send({ email: 'Robin.Reset@example.test' })
        .expect(202);
      const mail = await mailTo(email, before);
      expect(mail.text).toContain(`${PUBLIC_URL}/app/reset-password#token=`);
      expect(smtp.mails.slice(before).map((m) => m.to)).toEqual([email]);
      await http.post('/v1/auth/password-reset').send({ email: 'bad' }).expect(400);
      await http.post('/v1/auth/password-reset').send({}).expect(400);
    });

    it('sets the password once with the emailed token (an initial password), ending every session', async () => {
      const before = smtp.mails.length;
      await http.post('/v1/auth/password-reset').send({ email }).expect(202);
      const token = tokenIn((await mailTo(email, before)).text);
      expect(token).toHaveLength(43);
      // The token is stored hashed.
      const rows = await prisma.passwordResetToken.findMany({ where: { userId } });
      expect(JSON.stringify(rows)).not.toContain(token);

      // A password the policy refuses does not spend the token.
      await http
        .post('/v1/auth/password-reset/confirm')
        .send({ token, password: 'short' })
        .expect(400);
      await http
        .post('/v1/auth/password-reset/confirm')
        .send({ token, password: 'my reset passphrase' })
        .expect(204);
      const session = sessionTokenOf(await signIn(email, 'my reset passphrase').expect(200));

      const again = await http
        .post('/v1/auth/password-reset/confirm')
        .send({ token, password: 'another passphrase!' })
        .expect(400);
      expect(again.body.errors).toEqual([
        { field: 'token', reason: 'is not valid: it has expired, been used, or never existed' },
      ]);

      // A second reset ends the session opened after the first.
      const next = smtp.mails.length;
      await http.post('/v1/auth/password-reset').send({ email }).expect(202);
      const second = tokenIn((await mailTo(email, next)).text);
      await http
        .post('/v1/auth/password-reset/confirm')
        .send({ token: second, password: 'a third passphrase' })
        .expect(204);
      await http.get('/v1/users/me').set(cookie(session)).expect(401);
    });

    it('refuses an expired token and malformed ones', async () => {
      const before = smtp.mails.length;
      await prisma.signInThrottle.deleteMany({});
      await http.post('/v1/auth/password-reset').send({ email }).expect(202);
      const token = tokenIn((await mailTo(email, before)).text);
      await prisma.passwordResetToken.updateMany({
        where: { userId, usedAt: null },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      await http
        .post('/v1/auth/password-reset/confirm')
        .send({ token, password: 'expired passphrase' })
        .expect(400);
      for (const body of [
        {},
        { token: 'short', password: PASSWORD },
        { token: 5, password: PASSWORD },
      ]) {
        const res = await http.post('/v1/auth/password-reset/confirm').send(body);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(PROBLEM);
      }
    });

    it('sends at most three emails per address in a window, still answering 202', async () => {
      const before = smtp.mails.length;
      for (let i = 0; i < 5; i++) {
        await http.post('/v1/auth/password-reset').send({ email }).expect(202);
      }
      await waitFor(
        () => Promise.resolve(smtp.mails.length - before >= 3 ? true : undefined),
        10_000,
        'three mails',
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(smtp.mails.length - before).toBe(3);
    });
  });
});
