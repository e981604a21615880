import type { Repeated } from '../json-text';
import type { Operation } from '../openapi';

/** What a fuzz request tries; the summary counts requests by category. */
export const CATEGORIES = [
  'content-type',
  'body-field',
  'body-structure',
  'whole-body',
  'csv-body',
  'path-param',
  'query-param',
  'header',
  'auth',
] as const;
export type Category = (typeof CATEGORIES)[number];

export type BodySpec =
  | { kind: 'none' }
  /** The operation's valid example body (none if it takes no body). */
  | { kind: 'valid' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string | Repeated; label?: string }
  | { kind: 'bytes'; bytes: Buffer; label: string };

/** One malformed request, before fixture ids and the unique counter are filled in. */
export interface Spec {
  op: Operation;
  category: Category;
  /** What was changed, for reports: `field quantity = "1e3"`. */
  variant: string;
  /** Class of input, for grouping failures and for quarantining inputs that kill the API. */
  signature: string;
  /** Raw (already encoded) path segments replacing the fixture value of a parameter. */
  pathParams?: Record<string, string>;
  /** Raw query string, without `?` (undefined: the operation's base query). */
  query?: string;
  headers?: Record<string, string | string[]>;
  /** Which key to send: the platform admin's (default), the provider user's, or none. */
  auth?: 'admin' | 'provider' | 'none';
  /** undefined: the operation's own content type; null: no content-type header. */
  contentType?: string | null;
  body: BodySpec;
}

/** What the generators need to know about the seeded data. */
export interface GenContext {
  /** The valid example body of the operation (JSON value or CSV text), if it takes one. */
  validBody(op: Operation): unknown;
  /** The base query of the operation (e.g. the import's providerOrganisationId), raw. */
  baseQuery(op: Operation): string;
  /** The fixture value of a path parameter of the operation. */
  pathValue(op: Operation, name: string): string | undefined;
  /** Real ids of other kinds of rows (for "an id of the wrong kind"). */
  otherIds: string[];
  /** Multiplies the number of randomly drawn requests (FUZZ_RUNS). */
  scale: number;
  seed: number;
}

export const isCsvOp = (op: Operation): boolean =>
  op.consumes.some((c) => /csv/.test(c)) && !op.consumes.includes('application/json');

export const hasJsonBody = (op: Operation): boolean => op.bodySchema !== undefined;

export const JSON_CT = 'application/json';

/** The spec of one request: its signature is `category:cls`; `rest` says what it changes. */
export function specOf(
  op: Operation,
  category: Category,
  variant: string,
  cls: string,
  rest: Omit<Spec, 'op' | 'category' | 'variant' | 'signature'>,
): Spec {
  return { op, category, variant, signature: `${category}:${cls}`, ...rest };
}

/** The body of a request that changes something else: the valid one on a write, else none. */
export const usualBody = (op: Operation): BodySpec => ({ kind: op.isWrite ? 'valid' : 'none' });
