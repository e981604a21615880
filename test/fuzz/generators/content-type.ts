/** Content-type requests: bodies under media types the route did not ask for, or none. */
import fc from 'fast-check';
import type { Operation } from '../openapi';
import { count, deriveSeed, sample } from './random';
import { isCsvOp, JSON_CT, specOf, type BodySpec, type GenContext, type Spec } from './spec';

/** Content types a JSON route (or a CSV route) did not ask for, and bodies to send with them. */
const CONTENT_TYPES: (string | null)[] = [
  'text/csv',
  'application/csv',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=fuzzboundary',
  'text/plain',
  'application/xml',
  'application/octet-stream',
  null,
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'text/csv; charset=latin1',
  'application/json',
];

/** Bodies for the foreign types; picked by index too (0 CSV, 3 the valid body, 4 JSON, 8 empty). */
function textBodies(op: Operation, ctx: GenContext): BodySpec[] {
  const valid = ctx.validBody(op);
  const validText =
    typeof valid === 'string' ? valid : valid === undefined ? '{"a":1}' : JSON.stringify(valid);
  return [
    { kind: 'text', text: 'a,b', label: 'a,b' },
    { kind: 'text', text: 'a,b\n1,2\n', label: 'a,b\\n1,2' },
    { kind: 'text', text: 'a=1&b=2', label: 'a=1&b=2' },
    { kind: 'text', text: validText, label: 'the valid body as text' },
    { kind: 'text', text: '{"a":1}', label: '{"a":1}' },
    { kind: 'text', text: '<a><b>1</b></a>', label: '<a><b>1</b></a>' },
    {
      kind: 'text',
      text: '--fuzzboundary\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--fuzzboundary--\r\n',
      label: 'a multipart part',
    },
    {
      kind: 'bytes',
      bytes: Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28]),
      label: 'ff fe 00 41 c3 28',
    },
    { kind: 'text', text: '', label: '(empty)' },
  ];
}

const labelOf = (b: BodySpec): string =>
  b.kind === 'text' ? (b.label ?? 'text') : b.kind === 'bytes' ? b.label : b.kind;

/** One request: `body` sent as `ct` (null: no content-type header), grouped by media type. */
function contentTypeSpec(
  op: Operation,
  ct: string | null,
  body: BodySpec,
  what: string = labelOf(body),
): Spec {
  const mediaType = ct === null ? '(none)' : ct.split(';')[0].toLowerCase();
  return specOf(op, 'content-type', `content-type ${ct ?? '(none)'} with ${what}`, mediaType, {
    contentType: ct,
    body,
  });
}

/** Every foreign content type, the valid body under the worst ones, empty bodies, random pairs. */
export function contentTypeSpecs(op: Operation, ctx: GenContext): Spec[] {
  const bodies = textBodies(op, ctx);
  const specs: Spec[] = [];
  const seed = deriveSeed(ctx.seed, op.key, 'content-type');
  // Every content type once, with a body drawn for it…
  const drawn = sample(fc.constantFrom(...bodies), CONTENT_TYPES.length, seed);
  CONTENT_TYPES.forEach((ct, i) => {
    let body = drawn[i];
    // …and the JSON and CSV types with the body that makes the mismatch interesting.
    if (ct !== null && /csv/.test(ct) && !isCsvOp(op)) body = bodies[3];
    if (ct !== null && /json/i.test(ct) && isCsvOp(op)) body = bodies[4];
    if (ct === JSON_CT && !isCsvOp(op)) body = bodies[0];
    specs.push(contentTypeSpec(op, ct, body));
  });
  // The valid body under every foreign type (text/csv to a JSON route, JSON to a CSV route).
  for (const ct of ['text/csv', 'application/csv', 'application/x-www-form-urlencoded']) {
    specs.push(contentTypeSpec(op, ct, bodies[isCsvOp(op) ? 4 : 3]));
  }
  // An empty body (Content-Length: 0) under every type but JSON (whole-body covers that).
  for (const ct of CONTENT_TYPES) {
    if (ct !== null && /json/i.test(ct)) continue;
    specs.push(contentTypeSpec(op, ct, bodies[8], 'an empty body'));
  }
  // Extra random pairs.
  const pairs = sample(
    fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.constantFrom(...bodies)),
    count(4, ctx),
    deriveSeed(seed, 'pairs'),
  );
  for (const [ct, body] of pairs) specs.push(contentTypeSpec(op, ct, body));
  return specs;
}
