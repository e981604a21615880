import type { PartnershipAccess } from './auth-context';

/** Roles that read the whole open book: every provider's returns and the partnership's totals. */
const OPEN_BOOK_ROLES: ReadonlySet<string> = new Set(['admin', 'board', 'finance', 'auditor']);

/** Whether the caller reads every provider's open book: the open-book roles and platform admins. */
export function readsWholeOpenBook(
  access: Pick<PartnershipAccess, 'isPlatformAdmin' | 'roles'>,
): boolean {
  return access.isPlatformAdmin || access.roles.some((r) => OPEN_BOOK_ROLES.has(r));
}

/**
 * Whether the caller reads the open book's partnership-level figures (the investment: every
 * provider's allowable cost, and what is worked from it): the open-book roles and platform admins
 * always; providers only where the partnership shares it with them.
 */
export function readsOpenBookTotals(
  access: Pick<PartnershipAccess, 'isPlatformAdmin' | 'roles'>,
  partnership: { shareOpenBookWithProviders: boolean },
): boolean {
  return readsWholeOpenBook(access) || partnership.shareOpenBookWithProviders;
}

/**
 * Whose open book the caller may read: undefined for every provider (the open-book roles), else
 * the caller's own provider organisations (narrowed to `requested` when given).
 */
export function visibleProviderOrgs(
  access: Pick<PartnershipAccess, 'isPlatformAdmin' | 'roles' | 'providerOrganisationIds'>,
  requested?: string,
): string[] | undefined {
  if (readsWholeOpenBook(access)) return requested ? [requested] : undefined;
  const own = access.providerOrganisationIds;
  return requested ? own.filter((o) => o === requested) : own;
}
