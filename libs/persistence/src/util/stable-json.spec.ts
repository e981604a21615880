import fc from 'fast-check';
import { stableStringify } from './stable-json';

/** The first implementation, kept as the reference: fingerprints stored before must not change. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

describe(stableStringify.name, () => {
  it('sorts keys at every depth and drops undefined properties', () => {
    expect(stableStringify({ b: 1, a: [{ d: undefined, c: 'x' }, null], é: true, Z: 2 })).toBe(
      '{"Z":2,"a":[{"c":"x"},null],"b":1,"é":true}',
    );
    expect(stableStringify([undefined, () => 1])).toBe('[null,null]');
    expect(stableStringify(undefined)).toBe('null');
  });

  it('gives exactly the string the first implementation gave', () => {
    fc.assert(
      fc.property(
        fc.anything({ withDate: true, withNullPrototype: true, withSparseArray: true }),
        (value) => {
          expect(stableStringify(value)).toBe(reference(value));
        },
      ),
      { numRuns: 500 },
    );
  });
});
