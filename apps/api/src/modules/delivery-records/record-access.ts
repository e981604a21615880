import type { PartnershipAccess } from '../../common/auth/auth-context';

/** Roles that read every provider's delivery data; a provider alone sees only its own. */
const READ_ALL_ROLES = new Set(['admin', 'board', 'finance', 'verifier', 'auditor']);

/** Whether the caller reads every provider's delivery records. */
export function readsAllRecords(access: PartnershipAccess): boolean {
  return access.isPlatformAdmin || access.roles.some((r) => READ_ALL_ROLES.has(r));
}

/** Whether the caller may see a record of this provider organisation (else it is not found). */
export function canReadRecord(access: PartnershipAccess, providerOrgId: string): boolean {
  return readsAllRecords(access) || access.providerOrganisationIds.includes(providerOrgId);
}
