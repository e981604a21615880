import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api';
import { usePartnership } from '../../access';
import { ErrorSummary } from '../../components/errors';
import { Field, SelectField } from '../../components/field';
import { useSubmit } from '../../components/use-submit';
import { RecordFacts } from '../../components/delivery/record-facts';
import { EVIDENCE_GRADES, useDeliveryData, useProviderChoices, type DeliveryRecord } from './data';

interface Draft {
  outcomeId: string;
  providerOrganisationId: string;
  quantity: string;
  activityDate: string;
  externalRef: string;
  evidenceRef: string;
  evidenceGrade: string;
}

const blank = (outcomeId = '', providerOrganisationId = ''): Draft => ({
  outcomeId,
  providerOrganisationId,
  quantity: '',
  activityDate: '',
  externalRef: '',
  evidenceRef: '',
  evidenceGrade: 'self_reported',
});

/**
 * Log one delivery record. The API's reasons appear beside each field and focus moves to the first
 * refused one; what was typed stays. Each attempt carries its own Idempotency-Key (and the
 * record's externalRef makes re-sending it add nothing). Success shows the stored record.
 */
export function LogRecordPage() {
  const { partnershipId } = usePartnership();
  const { outcomes } = useDeliveryData();
  const providers = useProviderChoices('delivery-records:create');
  const [search] = useSearchParams();
  const [draft, setDraft] = useState<Draft>(() =>
    blank(search.get('outcomeId') ?? '', providers.length === 1 ? providers[0].id : ''),
  );
  const [stored, setStored] = useState<DeliveryRecord | null>(null);
  const storedHeading = useRef<HTMLHeadingElement>(null);
  const set = (key: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  useEffect(() => {
    if (stored) storedHeading.current?.focus();
  }, [stored]);

  const { error, busy, form, onSubmit } = useSubmit(
    (key) =>
      api<DeliveryRecord>(`/v1/partnerships/${partnershipId}/delivery-records`, {
        method: 'POST',
        headers: { 'idempotency-key': key },
        body: {
          outcomeId: draft.outcomeId,
          ...(draft.providerOrganisationId
            ? { providerOrganisationId: draft.providerOrganisationId }
            : {}),
          quantity: draft.quantity.trim(),
          activityDate: draft.activityDate.trim(),
          externalRef: draft.externalRef,
          ...(draft.evidenceRef.trim() ? { evidenceRef: draft.evidenceRef } : {}),
          evidenceGrade: draft.evidenceGrade,
        },
      }),
    setStored,
  );

  if (stored)
    return (
      <main>
        <h1 ref={storedHeading} tabIndex={-1}>
          Record {stored.id} stored
        </h1>
        <RecordFacts record={stored} />
        <p>
          <Link to={`/app/partnerships/${partnershipId}/delivery/records/${stored.id}`}>
            Open record {stored.id}
          </Link>
        </p>
        <button
          type="button"
          onClick={() => {
            setDraft(blank('', draft.providerOrganisationId));
            setStored(null);
          }}
        >
          Log another record
        </button>
      </main>
    );

  return (
    <main>
      <h1>Log a delivery record</h1>
      <form ref={form} onSubmit={onSubmit} noValidate className="narrow-form">
        <ErrorSummary error={error} what="The record was not stored" />
        {providers.length > 1 && (
          <SelectField
            id="providerOrganisationId"
            label="Provider organisation"
            required
            value={draft.providerOrganisationId}
            onChange={set('providerOrganisationId')}
            options={[
              ['', 'Choose the provider'],
              ...providers.map((p): [string, string] => [p.id, p.name]),
            ]}
            error={error}
          />
        )}
        <SelectField
          id="outcomeId"
          label="Outcome"
          required
          value={draft.outcomeId}
          onChange={set('outcomeId')}
          options={[
            ['', 'Choose an outcome'],
            ...outcomes.map((o): [string, string] => [o.id, `${o.code} ${o.title} (${o.unit})`]),
          ]}
          error={error}
        />
        <Field
          id="quantity"
          label="Quantity"
          hint="In the outcome’s unit, a number of at least 0 (at most 4 decimal places)."
          type="text"
          inputMode="decimal"
          autoComplete="off"
          required
          value={draft.quantity}
          onChange={set('quantity')}
          error={error}
        />
        <Field
          id="activityDate"
          label="Activity date"
          hint="The day of the activity or outcome, as YYYY-MM-DD, for example 2026-05-14."
          type="text"
          autoComplete="off"
          required
          value={draft.activityDate}
          onChange={set('activityDate')}
          error={error}
        />
        <Field
          id="externalRef"
          label="Your reference"
          hint="Your own reference for this record (e.g. your case system’s id). Sending it again adds nothing."
          type="text"
          autoComplete="off"
          required
          value={draft.externalRef}
          onChange={set('externalRef')}
          error={error}
        />
        <Field
          id="evidenceRef"
          label="Evidence reference (optional)"
          hint="Where the evidence is: a case file or document id."
          type="text"
          autoComplete="off"
          value={draft.evidenceRef}
          onChange={set('evidenceRef')}
          error={error}
        />
        <SelectField
          id="evidenceGrade"
          label="Evidence grade"
          value={draft.evidenceGrade}
          onChange={set('evidenceGrade')}
          options={EVIDENCE_GRADES}
          error={error}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Storing…' : 'Store the record'}
        </button>
      </form>
    </main>
  );
}
