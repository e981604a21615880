/** The parts of an OpenAPI 3 document the fuzzer reads, and what it derives from them. */

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
  description?: string;
}

interface OperationObject {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, Schema> };
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export const WRITE_METHODS: readonly Method[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

export interface QueryParam {
  name: string;
  schema: Schema;
}

/** One operation of the document, with its schemas resolved. */
export interface Operation {
  /** "POST /v1/partnerships/{partnershipId}/outcomes" */
  key: string;
  method: Method;
  /** The path template of the document, `{name}` placeholders. */
  template: string;
  operationId: string;
  pathParams: { name: string; schema: Schema }[];
  queryParams: QueryParam[];
  headerParams: string[];
  /** Content types of the request body, e.g. ['application/json'] or ['text/csv']. */
  consumes: string[];
  /** The JSON body's schema, refs resolved (JSON bodies only). */
  bodySchema?: Schema;
  /** A CSV (or other text) body's example from the document. */
  textBodyExample?: string;
  isWrite: boolean;
}

/** Resolves every `$ref` (and merges `allOf`) into a self-contained schema; cycles stop at depth 12. */
export function resolveSchema(doc: OpenApiDocument, schema: Schema | undefined, depth = 0): Schema {
  if (!schema) return {};
  if (depth > 12) return { type: 'object' };
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/components\/schemas\//, '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
    const { $ref: _ref, ...rest } = schema;
    return { ...resolveSchema(doc, target, depth + 1), ...rest };
  }
  const out: Schema = { ...schema };
  if (schema.allOf) {
    delete out.allOf;
    for (const part of schema.allOf.map((s) => resolveSchema(doc, s, depth + 1))) {
      Object.assign(out, { ...part, ...out });
      if (part.properties) out.properties = { ...part.properties, ...(out.properties ?? {}) };
      if (part.required) out.required = [...(out.required ?? []), ...part.required];
    }
  }
  if (out.properties) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([k, v]) => [k, resolveSchema(doc, v, depth + 1)]),
    );
    if (!out.type) out.type = 'object';
  }
  if (out.items) {
    out.items = resolveSchema(doc, out.items, depth + 1);
    if (!out.type) out.type = 'array';
  }
  return out;
}

/** Every operation of the document. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      const method = m.toUpperCase() as Method;
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const consumes = Object.keys(content);
      const json = content['application/json'];
      const text = consumes.find((c) => c !== 'application/json');
      const textExample = text ? content[text].schema?.example : undefined;
      ops.push({
        key: `${method} ${template}`,
        method,
        template,
        operationId: op.operationId ?? `${method} ${template}`,
        pathParams: params
          .filter((p) => p.in === 'path')
          .map((p) => ({ name: p.name, schema: resolveSchema(doc, p.schema) })),
        queryParams: params
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: resolveSchema(doc, p.schema) })),
        headerParams: params.filter((p) => p.in === 'header').map((p) => p.name),
        consumes,
        bodySchema: json ? resolveSchema(doc, json.schema) : undefined,
        textBodyExample: typeof textExample === 'string' ? textExample : undefined,
        isWrite: WRITE_METHODS.includes(method),
      });
    }
  }
  return ops;
}

/** What the fuzzer covers: every write operation, and every GET that takes query parameters. */
export function fuzzTargets(ops: Operation[]): Operation[] {
  return ops.filter((op) => op.isWrite || (op.method === 'GET' && op.queryParams.length > 0));
}

export const isDateSchema = (s: Schema): boolean =>
  s.format === 'date' ||
  (typeof s.example === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s.example)) ||
  /YYYY-MM-DD/.test(s.description ?? '');

export const isDateTimeSchema = (s: Schema): boolean => s.format === 'date-time';

/** Numeric: typed so, or untyped with numeric bounds (as Nest documents `limit`). */
export const isNumericSchema = (s: Schema): boolean =>
  s.type === 'number' ||
  s.type === 'integer' ||
  (s.type === undefined && (s.minimum !== undefined || s.maximum !== undefined));

/** A decimal carried as a string ("1234.50"): a string whose example is a number. */
export const isDecimalStringSchema = (s: Schema): boolean =>
  s.type === 'string' && typeof s.example === 'string' && /^-?\d+(\.\d+)?$/.test(s.example);

/** A plausible valid value built from a schema: example, default, first enum value, or a stand-in. */
export function exampleFor(s: Schema, uuid: () => string): unknown {
  if (s.example !== undefined) return structuredClone(s.example);
  if (s.default !== undefined && !(Array.isArray(s.default) && s.default.length === 0)) {
    return structuredClone(s.default);
  }
  if (s.enum && s.enum.length > 0) {
    return s.type === 'array' ? [s.enum[0]] : s.enum[0];
  }
  if (s.type === 'object' || s.properties) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = exampleFor(v, uuid);
    return out;
  }
  if (s.type === 'array') return [exampleFor(s.items ?? { type: 'string' }, uuid)];
  if (s.type === 'boolean') return false;
  if (isNumericSchema(s)) return s.minimum ?? 1;
  if (s.format === 'uuid') return uuid();
  if (isDateTimeSchema(s)) return '2027-01-01T00:00:00Z';
  if (isDateSchema(s)) return '2026-06-30';
  return 'fuzz example';
}

/** A location inside a JSON body: property names and array indexes. */
export type FieldPath = (string | number)[];

export interface Field {
  path: FieldPath;
  schema: Schema;
  required: boolean;
}

/** Every property of a body schema, nested objects and the first element of arrays included. */
export function fieldsOf(schema: Schema, prefix: FieldPath = [], depth = 0): Field[] {
  if (depth > 4) return [];
  const out: Field[] = [];
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    const path = [...prefix, name];
    out.push({ path, schema: s, required: (schema.required ?? []).includes(name) });
    if (s.properties) out.push(...fieldsOf(s, path, depth + 1));
    if (s.type === 'array' && s.items) {
      out.push({ path: [...path, 0], schema: s.items, required: false });
      if (s.items.properties) out.push(...fieldsOf(s.items, [...path, 0], depth + 1));
    }
  }
  return out;
}

export const pathLabel = (path: FieldPath): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
