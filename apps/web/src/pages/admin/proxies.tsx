import { useState } from 'react';
import { usePartnership } from '../../access';
import { api, ApiError, money } from '../../api';
import { useSubmit } from '../../components/use-submit';
import { SelectField } from '../../components/field';
import { Done, FormProblem, LoadProblem, useApiData, words } from './form-kit';
import { useOutcomes, type Outcome } from './outcomes';
import { Overrides } from './proxy-overrides';

export interface ProxyVersion {
  validFrom: string;
  validTo: string | null;
  valuePerUnit: string;
  currency: string;
  priceYear: number;
}

export interface Proxy {
  id: string;
  code: string;
  name: string;
  unit: string;
  licence: string;
  versions: ProxyVersion[];
}

const BASES = ['achieved', 'avoided', 'change_in_stock', 'count_outcome'] as const;

/** The library's financial proxies (shared by every partnership). */
export function useProxies() {
  return useApiData<{ data: Proxy[] }>('/v1/proxies?limit=200');
}

/** The version in force last (the library lists them oldest first). */
const latest = (p: Proxy): ProxyVersion | undefined =>
  [...p.versions].sort((a, b) => a.validFrom.localeCompare(b.validFrom)).at(-1);

/** Set-up: the proxy library, which proxy values each outcome, and the partnership's overrides. */
export function ProxiesPage() {
  const { can } = usePartnership();
  const proxies = useProxies();
  const outcomes = useOutcomes();
  const list = proxies.data?.data ?? [];
  return (
    <main>
      <h1>Proxies and overrides</h1>
      <section aria-labelledby="library-heading">
        <h2 id="library-heading">The proxy library</h2>
        <LoadProblem error={proxies.error} />
        {proxies.data && list.length === 0 && <p>The library has no proxy yet.</p>}
        {list.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">Proxy</th>
                <th scope="col">Unit</th>
                <th scope="col">Latest value per unit</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => {
                const v = latest(p);
                return (
                  <tr key={p.id}>
                    <th scope="row">
                      {p.code} {p.name}
                    </th>
                    <td>{p.unit}</td>
                    <td>
                      {v
                        ? `${money(v.valuePerUnit, v.currency, true)} (${v.priceYear} prices)`
                        : '—'}
                    </td>
                    <td>{v?.validFrom ?? '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {can('outcomes:write') && (
        <LinkProxyForm
          proxies={list}
          outcomes={outcomes.data?.data ?? []}
          onLinked={outcomes.reload}
        />
      )}
      {can('proxy-overrides:read') && <Overrides proxies={list} />}
    </main>
  );
}

/** Values an outcome by a library proxy, on a basis (left out: the one the outcome implies). */
function LinkProxyForm({
  proxies,
  outcomes,
  onLinked,
}: {
  proxies: Proxy[];
  outcomes: Outcome[];
  onLinked: () => void;
}) {
  const { partnershipId } = usePartnership();
  const [outcomeId, setOutcomeId] = useState('');
  const [proxyId, setProxyId] = useState('');
  const [basis, setBasis] = useState('');
  const [countOutcomeId, setCountOutcomeId] = useState('');
  const { busy, error, done, onSubmit } = useSubmit(async () => {
    if (!outcomeId)
      throw new ApiError(422, 'Choose an outcome', '', [
        { field: 'outcomeId', reason: 'choose the outcome to value' },
      ]);
    const o = await api<Outcome>(
      `/v1/partnerships/${partnershipId}/outcomes/${outcomeId}/valuation`,
      {
        method: 'PUT',
        body: {
          proxyId,
          basis: basis || undefined,
          countOutcomeId: basis === 'count_outcome' && countOutcomeId ? countOutcomeId : undefined,
        },
      },
    );
    onLinked();
    return `${o.code} is valued by ${o.valuation?.proxyCode ?? 'the proxy'} (${words(o.valuation?.basis ?? 'no basis')}).`;
  });
  const current = outcomes.find((o) => o.id === outcomeId)?.valuation;

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="link-heading"
      aria-describedby={error ? 'link-problem' : undefined}
    >
      <h2 id="link-heading">Value an outcome by a proxy</h2>
      <FormProblem
        id="link-problem"
        error={error}
        shown={['outcomeId', 'proxyId', 'basis', 'countOutcomeId']}
      />
      <SelectField
        id="link-outcome"
        label="Outcome"
        field="outcomeId"
        value={outcomeId}
        onChange={setOutcomeId}
        error={error}
      >
        <option value="">Choose an outcome</option>
        {outcomes.map((o) => (
          <option key={o.id} value={o.id}>
            {o.code} {o.title}
            {o.valuation ? ` (now ${o.valuation.proxyCode})` : ''}
          </option>
        ))}
      </SelectField>
      {current && (
        <p className="small">
          Valued now by {current.proxyCode} {current.proxyName}; saving replaces it.
        </p>
      )}
      <SelectField
        id="link-proxy"
        label="Proxy"
        field="proxyId"
        value={proxyId}
        onChange={setProxyId}
        error={error}
      >
        <option value="">Choose a proxy</option>
        {proxies.map((p) => (
          <option key={p.id} value={p.id}>
            {p.code} {p.name} (per {p.unit})
          </option>
        ))}
      </SelectField>
      <SelectField
        id="link-basis"
        label="Valuation basis"
        field="basis"
        value={basis}
        onChange={setBasis}
        error={error}
      >
        <option value="">As the outcome implies (counts)</option>
        {BASES.map((b) => (
          <option key={b} value={b}>
            {words(b)}
          </option>
        ))}
      </SelectField>
      {basis === 'count_outcome' && (
        <SelectField
          id="link-count-outcome"
          label="Count outcome whose people are valued"
          field="countOutcomeId"
          value={countOutcomeId}
          onChange={setCountOutcomeId}
          error={error}
        >
          <option value="">Choose an outcome</option>
          {outcomes
            .filter((o) => o.id !== outcomeId)
            .map((o) => (
              <option key={o.id} value={o.id}>
                {o.code} {o.title}
              </option>
            ))}
        </SelectField>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save the valuation'}
      </button>
      <Done message={done} />
    </form>
  );
}
