import type { ReactNode } from 'react';
import type { ApiError } from '../api';

/**
 * The form controls every page uses: each labelled, with an optional hint (`<id>-hint`) and the
 * API's reasons for its field shown beside it (`<id>-error`), marked invalid while it has any.
 * What was typed stays on a refusal: the value is the caller's state.
 */
interface Common {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: ApiError | null;
  /** The field the API names in its errors (defaults to the id). */
  field?: string;
  required?: boolean;
  /** A short hint under the label (e.g. the format expected). */
  hint?: ReactNode;
  /** Wraps the label, control and reasons in a <div> of this class (e.g. a grid cell). */
  className?: string;
}

/**
 * What a control takes from its field: id, value, change, required, and the ARIA state the hint
 * and the API's reasons give it (`reasons`, for {@link Labelled} to show).
 */
function controlOf({ id, value, onChange, error, field = id, required = false, hint }: Common) {
  const reasons = error?.forField(field) ?? [];
  const ids = [hint ? `${id}-hint` : null, reasons.length ? `${id}-error` : null].filter(Boolean);
  return {
    reasons,
    control: {
      id,
      required,
      value,
      onChange: (e: { target: { value: string } }) => onChange(e.target.value),
      'aria-invalid': reasons.length > 0,
      'aria-describedby': ids.length ? ids.join(' ') : undefined,
    },
  };
}

/** The label, the hint and the API's reasons around one control. */
function Labelled({
  id,
  label,
  hint,
  className,
  reasons,
  children,
}: Common & { reasons: string[]; children: ReactNode }) {
  const parts = (
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
  return className ? <div className={className}>{parts}</div> : parts;
}

/** A labelled input (money and other decimals typed as text, never floats). */
export function Field(
  props: Common & {
    type?: 'email' | 'password' | 'text' | 'date';
    autoComplete?: string;
    /** The id of a <datalist> of suggestions. */
    list?: string;
    /** The on-screen keyboard to offer (`decimal` for decimal strings). */
    inputMode?: 'decimal' | 'numeric' | 'url' | 'text';
  },
) {
  const { type = 'text', autoComplete = 'off', list, inputMode } = props;
  const { reasons, control } = controlOf(props);
  return (
    <Labelled {...props} reasons={reasons}>
      <input
        type={type}
        autoComplete={autoComplete}
        list={list}
        inputMode={inputMode}
        {...control}
      />
    </Labelled>
  );
}

/** A labelled select, its choices as `options` ([value, text] pairs) or as <option> children. */
export function SelectField(
  props: Common & {
    /** [value, text] pairs; an empty value is the "choose" prompt. */
    options?: [string, string][];
    children?: ReactNode;
    disabled?: boolean;
  },
) {
  const { options, children, disabled = false } = props;
  const { reasons, control } = controlOf(props);
  return (
    <Labelled {...props} reasons={reasons}>
      <select disabled={disabled} {...control}>
        {options?.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
        {children}
      </select>
    </Labelled>
  );
}

/** A labelled multi-line text. */
export function TextAreaField(props: Common & { rows?: number }) {
  const { reasons, control } = controlOf(props);
  return (
    <Labelled {...props} reasons={reasons}>
      <textarea rows={props.rows ?? 3} {...control} />
    </Labelled>
  );
}

/** A labelled group of radio buttons (arrow keys move within it). */
export function RadioGroup({
  name,
  legend,
  value,
  onChange,
  options,
}: {
  name: string;
  legend: string;
  value: string;
  onChange: (value: string) => void;
  options: [string, string][];
}) {
  return (
    <fieldset className="radios">
      <legend>{legend}</legend>
      {options.map(([v, text]) => (
        <div key={v}>
          <input
            type="radio"
            id={`${name}-${v}`}
            name={name}
            value={v}
            checked={value === v}
            onChange={() => onChange(v)}
          />
          <label htmlFor={`${name}-${v}`}>{text}</label>
        </div>
      ))}
    </fieldset>
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
