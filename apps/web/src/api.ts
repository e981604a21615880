/**
 * The API as the web app calls it: same origin, the session cookie sent by the browser, the
 * session's CSRF token on every unsafe method, problem details turned into {@link ApiError}.
 */

/** One field-level error of a problem-details answer (422). */
export interface FieldError {
  field: string;
  value?: unknown;
  reason: string;
  /** A CSV import's data row (1-based; null for the header or the whole file). */
  row?: number | null;
}

/** An answer that was not 2xx, as the API's problem details describe it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly type = 'about:blank',
    /** The problem's extension members (e.g. a rejected import's importId and errorCount). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail || title);
  }

  /** The reasons given for `field` (and its sub-fields), for showing next to it. */
  forField(field: string): string[] {
    return this.errors
      .filter(
        (e) =>
          e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}[`),
      )
      .map((e) => e.reason);
  }
}

let csrfToken: string | null = null;

/** The session's CSRF token, from sign-in or the session endpoint. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function problemOf(res: Response): Promise<ApiError> {
  let body: {
    title?: string;
    detail?: string;
    errors?: FieldError[];
    type?: string;
    [extension: string]: unknown;
  } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not JSON: the status alone
  }
  return new ApiError(
    res.status,
    body.title ?? res.statusText,
    body.detail ?? '',
    Array.isArray(body.errors) ? body.errors : [],
    body.type,
    body,
  );
}

/**
 * Calls the API; JSON in and out (a Blob body, such as an uploaded file, is sent as it is, with the
 * content-type given in `headers`). Throws {@link ApiError} for anything but 2xx.
 */
export async function api<T>(
  path: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const method = options.method ?? 'GET';
  const raw = options.body instanceof Blob;
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined && !raw) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body:
      options.body === undefined
        ? undefined
        : raw
          ? (options.body as Blob)
          : JSON.stringify(options.body),
  });
  if (!res.ok) throw await problemOf(res);
  // 202 and 204 may come without a body.
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * A decimal string times 10^`shift`, rounded half away from zero to `places` decimals, exactly
 * (BigInt on the digits: figures arrive as decimal strings and are never floats here).
 */
export function scaled(value: string, shift: number, places: number): string {
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const num = BigInt(`${whole}${fraction}` || '0') * 10n ** BigInt(shift + places);
  const den = 10n ** BigInt(fraction.length);
  let q = num / den;
  if (2n * (num % den) >= den) q += 1n;
  const text = q.toString().padStart(places + 1, '0');
  const out = places > 0 ? `${text.slice(0, -places)}.${text.slice(-places)}` : text;
  return negative && q !== 0n ? `-${out}` : out;
}

const grouped = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Money as a board reads it: "£1,234,568" (whole pounds) or with pence when `pence`. */
export function money(value: string | null | undefined, currency = 'GBP', pence = false): string {
  if (value === null || value === undefined) return '—';
  const rounded = scaled(value, 0, pence ? 2 : 0);
  const negative = rounded.startsWith('-');
  const [whole, fraction] = (negative ? rounded.slice(1) : rounded).split('.');
  const symbol = currency === 'GBP' ? '£' : `${currency} `;
  return `${negative ? '−' : ''}${symbol}${grouped(whole)}${fraction ? `.${fraction}` : ''}`;
}

/** A fraction ("0.8123") as a percentage ("81.2%"). */
export function percent(value: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return `${scaled(value, 2, 1).replace('-', '−')}%`;
}

/** A quantity for reading: at most `places` decimals, grouped. */
export function quantity(value: string | null | undefined, places = 2): string {
  if (value === null || value === undefined) return '—';
  const fixed = scaled(value, 0, places);
  const rounded = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  const negative = rounded.startsWith('-');
  const [whole, fraction] = (negative ? rounded.slice(1) : rounded).split('.');
  return `${negative ? '−' : ''}${grouped(whole)}${fraction ? `.${fraction}` : ''}`;
}

/**
 * A fresh Idempotency-Key for one submission attempt (random, 128 bits; getRandomValues also
 * works outside secure contexts, unlike randomUUID).
 */
export function idempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
