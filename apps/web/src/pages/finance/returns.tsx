import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api';
import { asApiError, ProblemAlert } from '../../components/errors';
import { usePartnership } from '../../access';
import { FinanceNav, useMembers } from './common';
import { ReturnForm, type FinancialReturn } from './return-form';
import { ReturnList } from './return-list';

const STATUSES = ['submitted', 'queried', 'resubmitted', 'accepted', 'rejected', 'superseded'];

/**
 * Open-book returns: the form to submit one (for the roles that may: a provider for its own
 * organisation, finance and admins for any provider) and the list with each revision's review
 * status (a provider sees its own, as the API gives them).
 */
export function ReturnsPage() {
  const { partnershipId, partnershipName, can } = usePartnership();
  const members = useMembers();
  const [status, setStatus] = useState('');
  const [items, setItems] = useState<FinancialReturn[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const latest = useRef(0);
  const load = useCallback(() => {
    // Only the latest request's answer is shown (a filter changed while one was on its way).
    const request = ++latest.current;
    const query = status ? `?reviewStatus=${status}` : '';
    api<{ data: FinancialReturn[] }>(`/v1/partnerships/${partnershipId}/financial-returns${query}`)
      .then(({ data }) => {
        if (request !== latest.current) return;
        setError(null);
        setItems(
          [...data].sort(
            (a, b) =>
              b.period.localeCompare(a.period) ||
              a.providerOrganisationId.localeCompare(b.providerOrganisationId),
          ),
        );
      })
      .catch((e: unknown) => setError(asApiError(e)));
  }, [partnershipId, status]);

  useEffect(load, [load]);

  return (
    <main>
      <h1>{partnershipName}: financial returns</h1>
      <FinanceNav />
      {members && can('financial-returns:submit') && (
        <ReturnForm members={members} onSubmitted={load} />
      )}
      <section aria-labelledby="returns-heading">
        <h2 id="returns-heading">Returns and their review</h2>
        <label htmlFor="return-status">Review status</label>
        <select id="return-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <ProblemAlert error={error} />
        {(items === null || members === null) && !error && (
          <p aria-busy="true">Loading the returns…</p>
        )}
        {items && members && <ReturnList items={items} members={members} onChanged={load} />}
      </section>
    </main>
  );
}
