import { useState } from 'react';
import { api, ApiError, money } from '../../api';
import { usePartnership } from '../../access';
import { useSession } from '../../session';
import { nameOf, ProblemAlert, problemOf, StatusBadge, type Member } from './common';
import { TextArea } from './inputs';
import type { FinancialReturn } from './return-form';

const AWAITING = ['submitted', 'queried', 'resubmitted'];

/**
 * Finance's review of one revision awaiting a decision: accept, query (a question the provider
 * answers) or reject (with the reason). The API refuses a step on your own submission (separation
 * of duties) and a step the review's state does not allow; its reason is shown.
 */
function ReviewActions({ item, onChanged }: { item: FinancialReturn; onChanged: () => void }) {
  const { partnershipId, can } = usePartnership();
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `review-${item.id}`;

  async function act(path: 'decision' | 'query', body: object) {
    setBusy(true);
    setError(null);
    try {
      await api(`/v1/partnerships/${partnershipId}/financial-returns/${item.id}/${path}`, {
        method: 'POST',
        body,
      });
      setText('');
      onChanged();
    } catch (e) {
      setError(problemOf(e));
    } finally {
      setBusy(false);
    }
  }
  const reason = text.trim();
  const canDecide = can('financial-returns:decide');
  const canQuery = can('financial-returns:query') && item.reviewStatus !== 'queried';
  return (
    <div className="review-actions">
      <TextArea
        id={id}
        label={`Question or reason for ${item.period} revision ${item.revision}`}
        field={error?.errors.some((e) => e.field === 'question') ? 'question' : 'reason'}
        value={text}
        onChange={setText}
        error={error}
      />
      <ProblemAlert error={error && error.errors.length === 0 ? error : null} />
      {canDecide && (
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void act('decision', { decision: 'accepted', ...(reason ? { reason } : {}) })
          }
        >
          Accept
        </button>
      )}{' '}
      {canQuery && (
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => void act('query', { question: reason })}
        >
          Query
        </button>
      )}{' '}
      {canDecide && (
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() =>
            void act('decision', { decision: 'rejected', ...(reason ? { reason } : {}) })
          }
        >
          Reject
        </button>
      )}
    </div>
  );
}

/** The returns (latest revision per quarter) with their review status and finance's steps. */
export function ReturnList({
  items,
  members,
  onChanged,
}: {
  items: FinancialReturn[];
  members: Member[];
  onChanged: () => void;
}) {
  const { can } = usePartnership();
  const { user } = useSession();
  const reviews = can('financial-returns:decide') || can('financial-returns:query');
  if (items.length === 0) return <p>No returns match.</p>;
  return (
    <table>
      <caption>Returns, the latest revision of each quarter</caption>
      <thead>
        <tr>
          <th scope="col">Provider</th>
          <th scope="col">Quarter</th>
          <th scope="col">Revision</th>
          <th scope="col">Revenue</th>
          <th scope="col">Allowable cost</th>
          <th scope="col">Review</th>
          {reviews && <th scope="col">Finance’s step</th>}
        </tr>
      </thead>
      <tbody>
        {items.map((r) => (
          <tr key={r.id}>
            <th scope="row">{nameOf(members, r.providerOrganisationId)}</th>
            <td>{r.period}</td>
            <td>{r.revision}</td>
            <td>{money(r.revenue, 'GBP', true)}</td>
            <td>{money(r.allowableCost, 'GBP', true)}</td>
            <td>
              <StatusBadge status={r.reviewStatus} />
              {r.reviewNote && <p className="small">{r.reviewNote}</p>}
            </td>
            {reviews && (
              <td>
                {!AWAITING.includes(r.reviewStatus) ? (
                  '—'
                ) : r.submittedBy === user?.id ? (
                  <span className="small">You submitted it: someone else reviews it.</span>
                ) : (
                  <ReviewActions item={r} onChanged={onChanged} />
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
