import { useState } from 'react';
import { api } from '../../api';
import { EVIDENCE_GRADES, type DeliveryRecord } from '../../pages/delivery/data';
import { ErrorSummary } from '../errors';
import { RadioGroup, SelectField, TextAreaField } from '../field';
import { useSubmit } from '../use-submit';

const recordPath = (partnershipId: string, id: string) =>
  `/v1/partnerships/${partnershipId}/delivery-records/${id}`;

/** The provider's answer to the open dispute of its record (once per dispute). */
export function AnswerForm({
  partnershipId,
  recordId,
  dispute,
  onDone,
}: {
  partnershipId: string;
  recordId: string;
  dispute: string | null;
  onDone: (record: DeliveryRecord) => void;
}) {
  const [response, setResponse] = useState('');
  const { error, busy, form, onSubmit } = useSubmit(
    () =>
      api<DeliveryRecord>(`${recordPath(partnershipId, recordId)}/answer`, {
        method: 'POST',
        body: { response },
      }),
    onDone,
  );
  return (
    <section aria-labelledby="answer-heading">
      <h2 id="answer-heading">Answer the dispute</h2>
      {dispute && (
        <blockquote>
          <p>
            <strong>The verifier’s reason:</strong> {dispute}
          </p>
        </blockquote>
      )}
      <form ref={form} onSubmit={onSubmit} noValidate className="narrow-form">
        <ErrorSummary error={error} what="The answer was not sent" />
        <TextAreaField
          id="response"
          label="Your answer"
          hint="Once per dispute; the record stays disputed until a verifier resolves it."
          required
          value={response}
          onChange={setResponse}
          error={error}
        />
        <button type="submit" disabled={busy}>
          Send the answer
        </button>
      </form>
    </section>
  );
}

/**
 * A verifier's step on a record: verify or dispute a claimed or verified one, or resolve a
 * disputed one (accept the claim or uphold the dispute), as the API allows.
 */
export function ReviewForm({
  partnershipId,
  record,
  mode,
  onDone,
}: {
  partnershipId: string;
  record: DeliveryRecord;
  mode: 'review' | 'resolve';
  onDone: (record: DeliveryRecord) => void;
}) {
  const [decision, setDecision] = useState(mode === 'review' ? 'verified' : 'accepted');
  const [note, setNote] = useState('');
  const [grade, setGrade] = useState('');
  const grades = decision === 'verified' || decision === 'accepted';
  const { error, busy, form, onSubmit } = useSubmit(
    () =>
      api<DeliveryRecord>(`${recordPath(partnershipId, record.id)}/${mode}`, {
        method: 'POST',
        body: {
          ...(mode === 'review' ? { status: decision } : { decision }),
          ...(note.trim() || mode === 'resolve' || decision === 'disputed' ? { note } : {}),
          ...(grades && grade ? { evidenceGrade: grade } : {}),
        },
      }),
    onDone,
  );
  const title = mode === 'review' ? 'Verify or dispute' : 'Resolve the dispute';
  return (
    <section aria-labelledby="review-heading">
      <h2 id="review-heading">{title}</h2>
      <form ref={form} onSubmit={onSubmit} noValidate className="narrow-form">
        <ErrorSummary error={error} what="Nothing changed" />
        <RadioGroup
          name="decision"
          legend="Decision"
          value={decision}
          onChange={setDecision}
          options={
            mode === 'review'
              ? [
                  ['verified', 'Verify: the record is checked'],
                  ['disputed', 'Dispute: the provider is asked to answer'],
                ]
              : [
                  ['accepted', 'Accept the claim: the record becomes verified'],
                  ['upheld', 'Uphold the dispute: the record is rejected'],
                ]
          }
        />
        <TextAreaField
          id="note"
          label={decision === 'verified' ? 'Note (optional)' : 'Reason'}
          value={note}
          onChange={setNote}
          error={error}
        />
        {grades && (
          <SelectField
            id="review-evidenceGrade"
            field="evidenceGrade"
            label="Evidence grade you assign (optional)"
            value={grade}
            onChange={setGrade}
            options={[['', 'Not assessed'], ...EVIDENCE_GRADES]}
            error={error}
          />
        )}
        <button type="submit" disabled={busy}>
          {mode === 'review' ? 'Save the review' : 'Resolve'}
        </button>
      </form>
    </section>
  );
}
