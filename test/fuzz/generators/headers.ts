/** Header requests (Idempotency-Key, request id, accept, encoding) and credential requests. */
import fc from 'fast-check';
import { cloneJson } from '../json-text';
import type { Operation } from '../openapi';
import { count, deriveSeed, sample } from './random';
import { specOf, usualBody, type BodySpec, type GenContext, type Spec } from './spec';
import { isPlain } from './values';

type Headers = Record<string, string | string[]>;

/** Idempotency-Key values: every one on a POST, two drawn at random on other methods. */
const IDEMPOTENCY_KEYS: { value: string | string[]; cls: string; label: string }[] = [
  { value: '', cls: 'idempotency-empty', label: 'empty' },
  { value: ' ', cls: 'idempotency-whitespace', label: 'a space' },
  { value: 'k'.repeat(256), cls: 'idempotency-256', label: '256 characters' },
  { value: 'k'.repeat(300), cls: 'idempotency-300', label: '300 characters' },
  { value: 'fuzz\u00ff\u00fe-$UNIQ', cls: 'idempotency-latin1', label: 'latin-1 bytes ff fe' },
  { value: 'fuzz\t%00\\u0000-$UNIQ', cls: 'idempotency-nul-ish', label: 'tab, %00 and \\u0000' },
  { value: ['fuzz-a-$UNIQ', 'fuzz-b-$UNIQ'], cls: 'idempotency-repeated', label: 'sent twice' },
];

/** Other headers, `count(2)` drawn at random per operation. */
const OTHER_HEADERS: { h: Headers; label: string; cls: string }[] = [
  { h: { 'x-request-id': '' }, label: 'empty X-Request-Id', cls: 'request-id' },
  {
    h: { 'x-request-id': 'r'.repeat(8000) },
    label: '8,000-character X-Request-Id',
    cls: 'request-id',
  },
  { h: { accept: 'application/xml' }, label: 'Accept application/xml', cls: 'accept' },
  { h: { accept: 'text/csv' }, label: 'Accept text/csv', cls: 'accept' },
  {
    h: { 'content-encoding': 'gzip' },
    label: 'Content-Encoding gzip (not gzipped)',
    cls: 'content-encoding',
  },
  {
    h: { 'x-forwarded-for': '1.2.3.4, %00' },
    label: 'X-Forwarded-For garbage',
    cls: 'forwarded',
  },
];

/** A request with these headers; the valid body unless another is given. */
const headerSpec = (
  op: Operation,
  headers: Headers,
  variant: string,
  cls: string,
  body?: BodySpec,
): Spec => specOf(op, 'header', variant, cls, { headers, body: body ?? { kind: 'valid' } });

/** Idempotency-Key values, a key reused with another body (POST), and other odd headers. */
export function headerSpecs(op: Operation, ctx: GenContext): Spec[] {
  const specs: Spec[] = [];
  const seed = deriveSeed(ctx.seed, op.key, 'header');
  const keys =
    op.method === 'POST' ? IDEMPOTENCY_KEYS : sample(fc.constantFrom(...IDEMPOTENCY_KEYS), 2, seed);
  for (const k of keys) {
    specs.push(headerSpec(op, { 'idempotency-key': k.value }, `Idempotency-Key ${k.label}`, k.cls));
  }
  if (op.method === 'POST') specs.push(...reusedKeySpecs(op, ctx));
  const others = sample(
    fc.constantFrom(...OTHER_HEADERS),
    count(2, ctx),
    deriveSeed(seed, 'other'),
  );
  for (const o of others) specs.push(headerSpec(op, o.h, o.label, o.cls));
  return specs;
}

/** The same key with two different bodies: whichever comes second must be a 409 or a replay. */
function reusedKeySpecs(op: Operation, ctx: GenContext): Spec[] {
  const key = `fuzz-reuse-${deriveSeed(ctx.seed, op.key) >>> 0}`;
  const valid = ctx.validBody(op);
  const other: BodySpec = isPlain(valid)
    ? { kind: 'json', value: { ...cloneJson(valid), zzDifferent: true } }
    : typeof valid === 'string'
      ? { kind: 'text', text: `${valid}\n` }
      : { kind: 'json', value: { different: true } };
  return [
    headerSpec(
      op,
      { 'idempotency-key': key },
      'Idempotency-Key reused (first body)',
      'idempotency-reuse',
    ),
    headerSpec(
      op,
      { 'idempotency-key': key },
      'Idempotency-Key reused (other body)',
      'idempotency-reuse',
      other,
    ),
  ];
}

/** No key, an unknown key, a garbage bearer token, and the provider user's key. */
export function authSpecs(op: Operation): Spec[] {
  const mk = (variant: string, cls: string, extra: Pick<Spec, 'auth' | 'headers'>): Spec =>
    specOf(op, 'auth', variant, cls, { body: usualBody(op), ...extra });
  return [
    mk('no API key', 'none', { auth: 'none' }),
    mk('well-formed unknown API key', 'unknown-key', {
      auth: 'none',
      headers: { 'x-api-key': `ol_zzzzzzzzzzzz_${'A'.repeat(32)}` },
    }),
    mk('garbage bearer token', 'garbage', {
      auth: 'none',
      headers: { authorization: 'Bearer %00\u00ff' },
    }),
    mk('the provider user', 'provider', { auth: 'provider' }),
  ];
}
