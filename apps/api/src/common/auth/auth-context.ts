import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor } from '@ol/persistence';
import type { PartnershipRole } from '@ol/persistence';
import type { FastifyRequest } from 'fastify';

/** Where a scoped API key works: one partnership and, optionally, one organisation in it. */
export interface KeyScope {
  partnershipId: string;
  organisationId: string | null;
}

/** Who is calling, set by the AccessGuard: the same actor whether by API key or session cookie. */
export interface AuthContext {
  userId: string;
  /** The API key used; null for a person signed in with a session cookie. */
  keyId: string | null;
  email: string;
  /** False for a scoped key, whoever holds it: a scope only ever narrows. */
  isPlatformAdmin: boolean;
  /** The key's scope; absent or null (and for a session): everywhere its holder's roles reach. */
  scope?: KeyScope | null;
  /** The session used (cookie), with its CSRF token; absent for an API key. */
  session?: { id: string; csrfToken: string };
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
    if (!access)
      throw new Error('CurrentAccess used on a route whose @Allow entry is not a partnership one');
    return access;
  },
);
