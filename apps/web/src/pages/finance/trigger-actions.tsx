import { useState } from 'react';
import { api } from '../../api';
import { ProblemAlert } from '../../components/errors';
import { Field, TextAreaField } from '../../components/field';
import { useSubmit } from '../../components/use-submit';
import { usePartnership } from '../../access';
import { useSession } from '../../session';
import type { Trigger } from './trigger-card';

/**
 * The next step of a trigger for the roles that act on triggers: acknowledge an open one (with a
 * note), settle an acknowledged one (note, when paid, the payment reference). Where the
 * partnership separates the duties, the acknowledger is told someone else settles; the API's
 * refusal is shown as it gives it.
 */
export function TriggerActions({
  trigger,
  separation,
  onChanged,
}: {
  trigger: Trigger;
  separation: boolean;
  /** Called with what was done, for the page to announce. */
  onChanged: (done: string) => void;
}) {
  const { partnershipId } = usePartnership();
  const { user } = useSession();
  const [note, setNote] = useState('');
  const [paidOn, setPaidOn] = useState('');
  const [reference, setReference] = useState('');
  const action = trigger.status === 'open' ? 'acknowledge' : 'settle';
  const id = `${action}-${trigger.id}`;
  const mine = trigger.acknowledgedBy !== null && trigger.acknowledgedBy === user?.id;

  const { busy, error, onSubmit } = useSubmit(async () => {
    const body =
      action === 'acknowledge'
        ? { note }
        : {
            note,
            ...(paidOn ? { paidOn } : {}),
            ...(reference.trim() ? { paymentReference: reference.trim() } : {}),
          };
    await api(`/v1/partnerships/${partnershipId}/triggers/${trigger.id}/${action}`, {
      method: 'POST',
      body,
    });
    setNote('');
    onChanged(action === 'acknowledge' ? 'acknowledged' : 'settled');
  });

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="trigger-action"
      aria-label={action === 'acknowledge' ? 'Acknowledge the trigger' : 'Settle the trigger'}
    >
      {action === 'settle' && separation && mine && (
        <p className="hint">
          You acknowledged this trigger: the partnership separates the duties, so someone else
          settles it.
        </p>
      )}
      <ProblemAlert
        error={error && error.errors.length === 0 ? error : null}
        id={`${id}-problem`}
      />
      <TextAreaField
        className="input"
        rows={2}
        id={`${id}-note`}
        field="note"
        label={action === 'acknowledge' ? 'Acknowledgement note' : 'Settlement note'}
        value={note}
        onChange={setNote}
        error={error}
        required
      />
      {action === 'settle' && (
        <>
          <Field
            className="input"
            id={`${id}-paid-on`}
            field="paidOn"
            type="date"
            label="Paid on (optional: today)"
            value={paidOn}
            onChange={setPaidOn}
            error={error}
          />
          <Field
            className="input"
            id={`${id}-reference`}
            field="paymentReference"
            label="Payment reference (optional: the note)"
            value={reference}
            onChange={setReference}
            error={error}
          />
        </>
      )}
      <button type="submit" disabled={busy}>
        {action === 'acknowledge' ? 'Acknowledge' : 'Settle'}
      </button>
    </form>
  );
}
