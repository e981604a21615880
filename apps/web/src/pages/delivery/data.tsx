import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from '../../api';
import { usePartnership } from '../../access';
import { problemText } from '../../components/errors';

/** A delivery record as the API returns it. */
export interface DeliveryRecord {
  id: string;
  outcomeId: string;
  providerOrganisationId: string;
  activityDate: string;
  quantity: string;
  evidenceRef: string | null;
  evidenceGrade: string;
  verifierEvidenceGrade: string | null;
  externalRef: string | null;
  kind: 'original' | 'reversal' | 'amendment';
  correctsId: string | null;
  correctionReason: string | null;
  status: 'claimed' | 'verified' | 'disputed' | 'rejected';
  reviewNote: string | null;
  importId: string | null;
  createdAt: string;
}

export interface Outcome {
  id: string;
  code: string;
  title: string;
  unit: string;
}

export interface Provider {
  id: string;
  name: string;
}

/** What every delivery page reads once: the term, the outcomes and the providers' names. */
export interface DeliveryData {
  term: { startDate: string; endDate: string; fyStartMonth: number };
  outcomes: Outcome[];
  /** Every provider member of the partnership (names for ids; choices filtered by `providersFor`). */
  providers: Provider[];
}

export const EVIDENCE_GRADES: [string, string][] = [
  ['self_reported', 'Self-reported'],
  ['documented', 'Documented'],
  ['independently_verified', 'Independently verified'],
];

export const gradeText = (grade: string | null): string =>
  EVIDENCE_GRADES.find(([v]) => v === grade)?.[1] ?? grade ?? '—';

const DataContext = createContext<DeliveryData | null>(null);

export function useDeliveryData(): DeliveryData {
  const data = useContext(DataContext);
  if (!data) throw new Error('useDeliveryData outside DeliveryDataProvider');
  return data;
}

/** Loads the partnership's term, outcomes and provider members for the delivery pages. */
export function DeliveryDataProvider({ children }: { children: ReactNode }) {
  const { partnershipId } = usePartnership();
  const [data, setData] = useState<DeliveryData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const base = `/v1/partnerships/${partnershipId}`;
    Promise.all([
      api<DeliveryData['term']>(base),
      api<{ data: Outcome[] }>(`${base}/outcomes?limit=200`),
      api<{ data: { organisation: Provider }[] }>(`${base}/members?role=provider&limit=200`),
    ])
      .then(([term, outcomes, members]) =>
        setData({
          term,
          outcomes: outcomes.data,
          providers: members.data.map((m) => m.organisation),
        }),
      )
      .catch((e: unknown) => setError(problemText(e)));
  }, [partnershipId]);
  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!data) return <p aria-busy="true">Loading…</p>;
  return <DataContext.Provider value={data}>{children}</DataContext.Provider>;
}

/**
 * The provider organisations the caller may choose for `permission`: with scope `own`, only the
 * organisations it holds the provider role for; with `any` (an admin), every provider member.
 */
export function useProviderChoices(permission: string): Provider[] {
  const { access } = usePartnership();
  const { providers } = useDeliveryData();
  if (access.permissions[permission] === 'any') return providers;
  return access.providerOrganisationIds.map(
    (id) => providers.find((p) => p.id === id) ?? { id, name: id },
  );
}

/** "JOBS Into work" for an outcome id. */
export function useOutcomeName(): (id: string) => string {
  const { outcomes } = useDeliveryData();
  return (id) => {
    const o = outcomes.find((x) => x.id === id);
    return o ? `${o.code} ${o.title}` : id;
  };
}

export function useProviderName(): (id: string) => string {
  const { providers } = useDeliveryData();
  return (id) => providers.find((p) => p.id === id)?.name ?? id;
}
