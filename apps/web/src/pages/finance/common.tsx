import { useEffect, useState } from 'react';
import { NavLink } from 'react-router';
import { api } from '../../api';
import { usePartnership } from '../../access';
import './finance.css';

const PAGES = [
  { to: 'returns', label: 'Financial returns', needs: 'financial-returns:read' },
  { to: 'surplus', label: 'Reasonable surplus', needs: 'share-evaluations:read' },
  { to: 'triggers', label: 'Triggers', needs: 'triggers:read' },
];

/** The finance pages the caller's policy entries let it read. */
export function financePages(can: (permission: string) => boolean) {
  return PAGES.filter((p) => can(p.needs));
}

/** The finance section's own navigation (shown on every finance page). */
export function FinanceNav() {
  const { partnershipId, can } = usePartnership();
  return (
    <nav aria-label="Finance pages" className="subnav">
      <ul>
        {financePages(can).map((p) => (
          <li key={p.to}>
            <NavLink to={`/app/partnerships/${partnershipId}/finance/${p.to}`}>{p.label}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface Member {
  role: string;
  organisation: { id: string; name: string };
}

/** The partnership's member organisations (any member may read them), for names; null while read. */
export function useMembers(): Member[] | null {
  const { partnershipId } = usePartnership();
  const [members, setMembers] = useState<Member[] | null>(null);
  useEffect(() => {
    api<{ data: Member[] }>(`/v1/partnerships/${partnershipId}/members?limit=200`)
      .then(({ data }) => setMembers(data))
      .catch(() => setMembers([]));
  }, [partnershipId]);
  return members;
}

/** An organisation's name by id, from the members (the id's start when it is not a member). */
export function nameOf(members: Member[], id: string): string {
  return members.find((m) => m.organisation.id === id)?.organisation.name ?? id.slice(0, 8);
}

/** Words for the API's states, as a reader says them. */
export const STATE_WORDS: Record<string, string> = {
  below: 'Below the warning level',
  warning: 'At or above the warning level',
  above: 'Above the reasonable surplus',
  pain_share: 'Pain-share (overrun)',
};

/** A review or trigger status as a labelled badge (text, not colour alone). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`status status-${status}`}>{status.replace('_', ' ')}</span>;
}
