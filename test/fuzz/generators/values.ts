/** The values the body-field generators put in a field, by the field's type. */
import fc from 'fast-check';
import { RawJson, Repeated } from '../json-text';
import {
  isDateSchema,
  isDateTimeSchema,
  isDecimalStringSchema,
  isNumericSchema,
  type Field,
  type Schema,
} from '../openapi';
import type { GenContext } from './spec';

/** One value to put in a body field (or the field's removal). */
export interface Mutation {
  /** Short label of the value (for reports). */
  label: string;
  /** Class of the value (for grouping). */
  cls: string;
  remove?: boolean;
  value?: unknown;
}

/** A mutation that sets the value; its label is the value, shortened, unless given. */
export const m = (cls: string, value: unknown, label?: string): Mutation => ({
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

export const isPlain = (v: unknown): v is Record<string, unknown> =>
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
export const randomStringMutation: fc.Arbitrary<Mutation> = fc
  .oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
    fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 24 }),
  )
  .map((v) => m('random-string', v));

export const randomNumberMutation: fc.Arbitrary<Mutation> = fc
  .oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((b) => new RawJson(b.toString())),
  )
  .map((v) => m('random-number', v));
