import type { ApiError } from '../api';

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
  /** The id of a <datalist> of suggestions. */
  list?: string;
  /** The on-screen keyboard to offer (`decimal` for decimal strings). */
  inputMode?: 'decimal' | 'numeric' | 'url';
}) {
  const reasons = error?.forField(field) ?? [];
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        autoComplete={autoComplete}
        required={required}
        list={list}
        inputMode={inputMode}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={reasons.length > 0}
        aria-describedby={reasons.length ? `${id}-error` : undefined}
      />
      {reasons.length > 0 && (
        <p id={`${id}-error`} className="error">
          {reasons.join('; ')}
        </p>
      )}
    </>
  );
}
