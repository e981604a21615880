import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyRepository, PartnershipRepository, UserRoleRepository } from '@ol/persistence';
import { ProblemException } from '../problems/problem';
import { ALLOW_KEY, type AllowEntry } from './access.decorators';
import { apiKeyMatches, parseApiKey } from './api-key';
import { AuthCache } from './auth-cache';
import type { AuthedRequest } from './auth-context';
import { allows, ruleOf, type ActionOf } from './policy';
import { SessionAuthenticator } from './session-authenticator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Authentication and authorisation for every route, by the access policy (policy.ts) entry the
 * route names with `@Allow`: `anyone` passes; otherwise an API key (X-API-Key or Authorization:
 * Bearer) or else a person's session cookie (a CSRF token for unsafe methods), both giving the
 * same actor → 401 if missing or invalid; `platform-admin` → 403 for others; `member` → 404 for
 * non-members of the route's partnership, 403 for a role the entry does not list. A route with
 * no entry is refused (403): access is never granted by omission.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyRepository,
    private readonly userRoles: UserRoleRepository,
    private readonly partnerships: PartnershipRepository,
    private readonly sessions: SessionAuthenticator,
    private readonly cache: AuthCache,
  ) {}

  /** When each key's last use was last written (its `last_used_at` is kept to the minute). */
  private readonly touched = new Map<string, number>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const entry = this.reflector.getAllAndOverride<AllowEntry | undefined>(ALLOW_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const rule = entry
      ? ruleOf(entry.resource, entry.action as ActionOf<typeof entry.resource>)
      : undefined;
    if (rule?.audience === 'anyone') return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    await this.authenticate(req);
    const auth = req.auth!;
    if (!entry || !rule) throw ProblemException.forbidden('This route has no access policy.');

    if (rule.audience === 'platform-admin' && !auth.isPlatformAdmin) {
      throw ProblemException.forbidden('Only platform administrators may do this.');
    }

    if (rule.audience === 'member') {
      const partnershipId = (req.params as Record<string, string>).partnershipId;
      if (!UUID.test(partnershipId ?? '')) {
        throw ProblemException.validation([
          { field: 'partnershipId', value: partnershipId, reason: 'must be a UUID' },
        ]);
      }
      // A scoped key: another partnership is one it is not a member of; within its partnership,
      // roles bound to another organisation than its own do not count.
      const scope = auth.scope;
      if (scope && scope.partnershipId !== partnershipId.toLowerCase())
        throw ProblemException.notFound('Partnership');
      const pid = partnershipId.toLowerCase();
      const roles = await this.cache.get(`roles:${pid}:${auth.userId}`, () =>
        this.userRoles.rolesOf(pid, auth.userId),
      );
      const held = roles!.filter(
        (r) =>
          !scope?.organisationId || !r.organisationId || r.organisationId === scope.organisationId,
      );
      // Members know it exists; a platform admin who is not a member may name one that does not.
      if (
        held.length === 0 &&
        (!auth.isPlatformAdmin || !(await this.partnerships.findById(partnershipId)))
      )
        throw ProblemException.notFound('Partnership');
      req.partnershipAccess = {
        partnershipId,
        roles: held.map((r) => r.role),
        providerOrganisationIds: held
          .filter((r) => r.role === 'provider' && r.organisationId)
          .map((r) => r.organisationId!),
        isPlatformAdmin: auth.isPlatformAdmin,
      };
      if (!allows(req.partnershipAccess, entry.resource, entry.action as never)) {
        const roles = Object.keys(rule.roles ?? {});
        throw ProblemException.forbidden(
          `This needs one of the roles ${roles.join(', ')} in the partnership.`,
        );
      }
    }
    return true;
  }

  private async authenticate(req: AuthedRequest): Promise<void> {
    const header = req.headers['x-api-key'];
    const authorization = req.headers.authorization;
    let presented: string | undefined;
    if (typeof header === 'string' && header) presented = header.trim();
    else if (typeof authorization === 'string' && /^bearer\s+/i.test(authorization)) {
      presented = authorization.replace(/^bearer\s+/i, '').trim();
    }
    if (!presented) {
      const session = this.sessions.tokenOf(req);
      if (session !== undefined) {
        req.auth = await this.sessions.authenticate(req, session);
        return;
      }
      throw ProblemException.unauthenticated(
        'Send an API key in the X-API-Key header or as Authorization: Bearer <key>, or sign in.',
      );
    }
    const parsed = parseApiKey(presented);
    const row = parsed
      ? await this.cache.get(`key:${parsed.prefix}`, () => this.apiKeys.findByPrefix(parsed.prefix))
      : null;
    const now = new Date();
    if (
      !row ||
      !apiKeyMatches(presented, row.keyHash) ||
      row.revokedAt !== null ||
      (row.expiresAt !== null && row.expiresAt <= now) ||
      row.user.disabledAt !== null
    ) {
      throw ProblemException.unauthenticated(
        'The API key is not valid, or has been revoked or has expired.',
      );
    }
    await this.touch(row.id, now.getTime());
    req.auth = {
      userId: row.userId,
      keyId: row.id,
      email: row.user.email,
      isPlatformAdmin: row.user.isPlatformAdmin && row.scopePartnershipId === null,
      scope: row.scopePartnershipId
        ? { partnershipId: row.scopePartnershipId, organisationId: row.scopeOrganisationId }
        : null,
    };
  }

  /** Records the key's use at most once a minute per process (the column's precision). */
  private async touch(keyId: string, now: number): Promise<void> {
    const last = this.touched.get(keyId);
    if (last !== undefined && now - last < 60_000) return;
    if (this.touched.size >= 10_000) this.touched.clear();
    this.touched.set(keyId, now);
    await this.apiKeys.touch(keyId);
  }
}
