import type { ReactNode } from 'react';
import type { ApiError } from '../../api';

/**
 * Controls beside {@link Field} for the finance forms: each labelled, with the API's reasons for
 * its field shown next to it (`<id>-error`) and marked invalid while it has any. The value is the
 * caller's state, so nothing typed is lost on a refusal.
 */
function reasonsOf(error: ApiError | null, field: string): string[] {
  return error?.forField(field) ?? [];
}

function Reasons({ id, reasons }: { id: string; reasons: string[] }) {
  if (reasons.length === 0) return null;
  return (
    <p id={`${id}-error`} className="error">
      {reasons.join('; ')}
    </p>
  );
}

const describedBy = (id: string, reasons: string[], hint?: string) =>
  [hint ? `${id}-hint` : null, reasons.length ? `${id}-error` : null].filter(Boolean).join(' ') ||
  undefined;

interface Common {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: ApiError | null;
  /** The field the API names in its errors (defaults to the id). */
  field?: string;
  hint?: string;
  required?: boolean;
}

/** A money or text input (money typed as text: decimals, never floats). */
export function TextInput({
  id,
  label,
  value,
  onChange,
  error,
  field = id,
  hint,
  required = false,
  inputMode,
  type = 'text',
}: Common & { inputMode?: 'decimal' | 'text'; type?: 'text' | 'date' }) {
  const reasons = reasonsOf(error, field);
  return (
    <div className="input">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <input
        id={id}
        type={type}
        inputMode={inputMode}
        autoComplete="off"
        required={required}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={reasons.length > 0}
        aria-describedby={describedBy(id, reasons, hint)}
      />
      <Reasons id={id} reasons={reasons} />
    </div>
  );
}

export function SelectInput({
  id,
  label,
  value,
  onChange,
  error,
  field = id,
  hint,
  children,
}: Common & { children: ReactNode }) {
  const reasons = reasonsOf(error, field);
  return (
    <div className="input">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={reasons.length > 0}
        aria-describedby={describedBy(id, reasons, hint)}
      >
        {children}
      </select>
      <Reasons id={id} reasons={reasons} />
    </div>
  );
}

export function TextArea({
  id,
  label,
  value,
  onChange,
  error,
  field = id,
  hint,
  required = false,
}: Common) {
  const reasons = reasonsOf(error, field);
  return (
    <div className="input">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <textarea
        id={id}
        rows={2}
        required={required}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={reasons.length > 0}
        aria-describedby={describedBy(id, reasons, hint)}
      />
      <Reasons id={id} reasons={reasons} />
    </div>
  );
}
