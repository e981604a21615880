import { useState } from 'react';
import { usePartnership } from '../../access';
import { api, type ApiError } from '../../api';
import { useSubmit } from '../../components/use-submit';
import { asApiError } from '../../components/errors';
import { Field } from '../../components/field';
import { Done, FormProblem, LoadProblem, useApiData } from './form-kit';

/** The events a webhook can receive (the API's NOTIFICATION_EVENT_TYPES, libs/persistence). */
const EVENT_TYPES = [
  ['trigger.raised', 'A profit-share trigger is raised'],
  ['report.issued', 'A report version is issued'],
  ['evaluation.failed', 'A share evaluation failed'],
  ['obligation.reminder', 'A provider is reminded of what it owes'],
  ['obligation.escalated', 'An overdue obligation is escalated'],
  ['trigger.unacknowledged', 'A trigger is still unacknowledged'],
  ['dispute.unanswered', 'A dispute is still unanswered'],
] as const;

interface Webhook {
  id: string;
  url: string;
  eventTypes: string[];
  active: boolean;
  secretHint: string;
  createdAt: string;
}

/** Set-up: the partnership's webhooks; register one (https, public), pause, resume. */
export function WebhooksPage() {
  const { partnershipId } = usePartnership();
  const base = `/v1/partnerships/${partnershipId}/webhooks`;
  const list = useApiData<{ data: Webhook[] }>(`${base}?limit=200`);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function setActive(w: Webhook, active: boolean) {
    setActionError(null);
    try {
      if (active) await api(`${base}/${w.id}`, { method: 'PATCH', body: { active: true } });
      else await api(`${base}/${w.id}`, { method: 'DELETE' });
      setMessage(`${w.url} is ${active ? 'active again' : 'deactivated'}.`);
      list.reload();
    } catch (e) {
      setActionError(asApiError(e));
    }
  }

  const webhooks = list.data?.data ?? [];
  return (
    <main>
      <h1>Webhooks</h1>
      <section aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">Registered webhooks</h2>
        <LoadProblem error={list.error} />
        {actionError && (
          <p role="alert" className="error">
            {actionError.detail || actionError.title}
          </p>
        )}
        <Done message={message} />
        {list.data && webhooks.length === 0 && <p>No webhook is registered.</p>}
        {webhooks.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">Secret ends</th>
                <th scope="col">State</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {webhooks.map((w) => (
                <tr key={w.id}>
                  <th scope="row">{w.url}</th>
                  <td>{w.eventTypes.length ? w.eventTypes.join(', ') : 'every event'}</td>
                  <td>
                    <code>{w.secretHint}</code>
                  </td>
                  <td>{w.active ? 'Active' : 'Deactivated'}</td>
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`${w.active ? 'Deactivate' : 'Re-activate'} ${w.url}`}
                      onClick={() => void setActive(w, !w.active)}
                    >
                      {w.active ? 'Deactivate' : 'Re-activate'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <RegisterWebhookForm base={base} onRegistered={list.reload} />
    </main>
  );
}

function RegisterWebhookForm({ base, onRegistered }: { base: string; onRegistered: () => void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const { busy, error, done, onSubmit } = useSubmit(async () => {
    setSecret(null);
    const created = await api<Webhook & { secret: string }>(base, {
      method: 'POST',
      body: { url: url.trim(), eventTypes: events },
    });
    setUrl('');
    setEvents([]);
    setSecret(created.secret);
    onRegistered();
    return `${created.url} is registered.`;
  });
  const eventReasons = error?.forField('eventTypes') ?? [];
  const toggle = (type: string, on: boolean) =>
    setEvents((e) => (on ? [...e, type] : e.filter((t) => t !== type)));

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="register-heading"
      aria-describedby={error ? 'register-problem' : undefined}
    >
      <h2 id="register-heading">Register a webhook</h2>
      <FormProblem id="register-problem" error={error} shown={['url', 'eventTypes']} />
      <Field
        id="webhook-url"
        label="URL (https, reachable on the internet)"
        type="text"
        autoComplete="url"
        field="url"
        inputMode="url"
        value={url}
        onChange={setUrl}
        error={error}
      />
      <fieldset aria-describedby={eventReasons.length ? 'webhook-events-error' : undefined}>
        <legend>Events to send (none ticked: every event)</legend>
        {EVENT_TYPES.map(([type, label]) => (
          <div className="check" key={type}>
            <input
              id={`event-${type}`}
              type="checkbox"
              checked={events.includes(type)}
              onChange={(e) => toggle(type, e.target.checked)}
            />
            <label htmlFor={`event-${type}`}>
              {label} (<code>{type}</code>)
            </label>
          </div>
        ))}
        {eventReasons.length > 0 && (
          <p id="webhook-events-error" className="error">
            {eventReasons.join('; ')}
          </p>
        )}
      </fieldset>
      <button type="submit" disabled={busy}>
        {busy ? 'Registering…' : 'Register the webhook'}
      </button>
      <Done message={done} />
      {secret && (
        <p className="secret">
          Its signing secret, shown this once (store it now): <code>{secret}</code>
        </p>
      )}
    </form>
  );
}
