import type { FieldProblem } from '../problems/problem';

/**
 * Shape limits of every JSON body, checked once after parsing and before any validation walks it:
 * the deepest DTO nests 3 levels, the largest list takes 1,000 records, and PostgreSQL stores
 * neither a NUL character nor half a UTF-16 surrogate pair.
 */
export const JSON_LIMITS = {
  maxDepth: 32,
  maxArrayLength: 10_000,
  maxKeysPerObject: 1_000,
} as const;

const SURROGATE = /[\ud800-\udfff]/;

/** Why a string cannot be stored as text, or null when it can. */
export function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  // Lone surrogates only: a pair is a well-formed character (most strings skip this at once).
  if (SURROGATE.test(value) && !value.isWellFormed()) {
    return 'must be well-formed Unicode (it holds half of a UTF-16 surrogate pair)';
  }
  return null;
}

const joinPath = (parent: string, key: string | number): string =>
  typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key;

/**
 * The first way `value` (a parsed JSON body) breaks {@link JSON_LIMITS}, naming the field; null
 * when it keeps them. Iterative, so a body nested 100,000 levels deep is refused, not a stack
 * overflow.
 */
export function checkJsonValue(value: unknown): FieldProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: node, path, depth } = stack.pop()!;
    const field = path || 'body';
    if (typeof node === 'string') {
      const reason = textProblem(node);
      if (reason) return { field, reason };
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth >= JSON_LIMITS.maxDepth) {
      return { field, reason: `nests deeper than ${JSON_LIMITS.maxDepth} levels` };
    }
    if (Array.isArray(node)) {
      if (node.length > JSON_LIMITS.maxArrayLength) {
        return { field, reason: `has more than ${JSON_LIMITS.maxArrayLength} items` };
      }
      node.forEach((item, i) =>
        stack.push({ value: item, path: joinPath(path, i), depth: depth + 1 }),
      );
      continue;
    }
    const keys = Object.keys(node);
    if (keys.length > JSON_LIMITS.maxKeysPerObject) {
      return { field, reason: `has more than ${JSON_LIMITS.maxKeysPerObject} fields` };
    }
    for (const key of keys) {
      const keyReason = textProblem(key);
      if (keyReason) return { field: joinPath(path, key), reason: `field name ${keyReason}` };
      stack.push({
        value: (node as Record<string, unknown>)[key],
        path: joinPath(path, key),
        depth: depth + 1,
      });
    }
  }
  return null;
}

/**
 * The first query or path parameter that cannot be stored as text (a NUL character or half a
 * surrogate pair, e.g. `?q=%00`), naming it; null when all can.
 */
export function checkParameters(query: unknown, params: unknown): FieldProblem | null {
  for (const source of [params, query]) {
    if (source === null || typeof source !== 'object') continue;
    for (const [name, value] of Object.entries(source as Record<string, unknown>)) {
      for (const text of Array.isArray(value) ? value : [value]) {
        if (typeof text !== 'string') continue;
        const reason = textProblem(text);
        if (reason) return { field: name, reason };
      }
    }
  }
  return null;
}
