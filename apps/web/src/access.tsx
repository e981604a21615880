import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { NavLink, Outlet, useParams } from 'react-router';
import { api, ApiError } from './api';
import { asApiError } from './components/errors';

/** The caller's standing in one partnership, as GET /v1/partnerships/:id/access gives it. */
export interface PartnershipAccess {
  roles: string[];
  providerOrganisationIds: string[];
  isPlatformAdmin: boolean;
  /** `resource:action` → `any` | `own`, for every policy entry the caller passes. */
  permissions: Record<string, 'any' | 'own'>;
}

interface AccessState {
  partnershipId: string;
  partnershipName: string;
  access: PartnershipAccess;
  /** Whether the policy lets the caller do `resource:action` here (the API still decides). */
  can(permission: string): boolean;
}

const AccessContext = createContext<AccessState | null>(null);

/** The partnership's access for pages under /app/partnerships/:partnershipId. */
export function usePartnership(): AccessState {
  const state = useContext(AccessContext);
  if (!state) throw new Error('usePartnership outside PartnershipLayout');
  return state;
}

interface Section {
  to: string;
  label: string;
  /** Shown when the caller passes any of these policy entries. */
  needs: string[];
}

/** The partnership's sections; each appears only to roles the access policy lets in. */
export const SECTIONS: Section[] = [
  { to: 'overview', label: 'Overview', needs: ['reports:read'] },
  {
    to: 'delivery',
    label: 'Delivery',
    needs: ['delivery-records:create', 'delivery-records:review', 'delivery-records:answer'],
  },
  { to: 'finance', label: 'Finance', needs: ['financial-returns:read', 'triggers:read'] },
  { to: 'admin', label: 'Set-up', needs: ['members:manage', 'outcomes:write'] },
];

/**
 * The frame of every partnership page: reads the caller's access once, shows the partnership's
 * name and the sections the caller may use, and renders the page inside.
 */
export function PartnershipLayout({ children }: { children?: ReactNode }) {
  const { partnershipId = '' } = useParams();
  const [state, setState] = useState<AccessState | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    setError(null);
    Promise.all([
      api<PartnershipAccess>(`/v1/partnerships/${partnershipId}/access`),
      api<{ name: string }>(`/v1/partnerships/${partnershipId}`),
    ])
      .then(([access, partnership]) =>
        setState({
          partnershipId,
          partnershipName: partnership.name,
          access,
          can: (permission) => permission in access.permissions,
        }),
      )
      .catch((e: unknown) => setError(asApiError(e)));
  }, [partnershipId]);

  if (error)
    return (
      <main>
        <h1>Partnership</h1>
        <p role="alert" className="error">
          {error.detail || error.title}
        </p>
      </main>
    );
  if (!state) return <p aria-busy="true">Loading…</p>;
  const sections = SECTIONS.filter((s) => s.needs.some((n) => state.can(n)));
  return (
    <AccessContext.Provider value={state}>
      <nav aria-label="Partnership sections" className="sections">
        <span className="partnership-name">{state.partnershipName}</span>
        <ul>
          {sections.map((s) => (
            <li key={s.to}>
              <NavLink to={`/app/partnerships/${partnershipId}/${s.to}`}>{s.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      {children ?? <Outlet />}
    </AccessContext.Provider>
  );
}
