import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, quantity, type ApiError } from '../../api';
import { usePartnership } from '../../access';
import { asApiError } from '../../components/errors';
import { KIND_TEXT, STATUS_TEXT } from '../../components/delivery/record-facts';
import { useDeliveryData, useOutcomeName, useProviderName, type DeliveryRecord } from './data';

const PAGE_SIZE = 25;

interface RecordPage {
  data: DeliveryRecord[];
  page: { limit: number; nextCursor: string | null };
  /** Which page this is (1 is the first), kept with its rows so the two never disagree. */
  number?: number;
}

/**
 * The delivery records the caller may read (a provider: its own, as the API scopes them), a page
 * at a time in the API's keyset order, filtered by status and outcome; each opens to be corrected,
 * answered or reviewed.
 */
export function RecordsPage() {
  const { partnershipId } = usePartnership();
  const { outcomes } = useDeliveryData();
  const outcomeName = useOutcomeName();
  const providerName = useProviderName();
  const [search, setSearch] = useSearchParams();
  const status = search.get('status') ?? '';
  const outcomeId = search.get('outcomeId') ?? '';
  // The `after` cursor of every page visited, the current one last ('' is the first page).
  const [cursors, setCursors] = useState<string[]>(['']);
  const [page, setPage] = useState<RecordPage | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const after = cursors[cursors.length - 1];
  const number = cursors.length;

  useEffect(() => setCursors(['']), [status, outcomeId]);

  useEffect(() => {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (status) query.set('status', status);
    if (outcomeId) query.set('outcomeId', outcomeId);
    if (after) query.set('after', after);
    setError(null);
    api<RecordPage>(`/v1/partnerships/${partnershipId}/delivery-records?${query.toString()}`)
      .then((answer) => setPage({ ...answer, number }))
      .catch((e: unknown) => setError(asApiError(e)));
  }, [partnershipId, status, outcomeId, after, number]);

  const filter = (key: string) => (value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next);
  };
  const providers = new Set(page?.data.map((r) => r.providerOrganisationId));

  return (
    <main>
      <h1>Delivery records</h1>
      <div className="filters">
        <div>
          <label htmlFor="status-filter">Status</label>
          <select
            id="status-filter"
            value={status}
            onChange={(e) => filter('status')(e.target.value)}
          >
            <option value="">Any status</option>
            {Object.entries(STATUS_TEXT).map(([v, text]) => (
              <option key={v} value={v}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="outcome-filter">Outcome</label>
          <select
            id="outcome-filter"
            value={outcomeId}
            onChange={(e) => filter('outcomeId')(e.target.value)}
          >
            <option value="">Any outcome</option>
            {outcomes.map((o) => (
              <option key={o.id} value={o.id}>
                {o.code} {o.title}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && (
        <p role="alert" className="error">
          {error.detail || error.title}
        </p>
      )}
      {!page && !error && <p aria-busy="true">Loading the records…</p>}
      {page && page.data.length === 0 && <p>No records match.</p>}
      {page && page.data.length > 0 && (
        <table>
          <caption>Records {page.number && page.number > 1 ? `(page ${page.number})` : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Record</th>
              <th scope="col">Outcome</th>
              {providers.size > 1 && <th scope="col">Provider</th>}
              <th scope="col">Activity date</th>
              <th scope="col">Quantity</th>
              <th scope="col">Reference</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {page.data.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={`/app/partnerships/${partnershipId}/delivery/records/${r.id}`}>
                    Record {r.id}
                  </Link>
                </th>
                <td>{outcomeName(r.outcomeId)}</td>
                {providers.size > 1 && <td>{providerName(r.providerOrganisationId)}</td>}
                <td>{r.activityDate}</td>
                <td>{quantity(r.quantity, 4)}</td>
                <td>{r.externalRef ?? '—'}</td>
                <td>{KIND_TEXT[r.kind]}</td>
                <td>{STATUS_TEXT[r.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label="Pages of records" className="pager">
        {cursors.length > 1 && (
          <button type="button" onClick={() => setCursors((c) => c.slice(0, -1))}>
            Previous page
          </button>
        )}{' '}
        {page?.page.nextCursor && (
          <button
            type="button"
            onClick={() => setCursors((c) => [...c, page.page.nextCursor ?? ''])}
          >
            Next page
          </button>
        )}
      </nav>
    </main>
  );
}
