import { checkJsonValue, checkParameters, JSON_LIMITS, textProblem } from './json-limits';

describe('textProblem', () => {
  it.each([
    ['plain text', 'Acorn Trust', null],
    ['a surrogate pair (an emoji)', 'Acorn 🌳', null],
    ['a NUL character', 'a\u0000b', 'must not contain the NUL character (\\u0000)'],
    [
      'a lone high surrogate',
      'a\ud800b',
      'must be well-formed Unicode (it holds half of a UTF-16 surrogate pair)',
    ],
    [
      'a lone low surrogate',
      '\udc00',
      'must be well-formed Unicode (it holds half of a UTF-16 surrogate pair)',
    ],
  ])('%s → %s', (_what, value, expected) => {
    expect(textProblem(value)).toBe(expected);
  });
});

describe('checkJsonValue', () => {
  const nested = (depth: number): unknown => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  };

  it('accepts ordinary bodies, scalars and null', () => {
    expect(checkJsonValue({ name: 'x', tags: ['a'], n: 1, ok: true, none: null })).toBeNull();
    expect(checkJsonValue('text')).toBeNull();
    expect(checkJsonValue(null)).toBeNull();
  });

  it('allows exactly the deepest nesting and refuses one level more', () => {
    expect(checkJsonValue(nested(JSON_LIMITS.maxDepth))).toBeNull();
    expect(checkJsonValue(nested(JSON_LIMITS.maxDepth + 1))).toMatchObject({
      reason: `nests deeper than ${JSON_LIMITS.maxDepth} levels`,
    });
  });

  it('walks 100,000 levels without a stack overflow', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    expect(checkJsonValue(deep)?.reason).toBe(`nests deeper than ${JSON_LIMITS.maxDepth} levels`);
  });

  it('names the field holding a bad string, in arrays and objects', () => {
    expect(checkJsonValue({ records: [{ ok: 'x' }, { evidenceRef: 'a\u0000' }] })).toEqual({
      field: 'records[1].evidenceRef',
      reason: 'must not contain the NUL character (\\u0000)',
    });
    expect(checkJsonValue({ ['bad\u0000key']: 1 })?.reason).toBe(
      'field name must not contain the NUL character (\\u0000)',
    );
    expect(checkJsonValue('\ud800')?.field).toBe('body');
  });

  it('refuses arrays and objects over their size limits', () => {
    expect(checkJsonValue({ list: new Array(JSON_LIMITS.maxArrayLength).fill(0) })).toBeNull();
    expect(checkJsonValue({ list: new Array(JSON_LIMITS.maxArrayLength + 1).fill(0) })).toEqual({
      field: 'list',
      reason: `has more than ${JSON_LIMITS.maxArrayLength} items`,
    });
    const wide = Object.fromEntries(
      Array.from({ length: JSON_LIMITS.maxKeysPerObject + 1 }, (_, i) => [`k${i}`, i]),
    );
    expect(checkJsonValue(wide)?.reason).toBe(
      `has more than ${JSON_LIMITS.maxKeysPerObject} fields`,
    );
  });
});

describe('checkParameters', () => {
  it('names a query or path parameter that cannot be stored as text', () => {
    expect(checkParameters({ q: 'fine', limit: '5' }, { id: 'abc' })).toBeNull();
    expect(checkParameters({ q: 'a\u0000' }, {})).toEqual({
      field: 'q',
      reason: 'must not contain the NUL character (\\u0000)',
    });
    expect(checkParameters({ q: ['ok', '\udfff'] }, {})?.field).toBe('q');
    expect(checkParameters(null, { queue: '\u0000' })?.field).toBe('queue');
  });
});
