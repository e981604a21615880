import {
  clearCookie,
  cookieOf,
  csrfMatches,
  csrfTokenOf,
  hashToken,
  isToken,
  newToken,
  setCookie,
} from './session-cookie';

describe('session cookie helpers', () => {
  it('makes 256-bit base64url tokens and hashes them', () => {
    const token = newToken();
    expect(isToken(token)).toBe(true);
    expect(isToken(`${token}x`)).toBe(false);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(newToken()).not.toBe(token);
  });

  it('derives a CSRF token that only matches its own session', () => {
    const a = newToken();
    const b = newToken();
    expect(csrfMatches(a, csrfTokenOf(a))).toBe(true);
    expect(csrfMatches(a, csrfTokenOf(b))).toBe(false);
    expect(csrfMatches(a, undefined)).toBe(false);
    expect(csrfMatches(a, ['x'])).toBe(false);
    expect(csrfMatches(a, '')).toBe(false);
  });

  it('reads one cookie of a header, malformed headers as none', () => {
    expect(cookieOf('a=1; ol_session=abc; b=2', 'ol_session')).toBe('abc');
    expect(cookieOf(undefined, 'ol_session')).toBeUndefined();
    expect(cookieOf('garbage', 'ol_session')).toBeUndefined();
  });

  it('sets Secure, HttpOnly, SameSite=Lax cookies, and clears them', () => {
    expect(setCookie('ol_session', 'tok', 60)).toBe(
      'ol_session=tok; Max-Age=60; Path=/; HttpOnly; Secure; SameSite=Lax',
    );
    expect(clearCookie('ol_oidc', '/v1/auth/oidc')).toMatch(
      /^ol_oidc=; Max-Age=0; Path=\/v1\/auth\/oidc; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax$/,
    );
  });
});
