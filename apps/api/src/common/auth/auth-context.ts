import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor } from '@ol/persistence';
import type { PartnershipRole } from '@ol/persistence';
import type { FastifyRequest } from 'fastify';

/** Where a scoped API key works: one partnership and, optionally, one organisation in it. */
export interface KeyScope {
  partnershipId: string;
  organisationId: string | null;
}

/** Who is calling, set by the AccessGuard. */
export interface AuthContext {
  userId: string;
  keyId: string;
  email: string;
  /** False for a scoped key, whoever holds it: a scope only ever narrows. */
  isPlatformAdmin: boolean;
  /** The key's scope; absent or null: everywhere its holder's roles reach. */
  scope?: KeyScope | null;
}

/** The caller's standing in the partnership named by the route (set for partnership routes). */
export interface PartnershipAccess {
  partnershipId: string;
  roles: PartnershipRole[];
  /** Organisations the caller may act for as a provider. */
  providerOrganisationIds: string[];
  isPlatformAdmin: boolean;
}

export interface AuthedRequest extends FastifyRequest {
  auth?: AuthContext;
  partnershipAccess?: PartnershipAccess;
}

/** The actor recorded in audit events: user, key and request id. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  return {
    userId: req.auth?.userId ?? null,
    keyId: req.auth?.keyId ?? null,
    requestId: String(req.id),
  };
});

export const CurrentAuth = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthContext => {
    const auth = ctx.switchToHttp().getRequest<AuthedRequest>().auth;
    if (!auth) throw new Error('CurrentAuth used on a public route');
    return auth;
  },
);

export const CurrentAccess = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): PartnershipAccess => {
    const access = ctx.switchToHttp().getRequest<AuthedRequest>().partnershipAccess;
    if (!access) throw new Error('CurrentAccess used on a route without @PartnershipRoles');
    return access;
  },
);
