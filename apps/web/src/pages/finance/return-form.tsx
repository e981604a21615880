import { useState } from 'react';
import { api } from '../../api';
import { ProblemAlert } from '../../components/errors';
import { Field, SelectField, TextAreaField } from '../../components/field';
import { useSubmit } from '../../components/use-submit';
import { usePartnership } from '../../access';
import { nameOf, type Member } from './common';

export const COST_CATEGORIES = ['direct', 'indirect', 'overhead', 'management_fee', 'other'];

/** A return as GET …/financial-returns gives it (money as decimal strings). */
export interface FinancialReturn {
  id: string;
  providerOrganisationId: string;
  period: string;
  revision: number;
  revenue: string;
  allowableCost: string;
  targetCost: string | null;
  submittedBy: string | null;
  submittedAt: string;
  reviewStatus: string;
  reviewNote: string | null;
}

interface CostLine {
  category: string;
  description: string;
  amount: string;
  allowable: boolean;
}

const emptyLine = (): CostLine => ({
  category: 'direct',
  description: '',
  amount: '',
  allowable: true,
});

/** The providers the caller may submit for: any provider member, or its own organisations. */
function providersFor(
  scope: 'any' | 'own' | undefined,
  own: string[],
  members: Member[],
): { id: string; name: string }[] {
  const ids =
    scope === 'any'
      ? members.filter((m) => m.role === 'provider').map((m) => m.organisation.id)
      : own;
  return ids.map((id) => ({ id, name: nameOf(members, id) }));
}

/**
 * Submit (or restate) an open-book return for a quarter, as POST …/financial-returns takes it:
 * the provider, the quarter, revenue, cost lines and an optional target cost and note. The API's
 * reasons appear next to their fields; what was typed stays until the return is stored.
 */
export function ReturnForm({
  members,
  onSubmitted,
}: {
  members: Member[];
  onSubmitted: (saved: FinancialReturn) => void;
}) {
  const { partnershipId, access } = usePartnership();
  const providers = providersFor(
    access.permissions['financial-returns:submit'],
    access.providerOrganisationIds,
    members,
  );
  const [provider, setProvider] = useState('');
  const [period, setPeriod] = useState('');
  const [revenue, setRevenue] = useState('');
  const [targetCost, setTargetCost] = useState('');
  const [note, setNote] = useState('');
  const [lines, setLines] = useState<CostLine[]>([emptyLine()]);
  const providerId = provider || providers[0]?.id || '';

  const setLine = (i: number, change: Partial<CostLine>) =>
    setLines((all) => all.map((l, j) => (j === i ? { ...l, ...change } : l)));

  const { busy, error, done, onSubmit } = useSubmit(async () => {
    const body = {
      ...(providerId ? { providerOrganisationId: providerId } : {}),
      period: period.trim(),
      revenue: revenue.trim(),
      costs: lines.map((l) => ({
        category: l.category,
        ...(l.description.trim() ? { description: l.description.trim() } : {}),
        amount: l.amount.trim(),
        allowable: l.allowable,
      })),
      ...(targetCost.trim() ? { targetCost: targetCost.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    const stored = await api<FinancialReturn>(
      `/v1/partnerships/${partnershipId}/financial-returns`,
      { method: 'POST', body },
    );
    setPeriod('');
    setRevenue('');
    setTargetCost('');
    setNote('');
    setLines([emptyLine()]);
    return stored;
  }, onSubmitted);

  const unplaced = error?.errors.filter((e) => !PLACED.test(e.field)) ?? [];
  const costsReasons = error?.errors.filter((e) => e.field === 'costs').map((e) => e.reason) ?? [];
  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="return-form-heading">
      <h2 id="return-form-heading">Submit a financial return</h2>
      {done && (
        <p role="status" className="success">
          Return stored: {nameOf(members, done.providerOrganisationId)}, {done.period}, revision{' '}
          {done.revision} ({done.reviewStatus}).
        </p>
      )}
      {error && error.errors.length === 0 && <ProblemAlert error={error} />}
      {error && error.errors.length > 0 && (
        <div role="alert" className="error">
          <p>The return was not stored: correct the fields marked below.</p>
          {unplaced.length > 0 && (
            <ul>
              {unplaced.map((e) => (
                <li key={e.field + e.reason}>
                  {e.field}: {e.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <SelectField
        className="input"
        id="providerOrganisationId"
        label="Provider"
        value={providerId}
        onChange={setProvider}
        error={error}
      >
        {providers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </SelectField>
      <Field
        className="input"
        id="period"
        label="Quarter"
        hint="The quarter of the partnership's financial year, for example 2026-27 Q1"
        value={period}
        onChange={setPeriod}
        error={error}
        required
      />
      <Field
        className="input"
        id="revenue"
        label="Revenue (£)"
        hint="Pounds and pence, for example 250000.00"
        inputMode="decimal"
        value={revenue}
        onChange={setRevenue}
        error={error}
        required
      />
      <fieldset>
        <legend>Costs</legend>
        {lines.map((line, i) => (
          <div key={i} className="cost-line" role="group" aria-label={`Cost line ${i + 1}`}>
            <SelectField
              className="input"
              id={`costs-${i}-category`}
              field={`costs[${i}].category`}
              label={`Line ${i + 1}: category`}
              value={line.category}
              onChange={(category) => setLine(i, { category })}
              error={error}
            >
              {COST_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {c.replace('_', ' ')}
                </option>
              ))}
            </SelectField>
            <Field
              className="input"
              id={`costs-${i}-description`}
              field={`costs[${i}].description`}
              label={`Line ${i + 1}: description (optional)`}
              value={line.description}
              onChange={(description) => setLine(i, { description })}
              error={error}
            />
            <Field
              className="input"
              id={`costs-${i}-amount`}
              field={`costs[${i}].amount`}
              label={`Line ${i + 1}: amount (£)`}
              inputMode="decimal"
              value={line.amount}
              onChange={(amount) => setLine(i, { amount })}
              error={error}
              required
            />
            <label className="checkbox">
              <input
                type="checkbox"
                checked={line.allowable}
                onChange={(e) => setLine(i, { allowable: e.target.checked })}
              />{' '}
              Line {i + 1} counts as allowable cost
            </label>
            {lines.length > 1 && (
              <button
                type="button"
                className="secondary"
                onClick={() => setLines((all) => all.filter((_, j) => j !== i))}
              >
                Remove line {i + 1}
              </button>
            )}
          </div>
        ))}
        {costsReasons.length > 0 && <p className="error">{costsReasons.join('; ')}</p>}
        <button
          type="button"
          className="secondary"
          onClick={() => setLines((all) => [...all, emptyLine()])}
        >
          Add a cost line
        </button>
      </fieldset>
      <Field
        className="input"
        id="targetCost"
        label="Target cost (£, optional)"
        hint="Needed when a rule in force shares overruns (pain-share)"
        inputMode="decimal"
        value={targetCost}
        onChange={setTargetCost}
        error={error}
      />
      <TextAreaField
        className="input"
        rows={2}
        id="note"
        label="Note (optional)"
        value={note}
        onChange={setNote}
        error={error}
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Submitting…' : 'Submit the return'}
      </button>
    </form>
  );
}

/** The API fields the form shows next to an input; any other is listed in the alert. */
const PLACED =
  /^(providerOrganisationId|period|revenue|targetCost|note|costs|costs\[\d+\]\.(category|description|amount))$/;
