/**
 * JSON bodies for fuzzing: values that JSON.stringify cannot express (1e400, -0, 2**64 exactly,
 * duplicate keys) travel as `RawJson` fragments, and own `__proto__` / `constructor` properties
 * are real properties (set with defineProperty), so they reach the wire.
 */
export class RawJson {
  constructor(
    readonly text: string,
    /** How to show it in a report (defaults to the text). */
    readonly label?: string,
  ) {}
}

/** A long repetition, kept as a short description in reports (`"a"×100000`). */
export class Repeated {
  constructor(
    readonly unit: string,
    readonly count: number,
  ) {}
  toString(): string {
    return this.unit.repeat(this.count);
  }
}

const MARK = '\u0001RAW';

/** Serialises a fuzz value; RawJson fragments are spliced in verbatim. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `${MARK}${raws.length - 1}\u0001`;
    }
    if (v instanceof Repeated) return v.toString();
    return v;
  });
  if (text === undefined) return '';
  if (raws.length === 0) return text;
  return text.replace(/"\\u0001RAW(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]);
}

/** Like toJsonText, but short: long strings and arrays are summarised (for reports). */
export function describeJson(value: unknown, max = 200): string {
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) return `<raw ${v.label ?? v.text}>`;
    if (v instanceof Repeated) return `<${JSON.stringify(v.unit)}×${v.count}>`;
    if (typeof v === 'string' && v.length > 60) {
      return `${v.slice(0, 20)}…<${v.length} chars>`;
    }
    if (Array.isArray(v) && v.length > 8) {
      return [...(v as unknown[]).slice(0, 2), `…<${v.length} elements>`];
    }
    return v;
  });
  const out = text ?? 'undefined';
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

/** A deep copy that keeps RawJson / Repeated instances and own __proto__ properties. */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof RawJson || value instanceof Repeated) return value;
  if (Array.isArray(value)) return value.map((v: unknown) => cloneJson(v)) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    setOwn(out, key, cloneJson((value as Record<string, unknown>)[key]));
  }
  return out as T;
}

/** Sets an own, enumerable property, also for keys such as `__proto__`. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
