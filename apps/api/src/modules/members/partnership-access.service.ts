import { Injectable } from '@nestjs/common';
import {
  ApiKeyRepository,
  AuditRepository,
  Db,
  UserRoleRepository,
  type Actor,
  type ApiKey,
  type ApiKeyWithUser,
  type UserRoleWithUser,
} from '@ol/persistence';
import type { AuthContext } from '../../common/auth/auth-context';
import { ProblemException } from '../../common/problems/problem';
import { SignOffSettler } from '../reports/sign-off-settler';

/**
 * A partnership admin's hold on who gets in: disabling a person in the partnership suspends
 * every role they hold there (kept, so re-enabling restores them; their access elsewhere is
 * untouched), and keys scoped to the partnership can be listed and revoked. ADR 0016.
 */
@Injectable()
export class PartnershipAccessService {
  constructor(
    private readonly db: Db,
    private readonly roles: UserRoleRepository,
    private readonly apiKeys: ApiKeyRepository,
    private readonly audit: AuditRepository,
    private readonly signOffs: SignOffSettler,
  ) {}

  /** Disables (or re-enables) the person in the partnership; their roles as they are now. */
  setSuspended(
    partnershipId: string,
    auth: AuthContext,
    actor: Actor,
    userId: string,
    suspend: boolean,
  ): Promise<UserRoleWithUser[]> {
    if (suspend && userId === auth.userId) {
      throw ProblemException.unprocessable('You cannot disable yourself.', [
        { field: 'userId', value: userId, reason: 'is the caller' },
      ]);
    }
    return this.db.transaction(async () => {
      const held = await this.roles.list(partnershipId, { userId });
      if (held.length === 0) throw ProblemException.notFound('Member');
      const unchanged = held.every((r) => (r.suspendedAt !== null) === suspend);
      if (unchanged) return held;
      const after = await this.roles.suspend(partnershipId, userId, suspend ? new Date() : null);
      await this.audit.record(partnershipId, actor, {
        action: suspend ? 'member_user.disabled' : 'member_user.enabled',
        entityType: 'user',
        entityId: userId,
        details: { roles: held.map((r) => r.role) },
      });
      if (held.some((r) => r.role === 'board')) {
        // The board changed (a reviewer left or came back): open sign-off rounds may be decided.
        await this.signOffs.afterBoardChange(
          partnershipId,
          actor,
          `board member ${userId} ${suspend ? 'disabled' : 're-enabled'}`,
        );
      }
      return after;
    });
  }

  listKeys(partnershipId: string): Promise<ApiKeyWithUser[]> {
    return this.apiKeys.listForPartnership(partnershipId);
  }

  revokeKey(partnershipId: string, actor: Actor, keyId: string): Promise<ApiKey> {
    return this.db.transaction(async () => {
      const key = await this.apiKeys.findInPartnership(partnershipId, keyId);
      if (!key) throw ProblemException.notFound('API key');
      if (key.revokedAt) return key;
      const revoked = await this.apiKeys.revoke(keyId);
      await this.audit.record(partnershipId, actor, {
        action: 'api_key.revoked',
        entityType: 'api_key',
        entityId: keyId,
        details: { userId: key.userId },
      });
      // Keys are platform data too: the platform trail shows every revocation.
      await this.audit.recordPlatform(actor, {
        action: 'api_key.revoked',
        entityType: 'api_key',
        entityId: keyId,
        details: { userId: key.userId, partnershipId },
      });
      return revoked;
    });
  }
}
