import Ajv, { type ValidateFunction } from 'ajv';

/**
 * Checks JSON against the API's own OpenAPI document, strictly: every object schema is closed
 * (`additionalProperties: false` unless it documents a map), so a field the document does not
 * describe fails, as does a missing required field, a wrong type, an enum value or a decimal
 * string off its documented scale.
 */

type Node = Record<string, unknown>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
}

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const ANNOTATIONS = new Set(['example', 'externalDocs', 'xml', 'deprecated', 'readOnly']);
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** An OpenAPI 3.0 schema as JSON Schema: refs to `#/definitions`, `nullable` as a null type, objects closed. */
function toJsonSchema(schema: unknown, where: string): Node {
  if (!isNode(schema)) throw new Error(`${where}: not a schema`);
  if (typeof schema.$ref === 'string') {
    return { $ref: schema.$ref.replace('#/components/schemas/', '#/definitions/') };
  }
  const out: Node = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-') || key === 'nullable') continue;
    if (key === 'properties' && isNode(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, toJsonSchema(v, `${where}.${k}`)]),
      );
    } else if (key === 'items' || (key === 'additionalProperties' && isNode(value))) {
      out[key] = toJsonSchema(value, `${where}.${key}`);
    } else if (['allOf', 'oneOf', 'anyOf'].includes(key) && Array.isArray(value)) {
      out[key] = value.map((v, i) => toJsonSchema(v, `${where}.${key}[${i}]`));
    } else {
      out[key] = value;
    }
  }
  const composed = ['allOf', 'oneOf', 'anyOf'].some((k) => k in out);
  if (out.type === 'object' && !composed) {
    if (!out.properties && !isNode(out.additionalProperties) && out.additionalProperties !== true) {
      throw new Error(`${where}: an object without properties`);
    }
    if (out.additionalProperties === undefined) out.additionalProperties = false;
  }
  if (schema.nullable !== true) return out;
  if (typeof out.type === 'string' && !composed) return { ...out, type: [out.type, 'null'] };
  return { anyOf: [{ type: 'null' }, out] };
}

/** A validator of the named component schema of the document (all its references resolved). */
export function strictValidator(doc: OpenApiDocument, name: string): ValidateFunction {
  if (!doc.components.schemas[name]) throw new Error(`no schema ${name} in the document`);
  const definitions = Object.fromEntries(
    Object.entries(doc.components.schemas).map(([n, s]) => [n, toJsonSchema(s, n)]),
  );
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat('date', DATE);
  ajv.addFormat('date-time', (s: string) => DATE.test(s.slice(0, 10)) && !isNaN(Date.parse(s)));
  return ajv.compile({ definitions, $ref: `#/definitions/${name}` });
}

/** Validates and throws with ajv's errors (a readable test failure), or returns the value. */
export function expectValid<T>(validate: ValidateFunction, value: T, what: string): T {
  if (!validate(value)) {
    const errors = (validate.errors ?? [])
      .slice(0, 20)
      .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    throw new Error(`${what} does not match the OpenAPI document:\n${errors.join('\n')}`);
  }
  return value;
}

export interface SchemaFinding {
  /** Where in the document, e.g. `components.schemas.AuditEventResponse.details`. */
  readonly at: string;
  /** `bare`: says nothing of its content; `free-form`: explicitly any object (`additionalProperties: true`). */
  readonly kind: 'bare' | 'free-form';
}

/**
 * Every schema of the document (components, parameters, bodies, responses, and within them) that
 * does not describe its content: an object without properties, or a schema without a type.
 */
export function undescribedSchemas(doc: OpenApiDocument): SchemaFinding[] {
  const found: SchemaFinding[] = [];
  const visit = (schema: unknown, at: string): void => {
    if (!isNode(schema) || typeof schema.$ref === 'string') return;
    const composed = ['allOf', 'oneOf', 'anyOf'].filter((k) => Array.isArray(schema[k]));
    for (const k of composed) {
      (schema[k] as unknown[]).forEach((s, i) => visit(s, `${at}.${k}[${i}]`));
    }
    if (isNode(schema.properties)) {
      for (const [k, v] of Object.entries(schema.properties)) visit(v, `${at}.${k}`);
    }
    if (schema.items !== undefined) visit(schema.items, `${at}[]`);
    if (isNode(schema.additionalProperties)) visit(schema.additionalProperties, `${at}{}`);
    if (composed.length > 0 || Array.isArray(schema.enum) || isNode(schema.properties)) return;
    if (schema.additionalProperties === true) found.push({ at, kind: 'free-form' });
    else if (schema.type === undefined || schema.type === 'object') {
      if (!isNode(schema.additionalProperties)) found.push({ at, kind: 'bare' });
    }
  };
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    visit(schema, `components.schemas.${name}`);
  }
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!isNode(op)) continue;
      const at = `${method.toUpperCase()} ${path}`;
      for (const p of (op.parameters as Node[] | undefined) ?? []) {
        visit(p.schema, `${at} ${String(p.in)} ${String(p.name)}`);
      }
      const body = (op.requestBody as Node | undefined)?.content;
      for (const [type, media] of Object.entries(isNode(body) ? body : {})) {
        if (isNode(media)) visit(media.schema, `${at} body ${type}`);
      }
      const responses = isNode(op.responses) ? op.responses : {};
      for (const [status, response] of Object.entries(responses)) {
        const content = isNode(response) ? response.content : undefined;
        for (const [type, media] of Object.entries(isNode(content) ? content : {})) {
          if (isNode(media)) visit(media.schema, `${at} ${status} ${type}`);
        }
      }
    }
  }
  return found;
}
