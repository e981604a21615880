import { useState } from 'react';
import { usePartnership } from '../../access';
import { api, type ApiError } from '../../api';
import { useSubmit } from '../../components/use-submit';
import { Field, SelectField } from '../../components/field';
import { Done, FormProblem, orUndefined } from './form-kit';
import type { Outcome } from './outcomes';

const EMPTY = {
  code: '',
  title: '',
  theme: '',
  unit: '',
  stakeholder: '',
  description: '',
  parentId: '',
  direction: 'increase',
  aggregation: 'sum',
  baselineValue: '',
  baselineDate: '',
  greenThreshold: '',
  amberThreshold: '',
  isPrevention: false,
  valueDisbenefits: true,
};

type Draft = typeof EMPTY;

const SHOWN = Object.keys(EMPTY);

function Check({
  id,
  label,
  checked,
  onChange,
  error,
  field,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error: ApiError | null;
  field: string;
}) {
  const reasons = error?.forField(field) ?? [];
  return (
    <div className="check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-invalid={reasons.length > 0}
        aria-describedby={reasons.length ? `${id}-error` : undefined}
      />
      <label htmlFor={id}>{label}</label>
      {reasons.length > 0 && (
        <p id={`${id}-error`} className="error">
          {reasons.join('; ')}
        </p>
      )}
    </div>
  );
}

/** The form's fields from an outcome as the API gives it. */
function draftOf(o: Outcome): Draft {
  return {
    code: o.code,
    title: o.title,
    theme: o.theme,
    unit: o.unit,
    stakeholder: o.stakeholder ?? '',
    description: o.description ?? '',
    parentId: o.parentId ?? '',
    direction: o.direction,
    aggregation: o.aggregation,
    baselineValue: o.baselineValue ?? '',
    baselineDate: o.baselineDate ?? '',
    greenThreshold: o.greenThreshold,
    amberThreshold: o.amberThreshold,
    isPrevention: o.isPrevention,
    valueDisbenefits: o.valueDisbenefits,
  };
}

/**
 * A new outcome (under a parent or at the top), or changes to `existing` (its code stays): title,
 * theme, unit, direction, aggregation, baseline, prevention, thresholds. On a new outcome, optional
 * fields left blank are not sent (the API's defaults); on a change, a blank one is cleared.
 */
export function OutcomeForm({
  outcomes,
  existing,
  onSaved,
}: {
  outcomes: Outcome[];
  existing?: Outcome;
  onSaved: () => void;
}) {
  const { partnershipId } = usePartnership();
  const [draft, setDraft] = useState<Draft>(existing ? draftOf(existing) : EMPTY);
  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const prefix = existing ? 'edit' : 'outcome';
  const { busy, error, done, onSubmit } = useSubmit(async () => {
    // Blank: left out of a new outcome, cleared (null) on a change.
    const blank = existing ? null : undefined;
    const optional = (v: string) => orUndefined(v) ?? blank;
    const body = {
      title: draft.title,
      theme: draft.theme,
      unit: draft.unit,
      stakeholder: optional(draft.stakeholder),
      description: optional(draft.description),
      parentId: draft.parentId || blank,
      direction: draft.direction,
      aggregation: draft.aggregation,
      baselineValue: optional(draft.baselineValue),
      baselineDate: optional(draft.baselineDate),
      greenThreshold: orUndefined(draft.greenThreshold),
      amberThreshold: orUndefined(draft.amberThreshold),
      isPrevention: draft.isPrevention,
      valueDisbenefits: draft.valueDisbenefits,
    };
    const path = `/v1/partnerships/${partnershipId}/outcomes`;
    const saved = existing
      ? await api<Outcome>(`${path}/${existing.id}`, { method: 'PATCH', body })
      : await api<Outcome>(path, { method: 'POST', body: { code: draft.code.trim(), ...body } });
    if (!existing) setDraft(EMPTY);
    onSaved();
    return existing ? `Outcome ${saved.code} saved.` : `Outcome ${saved.code} created.`;
  });
  const text = (key: keyof Draft, label: string, extra: { decimal?: boolean } = {}) => (
    <Field
      id={`${prefix}-${key}`}
      label={label}
      type="text"
      autoComplete="off"
      field={key}
      value={draft[key] as string}
      onChange={set(key)}
      error={error}
      inputMode={extra.decimal ? 'decimal' : undefined}
    />
  );

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby={`${prefix}-heading`}
      aria-describedby={error ? `${prefix}-problem` : undefined}
    >
      <h2 id={`${prefix}-heading`}>{existing ? `Change ${existing.code}` : 'Add an outcome'}</h2>
      <FormProblem id={`${prefix}-problem`} error={error} shown={SHOWN} />
      {!existing && text('code', 'Code (used in CSV imports)')}
      {text('title', 'Title')}
      {text('theme', 'Theme (e.g. Jobs, Health, Housing)')}
      {text('unit', 'Unit (e.g. people)')}
      {text('stakeholder', 'Stakeholder group (optional)')}
      {text('description', 'Description (optional)')}
      <SelectField
        id={`${prefix}-parentId`}
        label="Parent outcome"
        field="parentId"
        value={draft.parentId}
        onChange={set('parentId')}
        error={error}
      >
        <option value="">None (a top-level outcome)</option>
        {outcomes
          .filter((o) => o.id !== existing?.id)
          .map((o) => (
            <option key={o.id} value={o.id}>
              {o.code} {o.title}
            </option>
          ))}
      </SelectField>
      <SelectField
        id={`${prefix}-direction`}
        label="Direction (should it go up or down?)"
        field="direction"
        value={draft.direction}
        onChange={set('direction')}
        error={error}
      >
        <option value="increase">increase</option>
        <option value="decrease">decrease</option>
      </SelectField>
      <SelectField
        id={`${prefix}-aggregation`}
        label="Aggregation over a quarter"
        field="aggregation"
        value={draft.aggregation}
        onChange={set('aggregation')}
        error={error}
      >
        <option value="sum">sum (counts)</option>
        <option value="mean">mean (scores)</option>
        <option value="latest">latest (stock levels)</option>
      </SelectField>
      {text('baselineValue', 'Baseline value (optional, a decimal)', { decimal: true })}
      <Field
        id={`${prefix}-baselineDate`}
        label="Baseline date (optional)"
        type="date"
        autoComplete="off"
        field="baselineDate"
        value={draft.baselineDate}
        onChange={set('baselineDate')}
        error={error}
      />
      {text('greenThreshold', 'Green at this share of target (optional, default 1.0000)', {
        decimal: true,
      })}
      {text('amberThreshold', 'Amber at this share of target (optional, default 0.9000)', {
        decimal: true,
      })}
      <Check
        id={`${prefix}-isPrevention`}
        label="A prevention outcome (a cost avoided)"
        checked={draft.isPrevention}
        onChange={set('isPrevention')}
        error={error}
        field="isPrevention"
      />
      <Check
        id={`${prefix}-valueDisbenefits`}
        label="Value a change the wrong way as a negative line"
        checked={draft.valueDisbenefits}
        onChange={set('valueDisbenefits')}
        error={error}
        field="valueDisbenefits"
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : existing ? 'Save the changes' : 'Add the outcome'}
      </button>
      <Done message={done} />
    </form>
  );
}
