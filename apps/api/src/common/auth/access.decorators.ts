import { applyDecorators, SetMetadata } from '@nestjs/common';
import {
  ApiExtension,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiSecurity,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ruleOf, type ActionOf, type Resource } from './policy';

export const ALLOW_KEY = 'ol:allow';

/** The entry of the access policy a route is under. */
export interface AllowEntry {
  resource: Resource;
  action: string;
}

/**
 * The route is governed by this entry of the access policy (apps/api/src/common/auth/policy.ts):
 * the AccessGuard enforces its audience and roles. The OpenAPI operation carries it as
 * `x-access` (the access-matrix test walks every operation by it). A route without `@Allow` is
 * refused to everyone.
 */
export function Allow<R extends Resource>(
  resource: R,
  action: ActionOf<R>,
): MethodDecorator & ClassDecorator {
  const rule = ruleOf(resource, action);
  const decorators: (MethodDecorator & ClassDecorator)[] = [
    SetMetadata(ALLOW_KEY, { resource, action } satisfies AllowEntry),
    ApiExtension('x-access', `${resource}:${action}`),
  ];
  if (rule.audience === 'platform-admin') {
    decorators.push(
      ApiForbiddenResponse({ description: 'Caller is not a platform administrator' }),
    );
  } else if (rule.audience === 'member') {
    decorators.push(
      ApiNotFoundResponse({
        description: 'No such partnership, or the caller is not a member of it',
      }),
      ApiForbiddenResponse({
        description: 'The caller’s role in the partnership does not allow this',
      }),
    );
  }
  return applyDecorators(...decorators);
}

/** Swagger: every non-public route needs a key. */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiSecurity('api-key'),
    ApiSecurity('bearer'),
    ApiUnauthorizedResponse({ description: 'No valid API key or bearer token' }),
  );
