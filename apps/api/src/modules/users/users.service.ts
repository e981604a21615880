import { Injectable } from '@nestjs/common';
import {
  ApiKeyRepository,
  AuditRepository,
  Db,
  MemberRepository,
  PartnershipRepository,
  UserRepository,
  UserRoleRepository,
  type Actor,
  type ApiKey,
  type Paged,
  type User,
} from '@ol/persistence';
import { generateApiKey, hashApiKey, parseApiKey } from '../../common/auth/api-key';
import type { AuthContext, KeyScope } from '../../common/auth/auth-context';
import { ProblemException } from '../../common/problems/problem';
import { SignOffSettler } from '../reports/sign-off-settler';
import type { CreateApiKeyDto, CreateUserDto, ListUsersQuery } from './dto/user.dto';

@Injectable()
export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly users: UserRepository,
    private readonly apiKeys: ApiKeyRepository,
    private readonly audit: AuditRepository,
    private readonly partnerships: PartnershipRepository,
    private readonly members: MemberRepository,
    private readonly roles: UserRoleRepository,
    private readonly signOffs: SignOffSettler,
  ) {}

  createUser(actor: Actor, dto: CreateUserDto): Promise<User> {
    return this.db.transaction(async () => {
      if (await this.users.findByEmail(dto.email))
        throw ProblemException.conflict('A user with this email already exists.');
      const user = await this.users.create(dto);
      await this.audit.recordPlatform(actor, {
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        details: { ...dto },
      });
      return user;
    });
  }

  async getUser(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw ProblemException.notFound('User');
    return user;
  }

  listUsers(query: ListUsersQuery): Promise<Paged<User>> {
    const disabled = query.disabled === undefined ? undefined : query.disabled === 'true';
    return this.users.list({ q: query.q, disabled }, query);
  }

  /**
   * Disables (or re-enables) a user everywhere: every key of theirs is refused (401) from the
   * next request on, and works again once re-enabled (revoked or expired keys stay so). Platform
   * admins may not disable themselves (nobody could undo a last admin's mistake).
   */
  setUserDisabled(
    auth: AuthContext,
    actor: Actor,
    userId: string,
    disable: boolean,
  ): Promise<User> {
    if (disable && userId === auth.userId) {
      throw ProblemException.unprocessable('You cannot disable yourself.', [
        { field: 'userId', value: userId, reason: 'is the caller' },
      ]);
    }
    return this.db.transaction(async () => {
      const user = await this.getUser(userId);
      if ((user.disabledAt !== null) === disable) return user;
      const changed = await this.users.setDisabled(userId, disable ? new Date() : null);
      await this.audit.recordPlatform(actor, {
        action: disable ? 'user.disabled' : 'user.enabled',
        entityType: 'user',
        entityId: userId,
        details: { email: user.email },
      });
      // A board member left (or came back to) every board they sit on: open sign-off rounds there
      // may now be decided.
      for (const partnershipId of await this.roles.partnershipsWhere(userId, 'board')) {
        await this.signOffs.afterBoardChange(
          partnershipId,
          actor,
          `user ${userId} ${disable ? 'disabled' : 're-enabled'}`,
        );
      }
      return changed;
    });
  }

  async listKeysOfUser(userId: string): Promise<ApiKey[]> {
    await this.getUser(userId);
    return this.apiKeys.listForUser(userId);
  }

  createApiKey(
    auth: AuthContext,
    actor: Actor,
    dto: CreateApiKeyDto,
  ): Promise<{ row: ApiKey; key: string }> {
    const userId = dto.userId ?? auth.userId;
    if (userId !== auth.userId && !auth.isPlatformAdmin) {
      throw ProblemException.forbidden(
        'Only platform administrators may issue keys for other users.',
      );
    }
    const scope = this.scopeOf(auth, dto);
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (expiresAt && expiresAt <= new Date()) {
      throw ProblemException.unprocessable('The key would already be expired.', [
        { field: 'expiresAt', value: dto.expiresAt, reason: 'must be in the future' },
      ]);
    }
    return this.db.transaction(async () => {
      await this.getUser(userId);
      if (scope) await this.checkScope(userId, scope);
      const generated = generateApiKey();
      const row = await this.apiKeys.create({
        userId,
        name: dto.name,
        prefix: generated.prefix,
        keyHash: generated.hash,
        expiresAt,
        scopePartnershipId: scope?.partnershipId ?? null,
        scopeOrganisationId: scope?.organisationId ?? null,
      });
      await this.audit.recordPlatform(actor, {
        action: 'api_key.created',
        entityType: 'api_key',
        entityId: row.id,
        details: {
          userId,
          name: dto.name,
          expiresAt: dto.expiresAt ?? null,
          partnershipId: scope?.partnershipId ?? null,
          organisationId: scope?.organisationId ?? null,
        },
      });
      return { row, key: generated.key };
    });
  }

  listApiKeys(auth: AuthContext): Promise<ApiKey[]> {
    return this.apiKeys.listForUser(auth.userId);
  }

  /** Revokes one of the caller's keys, or, for a platform admin, anyone's. */
  revokeApiKey(auth: AuthContext, actor: Actor, keyId: string): Promise<ApiKey> {
    return this.db.transaction(async () => {
      const key = auth.isPlatformAdmin
        ? await this.apiKeys.findById(keyId)
        : await this.apiKeys.findForUser(auth.userId, keyId);
      if (!key) throw ProblemException.notFound('API key');
      if (key.revokedAt) return key;
      const revoked = await this.apiKeys.revoke(keyId);
      await this.audit.recordPlatform(actor, {
        action: 'api_key.revoked',
        entityType: 'api_key',
        entityId: keyId,
        details: { userId: key.userId },
      });
      return revoked;
    });
  }

  /**
   * The scope a new key gets: the one asked for; a key issued with a scoped key stays within
   * (and by default takes) the caller's scope.
   */
  private scopeOf(
    auth: AuthContext,
    dto: Pick<CreateApiKeyDto, 'partnershipId' | 'organisationId'>,
  ): KeyScope | null {
    const own = auth.scope ?? null;
    const partnershipId = dto.partnershipId?.toLowerCase() ?? own?.partnershipId ?? null;
    const organisationId = dto.organisationId?.toLowerCase() ?? own?.organisationId ?? null;
    if (
      own &&
      (partnershipId !== own.partnershipId ||
        (own.organisationId !== null && organisationId !== own.organisationId))
    ) {
      throw ProblemException.forbidden('A scoped key may only issue keys within its own scope.');
    }
    if (organisationId && !partnershipId) {
      throw ProblemException.unprocessable('An organisation scope needs a partnership scope.', [
        { field: 'partnershipId', reason: 'is required with organisationId' },
      ]);
    }
    return partnershipId ? { partnershipId, organisationId } : null;
  }

  /** The key's holder must hold a role in the partnership, and the organisation be a member. */
  private async checkScope(userId: string, scope: KeyScope): Promise<void> {
    if (!(await this.partnerships.findById(scope.partnershipId))) {
      throw ProblemException.unprocessable('The partnership does not exist.', [
        { field: 'partnershipId', value: scope.partnershipId, reason: 'no such partnership' },
      ]);
    }
    if ((await this.roles.rolesOf(scope.partnershipId, userId)).length === 0) {
      throw ProblemException.unprocessable(
        'The key’s holder holds no role in the partnership: the key could do nothing.',
        [
          {
            field: 'partnershipId',
            value: scope.partnershipId,
            reason: 'the key’s holder is not a member of it',
          },
        ],
      );
    }
    if (
      scope.organisationId &&
      (await this.members.rolesOf(scope.partnershipId, [scope.organisationId])).size === 0
    ) {
      throw ProblemException.unprocessable(
        'The organisation is not a member of this partnership.',
        [
          {
            field: 'organisationId',
            value: scope.organisationId,
            reason: 'must be a member organisation of the partnership',
          },
        ],
      );
    }
  }

  /**
   * Fresh install: makes sure a platform administrator with this key exists. Idempotent; the key
   * is given by the operator (BOOTSTRAP_ADMIN_KEY) or generated by `npm run admin:create`.
   */
  ensureAdminKey(email: string, key: string): Promise<{ user: User; created: boolean }> {
    const parsed = parseApiKey(key);
    if (!parsed) throw new Error('BOOTSTRAP_ADMIN_KEY is not a valid key');
    const actor: Actor = { userId: null, keyId: null, requestId: 'bootstrap' };
    return this.db.transaction(async () => {
      let user = await this.users.findByEmail(email);
      if (!user) {
        user = await this.users.create({
          email,
          name: 'Platform administrator',
          isPlatformAdmin: true,
        });
        await this.audit.recordPlatform(actor, {
          action: 'user.created',
          entityType: 'user',
          entityId: user.id,
          details: { email, bootstrap: true },
        });
      }
      const existing = await this.apiKeys.findByPrefix(parsed.prefix);
      if (existing) {
        if (existing.keyHash !== hashApiKey(key) || existing.userId !== user.id)
          throw new Error('BOOTSTRAP_ADMIN_KEY clashes with another key');
        return { user, created: false };
      }
      const row = await this.apiKeys.create({
        userId: user.id,
        name: 'bootstrap admin key',
        prefix: parsed.prefix,
        keyHash: hashApiKey(key),
      });
      await this.audit.recordPlatform(actor, {
        action: 'api_key.created',
        entityType: 'api_key',
        entityId: row.id,
        details: { bootstrap: true },
      });
      return { user, created: true };
    });
  }
}
