import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api';
import { asApiError, ProblemAlert } from '../../components/errors';
import { usePartnership } from '../../access';
import { FinanceNav, useMembers } from './common';
import { TriggerCard, type Trigger } from './trigger-card';

const STATUSES = ['open', 'acknowledged', 'settled'];

/**
 * Profit-share triggers, filtered by status: what each moves per party, acknowledge and settle
 * (the roles that may act), with the partnership's separation of duties (the settler is not the
 * acknowledger) stated and enforced by the API.
 */
export function TriggersPage() {
  const { partnershipId, partnershipName, can } = usePartnership();
  const members = useMembers();
  const [status, setStatus] = useState('');
  const [items, setItems] = useState<Trigger[] | null>(null);
  const [separation, setSeparation] = useState(true);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');

  useEffect(() => {
    api<{ settlementSeparation: boolean }>(`/v1/partnerships/${partnershipId}`)
      .then((p) => setSeparation(p.settlementSeparation))
      .catch(() => setSeparation(true));
  }, [partnershipId]);

  const latest = useRef(0);
  const load = useCallback(() => {
    // Only the latest request's answer is shown (a filter changed while one was on its way).
    const request = ++latest.current;
    const query = status ? `?status=${status}` : '';
    api<{ data: Trigger[] }>(`/v1/partnerships/${partnershipId}/triggers${query}`)
      .then(({ data }) => {
        if (request !== latest.current) return;
        setError(null);
        setItems(data);
      })
      .catch((e: unknown) => setError(asApiError(e)));
  }, [partnershipId, status]);

  useEffect(load, [load]);

  return (
    <main>
      <h1>{partnershipName}: triggers</h1>
      <FinanceNav />
      {can('triggers:act') && (
        <p className="meta">
          {separation
            ? 'Separation of duties: a trigger is settled by someone other than the person who acknowledged it.'
            : 'This partnership lets the person who acknowledged a trigger settle it too.'}
        </p>
      )}
      <label htmlFor="trigger-status">Status</label>
      <select id="trigger-status" value={status} onChange={(e) => setStatus(e.target.value)}>
        <option value="">Any</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>{' '}
      <a
        href={`/v1/partnerships/${partnershipId}/triggers.csv${status ? `?status=${status}` : ''}`}
      >
        Download as CSV
      </a>
      <ProblemAlert error={error} />
      <p role="status" className={notice ? 'success' : undefined}>
        {notice}
      </p>
      {(items === null || members === null) && !error && (
        <p aria-busy="true">Loading the triggers…</p>
      )}
      {items?.length === 0 && <p>No triggers match.</p>}
      <section aria-label="Triggers">
        {members &&
          items?.map((t) => (
            <TriggerCard
              key={t.id}
              trigger={t}
              members={members}
              separation={separation}
              onChanged={(done) => {
                setNotice(done);
                load();
              }}
            />
          ))}
      </section>
    </main>
  );
}
