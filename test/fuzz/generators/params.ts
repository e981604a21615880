/** Path and query parameter requests: hard values in place of the fixture's, unknown keys. */
import fc from 'fast-check';
import { SUPPORTED_DATES } from '@ol/outcomes';
import { isDateSchema, isNumericSchema, type Operation, type QueryParam } from '../openapi';
import { count, deriveSeed, sample } from './random';
import { specOf, usualBody, type GenContext, type Spec } from './spec';

/** A raw (already encoded) value and its class. */
interface ParamValue {
  value: string;
  cls: string;
}

/** Values that share a class. */
const ofClass = (cls: string, ...values: string[]): ParamValue[] =>
  values.map((value) => ({ value, cls }));

/** Path segments for any parameter: integer edges, text, NUL, encoded slashes, bad encodings. */
const PATH_VALUES: ParamValue[] = [
  ...ofClass('path-2**63', '9223372036854775808'),
  ...ofClass('path-int64-max', '9223372036854775807'),
  ...ofClass('path-huge-int', '99999999999999999999'),
  ...ofClass('path-negative', '-1'),
  ...ofClass('path-zero', '0'),
  ...ofClass('path-text', 'abc', '1e3', 'null'),
  ...ofClass('path-nul', '%00', 'abc%00def'),
  ...ofClass('path-encoded-slash', '%2F', 'a%2Fb'),
  ...ofClass('path-dot-dot', '%2e%2e'),
  ...ofClass('path-space', '%20'),
  ...ofClass('path-bad-percent', '%ZZ'),
  ...ofClass('path-overlong-utf8', '%C0%AE'),
  ...ofClass('path-lone-surrogate', '%ED%A0%80'),
  ...ofClass('path-uuid-nil', '00000000-0000-0000-0000-000000000000'),
  ...ofClass('path-uuid-unknown', '6f1c3a52-59a4-4f3e-9d7c-0a7c8e0b1234'),
];

/** Each parameter: a 10,000-character segment, hard values, its own value changed; then random. */
export function pathParamSpecs(op: Operation, ctx: GenContext): Spec[] {
  if (op.pathParams.length === 0) return [];
  const specs: Spec[] = [];
  const mk = (name: string, value: string, cls: string): Spec =>
    specOf(
      op,
      'path-param',
      `path ${name} = ${value.length > 40 ? `${value.slice(0, 12)}…(${value.length} chars)` : value}`,
      cls,
      { pathParams: { [name]: value }, body: usualBody(op) },
    );
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

/** Values any query parameter may get, whatever its type. */
const GENERIC_QUERY: ParamValue[] = [
  ...ofClass('query-empty', ''),
  ...ofClass('query-whitespace', '%20'),
  ...ofClass('query-nul', '%00', 'a%00b'),
  ...ofClass('query-lone-surrogate', '%ED%A0%80'),
  ...ofClass('query-invalid-utf8', '%FF%FE'),
  ...ofClass('query-long', 'x'.repeat(3000)),
  ...ofClass('query-unicode', '%E2%80%AEabc'),
];

const NUMBER_QUERY: ParamValue[] = [
  ...ofClass('query-huge-number', '1e20', '1e308', '9223372036854775808'),
  ...ofClass('query-negative', '-1'),
  ...ofClass('query-zero', '0'),
  ...ofClass('query-exponent', '1e3'),
  ...ofClass('query-not-a-number', 'abc', 'NaN', 'Infinity'),
  ...ofClass('query-fraction', '1.5'),
  ...ofClass('query-hex', '0x10'),
  ...ofClass('query-whitespace', '%201'),
  ...ofClass('query-negative-zero', '-0'),
];

const DATE_QUERY: ParamValue[] = [
  ...ofClass('query-date-year-0', '0000-01-01'),
  ...ofClass('query-date-edge', '0001-01-01', '9999-12-31'),
  ...ofClass('query-date-invalid', '2026-02-30', '2026-1-1'),
  ...ofClass('query-date-extended-year', '%2B275760-09-13'),
];

const BOOLEAN_QUERY: ParamValue[] = ofClass('query-bool', 'TRUE', '1', 'yes');

const TEXT_QUERY: ParamValue[] = [
  ...ofClass('query-huge-number', '9223372036854775808'),
  ...ofClass('query-negative', '-1'),
  ...ofClass('query-percent', '%25'),
  ...ofClass('query-sql-ish', '%27%20OR%201%3D1--'),
];

const isBooleanLike = (s: QueryParam['schema']): boolean =>
  (typeof s.example === 'string' && /^(true|false)$/.test(s.example)) || s.type === 'boolean';

/**
 * Values the parameter accepts, at its edges where it has any (bounds, every enum value, the
 * first and last supported dates): a GET must be able to succeed with its query changed, so
 * that a defect behind the validation (in the query the database runs) can show.
 */
function validQueryValues(p: QueryParam, ctx: GenContext): ParamValue[] {
  const s = p.schema;
  if (isNumericSchema(s)) {
    const bounds = [s.minimum ?? 1, s.maximum].filter((v) => v !== undefined);
    return ofClass('query-valid', ...bounds.map(String));
  }
  if (s.enum) return ofClass('query-valid', ...s.enum.map((v) => encodeURIComponent(String(v))));
  if (s.format === 'uuid') return ofClass('query-valid', ...ctx.otherIds.slice(0, 1));
  if (isDateSchema(s)) {
    return ofClass('query-valid', SUPPORTED_DATES.first, SUPPORTED_DATES.last, '2024-02-29');
  }
  if (isBooleanLike(s)) return ofClass('query-valid', 'true', 'false');
  return ofClass(
    'query-valid',
    encodeURIComponent(typeof s.example === 'string' ? s.example : 'a'),
  );
}

/** Raw (encoded) query values for a parameter of this schema: valid edges, then hard ones. */
function queryValuesFor(p: QueryParam, ctx: GenContext): ParamValue[] {
  return [...validQueryValues(p, ctx), ...invalidQueryValues(p, ctx)];
}

function invalidQueryValues(p: QueryParam, ctx: GenContext): ParamValue[] {
  const s = p.schema;
  if (isNumericSchema(s)) return [...NUMBER_QUERY, ...GENERIC_QUERY];
  if (s.enum) {
    return [
      { value: String(s.enum[0]).toUpperCase(), cls: 'query-enum-case' },
      { value: 'unknown', cls: 'query-enum-unknown' },
      ...GENERIC_QUERY,
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
      ...GENERIC_QUERY,
    ];
  }
  if (isDateSchema(s)) return [...DATE_QUERY, ...GENERIC_QUERY];
  if (isBooleanLike(s)) return [...BOOLEAN_QUERY, ...GENERIC_QUERY];
  return [...TEXT_QUERY, ...GENERIC_QUERY];
}

/** Query value classes every declared parameter gets (one value each; every valid one). */
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

/** Whole query parameters: unknown names, prototype and bracket keys, garbage, paging edges. */
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

/** Query parts joined with `&`, empty ones left out. */
function joinQuery(...parts: string[]): string {
  return parts.filter((p) => p.length > 0).join('&');
}

/** The query without any value of parameter `name`. */
function withoutParam(query: string, name: string): string {
  return query
    .split('&')
    .filter((p) => p.length > 0 && p.split('=')[0] !== name)
    .join('&');
}

const querySpec = (op: Operation, query: string, variant: string, cls: string): Spec =>
  specOf(op, 'query-param', variant, cls, { query, body: usualBody(op) });

/** Each declared parameter changed, random combinations of them, unknown and hostile keys. */
export function queryParamSpecs(op: Operation, ctx: GenContext): Spec[] {
  const base = ctx.baseQuery(op);
  const seed = deriveSeed(ctx.seed, op.key, 'query-param');
  const specs: Spec[] = [];
  if (op.queryParams.length > 0) {
    for (const p of op.queryParams) specs.push(...declaredParamSpecs(op, p, base, seed, ctx));
    specs.push(...combinationSpecs(op, base, seed, ctx));
  }
  specs.push(...unknownParamSpecs(op, base, seed, ctx));
  return specs;
}

/** One declared parameter: repeated, one value of each hard class, and two drawn at random. */
function declaredParamSpecs(
  op: Operation,
  p: QueryParam,
  base: string,
  seed: number,
  ctx: GenContext,
): Spec[] {
  const specs = [
    querySpec(
      op,
      joinQuery(base, `${p.name}=1&${p.name}=2`),
      `query ${p.name} repeated`,
      'query-repeated',
    ),
  ];
  const values = queryValuesFor(p, ctx);
  // Every valid edge value, and the first value of each hard class.
  const must = values.filter(
    (v, i) =>
      v.cls === 'query-valid' ||
      (ALWAYS_QUERY.has(v.cls) && values.findIndex((w) => w.cls === v.cls) === i),
  );
  const drawn = sample(fc.constantFrom(...values), 2, deriveSeed(seed, p.name));
  for (const v of [...must, ...drawn]) {
    specs.push(
      querySpec(
        op,
        joinQuery(withoutParam(base, p.name), `${p.name}=${v.value}`),
        `query ${p.name}=${v.value.length > 40 ? `${v.value.slice(0, 10)}…(${v.value.length})` : v.value}`,
        v.cls,
      ),
    );
  }
  return specs;
}

/** Random combinations of one to three declared parameters. */
function combinationSpecs(op: Operation, base: string, seed: number, ctx: GenContext): Spec[] {
  const one = fc
    .constantFrom(...op.queryParams)
    .chain((p) => fc.constantFrom(...queryValuesFor(p, ctx)).map((v) => ({ p, v })));
  const combos = sample(
    fc.array(one, { minLength: 1, maxLength: 3 }),
    count(op.isWrite ? 4 : 12, ctx),
    seed,
  );
  return combos.map((combo) => {
    const names = combo.map((c) => c.p.name);
    const q = joinQuery(
      names.reduce((acc, n) => withoutParam(acc, n), base),
      ...combo.map((c) => `${c.p.name}=${c.v.value}`),
    );
    return querySpec(
      op,
      q,
      `query ${combo.map((c) => `${c.p.name}=${c.v.value.length > 30 ? `${c.v.value.slice(0, 8)}…(${c.v.value.length})` : c.v.value}`).join('&')}`,
      combo[0].v.cls,
    );
  });
}

/** Unknown and hostile parameters (write routes too). */
function unknownParamSpecs(op: Operation, base: string, seed: number, ctx: GenContext): Spec[] {
  const picks = sample(
    fc.constantFrom(...UNKNOWN_QUERY),
    count(op.isWrite ? 3 : 5, ctx),
    deriveSeed(seed, 'unknown'),
  );
  return picks.map((u) => querySpec(op, joinQuery(base, u.text), `query ${u.text}`, u.cls));
}
