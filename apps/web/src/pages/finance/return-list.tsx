import { useState } from 'react';
import { api, ApiError, money } from '../../api';
import { asApiError, ProblemAlert } from '../../components/errors';
import { TextAreaField } from '../../components/field';
import { usePartnership } from '../../access';
import { useSession } from '../../session';
import { nameOf, StatusBadge, type Member } from './common';
import type { FinancialReturn } from './return-form';

const AWAITING = ['submitted', 'queried', 'resubmitted'];

/**
 * The next review step on one revision, for the roles that take it. Finance: accept, query (a
 * question the provider answers) or reject (with the reason); the API refuses a step on your own
 * submission (separation of duties) and one the review's state does not allow. The provider: answer
 * an open query. The API's reason is shown.
 */
function ReviewActions({
  item,
  own,
  onChanged,
}: {
  item: FinancialReturn;
  /** Submitted by the caller: finance's steps are someone else's. */
  own: boolean;
  onChanged: () => void;
}) {
  const { partnershipId, can } = usePartnership();
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `review-${item.id}`;

  async function act(path: 'decision' | 'query' | 'answer', body: object) {
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
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }
  const reason = text.trim();
  const reviewer = can('financial-returns:decide') || can('financial-returns:query');
  const canDecide = !own && can('financial-returns:decide');
  const canQuery = !own && can('financial-returns:query') && item.reviewStatus !== 'queried';
  const canAnswer = can('financial-returns:answer') && item.reviewStatus === 'queried';
  if (!canDecide && !canQuery && !canAnswer)
    return own && reviewer ? (
      <span className="small">You submitted it: someone else reviews it.</span>
    ) : (
      <>—</>
    );
  const field = error?.errors[0]?.field ?? 'reason';
  return (
    <div className="review-actions">
      <TextAreaField
        className="input"
        rows={2}
        id={id}
        label={`${canAnswer ? 'Your answer' : 'Question or reason'} for ${item.period} revision ${item.revision}`}
        field={field}
        value={text}
        onChange={setText}
        error={error}
      />
      <ProblemAlert error={error && error.errors.length === 0 ? error : null} />
      {canAnswer && (
        <button
          type="button"
          disabled={busy}
          onClick={() => void act('answer', { answer: reason })}
        >
          Answer
        </button>
      )}
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
  const reviews =
    can('financial-returns:decide') ||
    can('financial-returns:query') ||
    can('financial-returns:answer');
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
          {reviews && <th scope="col">Next step</th>}
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
                ) : (
                  <ReviewActions item={r} own={r.submittedBy === user?.id} onChanged={onChanged} />
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
