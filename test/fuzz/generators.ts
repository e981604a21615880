import fc from 'fast-check';
import { cloneJson, RawJson, Repeated, setOwn } from './json-text';
import {
  fieldsOf,
  isDateSchema,
  isDateTimeSchema,
  isDecimalStringSchema,
  isNumericSchema,
  pathLabel,
  type Field,
  type FieldPath,
  type Operation,
  type QueryParam,
  type Schema,
} from './openapi';

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

/** FNV-1a: a stable 32-bit seed per operation and category, from the run's seed. */
export function deriveSeed(seed: number, ...parts: string[]): number {
  let h = 0x811c9dc5 ^ seed;
  for (const ch of parts.join('|')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h | 0;
}

/** Deterministic shuffle (mulberry32). */
export function shuffle<T>(items: T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function sample<T>(arb: fc.Arbitrary<T>, n: number, seed: number): T[] {
  if (n <= 0) return [];
  return fc.sample(arb, { seed, numRuns: n });
}

const count = (base: number, ctx: GenContext): number => Math.max(1, Math.round(base * ctx.scale));

// ---------------------------------------------------------------------------------------------
// Values

interface Mutation {
  /** Short label of the value (for reports). */
  label: string;
  /** Class of the value (for grouping). */
  cls: string;
  remove?: boolean;
  value?: unknown;
}

const m = (cls: string, value: unknown, label?: string): Mutation => ({
  cls,
  value,
  label: label ?? describeValue(value),
});

function describeValue(v: unknown): string {
  if (v instanceof RawJson) return v.label ?? v.text;
  if (v instanceof Repeated) return `${JSON.stringify(v.unit)}×${v.count}`;
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 40)}…(${text.length})` : text;
}

const LONG = new Repeated('a', 100_000);

/** Strings that are hard for a string field. */
const STRING_EDGES: Mutation[] = [
  m('empty-string', ''),
  m('whitespace-only', '   '),
  m('whitespace-only', '\t\n\r '),
  m('long-string', LONG),
  m('nul-char', 'a\u0000b'),
  m('nul-char', '\u0000'),
  m('lone-surrogate', '\ud800'),
  m('lone-surrogate', 'x\udc00y'),
  m('control-chars', '\u0001\u0008\u001b[31m\u007f'),
  m('unicode', '\u202etxet\u202c 👩‍👩‍👧 ｆｕｌｌ'),
  m('padded', ' padded value '),
  m('markup', '<script>alert(1)</script>'),
  m('sql-ish', "' OR 1=1 --"),
  m('percent-nul', '%00'),
];

/** Strings where a number is expected (also decimal strings). */
const NUMBER_LIKE_STRINGS: Mutation[] = [
  m('numeric-string', '0x10'),
  m('numeric-string', ' 1'),
  m('numeric-string', '1e3'),
  m('numeric-string', 'NaN'),
  m('numeric-string', 'Infinity'),
  m('numeric-string', '-Infinity'),
  m('numeric-string', '-0'),
  m('numeric-string', '+1'),
  m('numeric-string', '.5'),
  m('numeric-string', '1.'),
  m('numeric-string', '1,5'),
  m('numeric-string', '١٢٣'),
  m('huge-numeric-string', '1e308'),
  m('huge-numeric-string', '9223372036854775808'),
  m('huge-numeric-string', '18446744073709551616'),
  m('huge-numeric-string', '99999999999999999999'),
  m('huge-numeric-string', '9'.repeat(60)),
  m('huge-numeric-string', `0.${'0'.repeat(60)}1`),
  m('negative', '-1'),
  m('negative', '-99999999999999.9999'),
];

/** Numbers (and raw JSON numbers JSON.stringify cannot write) where strings or numbers go. */
const NUMBERS: Mutation[] = [
  m('huge-number', new RawJson('1e308')),
  m('huge-number', new RawJson('1e400')),
  m('huge-number', new RawJson('9223372036854775808', '2**63')),
  m('huge-number', new RawJson('18446744073709551616', '2**64')),
  m('huge-number', new RawJson('9007199254740993', '2**53+1')),
  m('huge-number', new RawJson('-1e400')),
  m('negative', -1),
  m('negative', -2147483649),
  m('negative-zero', new RawJson('-0')),
  m('fraction', 1.5),
  m('fraction', new RawJson('1e-400')),
  m('number', 0),
  m('number', 2147483648),
];

const DATES: Mutation[] = [
  m('date-year-0', '0000-01-01'),
  m('date-edge', '0001-01-01'),
  m('date-edge', '9999-12-31'),
  m('date-invalid', '2026-02-30'),
  m('date-invalid', '2026-1-1'),
  m('date-invalid', '2026-13-01'),
  m('date-invalid', '2026/06/30'),
  m('date-edge', '2024-02-29'),
  m('date-edge', '1900-01-01'),
  m('date-extended-year', '+275760-09-13'),
  m('date-extended-year', '-000001-01-01'),
  m('datetime-for-date', '2026-06-30T00:00:00Z'),
  m('datetime-for-date', '2026-06-30T23:59:59.999+14:00'),
  m('date-number', 20260630),
];

const DATETIMES: Mutation[] = [
  m('date-year-0', '0000-01-01T00:00:00Z'),
  m('date-edge', '0001-01-01T00:00:00Z'),
  m('date-edge', '9999-12-31T23:59:59Z'),
  m('date-invalid', '2026-02-30T00:00:00Z'),
  m('date-invalid', '2026-06-30T24:00:00Z'),
  m('date-extended-year', '+275760-09-13T00:00:00.000Z'),
  m('date-extended-year', '-271821-04-20T00:00:00Z'),
  m('date-edge', '1970-01-01T00:00:00Z'),
  m('date-edge', '2026-06-30T00:00:00.123456789Z'),
  m('date-only-for-datetime', '2026-06-30'),
  m('date-number', 1780000000000),
];

function uuidMutations(valid: string | undefined, ctx: GenContext): Mutation[] {
  const v = valid ?? '6f1c3a52-59a4-4f3e-9d7c-0a7c8e0b1234';
  return [
    m('uuid-uppercase', v.toUpperCase()),
    m('uuid-nil', '00000000-0000-0000-0000-000000000000'),
    m('uuid-max', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
    m('uuid-unknown', '6f1c3a52-59a4-4f3e-9d7c-0a7c8e0b1234'),
    m('uuid-malformed', v.slice(0, -1)),
    m('uuid-malformed', `${v.slice(0, -1)}g`),
    m('uuid-malformed', `{${v}}`),
    m('uuid-malformed', v.replace(/-/g, '')),
    m('uuid-malformed', `${v} `),
    ...ctx.otherIds.slice(0, 6).map((id) => m('uuid-other-kind', id)),
  ];
}

function enumMutations(s: Schema): Mutation[] {
  const values = (s.type === 'array' ? s.items?.enum : s.enum) ?? [];
  const first = typeof values[0] === 'string' ? values[0] : 'x';
  return [
    m('enum-case', first.toUpperCase()),
    m('enum-unknown', 'unknown_value'),
    m('enum-padded', ` ${first} `),
    m('enum-wrong-type', 0),
    m('enum-wrong-type', [first]),
    ...values.slice(1, 3).map((v) => m('enum-other', v)),
  ];
}

const WRONG_TYPES: Mutation[] = [
  m('null', null),
  m('wrong-type-bool', true),
  m('wrong-type-bool', false),
  m('wrong-type-number', 0),
  m('wrong-type-number', 12),
  m('wrong-type-object', {}),
  m('wrong-type-object', { a: 1 }),
  m('wrong-type-array', []),
  m('wrong-type-array', ['x']),
  m('wrong-type-string', 'x'),
];

function arrayMutations(s: Schema, current: unknown): Mutation[] {
  const first: unknown = Array.isArray(current) && current.length > 0 ? current[0] : 'x';
  return [
    m('object-for-array', {}),
    m('object-for-array', { 0: first }),
    m('empty-array', []),
    m('array-of-null', [null]),
    m('huge-array', new Array(10_000).fill(0), '[0×10000]'),
    m('huge-array', new Array(10_000).fill(first), `[first×10000]`),
    m('huge-array', new Array(1_001).fill(first), `[first×1001]`),
    m('nested-array', [[first]]),
    m('mixed-array', [first, 1, 'a', null, {}, []]),
    m('duplicates', [first, first]),
    m('sparse-json', new RawJson('[1,,2]')),
  ];
}

function objectMutations(current: unknown): Mutation[] {
  return [
    m('array-for-object', []),
    m('array-for-object', [current ?? {}]),
    m('empty-object', {}),
    m('unknown-nested-field', { ...(isPlain(current) ? current : {}), zzUnknown: 1 }),
    m('string-for-object', '{"a":1}'),
  ];
}

function booleanMutations(): Mutation[] {
  return [
    m('bool-string', 'true'),
    m('bool-string', 'false'),
    m('bool-number', 1),
    m('bool-number', 0),
    m('bool-string', 'yes'),
  ];
}

const isPlain = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every mutation that makes sense for a field of this schema. */
export function mutationsFor(field: Field, current: unknown, ctx: GenContext): Mutation[] {
  const s = field.schema;
  const out: Mutation[] = [...WRONG_TYPES];
  if (field.required) out.push({ cls: 'missing-required', label: '<missing>', remove: true });
  const isEnum = (s.enum?.length ?? 0) > 0 || (s.items?.enum?.length ?? 0) > 0;
  if (isEnum) out.push(...enumMutations(s));
  if (s.type === 'array') out.push(...arrayMutations(s, current));
  else if (s.type === 'object' || s.properties) out.push(...objectMutations(current));
  else if (s.type === 'boolean') out.push(...booleanMutations());
  else if (isNumericSchema(s)) out.push(...NUMBER_LIKE_STRINGS, ...NUMBERS);
  else if (s.format === 'uuid') {
    out.push(...uuidMutations(typeof current === 'string' ? current : undefined, ctx));
    out.push(...STRING_EDGES.slice(0, 8));
  } else if (isDateTimeSchema(s)) out.push(...DATETIMES, ...STRING_EDGES.slice(0, 8));
  else if (isDateSchema(s)) out.push(...DATES, ...STRING_EDGES.slice(0, 8));
  else if (isDecimalStringSchema(s)) out.push(...NUMBER_LIKE_STRINGS, ...NUMBERS, ...STRING_EDGES);
  else if (s.type === 'string' || s.type === undefined) {
    out.push(...STRING_EDGES, ...NUMBER_LIKE_STRINGS.slice(0, 6), ...DATES.slice(0, 3));
    if (s.maxLength !== undefined) {
      out.push(m('length-boundary', 'x'.repeat(s.maxLength + 1), `"x"×${s.maxLength + 1}`));
    }
  }
  return out;
}

/** The values every field of a type gets (the rest are drawn at random). */
export function systematicFor(field: Field, current: unknown, ctx: GenContext): Mutation[] {
  const s = field.schema;
  const out: Mutation[] = [m('null', null)];
  const isEnum = (s.enum?.length ?? 0) > 0 || (s.items?.enum?.length ?? 0) > 0;
  if (s.type === 'array') {
    out.push(m('object-for-array', {}), m('huge-array', new Array(10_000).fill(0), '[0×10000]'));
  } else if (s.type === 'object' || s.properties) {
    out.push(m('array-for-object', []));
  } else if (isEnum) {
    out.push(m('enum-unknown', 'unknown_value'));
  } else if (s.type === 'boolean') {
    out.push(m('bool-string', 'true'));
  } else if (isNumericSchema(s)) {
    out.push(
      m('huge-number', new RawJson('9223372036854775808', '2**63')),
      m('numeric-string', '1e3'),
    );
  } else if (s.format === 'uuid') {
    const v = typeof current === 'string' ? current : ctx.otherIds[0];
    out.push(m('uuid-uppercase', (v ?? '').toUpperCase()));
    if (ctx.otherIds.length > 1) out.push(m('uuid-other-kind', ctx.otherIds[1]));
  } else if (isDateTimeSchema(s)) {
    out.push(
      m('date-year-0', '0000-01-01T00:00:00Z'),
      m('date-extended-year', '+275760-09-13T00:00:00.000Z'),
    );
  } else if (isDateSchema(s)) {
    out.push(m('date-year-0', '0000-01-01'), m('date-invalid', '2026-02-30'));
  } else if (isDecimalStringSchema(s)) {
    out.push(m('numeric-string', '1e3'), m('huge-numeric-string', '99999999999999999999'));
  } else {
    out.push(m('whitespace-only', '   '), m('nul-char', 'a\u0000b'), m('lone-surrogate', '\ud800'));
  }
  return out;
}

/** Random strings from fast-check: any code point, and grapheme clusters. */
const randomStringMutation: fc.Arbitrary<Mutation> = fc
  .oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
    fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 24 }),
  )
  .map((v) => m('random-string', v));

const randomNumberMutation: fc.Arbitrary<Mutation> = fc
  .oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((b) => new RawJson(b.toString())),
  )
  .map((v) => m('random-number', v));

// ---------------------------------------------------------------------------------------------
// Body edits

function getAt(root: unknown, path: FieldPath): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/**
 * A copy of `root` with the value at `path` replaced (or removed); missing containers on the
 * way are created, so optional fields absent from the valid body get mutated too.
 */
export function editAt(root: unknown, path: FieldPath, mutation: Mutation): unknown {
  const copy = cloneJson(root);
  let cur = copy as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const p = path[i];
    let next = cur[p];
    if (next === null || typeof next !== 'object') {
      next = typeof path[i + 1] === 'number' ? [] : {};
      setOwn(cur, String(p), next);
    }
    cur = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (mutation.remove) {
    if (Array.isArray(cur) && typeof last === 'number') cur.splice(last, 1);
    else delete cur[last];
  } else if (Array.isArray(cur) && typeof last === 'number') {
    cur[last] = mutation.value;
  } else {
    setOwn(cur, String(last), mutation.value);
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Categories

const JSON_CT = 'application/json';

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

function contentTypeSpecs(op: Operation, ctx: GenContext): Spec[] {
  const bodies = textBodies(op, ctx);
  const label = (b: BodySpec): string =>
    b.kind === 'text' ? (b.label ?? 'text') : b.kind === 'bytes' ? b.label : b.kind;
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
    specs.push({
      op,
      category: 'content-type',
      variant: `content-type ${ct ?? '(none)'} with ${label(body)}`,
      signature: `content-type:${ct === null ? '(none)' : ct.split(';')[0].toLowerCase()}`,
      contentType: ct,
      body,
    });
  });
  // The valid body under every foreign type (text/csv to a JSON route, JSON to a CSV route).
  for (const ct of ['text/csv', 'application/csv', 'application/x-www-form-urlencoded']) {
    specs.push({
      op,
      category: 'content-type',
      variant: `content-type ${ct} with ${label(bodies[isCsvOp(op) ? 4 : 3])}`,
      signature: `content-type:${ct}`,
      contentType: ct,
      body: bodies[isCsvOp(op) ? 4 : 3],
    });
  }
  // An empty body (Content-Length: 0) under every type but JSON (whole-body covers that).
  for (const ct of CONTENT_TYPES) {
    if (ct !== null && /json/i.test(ct)) continue;
    specs.push({
      op,
      category: 'content-type',
      variant: `content-type ${ct ?? '(none)'} with an empty body`,
      signature: `content-type:${ct === null ? '(none)' : ct.split(';')[0].toLowerCase()}`,
      contentType: ct,
      body: bodies[8],
    });
  }
  // Extra random pairs.
  const pairs = sample(
    fc.tuple(fc.constantFrom(...CONTENT_TYPES), fc.constantFrom(...bodies)),
    count(4, ctx),
    deriveSeed(seed, 'pairs'),
  );
  for (const [ct, body] of pairs) {
    specs.push({
      op,
      category: 'content-type',
      variant: `content-type ${ct ?? '(none)'} with ${label(body)}`,
      signature: `content-type:${ct === null ? '(none)' : ct.split(';')[0].toLowerCase()}`,
      contentType: ct,
      body,
    });
  }
  return specs;
}

function bodyFieldSpecs(op: Operation, ctx: GenContext): Spec[] {
  if (!op.bodySchema) return [];
  const valid = ctx.validBody(op);
  const fields = fieldsOf(op.bodySchema);
  if (fields.length === 0) return [];
  const specs: Spec[] = [];
  const mk = (field: Field, mutation: Mutation): Spec => ({
    op,
    category: 'body-field',
    variant: `field ${pathLabel(field.path)} = ${mutation.label}`,
    signature: `body-field:${mutation.cls}`,
    body: { kind: 'json', value: editAt(valid, field.path, mutation) },
  });
  // Systematically: every field null, and the hardest values of its type…
  for (const field of fields) {
    for (const mutation of systematicFor(field, getAt(valid, field.path), ctx)) {
      specs.push(mk(field, mutation));
    }
  }
  // …then random draws from every mutation that fits each field.
  const seed = deriveSeed(ctx.seed, op.key, 'body-field');
  const arb = fc.constantFrom(...fields).chain((field) => {
    const options = mutationsFor(field, getAt(valid, field.path), ctx);
    const isString = field.schema.type === 'string' || field.schema.type === undefined;
    const random = isNumericSchema(field.schema)
      ? [randomNumberMutation]
      : isString
        ? [randomStringMutation]
        : [];
    return fc
      .oneof(
        { arbitrary: fc.constantFrom(...options), weight: 5 },
        ...random.map((r) => ({ arbitrary: r, weight: 1 })),
      )
      .map((mutation) => ({ field, mutation }));
  });
  for (const { field, mutation } of sample(arb, count(24, ctx), seed)) {
    specs.push(mk(field, mutation));
  }
  return specs;
}

function bodyStructureSpecs(op: Operation, ctx: GenContext): Spec[] {
  if (!op.bodySchema) return [];
  const valid = ctx.validBody(op);
  if (!isPlain(valid)) return [];
  const specs: Spec[] = [];
  const push = (variant: string, cls: string, value: unknown): void => {
    specs.push({
      op,
      category: 'body-structure',
      variant,
      signature: `body-structure:${cls}`,
      body: { kind: 'json', value },
    });
  };
  for (const name of op.bodySchema.required ?? []) {
    push(
      `without required ${name}`,
      'missing-required',
      editAt(valid, [name], { label: '', cls: '', remove: true }),
    );
  }
  push('unknown extra field', 'unknown-field', { ...cloneJson(valid), zzUnknown: 'x' });
  const proto = cloneJson(valid);
  setOwn(proto, '__proto__', { isPlatformAdmin: true, polluted: 'yes' });
  push('own __proto__ property', 'prototype-key', proto);
  const ctor = cloneJson(valid);
  setOwn(ctor, 'constructor', { prototype: { polluted: 'yes' } });
  push('own constructor property', 'prototype-key', ctor);
  const protoOnly = {};
  setOwn(protoOnly, '__proto__', cloneJson(valid));
  push('the valid body under __proto__', 'prototype-key', protoOnly);
  const nested = fieldsOf(op.bodySchema).find((f) => f.schema.properties);
  if (nested) {
    const inner: Record<string, unknown> = {};
    setOwn(inner, '__proto__', { polluted: 'yes' });
    push(
      `own __proto__ inside ${pathLabel(nested.path)}`,
      'prototype-key',
      editAt(valid, nested.path, m('prototype-key', inner)),
    );
  }
  push(
    'every field null',
    'all-null',
    Object.fromEntries(Object.keys(valid).map((k) => [k, null])),
  );
  push('empty object', 'empty-object', {});
  const text = JSON.stringify(valid);
  const firstKey = Object.keys(valid)[0];
  if (firstKey !== undefined) {
    push(
      `duplicate key ${firstKey}`,
      'duplicate-key',
      new RawJson(
        `{${JSON.stringify(firstKey)}:null,${text.slice(1)}`,
        `{"${firstKey}":null, …valid}`,
      ),
    );
  }
  push(
    'every string field 2,000 characters',
    'long-strings',
    Object.fromEntries(
      Object.entries(valid).map(([k, v]) => [k, typeof v === 'string' ? 'x'.repeat(2000) : v]),
    ),
  );
  return specs;
}

function deepText(depth: number, kind: 'array' | 'object'): Repeated {
  return kind === 'array' ? new DeepText('[', ']', depth) : new DeepText('{"a":', '}', depth, '1');
}

/** `[[[…]]]` or `{"a":{"a":…}}` built as a string, never as an object. */
class DeepText extends Repeated {
  constructor(
    readonly open: string,
    readonly close: string,
    readonly depth: number,
    readonly inner = '',
  ) {
    super(open, depth);
  }
  override toString(): string {
    return this.open.repeat(this.depth) + this.inner + this.close.repeat(this.depth);
  }
}

export function describeDeep(r: Repeated): string {
  if (r instanceof DeepText) {
    return `${JSON.stringify(r.open)}×${r.depth} + ${JSON.stringify(r.inner)} + ${JSON.stringify(r.close)}×${r.depth}`;
  }
  return `${JSON.stringify(r.unit)}×${r.count}`;
}

function wholeBodySpecs(op: Operation, ctx: GenContext): Spec[] {
  const specs: Spec[] = [];
  const push = (
    variant: string,
    cls: string,
    body: BodySpec,
    contentType?: string | null,
  ): void => {
    specs.push({
      op,
      category: 'whole-body',
      variant,
      signature: `whole-body:${cls}`,
      contentType: contentType === undefined ? JSON_CT : contentType,
      body,
    });
  };
  for (const depth of [5_000, 100_000]) {
    for (const kind of ['array', 'object'] as const) {
      push(`JSON nested ${depth} deep (${kind})`, `deep-json-${depth}`, {
        kind: 'text',
        text: deepText(depth, kind),
      });
    }
  }
  const invalid = [
    '{',
    '{"a":}',
    "{'a':1}",
    '{"a":1,}',
    'NaN',
    '{"a":1}{"b":2}',
    '{"a":1} trailing',
    '\u0000',
    '{"a":"\\ud800"}',
    '{"a":"\\x41"}',
    '[1,2',
    '\ufeff{"a":1}',
  ];
  const seed = deriveSeed(ctx.seed, op.key, 'whole-body');
  for (const text of sample(fc.constantFrom(...invalid), 3, seed)) {
    push(`invalid JSON ${JSON.stringify(text)}`, 'invalid-json', { kind: 'text', text });
  }
  push('empty body', 'empty-json', { kind: 'text', text: '' });
  const scalars = [
    '1',
    'true',
    'null',
    '"a string"',
    '[]',
    '[{}]',
    '1e400',
    '-0',
    '"\\u0000"',
    '{}',
  ];
  for (const text of sample(fc.constantFrom(...scalars), 3, deriveSeed(seed, 'scalar'))) {
    push(`whole body ${text}`, 'json-scalar-or-array', { kind: 'text', text });
  }
  push('1.1 MB JSON string (over the body limit)', 'oversize', {
    kind: 'text',
    text: new DeepText('"', '"', 1, 'x'.repeat(1_150_000)),
    label: '"x"×1150000',
  });
  push('{"__proto__":{"isPlatformAdmin":true}} as the whole body', 'prototype-key', {
    kind: 'text',
    text: '{"__proto__":{"isPlatformAdmin":true}}',
  });
  push('{"constructor":{"prototype":{"x":1}}} as the whole body', 'prototype-key', {
    kind: 'text',
    text: '{"constructor":{"prototype":{"x":1}}}',
  });
  return specs;
}

/** CSV bodies that break one thing each (CSV routes only). */
function csvBodySpecs(op: Operation, ctx: GenContext): Spec[] {
  const valid = ctx.validBody(op);
  if (typeof valid !== 'string') return [];
  const [header, ...rows] = valid.split('\n');
  const row = rows[0] ?? '';
  const cols = header.split(',');
  const cells = row.split(',');
  // Later rows stay (the import's valid body ends in a refused row, so no fuzzed upload queues
  // an import, which would hold up every later one with 409).
  const rest = rows
    .slice(1)
    .map((r) => `\n${r}`)
    .join('');
  const withCell = (name: string, value: string): string => {
    const i = cols.indexOf(name);
    if (i < 0) return `${header}\n${row}${rest}`;
    const copy = [...cells];
    copy[i] = value;
    return `${header}\n${copy.join(',')}${rest}`;
  };
  const numberCols = cols.filter((c) =>
    /quantity|value|price|year|deadweight|attribution|displacement|drop|duration/.test(c),
  );
  const dateCols = cols.filter((c) => /date|from/.test(c));
  const textCols = cols.filter((c) => /ref|code|name|citation|licence|unit/.test(c));
  const cases: { label: string; cls: string; body: BodySpec }[] = [
    { label: 'header only', cls: 'csv-structure', body: { kind: 'text', text: `${header}\n` } },
    { label: 'BOM only', cls: 'csv-structure', body: { kind: 'text', text: '\ufeff' } },
    {
      label: 'unbalanced quote',
      cls: 'csv-structure',
      body: { kind: 'text', text: `${header}\n"${row}${rest}` },
    },
    {
      label: 'extra column',
      cls: 'csv-structure',
      body: { kind: 'text', text: `${header}\n${row},extra${rest}` },
    },
    {
      label: 'missing columns',
      cls: 'csv-structure',
      body: { kind: 'text', text: `${cols.slice(1).join(',')}\n${cells.slice(1).join(',')}` },
    },
    {
      label: 'duplicate header',
      cls: 'csv-structure',
      body: { kind: 'text', text: `${header},${cols[0]}\n${row},x${rest}` },
    },
    {
      label: '10,000 columns',
      cls: 'csv-structure',
      body: { kind: 'text', text: `${header}${',x'.repeat(10_000)}\n${row}${rest}` },
    },
    {
      label: 'CR line endings',
      cls: 'csv-structure',
      body: { kind: 'text', text: `${header}\r${row}${rest.replace(/\n/g, '\r')}\r` },
    },
    {
      label: 'invalid UTF-8',
      cls: 'csv-encoding',
      body: {
        kind: 'bytes',
        bytes: Buffer.concat([
          Buffer.from(`${header}\n`),
          Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
          Buffer.from(`,${row}${rest}`),
        ]),
        label: `${header}\\n<ff fe c3 28>,…`,
      },
    },
    {
      label: 'UTF-8-encoded lone surrogate (CESU)',
      cls: 'csv-encoding',
      body: {
        kind: 'bytes',
        bytes: Buffer.concat([
          Buffer.from(`${header}\n`),
          Buffer.from([0xed, 0xa0, 0x80]),
          Buffer.from(`${row}${rest}`),
        ]),
        label: `${header}\\n<ed a0 80>…`,
      },
    },
    {
      label: 'a 100,000-character line',
      cls: 'csv-long',
      body: { kind: 'text', text: `${header}\n${'x'.repeat(100_000)}${rest}` },
    },
    { label: 'JSON body', cls: 'csv-structure', body: { kind: 'text', text: '{"a":1}' } },
    ...numberCols.flatMap((c) =>
      [
        '1e3',
        'NaN',
        'Infinity',
        '-0',
        '0x10',
        '99999999999999999999',
        '-1',
        ' 1',
        '9223372036854775808',
      ].map((v) => ({
        label: `${c} = ${v}`,
        cls: 'csv-number',
        body: { kind: 'text' as const, text: withCell(c, v) },
      })),
    ),
    ...dateCols.flatMap((c) =>
      ['0000-01-01', '0001-01-01', '9999-12-31', '2026-02-30', '2026-1-1', '+275760-09-13'].map(
        (v) => ({
          label: `${c} = ${v}`,
          cls: 'csv-date',
          body: { kind: 'text' as const, text: withCell(c, v) },
        }),
      ),
    ),
    ...textCols.flatMap((c) =>
      [
        ['a\u0000b', 'nul'],
        ['', 'empty'],
        ['   ', 'whitespace'],
        ['x'.repeat(5000), 'long'],
        ['=1+1', 'formula'],
        ['"quoted ""x"""', 'quotes'],
      ].map(([v, cls]) => ({
        label: `${c} = ${JSON.stringify(v.length > 40 ? `${v.slice(0, 10)}…(${v.length})` : v)}`,
        cls: `csv-text-${cls}`,
        body: { kind: 'text' as const, text: withCell(c, v) },
      })),
    ),
  ];
  const seed = deriveSeed(ctx.seed, op.key, 'csv-body');
  const structural = cases.filter((c) => !/^csv-(number|date|text)/.test(c.cls));
  const cellCases = cases.filter((c) => /^csv-(number|date|text)/.test(c.cls));
  const picked = [...structural, ...sample(fc.constantFrom(...cellCases), count(16, ctx), seed)];
  return picked.map((c) => ({
    op,
    category: 'csv-body' as const,
    variant: `CSV ${c.label}`,
    signature: `csv-body:${c.cls}`,
    body: c.body,
  }));
}

const PATH_VALUES: { value: string; cls: string }[] = [
  { value: '9223372036854775808', cls: 'path-2**63' },
  { value: '9223372036854775807', cls: 'path-int64-max' },
  { value: '99999999999999999999', cls: 'path-huge-int' },
  { value: '-1', cls: 'path-negative' },
  { value: '0', cls: 'path-zero' },
  { value: 'abc', cls: 'path-text' },
  { value: '1e3', cls: 'path-text' },
  { value: 'null', cls: 'path-text' },
  { value: '%00', cls: 'path-nul' },
  { value: 'abc%00def', cls: 'path-nul' },
  { value: '%2F', cls: 'path-encoded-slash' },
  { value: 'a%2Fb', cls: 'path-encoded-slash' },
  { value: '%2e%2e', cls: 'path-dot-dot' },
  { value: '%20', cls: 'path-space' },
  { value: '%ZZ', cls: 'path-bad-percent' },
  { value: '%C0%AE', cls: 'path-overlong-utf8' },
  { value: '%ED%A0%80', cls: 'path-lone-surrogate' },
  { value: '00000000-0000-0000-0000-000000000000', cls: 'path-uuid-nil' },
  { value: '6f1c3a52-59a4-4f3e-9d7c-0a7c8e0b1234', cls: 'path-uuid-unknown' },
];

function pathParamSpecs(op: Operation, ctx: GenContext): Spec[] {
  if (op.pathParams.length === 0) return [];
  const specs: Spec[] = [];
  const mk = (name: string, value: string, cls: string): Spec => ({
    op,
    category: 'path-param',
    variant: `path ${name} = ${value.length > 40 ? `${value.slice(0, 12)}…(${value.length} chars)` : value}`,
    signature: `path-param:${cls}`,
    pathParams: { [name]: value },
    body: { kind: op.isWrite ? 'valid' : 'none' },
  });
  // Each parameter: a 10,000-character segment (414), the integer edges, NUL, an encoded
  // slash, and its own value in upper case and malformed…
  const always = PATH_VALUES.filter((v) =>
    /^path-(2\*\*63|huge-int|negative|zero|nul|encoded-slash)$/.test(v.cls),
  ).filter((v, i, all) => all.findIndex((w) => w.cls === v.cls) === i);
  for (const p of op.pathParams) {
    specs.push(mk(p.name, 'a'.repeat(10_000), 'path-10k-segment'));
    for (const v of always) specs.push(mk(p.name, v.value, v.cls));
    const valid = ctx.pathValue(op, p.name);
    if (valid && /^[0-9a-f-]{36}$/i.test(valid)) {
      specs.push(mk(p.name, valid.toUpperCase(), 'path-uuid-uppercase'));
      specs.push(mk(p.name, valid.slice(0, 35), 'path-uuid-malformed'));
      specs.push(mk(p.name, `${valid}x`, 'path-uuid-malformed'));
    }
  }
  const seed = deriveSeed(ctx.seed, op.key, 'path-param');
  const arb = fc.tuple(
    fc.constantFrom(...op.pathParams.map((p) => p.name)),
    fc.constantFrom(...PATH_VALUES),
  );
  // …and random draws from the rest.
  for (const [name, v] of sample(arb, count(4, ctx), seed)) specs.push(mk(name, v.value, v.cls));
  return specs;
}

/** Raw (encoded) query values for a parameter of this schema. */
function queryValuesFor(p: QueryParam, ctx: GenContext): { value: string; cls: string }[] {
  const s = p.schema;
  const generic = [
    { value: '', cls: 'query-empty' },
    { value: '%20', cls: 'query-whitespace' },
    { value: '%00', cls: 'query-nul' },
    { value: 'a%00b', cls: 'query-nul' },
    { value: '%ED%A0%80', cls: 'query-lone-surrogate' },
    { value: '%FF%FE', cls: 'query-invalid-utf8' },
    { value: 'x'.repeat(3000), cls: 'query-long' },
    { value: '%E2%80%AEabc', cls: 'query-unicode' },
  ];
  if (isNumericSchema(s)) {
    return [
      { value: '1e20', cls: 'query-huge-number' },
      { value: '1e308', cls: 'query-huge-number' },
      { value: '9223372036854775808', cls: 'query-huge-number' },
      { value: '-1', cls: 'query-negative' },
      { value: '0', cls: 'query-zero' },
      { value: '1e3', cls: 'query-exponent' },
      { value: 'abc', cls: 'query-not-a-number' },
      { value: 'NaN', cls: 'query-not-a-number' },
      { value: 'Infinity', cls: 'query-not-a-number' },
      { value: '1.5', cls: 'query-fraction' },
      { value: '0x10', cls: 'query-hex' },
      { value: '%201', cls: 'query-whitespace' },
      { value: '-0', cls: 'query-negative-zero' },
      ...generic,
    ];
  }
  if (s.enum) {
    return [
      { value: String(s.enum[0]).toUpperCase(), cls: 'query-enum-case' },
      { value: 'unknown', cls: 'query-enum-unknown' },
      ...generic,
    ];
  }
  if (s.format === 'uuid') {
    return [
      { value: 'not-a-uuid', cls: 'query-uuid-malformed' },
      {
        value: (ctx.otherIds[0] ?? '6f1c3a52-59a4-4f3e-9d7c-0a7c8e0b1234').toUpperCase(),
        cls: 'query-uuid-uppercase',
      },
      { value: '00000000-0000-0000-0000-000000000000', cls: 'query-uuid-nil' },
      ...ctx.otherIds.slice(0, 3).map((id) => ({ value: id, cls: 'query-uuid-other-kind' })),
      ...generic,
    ];
  }
  if (isDateSchema(s)) {
    return [
      { value: '0000-01-01', cls: 'query-date-year-0' },
      { value: '0001-01-01', cls: 'query-date-edge' },
      { value: '9999-12-31', cls: 'query-date-edge' },
      { value: '2026-02-30', cls: 'query-date-invalid' },
      { value: '2026-1-1', cls: 'query-date-invalid' },
      { value: '%2B275760-09-13', cls: 'query-date-extended-year' },
      ...generic,
    ];
  }
  if ((typeof s.example === 'string' && /^(true|false)$/.test(s.example)) || s.type === 'boolean') {
    return [
      { value: 'TRUE', cls: 'query-bool' },
      { value: '1', cls: 'query-bool' },
      { value: 'yes', cls: 'query-bool' },
      ...generic,
    ];
  }
  return [
    { value: '9223372036854775808', cls: 'query-huge-number' },
    { value: '-1', cls: 'query-negative' },
    { value: '%25', cls: 'query-percent' },
    { value: '%27%20OR%201%3D1--', cls: 'query-sql-ish' },
    ...generic,
  ];
}

/** Query value classes every declared parameter gets (one value each). */
const ALWAYS_QUERY = new Set([
  'query-huge-number',
  'query-negative',
  'query-zero',
  'query-exponent',
  'query-not-a-number',
  'query-nul',
  'query-date-year-0',
  'query-date-invalid',
  'query-uuid-malformed',
  'query-enum-unknown',
  'query-bool',
]);

const UNKNOWN_QUERY: { text: string; cls: string }[] = [
  { text: 'zzUnknown=1', cls: 'query-unknown-param' },
  { text: '__proto__%5BisPlatformAdmin%5D=true', cls: 'query-prototype-key' },
  { text: '__proto__=x', cls: 'query-prototype-key' },
  { text: 'constructor%5Bprototype%5D%5Bx%5D=1', cls: 'query-prototype-key' },
  { text: 'a%5Bb%5D=c', cls: 'query-bracket-key' },
  { text: 'limit%5B%5D=1', cls: 'query-bracket-key' },
  { text: '%00=1', cls: 'query-nul-key' },
  { text: '&&&=&=', cls: 'query-garbage' },
  { text: 'offset=1e20', cls: 'query-huge-number' },
  { text: 'offset=-1', cls: 'query-negative' },
  { text: 'limit=0', cls: 'query-zero' },
  { text: 'limit=1e3', cls: 'query-exponent' },
  { text: 'limit=abc', cls: 'query-not-a-number' },
  { text: 'limit=1&limit=2', cls: 'query-repeated' },
];

function joinQuery(...parts: string[]): string {
  return parts.filter((p) => p.length > 0).join('&');
}

function queryParamSpecs(op: Operation, ctx: GenContext): Spec[] {
  const base = ctx.baseQuery(op);
  const specs: Spec[] = [];
  const seed = deriveSeed(ctx.seed, op.key, 'query-param');
  const mk = (query: string, variant: string, cls: string): Spec => ({
    op,
    category: 'query-param',
    variant,
    signature: `query-param:${cls}`,
    query,
    body: { kind: op.isWrite ? 'valid' : 'none' },
  });
  const params = op.queryParams;
  if (params.length > 0) {
    // Each declared parameter: repeated, one value of each hard class, and two drawn at random.
    for (const p of params) {
      specs.push(
        mk(
          joinQuery(base, `${p.name}=1&${p.name}=2`),
          `query ${p.name} repeated`,
          'query-repeated',
        ),
      );
      const values = queryValuesFor(p, ctx);
      const must = values.filter(
        (v, i) => ALWAYS_QUERY.has(v.cls) && values.findIndex((w) => w.cls === v.cls) === i,
      );
      const drawn = sample(fc.constantFrom(...values), 2, deriveSeed(seed, p.name));
      for (const v of [...must, ...drawn]) {
        specs.push(
          mk(
            joinQuery(withoutParam(base, p.name), `${p.name}=${v.value}`),
            `query ${p.name}=${v.value.length > 40 ? `${v.value.slice(0, 10)}…(${v.value.length})` : v.value}`,
            v.cls,
          ),
        );
      }
    }
    // Random combinations of one to three parameters.
    const one = fc
      .constantFrom(...params)
      .chain((p) => fc.constantFrom(...queryValuesFor(p, ctx)).map((v) => ({ p, v })));
    const combos = sample(
      fc.array(one, { minLength: 1, maxLength: 3 }),
      count(op.isWrite ? 4 : 12, ctx),
      seed,
    );
    for (const combo of combos) {
      const names = combo.map((c) => c.p.name);
      const q = joinQuery(
        names.reduce((acc, n) => withoutParam(acc, n), base),
        ...combo.map((c) => `${c.p.name}=${c.v.value}`),
      );
      specs.push(
        mk(
          q,
          `query ${combo.map((c) => `${c.p.name}=${c.v.value.length > 30 ? `${c.v.value.slice(0, 8)}…(${c.v.value.length})` : c.v.value}`).join('&')}`,
          combo[0].v.cls,
        ),
      );
    }
  }
  // Unknown and hostile parameters (write routes too).
  const picks = sample(
    fc.constantFrom(...UNKNOWN_QUERY),
    count(op.isWrite ? 3 : 5, ctx),
    deriveSeed(seed, 'unknown'),
  );
  for (const u of picks) specs.push(mk(joinQuery(base, u.text), `query ${u.text}`, u.cls));
  return specs;
}

function withoutParam(query: string, name: string): string {
  return query
    .split('&')
    .filter((p) => p.length > 0 && p.split('=')[0] !== name)
    .join('&');
}

function headerSpecs(op: Operation, ctx: GenContext): Spec[] {
  const specs: Spec[] = [];
  const mk = (
    headers: Record<string, string | string[]>,
    variant: string,
    cls: string,
    body?: BodySpec,
  ): Spec => ({
    op,
    category: 'header',
    variant,
    signature: `header:${cls}`,
    headers,
    body: body ?? { kind: 'valid' },
  });
  const keys: { value: string | string[]; cls: string; label: string }[] = [
    { value: '', cls: 'idempotency-empty', label: 'empty' },
    { value: ' ', cls: 'idempotency-whitespace', label: 'a space' },
    { value: 'k'.repeat(256), cls: 'idempotency-256', label: '256 characters' },
    { value: 'k'.repeat(300), cls: 'idempotency-300', label: '300 characters' },
    { value: 'fuzz\u00ff\u00fe-$UNIQ', cls: 'idempotency-latin1', label: 'latin-1 bytes ff fe' },
    { value: 'fuzz\t%00\\u0000-$UNIQ', cls: 'idempotency-nul-ish', label: 'tab, %00 and \\u0000' },
    { value: ['fuzz-a-$UNIQ', 'fuzz-b-$UNIQ'], cls: 'idempotency-repeated', label: 'sent twice' },
  ];
  const seed = deriveSeed(ctx.seed, op.key, 'header');
  const picks = op.method === 'POST' ? keys : sample(fc.constantFrom(...keys), 2, seed);
  for (const k of picks) {
    specs.push(mk({ 'idempotency-key': k.value }, `Idempotency-Key ${k.label}`, k.cls));
  }
  if (op.method === 'POST') {
    // The same key with two different bodies: whichever comes second must be a 409 or a replay.
    const key = `fuzz-reuse-${deriveSeed(ctx.seed, op.key) >>> 0}`;
    specs.push(
      mk({ 'idempotency-key': key }, 'Idempotency-Key reused (first body)', 'idempotency-reuse'),
    );
    const valid = ctx.validBody(op);
    const other: BodySpec = isPlain(valid)
      ? { kind: 'json', value: { ...cloneJson(valid), zzDifferent: true } }
      : typeof valid === 'string'
        ? { kind: 'text', text: `${valid}\n` }
        : { kind: 'json', value: { different: true } };
    specs.push(
      mk(
        { 'idempotency-key': key },
        'Idempotency-Key reused (other body)',
        'idempotency-reuse',
        other,
      ),
    );
  }
  const others: { h: Record<string, string | string[]>; label: string; cls: string }[] = [
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
  for (const o of sample(fc.constantFrom(...others), count(2, ctx), deriveSeed(seed, 'other'))) {
    specs.push(mk(o.h, o.label, o.cls));
  }
  return specs;
}

function authSpecs(op: Operation): Spec[] {
  const mk = (variant: string, cls: string, extra: Partial<Spec>): Spec => ({
    op,
    category: 'auth',
    variant,
    signature: `auth:${cls}`,
    body: { kind: op.isWrite ? 'valid' : 'none' },
    ...extra,
  });
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

/** Every malformed request of one operation. */
export function specsFor(op: Operation, ctx: GenContext): Spec[] {
  const specs: Spec[] = [];
  if (op.isWrite) {
    specs.push(...contentTypeSpecs(op, ctx));
    specs.push(...wholeBodySpecs(op, ctx));
    specs.push(...bodyFieldSpecs(op, ctx));
    specs.push(...bodyStructureSpecs(op, ctx));
    if (isCsvOp(op)) specs.push(...csvBodySpecs(op, ctx));
    specs.push(...pathParamSpecs(op, ctx));
    specs.push(...headerSpecs(op, ctx));
    specs.push(...authSpecs(op));
  } else {
    specs.push(...pathParamSpecs(op, ctx).slice(0, 2));
    specs.push(...authSpecs(op).slice(0, 1));
  }
  specs.push(...queryParamSpecs(op, ctx));
  return specs;
}
