import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';

/** The session cookie: an opaque random token; the server keeps only its SHA-256. */
export const SESSION_COOKIE = 'ol_session';
/** The binding cookie of an OpenID Connect sign-in under way (10 minutes, callback path only). */
export const OIDC_COOKIE = 'ol_oidc';
export const OIDC_COOKIE_PATH = '/v1/auth/oidc';

/** Header carrying the CSRF token on cookie-authenticated unsafe requests. */
export const CSRF_HEADER = 'x-csrf-token';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A new random token (256 bits, base64url). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The session's CSRF token, derived from the session token (one-way), so it is not stored: a page
 * of our origin gets it from the session endpoint and sends it back in `x-csrf-token`; another
 * site can neither read it nor compute it (the cookie is HttpOnly).
 */
export function csrfTokenOf(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`, 'utf8').digest('base64url');
}

export function csrfMatches(sessionToken: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(csrfTokenOf(sessionToken));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A cookie of the request, or undefined (a malformed Cookie header counts as none). */
export function cookieOf(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  try {
    return parseCookie(header)[name];
  } catch {
    return undefined;
  }
}

/** Set-Cookie for a cookie only our own pages' requests carry: Secure, HttpOnly, SameSite=Lax. */
export function setCookie(name: string, value: string, maxAgeSeconds: number, path = '/'): string {
  return stringifySetCookie({
    name,
    value,
    path,
    maxAge: maxAgeSeconds,
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
  });
}

export function clearCookie(name: string, path = '/'): string {
  return stringifySetCookie({
    name,
    value: '',
    path,
    maxAge: 0,
    expires: new Date(0),
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
  });
}
