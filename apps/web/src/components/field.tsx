import type { ReactNode } from 'react';
import type { ApiError } from '../api';

/** What the field's label, hint and the API's reasons give a control: its ids and ARIA state. */
function described(id: string, reasons: string[], hint?: ReactNode) {
  const ids = [hint ? `${id}-hint` : null, reasons.length ? `${id}-error` : null].filter(Boolean);
  return {
    'aria-invalid': reasons.length > 0,
    'aria-describedby': ids.length ? ids.join(' ') : undefined,
  };
}

/** The label, the hint and the API's reasons around one control. */
function Labelled({
  id,
  label,
  hint,
  reasons,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  reasons: string[];
  children: ReactNode;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {children}
      {reasons.length > 0 && (
        <p id={`${id}-error`} className="error">
          {reasons.join('; ')}
        </p>
      )}
    </>
  );
}

/**
 * A labelled input with the API's reasons for its field shown beside it (`<id>-error`), marked
 * invalid while it has any. What was typed stays: the value is the caller's state.
 */
export function Field({
  id,
  label,
  type,
  autoComplete,
  value,
  onChange,
  error,
  field = id,
  required = false,
  hint,
  list,
  inputMode,
}: {
  id: string;
  label: string;
  type: 'email' | 'password' | 'text' | 'date';
  autoComplete: string;
  value: string;
  onChange: (value: string) => void;
  error: ApiError | null;
  /** The field the API names in its errors (defaults to the id). */
  field?: string;
  required?: boolean;
  /** A short hint under the label (e.g. the format expected). */
  hint?: ReactNode;
  /** The id of a <datalist> of suggestions. */
  list?: string;
  /** The on-screen keyboard to offer (`decimal` for decimal strings). */
  inputMode?: 'decimal' | 'numeric' | 'url' | 'text';
}) {
  const reasons = error?.forField(field) ?? [];
  return (
    <Labelled id={id} label={label} hint={hint} reasons={reasons}>
      <input
        id={id}
        type={type}
        autoComplete={autoComplete}
        required={required}
        list={list}
        inputMode={inputMode}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...described(id, reasons, hint)}
      />
    </Labelled>
  );
}

/** A labelled select with the API's reasons for its field, as {@link Field}. */
export function SelectField({
  id,
  label,
  value,
  onChange,
  options,
  error,
  field = id,
  required = false,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** [value, text] pairs; an empty value is the "choose" prompt. */
  options: [string, string][];
  error: ApiError | null;
  field?: string;
  required?: boolean;
  hint?: ReactNode;
}) {
  const reasons = error?.forField(field) ?? [];
  return (
    <Labelled id={id} label={label} hint={hint} reasons={reasons}>
      <select
        id={id}
        required={required}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...described(id, reasons, hint)}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

/** A labelled multi-line text with the API's reasons for its field, as {@link Field}. */
export function TextAreaField({
  id,
  label,
  value,
  onChange,
  error,
  field = id,
  required = false,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: ApiError | null;
  field?: string;
  required?: boolean;
  hint?: ReactNode;
}) {
  const reasons = error?.forField(field) ?? [];
  return (
    <Labelled id={id} label={label} hint={hint} reasons={reasons}>
      <textarea
        id={id}
        rows={3}
        required={required}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...described(id, reasons, hint)}
      />
    </Labelled>
  );
}

/**
 * Moves focus to the first control the API refused (call after rendering the reasons), or to the
 * form's error summary (`.error-summary`, tabIndex -1) when the refusal names no field.
 */
export function focusFirstInvalid(form: HTMLElement | null): void {
  const target =
    form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
    form?.querySelector<HTMLElement>('.error-summary');
  target?.focus();
}
