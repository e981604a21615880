import { ProblemException } from '../problems/problem';
import type { PartnershipAccess } from './auth-context';
import { actFor, type ActionOf, type Resource } from './policy';

/**
 * The provider organisation a write is for, and whether the caller may act for it under the
 * policy entry: the one requested, or the caller's only provider organisation when none is
 * named (400 naming `field` otherwise); 403 when the entry gives the caller only its own
 * organisations and this is another's. Whether the organisation is a provider member of the
 * partnership is the service's to check.
 */
export function providerToActFor<R extends Resource>(
  access: PartnershipAccess,
  resource: R,
  action: ActionOf<R>,
  requested: string | undefined,
  say: { field?: string; required: string; forbidden: string },
): string {
  const field = say.field ?? 'providerOrganisationId';
  let orgId = requested;
  if (!orgId) {
    if (access.providerOrganisationIds.length !== 1)
      throw ProblemException.validation([{ field, reason: say.required }]);
    orgId = access.providerOrganisationIds[0];
  }
  if (!actFor(access, resource, action, orgId)) throw ProblemException.forbidden(say.forbidden);
  return orgId;
}
