import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { SessionRepository, UserRepository, type User } from '@ol/persistence';
import * as oidc from 'openid-client';
import { ApiConfig } from '../../config/api.config';
import { hashToken, newToken } from '../../common/auth/session-cookie';
import { ProblemException, ProblemType } from '../../common/problems/problem';

/** How long the browser has to come back from the provider (seconds). */
export const OIDC_SIGN_IN_TTL_SECONDS = 600;

const SIGN_IN_REFUSED = '/problems/sign-in-refused';

function refused(status: 400 | 401 | 403, detail: string): ProblemException {
  return new ProblemException({
    type: SIGN_IN_REFUSED,
    title: 'Single sign-on refused',
    status,
    detail,
  });
}

/** What went wrong, in words: the provider's error code, or openid-client's check and its cause. */
function reasonOf(error: unknown): string {
  const e = error as {
    error?: unknown;
    error_description?: unknown;
    message?: unknown;
    cause?: unknown;
  };
  if (typeof e?.error === 'string') {
    const description = typeof e.error_description === 'string' ? ` (${e.error_description})` : '';
    return `the provider answered ${e.error}${description}`;
  }
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const cause = e?.cause as { message?: unknown; error?: unknown } | undefined;
  if (typeof cause?.error === 'string') return `${message}: the provider answered ${cause.error}`;
  return typeof cause?.message === 'string' ? `${message}: ${cause.message}` : message;
}

/**
 * OpenID Connect single sign-on (authorisation code with PKCE, openid-client): `start` sends the
 * browser to the provider with state, nonce and a PKCE challenge kept in a row found by a
 * binding cookie; `finish` takes that row (once), exchanges the code, checks the ID token and
 * its `email_verified`, and finds the existing user by that email (and organisation, when a claim
 * for it is configured). Nobody is created: an unknown email is refused, and so no platform admin
 * can come into being through the provider.
 */
@Injectable()
export class OidcService implements OnModuleInit {
  private readonly logger = new Logger(OidcService.name);
  private configuration: Promise<oidc.Configuration> | null = null;

  constructor(
    private readonly config: ApiConfig,
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
  ) {}

  onModuleInit(): void {
    const c = this.config;
    const set = [c.OIDC_ISSUER_URL, c.OIDC_CLIENT_ID, c.OIDC_REDIRECT_URL].filter(Boolean).length;
    if (set > 0 && set < 3) {
      throw new Error(
        'Invalid configuration: OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_REDIRECT_URL are set together or not at all',
      );
    }
  }

  /** The provider's authorisation URL and the binding token for the browser's cookie. */
  async start(): Promise<{ url: string; binding: string }> {
    const configuration = await this.discovered();
    const pending = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    const binding = newToken();
    await this.sessions.startOidc(hashToken(binding), pending, OIDC_SIGN_IN_TTL_SECONDS * 1000);
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.OIDC_REDIRECT_URL,
      scope: this.config.OIDC_SCOPES,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, binding };
  }

  /** The user the provider's answer (`query`, the callback's query string) signs in. */
  async finish(binding: string | undefined, query: string): Promise<User> {
    const configuration = await this.discovered();
    const pending = binding ? await this.sessions.takeOidc(hashToken(binding)) : null;
    if (!pending) {
      throw refused(
        400,
        'No single sign-on is under way in this browser (it expired, was already used, or was started elsewhere); start again.',
      );
    }
    const callback = new URL(this.config.OIDC_REDIRECT_URL);
    callback.search = query;
    let claims: Record<string, unknown> | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
      // Many providers put profile claims only in the userinfo answer in the code flow.
      if (claims && (claims.email === undefined || claims.email_verified === undefined)) {
        const info = await oidc.fetchUserInfo(
          configuration,
          tokens.access_token,
          String(claims.sub),
        );
        claims = { ...info, ...claims, email: claims.email ?? info.email };
        if (claims.email_verified === undefined) claims.email_verified = info.email_verified;
      }
    } catch (error) {
      const reason = reasonOf(error);
      this.logger.warn({ reason }, 'single sign-on answer refused');
      throw refused(401, `The identity provider’s answer was refused: ${reason}`);
    }
    if (!claims) throw refused(401, 'The identity provider sent no ID token.');
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email) throw refused(403, 'The identity provider gave no email address.');
    if (claims.email_verified !== true) {
      throw refused(403, 'The identity provider has not verified this email address.');
    }
    const user = await this.users.findByEmail(email);
    if (!user || user.disabledAt) {
      throw refused(
        403,
        'No account here has this email address (or it is disabled). Ask a platform administrator to add you.',
      );
    }
    await this.checkOrganisation(user, claims);
    return user;
  }

  private async checkOrganisation(user: User, claims: Record<string, unknown>): Promise<void> {
    const claim = this.config.OIDC_ORGANISATION_CLAIM;
    if (!claim) return;
    const value = claims[claim];
    if (typeof value !== 'string' || !value) {
      throw refused(403, `The identity provider gave no organisation (claim ${claim}).`);
    }
    const organisations = await this.sessions.organisationsOf(user.id);
    const matches = organisations.some(
      (o) => o.id === value || o.name === value || (o.reference !== null && o.reference === value),
    );
    if (!matches) {
      throw refused(403, 'The organisation the identity provider names is not one of yours here.');
    }
  }

  /** The provider's metadata, discovered once (again after a failure). */
  private discovered(): Promise<oidc.Configuration> {
    if (!this.config.oidcEnabled) {
      return Promise.reject(
        new ProblemException({
          type: ProblemType.NotConfigured,
          title: 'Not found',
          status: 404,
          detail: 'Single sign-on is not configured on this installation.',
        }),
      );
    }
    this.configuration ??= oidc
      .discovery(
        new URL(this.config.OIDC_ISSUER_URL),
        this.config.OIDC_CLIENT_ID,
        undefined,
        this.config.OIDC_CLIENT_SECRET
          ? oidc.ClientSecretPost(this.config.OIDC_CLIENT_SECRET)
          : oidc.None(),
        { execute: this.config.OIDC_ALLOW_HTTP ? [oidc.allowInsecureRequests] : [], timeout: 10 },
      )
      .catch((error: unknown) => {
        this.configuration = null;
        this.logger.warn(
          { reason: error instanceof Error ? error.message : String(error) },
          'identity provider unreachable',
        );
        throw new ProblemException({
          type: '/problems/service-unavailable',
          title: 'Service unavailable',
          status: 503,
          detail: 'The identity provider cannot be reached; try again shortly.',
        });
      });
    return this.configuration;
  }
}
