import { useEffect, useRef, useState, type FormEvent } from 'react';
import { idempotencyKey, type ApiError } from '../api';
import { asApiError } from './errors';
import { focusFirstInvalid } from './field';

/**
 * A form's submission. `run` gets a fresh Idempotency-Key for each attempt (for the requests
 * that take one); while it runs the form is `busy`. A refusal is kept in `error` for the fields
 * to show (what was typed is the caller's state, so it stays) and, when the form carries `form`
 * as its ref, focus moves to the first refused field or the error summary. A success's answer
 * is kept in `done` (cleared when the next attempt starts) and given to `onDone`.
 */
export function useSubmit<T>(
  run: (idempotencyKey: string) => Promise<T>,
  onDone?: (answer: T) => void,
) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<T | null>(null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (error) focusFirstInvalid(form.current);
  }, [error]);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const answer = await run(idempotencyKey());
      setDone(answer);
      onDone?.(answer);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, done, form, onSubmit: (event: FormEvent) => void submit(event) };
}
