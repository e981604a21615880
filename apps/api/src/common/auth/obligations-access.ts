import type { PartnershipAccess } from './auth-context';

/** Roles that oversee the quarter's obligations: every provider's, and who is late. */
const OVERSIGHT_ROLES: ReadonlySet<string> = new Set([
  'admin',
  'board',
  'finance',
  'auditor',
  'verifier',
]);

/**
 * Whether the caller sees every provider's obligations: the oversight roles and platform admins.
 * Anyone else (a provider) sees only what its own organisations owe.
 */
export function seesEveryProvidersObligations(
  access: Pick<PartnershipAccess, 'isPlatformAdmin' | 'roles'>,
): boolean {
  return access.isPlatformAdmin || access.roles.some((r) => OVERSIGHT_ROLES.has(r));
}
