import { Injectable } from '@nestjs/common';
import { SessionRepository } from '@ol/persistence';
import { ApiConfig } from '../../config/api.config';
import { ProblemException } from '../problems/problem';
import type { AuthContext, AuthedRequest } from './auth-context';
import {
  CSRF_HEADER,
  SESSION_COOKIE,
  cookieOf,
  csrfMatches,
  csrfTokenOf,
  hashToken,
  isToken,
} from './session-cookie';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The second credential source of the AccessGuard: a person's session cookie. Gives the same
 * actor as an API key of that user. A cookie-authenticated request with an unsafe method must
 * carry the session's CSRF token in `x-csrf-token` (API keys need none: a browser never sends
 * them on its own).
 */
@Injectable()
export class SessionAuthenticator {
  constructor(
    private readonly config: ApiConfig,
    private readonly sessions: SessionRepository,
  ) {}

  /** The session cookie's value if the request carries one shaped like ours. */
  tokenOf(req: AuthedRequest): string | undefined {
    const token = cookieOf(req.headers.cookie, SESSION_COOKIE);
    return token === undefined ? undefined : token;
  }

  async authenticate(req: AuthedRequest, token: string): Promise<AuthContext> {
    const session = isToken(token)
      ? await this.sessions.findActive(hashToken(token), this.config.SESSION_IDLE_MINUTES)
      : null;
    if (!session) {
      throw ProblemException.unauthenticated(
        'The session has ended (signed out, expired, or the account is disabled); sign in again.',
      );
    }
    if (!SAFE_METHODS.has(req.method) && !csrfMatches(token, req.headers[CSRF_HEADER])) {
      throw ProblemException.forbidden(
        'Send the session’s CSRF token (from GET /v1/auth/session) in the x-csrf-token header.',
      );
    }
    await this.sessions.touch(session.id);
    return {
      userId: session.userId,
      keyId: null,
      email: session.email,
      isPlatformAdmin: session.isPlatformAdmin,
      session: { id: session.id, csrfToken: csrfTokenOf(token) },
    };
  }
}
