import { ApiError } from '../api';

/** Anything thrown, as an {@link ApiError} (network failures and bugs alike become status 0). */
export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'Error', String(e));
}

/** What to tell the reader about anything thrown: the problem's detail, else its title. */
export function problemText(e: unknown): string {
  const error = asApiError(e);
  return error.detail || error.title;
}

/** A problem the API gave that names no field: its detail, announced. */
export function ProblemAlert({ error, id }: { error: ApiError | null; id?: string }) {
  if (!error) return null;
  return (
    <p id={id} role="alert" className="error">
      {error.status === 403 && !error.detail
        ? 'You do not have access to this.'
        : error.detail || error.title}
    </p>
  );
}

/**
 * The refusal at the top of a form: its general reason, or `what` and a pointer to the reasons
 * beside the fields. Focusable (tabIndex -1), so focus can move to it when no field is named.
 */
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
