import { useState } from 'react';
import { api } from '../../api';
import { EVIDENCE_GRADES, type DeliveryRecord } from '../../pages/delivery/data';
import { ErrorSummary } from '../errors';
import { Field, RadioGroup, SelectField, TextAreaField } from '../field';
import { useSubmit } from '../use-submit';

/** "2.5000" → "2.5", for editing (no grouping: the API reads plain decimals). */
const plainDecimal = (value: string): string =>
  value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;

export interface CorrectionResult {
  reversal: DeliveryRecord;
  amendment: DeliveryRecord | null;
}

/**
 * Correct a record as the API allows: reverse it (cancel it), or amend it (cancel it and record the
 * corrected facts); the original stays. The amendment's fields start from the original's.
 */
export function CorrectForm({
  partnershipId,
  record,
  onDone,
}: {
  partnershipId: string;
  record: DeliveryRecord;
  onDone: (result: CorrectionResult) => void;
}) {
  const [action, setAction] = useState<'reverse' | 'amend'>('amend');
  const [reason, setReason] = useState('');
  const [quantity, setQuantity] = useState(plainDecimal(record.quantity));
  const [activityDate, setActivityDate] = useState(record.activityDate);
  const [evidenceRef, setEvidenceRef] = useState(record.evidenceRef ?? '');
  const [evidenceGrade, setEvidenceGrade] = useState(record.evidenceGrade);
  const { error, busy, form, onSubmit } = useSubmit(
    (key) =>
      api<CorrectionResult>(
        `/v1/partnerships/${partnershipId}/delivery-records/${record.id}/corrections`,
        {
          method: 'POST',
          headers: { 'idempotency-key': key },
          body:
            action === 'reverse'
              ? { action, reason }
              : {
                  action,
                  reason,
                  quantity: quantity.trim(),
                  activityDate: activityDate.trim(),
                  ...(evidenceRef.trim() ? { evidenceRef } : {}),
                  evidenceGrade,
                },
        },
      ),
    onDone,
  );
  return (
    <section aria-labelledby="correct-heading">
      <h2 id="correct-heading">Correct this record</h2>
      <form ref={form} onSubmit={onSubmit} noValidate className="narrow-form">
        <ErrorSummary error={error} what="The correction was not stored" />
        <RadioGroup
          name="action"
          legend="What to do"
          value={action}
          onChange={(v) => setAction(v as 'reverse' | 'amend')}
          options={[
            ['amend', 'Amend: cancel it and record the corrected facts'],
            ['reverse', 'Reverse: cancel it'],
          ]}
        />
        <TextAreaField
          id="reason"
          label="Reason for the correction"
          required
          value={reason}
          onChange={setReason}
          error={error}
        />
        {action === 'amend' && (
          <>
            <Field
              id="amend-quantity"
              field="quantity"
              label="Corrected quantity"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={quantity}
              onChange={setQuantity}
              error={error}
            />
            <Field
              id="amend-activityDate"
              field="activityDate"
              label="Corrected activity date"
              hint="YYYY-MM-DD"
              type="text"
              autoComplete="off"
              value={activityDate}
              onChange={setActivityDate}
              error={error}
            />
            <Field
              id="amend-evidenceRef"
              field="evidenceRef"
              label="Evidence reference (optional)"
              type="text"
              autoComplete="off"
              value={evidenceRef}
              onChange={setEvidenceRef}
              error={error}
            />
            <SelectField
              id="amend-evidenceGrade"
              field="evidenceGrade"
              label="Evidence grade"
              value={evidenceGrade}
              onChange={setEvidenceGrade}
              options={EVIDENCE_GRADES}
              error={error}
            />
          </>
        )}
        <button type="submit" disabled={busy}>
          {action === 'reverse' ? 'Reverse the record' : 'Amend the record'}
        </button>
      </form>
    </section>
  );
}
