import { applyDecorators, SetMetadata } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiSecurity,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { PartnershipRole } from '@ol/persistence';

export const PUBLIC_KEY = 'ol:public';
export const PLATFORM_ADMIN_KEY = 'ol:platform-admin';
export const PARTNERSHIP_ROLES_KEY = 'ol:partnership-roles';

/** No credential needed (health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** Only platform administrators. */
export const PlatformAdmin = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(PLATFORM_ADMIN_KEY, true),
    ApiForbiddenResponse({ description: 'Caller is not a platform administrator' }),
  );

/**
 * The route has a `:partnershipId` param; callers need one of these roles in that partnership
 * ('*' = any role). Non-members get 404 (the partnership's existence is not revealed); members
 * without the role get 403. Platform administrators pass.
 */
export const PartnershipRoles = (
  ...roles: (PartnershipRole | '*')[]
): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(PARTNERSHIP_ROLES_KEY, roles),
    ApiNotFoundResponse({
      description: 'No such partnership, or the caller is not a member of it',
    }),
    ApiForbiddenResponse({
      description: 'The caller’s role in the partnership does not allow this',
    }),
  );

/** Swagger: every non-public route needs a key. */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiSecurity('api-key'),
    ApiSecurity('bearer'),
    ApiUnauthorizedResponse({ description: 'No valid API key or bearer token' }),
  );
