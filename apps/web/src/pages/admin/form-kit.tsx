import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../api';
import { asApiError } from '../../components/errors';

/** The API's refusal with its field names mapped to the form's (`targets[0].value` → `value`). */
export function renamed(error: ApiError | null, names: Record<string, string>): ApiError | null {
  if (!error) return null;
  return new ApiError(
    error.status,
    error.title,
    error.detail,
    error.errors.map((e) => ({ ...e, field: names[e.field] ?? e.field })),
    error.type,
  );
}

/**
 * A GET the page shows: its data, its error, and `reload()` after a change. `path` null waits.
 */
export function useApiData<T>(path: string | null): {
  data: T | null;
  error: ApiError | null;
  reload: () => void;
} {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    api<T>(path)
      .then((d) => {
        if (!live) return;
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => live && setError(asApiError(e)));
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, reload };
}

/**
 * What the API said about the request as a whole: its detail when it named no field, or the
 * reasons for fields this form does not show (`shown`), so no refusal goes unseen.
 */
export function FormProblem({
  id,
  error,
  shown,
}: {
  id: string;
  error: ApiError | null;
  shown: string[];
}) {
  if (!error) return null;
  const elsewhere = error.errors.filter(
    (e) =>
      !shown.some(
        (f) => e.field === f || e.field.startsWith(`${f}.`) || e.field.startsWith(`${f}[`),
      ),
  );
  const text =
    error.errors.length === 0
      ? error.detail || error.title
      : elsewhere.length > 0
        ? elsewhere.map((e) => `${e.field} ${e.reason}`).join('; ')
        : 'Please correct the fields marked below.';
  return (
    <p id={id} role="alert" className="error">
      {text}
    </p>
  );
}

/** A line that confirms a change (read out by screen readers). */
export function Done({ message }: { message: string | null }) {
  return (
    <p role="status" className="done">
      {message ?? ''}
    </p>
  );
}

/** The message shown when a list cannot be read. */
export function LoadProblem({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {error.status === 403 || error.status === 404
        ? 'You do not have access to this.'
        : error.detail || error.title}
    </p>
  );
}

/** An empty string as undefined (an optional field left blank is not sent). */
export const orUndefined = (value: string): string | undefined =>
  value.trim() === '' ? undefined : value.trim();

/** Human labels for the API's enum values ("change_in_stock" → "change in stock"). */
export const words = (value: string): string => value.replace(/_/g, ' ');
