import { useState } from 'react';
import { usePartnership } from '../../access';
import { api, ApiError, money, percent } from '../../api';
import { useSubmit } from '../../components/use-submit';
import { Field, SelectField } from '../../components/field';
import { Done, FormProblem, LoadProblem, orUndefined, useApiData } from './form-kit';
import type { Proxy, ProxyVersion } from './proxies';

interface Override extends ProxyVersion {
  id: string;
  proxyId: string;
  proxyCode: string;
  deadweight: string;
  attribution: string;
  displacement: string;
  dropOff: string;
  durationYears: number;
  note: string | null;
}

const EMPTY = {
  proxyId: '',
  validFrom: '',
  valuePerUnit: '',
  currency: '',
  priceYear: '',
  deadweight: '',
  attribution: '',
  displacement: '',
  dropOff: '',
  durationYears: '',
  note: '',
};
type Draft = typeof EMPTY;

/** A whole number typed as text: sent as a number, anything else as typed (the API says why). */
const wholeOr = (text: string): number | string | undefined =>
  text.trim() === '' ? undefined : /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : text;

/** The partnership's own values for library proxies, and a form to add one (board, admin). */
export function Overrides({ proxies }: { proxies: Proxy[] }) {
  const { partnershipId, can } = usePartnership();
  const list = useApiData<{ data: Override[] }>(
    `/v1/partnerships/${partnershipId}/proxies/overrides`,
  );
  const overrides = list.data?.data ?? [];
  return (
    <section aria-labelledby="overrides-heading">
      <h2 id="overrides-heading">The partnership’s overrides</h2>
      <LoadProblem error={list.error} />
      {list.data && overrides.length === 0 && <p>The partnership uses the library’s values.</p>}
      {overrides.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Proxy</th>
              <th scope="col">Value per unit</th>
              <th scope="col">From</th>
              <th scope="col">Deadweight, attribution, displacement, drop-off</th>
              <th scope="col">Years</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {overrides.map((o) => (
              <tr key={o.id}>
                <th scope="row">{o.proxyCode}</th>
                <td>
                  {money(o.valuePerUnit, o.currency, true)} ({o.priceYear} prices)
                </td>
                <td>
                  {o.validFrom}
                  {o.validTo ? ` to ${o.validTo}` : ''}
                </td>
                <td>
                  {[o.deadweight, o.attribution, o.displacement, o.dropOff].map(percent).join(', ')}
                </td>
                <td>{o.durationYears}</td>
                <td>{o.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {can('proxy-overrides:write') && <OverrideForm proxies={proxies} onSaved={list.reload} />}
    </section>
  );
}

function OverrideForm({ proxies, onSaved }: { proxies: Proxy[]; onSaved: () => void }) {
  const { partnershipId } = usePartnership();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const set = (key: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const { busy, error, done, onSubmit } = useSubmit(async () => {
    if (!draft.proxyId)
      throw new ApiError(422, 'Choose a proxy', '', [
        { field: 'proxyId', reason: 'choose the proxy to override' },
      ]);
    const saved = await api<Override>(
      `/v1/partnerships/${partnershipId}/proxies/${draft.proxyId}/overrides`,
      {
        method: 'POST',
        body: {
          validFrom: draft.validFrom,
          valuePerUnit: draft.valuePerUnit.trim(),
          currency: orUndefined(draft.currency),
          priceYear: wholeOr(draft.priceYear) ?? '',
          deadweight: orUndefined(draft.deadweight),
          attribution: orUndefined(draft.attribution),
          displacement: orUndefined(draft.displacement),
          dropOff: orUndefined(draft.dropOff),
          durationYears: wholeOr(draft.durationYears),
          note: orUndefined(draft.note),
        },
      },
    );
    setDraft(EMPTY);
    onSaved();
    return `${saved.proxyCode} is worth ${money(saved.valuePerUnit, saved.currency, true)} here from ${saved.validFrom}.`;
  });
  const text = (key: keyof Draft, label: string, decimal = false) => (
    <Field
      id={`override-${key}`}
      label={label}
      type="text"
      autoComplete="off"
      field={key}
      value={draft[key]}
      onChange={set(key)}
      error={error}
      inputMode={decimal ? 'decimal' : undefined}
    />
  );

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="override-heading"
      aria-describedby={error ? 'override-problem' : undefined}
    >
      <h3 id="override-heading">Override a proxy’s value</h3>
      <FormProblem id="override-problem" error={error} shown={[...Object.keys(EMPTY), 'proxyId']} />
      <SelectField
        id="override-proxyId"
        label="Proxy"
        field="proxyId"
        value={draft.proxyId}
        onChange={set('proxyId')}
        error={error}
      >
        <option value="">Choose a proxy</option>
        {proxies.map((p) => (
          <option key={p.id} value={p.id}>
            {p.code} {p.name}
          </option>
        ))}
      </SelectField>
      <Field
        id="override-validFrom"
        label="Valid from"
        type="date"
        autoComplete="off"
        field="validFrom"
        value={draft.validFrom}
        onChange={set('validFrom')}
        error={error}
      />
      {text('valuePerUnit', 'Value per unit (a decimal, e.g. 14433.00)', true)}
      {text('currency', 'Currency (optional, default GBP)')}
      {text('priceYear', 'Price year (e.g. 2024)')}
      {text('deadweight', 'Deadweight (optional, a fraction 0–1)', true)}
      {text('attribution', 'Attribution (optional, a fraction 0–1)', true)}
      {text('displacement', 'Displacement (optional, a fraction 0–1)', true)}
      {text('dropOff', 'Drop-off a year (optional, a fraction 0–1)', true)}
      {text('durationYears', 'Years of benefit (optional, default 1)')}
      {text('note', 'Why the partnership uses its own value (optional)')}
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save the override'}
      </button>
      <Done message={done} />
    </form>
  );
}
