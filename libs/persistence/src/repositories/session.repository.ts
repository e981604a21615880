import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type { UserSession } from '../prisma-client';

/** How a session was opened. */
export type SessionMethod = 'password' | 'oidc';

/** A live session and the user it belongs to: what authenticates a cookie. */
export interface ActiveSession {
  id: string;
  userId: string;
  email: string;
  isPlatformAdmin: boolean;
}

/** The OpenID Connect sign-in under way that a browser's binding cookie points to. */
export interface PendingOidcSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * Server-side sessions of people signed in (cookie), and the OpenID Connect sign-ins under way.
 * Only hashes of the browser's tokens are stored.
 */
@Injectable()
export class SessionRepository {
  constructor(private readonly db: Db) {}

  create(data: {
    userId: string;
    tokenHash: string;
    method: SessionMethod;
    expiresAt: Date;
    userAgent: string | null;
  }): Promise<UserSession> {
    return this.db.client.userSession.create({ data });
  }

  /**
   * The session with this token hash if it is live: not revoked, not past its end, used within
   * the last `idleMinutes`, and its user not disabled. One round trip.
   */
  async findActive(tokenHash: string, idleMinutes: number): Promise<ActiveSession | null> {
    const rows = await this.db.client.$queryRaw<ActiveSession[]>`
      SELECT s.id::text AS id, s.user_id::text AS "userId", u.email, u.is_platform_admin AS "isPlatformAdmin"
        FROM user_sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = ${tokenHash}
         AND s.revoked_at IS NULL
         AND s.expires_at > now()
         AND s.last_seen_at > now() - ${idleMinutes}::double precision * interval '1 minute'
         AND u.disabled_at IS NULL`;
    return rows[0] ?? null;
  }

  /** Records use at most once a minute per session, so a request is not a write. */
  async touch(id: string): Promise<void> {
    await this.db.client.$executeRaw`
      UPDATE user_sessions SET last_seen_at = now()
       WHERE id = ${id}::uuid AND last_seen_at < now() - interval '1 minute'`;
  }

  async revoke(id: string): Promise<void> {
    await this.db.client.$executeRaw`
      UPDATE user_sessions SET revoked_at = now() WHERE id = ${id}::uuid AND revoked_at IS NULL`;
  }

  /** Ends every live session of the user but `keepId` (the caller's own, when it changes its password). */
  async revokeAllOf(userId: string, keepId: string | null = null): Promise<number> {
    return this.db.client.$executeRaw`
      UPDATE user_sessions SET revoked_at = now()
       WHERE user_id = ${userId}::uuid AND revoked_at IS NULL
         AND (${keepId}::uuid IS NULL OR id <> ${keepId}::uuid)`;
  }

  /** The organisations a user holds a partnership role for (id, name, reference). */
  organisationsOf(
    userId: string,
  ): Promise<{ id: string; name: string; reference: string | null }[]> {
    return this.db.client.$queryRaw`
      SELECT DISTINCT o.id::text AS id, o.name, o.reference
        FROM user_roles r JOIN organisations o ON o.id = r.organisation_id
       WHERE r.user_id = ${userId}::uuid`;
  }

  async startOidc(bindingHash: string, pending: PendingOidcSignIn, ttlMs: number): Promise<void> {
    await this.db.client.$executeRaw`
      DELETE FROM oidc_sign_ins WHERE expires_at < now() - interval '1 hour'`;
    await this.db.client.oidcSignIn.create({
      data: { bindingHash, ...pending, expiresAt: new Date(Date.now() + ttlMs) },
    });
  }

  /** Takes (deletes) the sign-in under way: a callback is accepted once. Null if none or expired. */
  async takeOidc(bindingHash: string): Promise<PendingOidcSignIn | null> {
    const rows = await this.db.client.$queryRaw<(PendingOidcSignIn & { live: boolean })[]>`
      DELETE FROM oidc_sign_ins WHERE binding_hash = ${bindingHash}
      RETURNING state, nonce, code_verifier AS "codeVerifier", expires_at > now() AS live`;
    const row = rows[0];
    return row?.live
      ? { state: row.state, nonce: row.nonce, codeVerifier: row.codeVerifier }
      : null;
  }
}
