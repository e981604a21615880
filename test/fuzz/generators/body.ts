/** Body requests of JSON routes: one field changed, the object's structure changed. */
import fc from 'fast-check';
import { cloneJson, RawJson, Repeated, setOwn } from '../json-text';
import {
  fieldsOf,
  isNumericSchema,
  pathLabel,
  type Field,
  type FieldPath,
  type Operation,
  type Schema,
} from '../openapi';
import { count, deriveSeed, sample } from './random';
import { JSON_CT, specOf, type BodySpec, type GenContext, type Spec } from './spec';
import {
  isPlain,
  m,
  mutationsFor,
  randomNumberMutation,
  randomStringMutation,
  systematicFor,
  type Mutation,
} from './values';

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

/** Each field of the valid body set to a hard value of its type, then to random ones. */
export function bodyFieldSpecs(op: Operation, ctx: GenContext): Spec[] {
  if (!op.bodySchema) return [];
  const valid = ctx.validBody(op);
  const fields = fieldsOf(op.bodySchema);
  if (fields.length === 0) return [];
  const specs: Spec[] = [];
  const mk = (field: Field, mutation: Mutation): Spec =>
    specOf(op, 'body-field', `field ${pathLabel(field.path)} = ${mutation.label}`, mutation.cls, {
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

/** A changed body: what changed (for reports), its class, and the JSON value sent. */
type Edit = [variant: string, cls: string, value: unknown];

/** The valid body with its shape broken: fields missing or extra, prototype keys, and so on. */
export function bodyStructureSpecs(op: Operation, ctx: GenContext): Spec[] {
  if (!op.bodySchema) return [];
  const valid = ctx.validBody(op);
  if (!isPlain(valid)) return [];
  const edits: Edit[] = [
    ...withoutRequired(op.bodySchema, valid),
    ['unknown extra field', 'unknown-field', { ...cloneJson(valid), zzUnknown: 'x' }],
    ...prototypeKeys(op.bodySchema, valid),
    ...wholeObjectEdits(valid),
  ];
  return edits.map(([variant, cls, value]) =>
    specOf(op, 'body-structure', variant, cls, { body: { kind: 'json', value } }),
  );
}

/** The valid body without each of its required fields in turn. */
function withoutRequired(schema: Schema, valid: Record<string, unknown>): Edit[] {
  return (schema.required ?? []).map((name): Edit => [
    `without required ${name}`,
    'missing-required',
    editAt(valid, [name], { label: '', cls: '', remove: true }),
  ]);
}

/** Own `__proto__` and `constructor` properties (prototype pollution), at the top and nested. */
function prototypeKeys(schema: Schema, valid: Record<string, unknown>): Edit[] {
  const edits: Edit[] = [];
  const proto = cloneJson(valid);
  setOwn(proto, '__proto__', { isPlatformAdmin: true, polluted: 'yes' });
  edits.push(['own __proto__ property', 'prototype-key', proto]);
  const ctor = cloneJson(valid);
  setOwn(ctor, 'constructor', { prototype: { polluted: 'yes' } });
  edits.push(['own constructor property', 'prototype-key', ctor]);
  const protoOnly = {};
  setOwn(protoOnly, '__proto__', cloneJson(valid));
  edits.push(['the valid body under __proto__', 'prototype-key', protoOnly]);
  const nested = fieldsOf(schema).find((f) => f.schema.properties);
  if (nested) {
    const inner: Record<string, unknown> = {};
    setOwn(inner, '__proto__', { polluted: 'yes' });
    edits.push([
      `own __proto__ inside ${pathLabel(nested.path)}`,
      'prototype-key',
      editAt(valid, nested.path, m('prototype-key', inner)),
    ]);
  }
  return edits;
}

/** Every field null, no field, a duplicate key, every string long. */
function wholeObjectEdits(valid: Record<string, unknown>): Edit[] {
  const edits: Edit[] = [
    ['every field null', 'all-null', Object.fromEntries(Object.keys(valid).map((k) => [k, null]))],
    ['empty object', 'empty-object', {}],
  ];
  const text = JSON.stringify(valid);
  const firstKey = Object.keys(valid)[0];
  if (firstKey !== undefined) {
    edits.push([
      `duplicate key ${firstKey}`,
      'duplicate-key',
      new RawJson(
        `{${JSON.stringify(firstKey)}:null,${text.slice(1)}`,
        `{"${firstKey}":null, …valid}`,
      ),
    ]);
  }
  edits.push([
    'every string field 2,000 characters',
    'long-strings',
    Object.fromEntries(
      Object.entries(valid).map(([k, v]) => [k, typeof v === 'string' ? 'x'.repeat(2000) : v]),
    ),
  ]);
  return edits;
}

/** JSON nested `depth` deep: arrays or objects. */
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

/** How a long repetition reads in reports: `"["×5000 + "" + "]"×5000`. */
export function describeDeep(r: Repeated): string {
  if (r instanceof DeepText) {
    return `${JSON.stringify(r.open)}×${r.depth} + ${JSON.stringify(r.inner)} + ${JSON.stringify(r.close)}×${r.depth}`;
  }
  return `${JSON.stringify(r.unit)}×${r.count}`;
}

/** Invalid JSON texts, three drawn per operation. */
const INVALID_JSON = [
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

/** Whole bodies that are JSON but not an object, three drawn per operation. */
const JSON_SCALARS = [
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

/** JSON texts that are too deep, too big, invalid or not an object, as the whole body. */
export function wholeBodySpecs(op: Operation, ctx: GenContext): Spec[] {
  const specs: Spec[] = [];
  const push = (variant: string, cls: string, body: BodySpec): void => {
    specs.push(specOf(op, 'whole-body', variant, cls, { contentType: JSON_CT, body }));
  };
  for (const depth of [5_000, 100_000]) {
    for (const kind of ['array', 'object'] as const) {
      push(`JSON nested ${depth} deep (${kind})`, `deep-json-${depth}`, {
        kind: 'text',
        text: deepText(depth, kind),
      });
    }
  }
  const seed = deriveSeed(ctx.seed, op.key, 'whole-body');
  for (const text of sample(fc.constantFrom(...INVALID_JSON), 3, seed)) {
    push(`invalid JSON ${JSON.stringify(text)}`, 'invalid-json', { kind: 'text', text });
  }
  push('empty body', 'empty-json', { kind: 'text', text: '' });
  for (const text of sample(fc.constantFrom(...JSON_SCALARS), 3, deriveSeed(seed, 'scalar'))) {
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
