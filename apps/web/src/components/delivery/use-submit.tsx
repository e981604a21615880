import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { asApiError } from '../../pages/delivery/data';
import { focusFirstInvalid } from '../field';

/**
 * A form's submission: busy while it runs, the API's refusal kept for the fields to show (focus
 * moves to the first refused field, or the summary), `onDone` with the answer.
 */
export function useSubmit<T>(run: () => Promise<T>, onDone: (answer: T) => void) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (error) focusFirstInvalid(form.current);
  }, [error]);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await run());
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, form, onSubmit: (e: FormEvent) => void submit(e) };
}

/** The refusal's general reason at the top of a form (focusable when no field is named). */
export function ErrorSummary({ error, what }: { error: ApiError | null; what: string }) {
  if (!error) return null;
  return (
    <div role="alert" className="error-summary" tabIndex={-1}>
      <p className="error">
        {error.errors.length === 0
          ? error.detail || error.title
          : `${what}: see the reasons beside the fields.`}
      </p>
    </div>
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
