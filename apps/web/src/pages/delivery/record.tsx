import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, quantity, type ApiError } from '../../api';
import { usePartnership } from '../../access';
import { asApiError } from '../../components/errors';
import { CorrectForm, type CorrectionResult } from '../../components/delivery/correct-form';
import { KIND_TEXT, RecordFacts, STATUS_TEXT } from '../../components/delivery/record-facts';
import { AnswerForm, ReviewForm } from '../../components/delivery/review-forms';
import type { DeliveryRecord } from './data';

interface RecordDetail extends DeliveryRecord {
  corrections: DeliveryRecord[];
}

interface ReviewHistory {
  awaitingAnswer: boolean;
  events: { id: string; event: string; note: string | null; occurredAt: string }[];
}

const EVENT_TEXT: Record<string, string> = {
  verified: 'Verified',
  disputed: 'Disputed',
  answered: 'Answered by the provider',
  accepted: 'Dispute resolved: claim accepted',
  upheld: 'Dispute resolved: dispute upheld',
};

/**
 * One delivery record: its facts, corrections and review history, and what the caller may do
 * next as the policy allows: correct it, answer its dispute, or (a verifier) review or resolve it.
 */
export function RecordPage() {
  const { partnershipId, can } = usePartnership();
  const { recordId = '' } = useParams();
  const [record, setRecord] = useState<RecordDetail | null>(null);
  const [history, setHistory] = useState<ReviewHistory | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const path = `/v1/partnerships/${partnershipId}/delivery-records/${recordId}`;

  const load = useCallback(() => {
    setError(null);
    Promise.all([api<RecordDetail>(path), api<ReviewHistory>(`${path}/reviews`)])
      .then(([r, h]) => {
        setRecord(r);
        setHistory(h);
      })
      .catch((e: unknown) => setError(asApiError(e)));
  }, [path]);
  useEffect(load, [load]);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const done = (text: string) => () => {
    setNotice(text);
    load();
  };
  const corrected = (result: CorrectionResult) => {
    setNotice(
      result.amendment
        ? `Record ${recordId} reversed (record ${result.reversal.id}) and amended as record ${result.amendment.id}.`
        : `Record ${recordId} reversed (record ${result.reversal.id}).`,
    );
    load();
  };

  if (error)
    return (
      <main>
        <h1>Record {recordId}</h1>
        <p role="alert" className="error">
          {error.status === 404 ? 'No such record here.' : error.detail || error.title}
        </p>
      </main>
    );
  if (!record || !history) return <p aria-busy="true">Loading the record…</p>;

  const reversed = record.corrections.some((c) => c.kind === 'reversal');
  const mayCorrect = can('delivery-records:correct') && record.kind !== 'reversal' && !reversed;
  const dispute = [...history.events].reverse().find((e) => e.event === 'disputed')?.note ?? null;
  const link = (id: string) => `/app/partnerships/${partnershipId}/delivery/records/${id}`;
  return (
    <main>
      <h1>
        Record {record.id}: {STATUS_TEXT[record.status]}
        {reversed ? ', corrected' : ''}
      </h1>
      {notice && (
        <p role="status" ref={noticeRef} tabIndex={-1} className="notice">
          {notice}
        </p>
      )}
      <RecordFacts record={record} />
      {record.correctsId && (
        <p>
          Corrects <Link to={link(record.correctsId)}>record {record.correctsId}</Link>.
        </p>
      )}
      {record.corrections.length > 0 && (
        <section aria-labelledby="corrections-heading">
          <h2 id="corrections-heading">Corrections</h2>
          <ul>
            {record.corrections.map((c) => (
              <li key={c.id}>
                <Link to={link(c.id)}>
                  {KIND_TEXT[c.kind]}: record {c.id}
                </Link>{' '}
                ({c.activityDate}, quantity {quantity(c.quantity, 4)}) — {c.correctionReason}
              </li>
            ))}
          </ul>
        </section>
      )}
      {reversed && <p>This record has been corrected; it no longer counts.</p>}
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Review history</h2>
        {history.events.length === 0 ? (
          <p>Not reviewed yet.</p>
        ) : (
          <ol>
            {history.events.map((e) => (
              <li key={e.id}>
                {EVENT_TEXT[e.event] ?? e.event}, {e.occurredAt.slice(0, 16).replace('T', ' ')} UTC
                {e.note && `: ${e.note}`}
              </li>
            ))}
          </ol>
        )}
      </section>
      {can('delivery-records:answer') && history.awaitingAnswer && (
        <AnswerForm
          partnershipId={partnershipId}
          recordId={record.id}
          dispute={dispute}
          onDone={done('Your answer was sent; a verifier will resolve the dispute.')}
        />
      )}
      {can('delivery-records:review') &&
        record.kind !== 'reversal' &&
        (record.status === 'claimed' || record.status === 'verified') && (
          <ReviewForm
            key={`review-${record.status}`}
            partnershipId={partnershipId}
            record={record}
            mode="review"
            onDone={done('The review was saved.')}
          />
        )}
      {can('delivery-records:resolve') && record.status === 'disputed' && (
        <ReviewForm
          key="resolve"
          partnershipId={partnershipId}
          record={record}
          mode="resolve"
          onDone={done('The dispute was resolved.')}
        />
      )}
      {mayCorrect && (
        <CorrectForm partnershipId={partnershipId} record={record} onDone={corrected} />
      )}
      <p>
        <Link to={`/app/partnerships/${partnershipId}/delivery/records`}>All records</Link>
      </p>
    </main>
  );
}
