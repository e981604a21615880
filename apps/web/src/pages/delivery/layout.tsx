import { NavLink, Outlet } from 'react-router';
import { usePartnership } from '../../access';
import { DeliveryDataProvider } from './data';

interface Page {
  to: string;
  label: string;
  needs: string;
  end?: boolean;
}

/** The delivery section's pages; each is offered only to roles the access policy lets in. */
const PAGES: Page[] = [
  { to: '', label: 'What is due', needs: 'obligations:read', end: true },
  { to: 'new', label: 'Log a record', needs: 'delivery-records:create' },
  { to: 'imports', label: 'Upload a CSV', needs: 'delivery-imports:create' },
  { to: 'records', label: 'Records', needs: 'delivery-records:read' },
];

/** The frame of /app/partnerships/:id/delivery/*: its own page list, then the page. */
export function DeliveryLayout() {
  const { partnershipId, can } = usePartnership();
  const base = `/app/partnerships/${partnershipId}/delivery`;
  return (
    <DeliveryDataProvider>
      <nav aria-label="Delivery pages" className="subpages">
        <ul>
          {PAGES.filter((p) => can(p.needs)).map((p) => (
            <li key={p.to}>
              <NavLink to={p.to ? `${base}/${p.to}` : base} end={p.end}>
                {p.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </DeliveryDataProvider>
  );
}
