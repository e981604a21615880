import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, type ApiError } from '../../api';
import { usePartnership } from '../../access';
import { asApiError } from '../../components/errors';
import { useDeliveryData } from './data';
import { quartersSoFar, todayUtc } from './quarters';

interface DeliveryObligation {
  outcomeId: string;
  outcomeCode: string;
  outcomeTitle: string;
  dueBy: string;
  arrival: 'none' | 'partial' | 'complete';
  monthsMissing: string[];
  records: number;
  status: 'complete' | 'pending' | 'overdue';
}

interface ProviderObligations {
  organisationId: string;
  name: string;
  overdue: number;
  deliveries: DeliveryObligation[];
  financialReturn: { dueBy: string; arrival: string; status: string; revisions: number };
}

interface Obligations {
  quarter: string;
  asOf: string;
  deliveryDeadline: string;
  returnDeadline: string;
  allProviders: boolean;
  providers: ProviderObligations[];
}

const ARRIVAL = { none: 'Nothing yet', partial: 'Some months', complete: 'Every month' };
const STATUS = { complete: 'Complete', pending: 'Not yet due', overdue: 'Overdue' };

/** What is due for a quarter (this one by default): per provider and outcome, what still owes data. */
export function DuePage() {
  const { partnershipId, can } = usePartnership();
  const { term } = useDeliveryData();
  const quarters = quartersSoFar(term, todayUtc());
  const [search, setSearch] = useSearchParams();
  const quarter = search.get('quarter') ?? quarters[0] ?? '';
  const [data, setData] = useState<Obligations | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!quarter) return;
    setData(null);
    setError(null);
    api<Obligations>(
      `/v1/partnerships/${partnershipId}/obligations?quarter=${encodeURIComponent(quarter)}`,
    )
      .then(setData)
      .catch((e: unknown) => setError(asApiError(e)));
  }, [partnershipId, quarter]);

  return (
    <main>
      <header className="page-header">
        <h1>What is due{data ? `: ${data.quarter}` : ''}</h1>
        <label htmlFor="quarter">Quarter</label>{' '}
        <select
          id="quarter"
          value={quarter}
          onChange={(e) => setSearch({ quarter: e.target.value })}
        >
          {quarters.map((q) => (
            <option key={q} value={q}>
              {q}
            </option>
          ))}
        </select>
      </header>
      {error && (
        <p role="alert" className="error">
          {error.detail || error.title}
        </p>
      )}
      {!data && !error && <p aria-busy="true">Loading what is due…</p>}
      {data && (
        <>
          <p>
            Delivery data for {data.quarter} is due by <strong>{data.deliveryDeadline}</strong>; the
            open-book return by <strong>{data.returnDeadline}</strong> (as of {data.asOf}).
          </p>
          {data.providers.length === 0 && <p>No provider owes anything for this quarter.</p>}
          {data.providers.map((p) => (
            <ProviderDue
              key={p.organisationId}
              provider={p}
              logLink={
                can('delivery-records:create')
                  ? `/app/partnerships/${partnershipId}/delivery/new`
                  : null
              }
            />
          ))}
        </>
      )}
    </main>
  );
}

function ProviderDue({
  provider: p,
  logLink,
}: {
  provider: ProviderObligations;
  logLink: string | null;
}) {
  const owing = p.deliveries.filter((d) => d.arrival !== 'complete');
  const headingId = `due-${p.organisationId}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{p.name}</h2>
      <p>
        {owing.length === 0
          ? 'Every outcome has data for each month of the quarter.'
          : `${owing.length} of ${p.deliveries.length} outcome(s) still owe data: ${owing.map((d) => d.outcomeCode).join(', ')}.`}
        {p.overdue > 0 && <strong className="error"> {p.overdue} overdue.</strong>}
      </p>
      <table>
        <caption>Delivery data owed by {p.name}</caption>
        <thead>
          <tr>
            <th scope="col">Outcome</th>
            <th scope="col">Due by</th>
            <th scope="col">Arrived</th>
            <th scope="col">Months still missing</th>
            <th scope="col">Records</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {p.deliveries.map((d) => (
            <tr key={d.outcomeId}>
              <th scope="row">
                {d.outcomeCode} {d.outcomeTitle}
                {logLink && d.arrival !== 'complete' && (
                  <>
                    {' '}
                    <Link
                      to={`${logLink}?outcomeId=${d.outcomeId}`}
                      aria-label={`Log a record for ${d.outcomeCode}`}
                      className="small"
                    >
                      Log a record
                    </Link>
                  </>
                )}
              </th>
              <td>{d.dueBy}</td>
              <td>{ARRIVAL[d.arrival]}</td>
              <td>{d.monthsMissing.length ? d.monthsMissing.join(', ') : '—'}</td>
              <td>{d.records}</td>
              <td className={d.status === 'overdue' ? 'error' : undefined}>{STATUS[d.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Open-book return due by {p.financialReturn.dueBy}:{' '}
        {p.financialReturn.arrival === 'complete'
          ? `submitted (${p.financialReturn.revisions} revision(s))`
          : 'not submitted yet'}
        {p.financialReturn.status === 'overdue' && <strong className="error"> (overdue)</strong>}
      </p>
    </section>
  );
}
