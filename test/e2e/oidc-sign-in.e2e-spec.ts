import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import request from 'supertest';
import { createUserWithKey, grantRole, createPartnership } from '../factories';
import { createTestApp, truncateAll } from '../setup/test-app';

const PROBLEM = /application\/problem\+json/;
const CLIENT_ID = 'outcomes-ledger';
const CLIENT_SECRET = 'a-client-secret-for-the-test-provider-only';
/** Registered with the provider; never contacted: the test hands the code to the API itself. */
const REDIRECT_URL = 'http://127.0.0.1:9/v1/auth/oidc/callback';
const SUCCESS_URL = '/app/';

interface Account {
  email: string;
  email_verified: boolean;
  org?: string;
}

/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1, with a tiny interaction handler that logs
 * in as `login.next` and consents to what the client asked. Accounts are keyed by subject.
 */
async function startProvider(): Promise<{
  issuer: string;
  accounts: Map<string, Account>;
  login: { next: string };
  close: () => Promise<void>;
}> {
  const accounts = new Map<string, Account>();
  const login = { next: '' };
  let provider: Provider | null = null;
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/interaction/')) void interact(req, res);
    else provider!.callback()(req, res);
  });
  async function interact(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const details = await provider!.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        await provider!.interactionFinished(
          req,
          res,
          { login: { accountId: login.next } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      const grant = details.grantId
        ? (await provider!.Grant.find(details.grantId))!
        : new provider!.Grant({
            accountId: details.session!.accountId,
            clientId: String(details.params.client_id),
          });
      const missingScope = details.prompt.details.missingOIDCScope as string[] | undefined;
      const missingClaims = details.prompt.details.missingOIDCClaims as string[] | undefined;
      if (missingScope) grant.addOIDCScope(missingScope.join(' '));
      if (missingClaims) grant.addOIDCClaims(missingClaims);
      await provider!.interactionFinished(
        req,
        res,
        { consent: { grantId: await grant.save() } },
        { mergeWithLastSubmission: true },
      );
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [REDIRECT_URL],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['org'] },
    scopes: ['openid', 'email', 'profile'],
    findAccount: (_ctx: unknown, sub: string) => {
      const account = accounts.get(sub);
      return account ? { accountId: sub, claims: () => ({ sub, ...account }) } : undefined;
    },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    cookies: { keys: ['oidc-provider-test-cookie-key'] },
  });
  return {
    issuer,
    accounts,
    login,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A cookie jar for the provider's origin (names only: the test talks to one provider). */
class Jar {
  private readonly cookies = new Map<string, string>();

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line))
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** The Set-Cookie value of `name` in a supertest response. */
function cookieValue(res: request.Response, name: string): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const line = cookies.find((c) => c.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(';')[0];
}

describe('OpenID Connect single sign-on against a real provider on loopback', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let idp: Awaited<ReturnType<typeof startProvider>>;
  let orgId: string;

  /**
   * Starts at the API, follows the provider's redirects by hand (login and consent by the
   * interaction handler) as `sub`, and returns the callback's path and query and the binding
   * cookie the API set.
   */
  async function throughProvider(sub: string): Promise<{ callback: string; binding: string }> {
    idp.login.next = sub;
    const start = await http.get('/v1/auth/oidc/start').expect(302);
    const binding = cookieValue(start, 'ol_oidc')!;
    expect(binding).toMatch(/^[\w-]{43}$/);
    const jar = new Jar();
    let location = String(start.headers.location);
    const first = new URL(location);
    expect(first.origin).toBe(idp.issuer);
    expect(first.searchParams.get('code_challenge_method')).toBe('S256');
    expect(first.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(first.searchParams.get('state')).toBeTruthy();
    expect(first.searchParams.get('nonce')).toBeTruthy();
    for (let hop = 0; hop < 10; hop++) {
      if (location.startsWith(REDIRECT_URL)) {
        return { callback: location.slice('http://127.0.0.1:9'.length), binding };
      }
      const url = new URL(location, idp.issuer);
      expect(url.origin).toBe(idp.issuer);
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.take(res);
      if (res.status < 300 || res.status >= 400) {
        throw new Error(`provider answered ${res.status}: ${await res.text()}`);
      }
      location = res.headers.get('location')!;
    }
    throw new Error('too many redirects');
  }

  const callback = (path: string, binding?: string) => {
    const req = http.get(path);
    return binding ? req.set('cookie', `ol_oidc=${binding}`) : req;
  };

  beforeAll(async () => {
    idp = await startProvider();
    app = await createTestApp({
      OIDC_ISSUER_URL: idp.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_REDIRECT_URL: REDIRECT_URL,
      OIDC_ALLOW_HTTP: 'true',
      OIDC_SUCCESS_URL: SUCCESS_URL,
      OIDC_ORGANISATION_CLAIM: 'org',
    });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    const org = await prisma.organisation.create({
      data: { name: 'Hope Works', kind: 'provider' },
    });
    orgId = org.id;
    const pid = (await createPartnership(prisma)).id;
    for (const [sub, email, verified, orgClaim] of [
      ['sub-sam', 'sam.sso@example.test', true, 'Hope Works'],
      ['sub-una', 'una.unverified@example.test', false, 'Hope Works'],
      ['sub-nobody', 'nobody@example.test', true, 'Hope Works'],
      ['sub-wrong-org', 'wes.org@example.test', true, 'Another Org'],
      ['sub-no-org', 'nora.noorg@example.test', true, undefined],
      ['sub-dis', 'dee.disabled@example.test', true, orgId],
    ] as const) {
      idp.accounts.set(sub, {
        email,
        email_verified: verified,
        ...(orgClaim ? { org: orgClaim } : {}),
      });
      if (email === 'nobody@example.test') continue;
      const user = await createUserWithKey(prisma, { email });
      await grantRole(prisma, pid, user.userId, 'provider', org.id);
      if (email.startsWith('dee.')) {
        await prisma.user.update({ where: { id: user.userId }, data: { disabledAt: new Date() } });
      }
    }
  });
  afterAll(async () => {
    await app?.close();
    await idp?.close();
  });

  it('signs a known user with a verified email in: the same session cookie as a password sign-in', async () => {
    const { callback: path, binding } = await throughProvider('sub-sam');
    const res = await callback(path, binding).expect(302);
    expect(res.headers.location).toBe(SUCCESS_URL);
    const token = cookieValue(res, 'ol_session')!;
    expect(token).toMatch(/^[\w-]{43}$/);
    const setCookie = ([] as string[]).concat(res.headers['set-cookie']);
    const session = setCookie.find((c) => c.startsWith('ol_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/Secure/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(setCookie.find((c) => c.startsWith('ol_oidc='))).toMatch(/Max-Age=0/i);
    const me = await http.get('/v1/auth/session').set('cookie', `ol_session=${token}`).expect(200);
    expect(me.body.user.email).toBe('sam.sso@example.test');
    expect(me.body.csrfToken).toMatch(/^[\w-]{43}$/);
    const row = await prisma.userSession.findFirstOrThrow({ where: { userId: me.body.user.id } });
    expect(row.method).toBe('oidc');
    // The sign-in under way was used up.
    expect(await prisma.oidcSignIn.count()).toBe(0);
  });

  it('accepts a callback once: a replayed callback, and a replayed code, are refused', async () => {
    const { callback: path, binding } = await throughProvider('sub-sam');
    await callback(path, binding).expect(302);
    const replay = await callback(path, binding).expect(400);
    expect(replay.headers['content-type']).toMatch(PROBLEM);
    expect(replay.body.type).toBe('/problems/sign-in-refused');
    expect(replay.headers['set-cookie']).toBeDefined();

    // The used code with a fresh sign-in's state: the provider refuses the code a second time.
    const used = new URL(path, 'http://x');
    const fresh = await http.get('/v1/auth/oidc/start').expect(302);
    const freshState = new URL(String(fresh.headers.location)).searchParams.get('state')!;
    used.searchParams.set('state', freshState);
    const res = await callback(
      `${used.pathname}${used.search}`,
      cookieValue(fresh, 'ol_oidc'),
    ).expect(401);
    expect(res.body).toMatchObject({ type: '/problems/sign-in-refused', status: 401 });
    expect(res.body.detail).toMatch(/invalid_grant/);
    expect(cookieValue(res, 'ol_session')).toBeUndefined();
  });

  it('refuses a callback whose state is not the one sent', async () => {
    const { callback: path, binding } = await throughProvider('sub-sam');
    const url = new URL(path, 'http://x');
    url.searchParams.set('state', 'forged-state');
    const res = await callback(`${url.pathname}${url.search}`, binding).expect(401);
    expect(res.body.detail).toMatch(/state/i);
    expect(cookieValue(res, 'ol_session')).toBeUndefined();
  });

  it('refuses a callback without the browser’s binding cookie (another browser, or none)', async () => {
    const { callback: path } = await throughProvider('sub-sam');
    await callback(path).expect(400);
    await callback(path, 'A'.repeat(43)).expect(400);
  });

  it('refuses an email the provider has not verified', async () => {
    const { callback: path, binding } = await throughProvider('sub-una');
    const res = await callback(path, binding).expect(403);
    expect(res.body).toMatchObject({
      type: '/problems/sign-in-refused',
      detail: 'The identity provider has not verified this email address.',
    });
    expect(cookieValue(res, 'ol_session')).toBeUndefined();
  });

  it('refuses an email no user has here (nobody is created), and a disabled user', async () => {
    for (const sub of ['sub-nobody', 'sub-dis']) {
      const { callback: path, binding } = await throughProvider(sub);
      const res = await callback(path, binding).expect(403);
      expect(res.body.detail).toMatch(/No account here has this email address/);
    }
    expect(await prisma.user.count({ where: { email: 'nobody@example.test' } })).toBe(0);
  });

  it('refuses a user whose organisation claim is missing or not theirs', async () => {
    for (const [sub, detail] of [
      ['sub-wrong-org', /not one of yours/],
      ['sub-no-org', /gave no organisation/],
    ] as const) {
      const { callback: path, binding } = await throughProvider(sub);
      const res = await callback(path, binding).expect(403);
      expect(res.body.detail).toMatch(detail);
    }
  });

  it('refuses the provider’s error answers and malformed callbacks without a 5xx', async () => {
    const start = await http.get('/v1/auth/oidc/start').expect(302);
    const state = new URL(String(start.headers.location)).searchParams.get('state')!;
    const denied = await callback(
      `/v1/auth/oidc/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(idp.issuer)}`,
      cookieValue(start, 'ol_oidc'),
    ).expect(401);
    expect(denied.body.detail).toMatch(/access_denied/);
    for (const query of ['', '?code=', '?code=x&state=y&state=z', '?%zz']) {
      const s = await http.get('/v1/auth/oidc/start').expect(302);
      const res = await callback(`/v1/auth/oidc/callback${query}`, cookieValue(s, 'ol_oidc'));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });
});
