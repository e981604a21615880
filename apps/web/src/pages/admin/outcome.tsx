import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { usePartnership } from '../../access';
import { api, quantity, type ApiError } from '../../api';
import { useSubmit } from '../../components/use-submit';
import { asApiError } from '../../components/errors';
import { Field } from '../../components/field';
import { Done, FormProblem, LoadProblem, renamed, useApiData, words } from './form-kit';
import { OutcomeForm } from './outcome-form';
import { useOutcomes, type Outcome } from './outcomes';

interface Target {
  id: string;
  periodKind: 'quarter' | 'year';
  period: string;
  periodStart: string;
  value: string;
}

/** Set-up of one outcome: its targets by quarter (set, change, remove), and the outcome itself. */
export function OutcomePage() {
  const { partnershipId } = usePartnership();
  const { outcomeId = '' } = useParams();
  const base = `/v1/partnerships/${partnershipId}/outcomes/${outcomeId}`;
  const outcome = useApiData<Outcome>(base);
  const targets = useApiData<{ data: Target[] }>(`${base}/targets`);
  const outcomes = useOutcomes();
  const [removeError, setRemoveError] = useState<ApiError | null>(null);
  const [removed, setRemoved] = useState<string | null>(null);
  const [period, setPeriod] = useState('');
  const [value, setValue] = useState('');
  const o = outcome.data;

  /** Puts a target in the form to change it, and moves there. */
  function change(t: Target) {
    setPeriod(t.period);
    setValue(quantity(t.value, 4).replace(/,/g, ''));
    document.getElementById('target-value')?.focus();
  }

  async function remove(t: Target) {
    setRemoveError(null);
    try {
      await api(`${base}/targets/${t.id}`, { method: 'DELETE' });
      setRemoved(`The ${t.period} target is removed.`);
      targets.reload();
    } catch (e) {
      setRemoveError(asApiError(e));
    }
  }

  return (
    <main>
      <h1>{o ? `${o.code} ${o.title}` : 'Outcome'}</h1>
      <LoadProblem error={outcome.error ?? targets.error} />
      {o && (
        <p className="meta">
          {o.theme}; {words(o.direction)}, {o.aggregation} of {o.unit}
          {o.valuation ? `; valued by ${o.valuation.proxyCode}` : '; not valued'}
        </p>
      )}
      <section aria-labelledby="targets-heading">
        <h2 id="targets-heading">Targets</h2>
        {removeError && (
          <p role="alert" className="error">
            {removeError.detail || removeError.title}
          </p>
        )}
        <Done message={removed} />
        {targets.data?.data.length === 0 && <p>No target set yet.</p>}
        {targets.data && targets.data.data.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Target</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {[...targets.data.data]
                .sort((a, b) => a.periodStart.localeCompare(b.periodStart))
                .map((t) => (
                  <tr key={t.id}>
                    <th scope="row">{t.period}</th>
                    <td>
                      {quantity(t.value, 4)} {o?.unit}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="secondary"
                        aria-label={`Change the ${t.period} target`}
                        onClick={() => change(t)}
                      >
                        Change
                      </button>{' '}
                      <button
                        type="button"
                        className="secondary"
                        aria-label={`Remove the ${t.period} target`}
                        onClick={() => void remove(t)}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        )}
      </section>
      <TargetForm
        base={base}
        onSaved={targets.reload}
        period={period}
        setPeriod={setPeriod}
        value={value}
        setValue={setValue}
      />
      {o && (
        <OutcomeForm
          key={o.id}
          existing={o}
          outcomes={outcomes.data?.data ?? []}
          onSaved={outcome.reload}
        />
      )}
      <p>
        <Link to={`/app/partnerships/${partnershipId}/admin/outcomes`}>Back to the outcomes</Link>
      </p>
    </main>
  );
}

/** One quarter's (or a year's) target; a period that has one already is changed. */
function TargetForm({
  base,
  onSaved,
  period,
  setPeriod,
  value,
  setValue,
}: {
  base: string;
  onSaved: () => void;
  period: string;
  setPeriod: (period: string) => void;
  value: string;
  setValue: (value: string) => void;
}) {
  const { busy, error, done, onSubmit } = useSubmit(async () => {
    const { data } = await api<{ data: Target[] }>(`${base}/targets`, {
      method: 'PUT',
      body: { targets: [{ period: period.trim(), value: value.trim() }] },
    });
    setPeriod('');
    setValue('');
    onSaved();
    return `Target for ${data.map((t) => t.period).join(', ')} saved.`;
  });
  // The form's fields by the names the API gives them (a period outside the term is `targets`).
  const shown = renamed(error, {
    'targets[0].period': 'period',
    'targets[0].value': 'value',
    targets: 'period',
  });
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="set-target-heading"
      aria-describedby={error ? 'set-target-problem' : undefined}
    >
      <h2 id="set-target-heading">Set a target</h2>
      <FormProblem id="set-target-problem" error={shown} shown={['period', 'value']} />
      <Field
        id="target-period"
        label="Quarter (e.g. 2026-27 Q1) or financial year (e.g. 2026-27)"
        type="text"
        autoComplete="off"
        field="period"
        value={period}
        onChange={setPeriod}
        error={shown}
      />
      <Field
        id="target-value"
        label="Target (a decimal)"
        type="text"
        autoComplete="off"
        field="value"
        inputMode="decimal"
        value={value}
        onChange={setValue}
        error={shown}
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save the target'}
      </button>
      <Done message={done} />
    </form>
  );
}
