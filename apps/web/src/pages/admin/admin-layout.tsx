import type { ReactNode } from 'react';
import { Navigate, NavLink, Outlet } from 'react-router';
import { usePartnership } from '../../access';

interface AdminPage {
  to: string;
  label: string;
  /** Shown when the caller passes any of these policy entries. */
  needs: string[];
}

/** The set-up pages; each is offered only to roles the access policy lets use it. */
export const ADMIN_PAGES: AdminPage[] = [
  { to: 'members', label: 'Members and roles', needs: ['members:manage', 'roles:manage'] },
  { to: 'outcomes', label: 'Outcomes and targets', needs: ['outcomes:write'] },
  {
    to: 'proxies',
    label: 'Proxies and overrides',
    needs: ['outcomes:write', 'proxy-overrides:write'],
  },
  { to: 'webhooks', label: 'Webhooks', needs: ['webhooks:manage'] },
];

/** The set-up pages this caller may use. */
export function useAdminPages(): AdminPage[] {
  const { can } = usePartnership();
  return ADMIN_PAGES.filter((p) => p.needs.some((n) => can(n)));
}

/** The frame of the set-up section: its own page list, then the page. */
export function AdminLayout() {
  const { partnershipId } = usePartnership();
  const pages = useAdminPages();
  if (pages.length === 0)
    return (
      <main>
        <h1>Set-up</h1>
        <p role="alert" className="error">
          Your roles in this partnership do not include setting it up.
        </p>
      </main>
    );
  return (
    <>
      <nav aria-label="Set-up pages" className="sections subsections">
        <ul>
          {pages.map((p) => (
            <li key={p.to}>
              <NavLink to={`/app/partnerships/${partnershipId}/admin/${p.to}`}>{p.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}

/** /admin itself: the first set-up page the caller may use. */
export function AdminIndex() {
  const pages = useAdminPages();
  return pages.length > 0 ? <Navigate to={pages[0].to} replace /> : null;
}

/**
 * A set-up page guarded by its entries: a caller who reaches it by address without them is told
 * so (the API would refuse every call anyway).
 */
export function RequireAdmin({ page, children }: { page: string; children: ReactNode }) {
  const pages = useAdminPages();
  if (!pages.some((p) => p.to === page))
    return (
      <main>
        <h1>Set-up</h1>
        <p role="alert" className="error">
          Your roles in this partnership do not include this page.
        </p>
      </main>
    );
  return children;
}
